"""SMTP with STARTTLS, with TLS from the first byte, and with a login, against a real aiosmtpd.

The server's certificate is made for the test (openssl, for 127.0.0.1) and trusted through
SSL_CERT_FILE, which Python's default TLS context reads: the client verifies it as it would a
real provider's.
"""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from servers.smtp import RecordingHandler, _EphemeralController
from sqlalchemy import Engine

from bot.config import Settings, parse_settings
from bot.digest.build import build_digest
from bot.digest.deliver import deliver
from bot.errors import DeliveryError
from storage import digests as store
from storage import subscribers
from storage.db import transaction

from .factories import NOW, settings

SECRET = b"t" * 32
USER, PASSWORD = "digestbot", "correct horse"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def secure_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[RecordingHandler, int, str]]:
    """STARTTLS (required before login) or implicit TLS, with a login, on 127.0.0.1."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    handler = RecordingHandler()
    options: dict[str, Any] = {"authenticator": _authenticate, "auth_required": True}
    if request.param == "starttls":
        options |= {"tls_context": context, "require_starttls": True}
        controller = _EphemeralController(handler, hostname="127.0.0.1", port=0, **options)
    else:
        # TLS from the first byte: aiosmtpd cannot see it, so it is told not to insist on STARTTLS
        # (and auth_required stays off: aiosmtpd warns when it is on without auth_require_tls).
        options |= {"ssl_context": context, "auth_require_tls": False, "auth_required": False}
        controller = _EphemeralController(handler, hostname="127.0.0.1", port=0, **options)
    controller.start()
    try:
        yield handler, controller.port, request.param
    finally:
        controller.stop()


def _settings(port: int, security: str) -> Settings:
    base = settings()
    email = base.email.model_copy(
        update={"enabled": True, "smtp_port": port, "security": security, "messages_per_minute": 6000.0}
    )
    return base.model_copy(update={"email": email})


def _saved(engine: Engine) -> int:
    with transaction(engine) as s:
        digest_id = store.save_digest(s, build_digest([], {}, parse_settings({}), NOW))
        subscribers.add_confirmed(s, "a@example.org", NOW)
    return digest_id


@pytest.mark.parametrize("secure_server", ["starttls", "tls"], indirect=True)
def test_encrypted_login_and_send(
    engine: Engine, secure_server: tuple[RecordingHandler, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port, mode = secure_server
    digest_id = _saved(engine)
    monkeypatch.setenv("DIGESTBOT_SMTP_USER", USER)
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", "wrong")
    with pytest.raises(DeliveryError, match="login failed"):
        deliver(engine, digest_id, _settings(port, mode), secret=SECRET)
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", PASSWORD)
    report = deliver(engine, digest_id, _settings(port, mode), secret=SECRET)
    assert report.sent == 1
    assert [m["To"] for m in handler.messages] == ["a@example.org"]


@pytest.mark.parametrize("secure_server", ["starttls"], indirect=True)
def test_a_server_that_needs_starttls_refuses_a_plain_login(
    engine: Engine, secure_server: tuple[RecordingHandler, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port, _ = secure_server
    digest_id = _saved(engine)
    monkeypatch.setenv("DIGESTBOT_SMTP_USER", USER)
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", PASSWORD)
    with pytest.raises(DeliveryError, match=f"SMTP server 127.0.0.1:{port}: login failed"):
        deliver(engine, digest_id, _settings(port, "none"), secret=SECRET)
    assert handler.messages == []
