"""``digestbot serve`` starts a real server that answers, with its secret from the environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_the_port_it_is_given(tmp_path: Path, sqlite_url: str) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DIGESTBOT_DATABASE_URL": sqlite_url,
        "DIGESTBOT_SECRET_KEY": "a test secret that is long enough",
    }
    (tmp_path / "config.yaml").write_text(
        f"digest:\n  site_url: http://127.0.0.1:{port}/\n", encoding="utf-8"
    )
    command = [
        sys.executable,
        "-m",
        "bot.cli",
        "--config",
        str(tmp_path / "config.yaml"),
        "serve",
        "--port",
        str(port),
    ]
    root = Path(__file__).resolve().parents[2]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"digestbot serve did not start: {output}")
                time.sleep(0.2)
        assert response.status_code == 200
        assert "No digest has been published yet" in response.text
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "server" not in response.headers
        login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
        assert "digestbot_session=" in login.headers["set-cookie"]
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout:
            server.stdout.close()


def test_a_bad_port_is_one_line_and_status_2(tmp_path: Path, sqlite_url: str) -> None:
    env = {**os.environ, "DIGESTBOT_DATABASE_URL": sqlite_url}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--port", "99999"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--port" in done.stderr
    assert "Traceback" not in done.stderr
