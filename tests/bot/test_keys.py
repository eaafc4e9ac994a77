"""Per-install keys (``bot.keys``) and the author hashes made with them (finding 6 of issue 7)."""

from __future__ import annotations

import hashlib
import hmac
import multiprocessing
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.config import parse_settings
from bot.errors import ConfigError
from bot.keys import author_key, key_path, load_or_create_key, secret_key
from sources import privacy
from storage.db import open_database, transaction
from storage.schema import Post


def _legacy(source: str, name: str) -> str:
    """What the bot stored before it had a per-install key: anyone can compute it."""
    return hmac.new(privacy.LEGACY_KEY, f"{source}:{name}".encode(), hashlib.sha256).hexdigest()[:32]


def test_key_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "var" / "k.key"
    first = load_or_create_key(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == first
    assert load_or_create_key(tmp_path / "var" / "other.key") != first
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_KEY", "from the environment")
    assert load_or_create_key(tmp_path / "k.key", "SOME_KEY") == b"from the environment"
    assert not (tmp_path / "k.key").exists()


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    load_or_create_key(path)
    path.chmod(0o644)
    with pytest.raises(ConfigError, match=r"k\.key: key file is open to other users .*chmod 600"):
        load_or_create_key(path)


def test_a_damaged_key_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    path.write_text("not hex at all\n")
    path.chmod(0o600)
    with pytest.raises(ConfigError, match=r"k\.key: not a key file"):
        load_or_create_key(path)


def _make(path: str) -> bytes:
    return load_or_create_key(Path(path))


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    path = tmp_path / "var" / "race.key"
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        keys = pool.map(_make, [str(path)] * 24)
    assert len(set(keys)) == 1
    assert keys[0] == load_or_create_key(path)


def test_settings_place_keys_in_keys_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGESTBOT_AUTHOR_SALT", raising=False)
    monkeypatch.delenv("DIGESTBOT_SECRET_KEY", raising=False)
    settings = parse_settings({"keys_dir": "private"}, base_dir=tmp_path)
    assert key_path(settings, "author.key") == tmp_path / "private" / "author.key"
    key = author_key(settings)
    assert key.layered
    assert key.secret == load_or_create_key(tmp_path / "private" / "author.key")
    assert secret_key(settings) != key.secret
    assert key.secret.hex() not in repr(key)
    monkeypatch.setenv("DIGESTBOT_AUTHOR_SALT", "operator salt")
    assert author_key(settings) == privacy.AuthorKey(b"operator salt", layered=False)


def test_no_built_in_key_when_nothing_is_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGESTBOT_AUTHOR_SALT", raising=False)
    privacy.use_author_key(None)
    with pytest.raises(ConfigError, match="no key for hashing author names"):
        privacy.hash_author("forum", "alice")


@pytest.fixture
def file_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DIGESTBOT_AUTHOR_SALT", raising=False)
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    (tmp_path / "posts.jsonl").write_text('{"id": "1", "body": "PMID: 17693978", "author": "alice"}\n')
    cfg = tmp_path / "config.yaml"
    cfg.write_text("sources:\n  - {name: export, kind: file, path: posts.jsonl}\n")
    return cfg


def _stored_hashes(tmp_path: Path) -> list[str | None]:
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with transaction(engine) as session:
            return list(session.scalars(select(Post.author_hash)))
    finally:
        engine.dispose()


def test_collect_hashes_with_a_per_install_key(file_config: Path, tmp_path: Path) -> None:
    assert main(["--config", str(file_config), "collect"]) == 0
    key_file = tmp_path / "var" / "author.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    (stored,) = _stored_hashes(tmp_path)
    assert stored is not None
    assert stored.startswith("k1:")
    # The database plus a list of names is not enough: the built-in key no longer finds alice.
    assert _legacy("export", "alice") not in stored
    key = load_or_create_key(key_file)
    inner = _legacy("export", "alice")
    assert stored == "k1:" + hmac.new(key, inner.encode(), hashlib.sha256).hexdigest()[:32]


def test_rekey_turns_old_hashes_into_the_ones_collect_now_makes(
    file_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An old install: no salt set, so every hash was made with the built-in key.
    monkeypatch.setenv("DIGESTBOT_AUTHOR_SALT", privacy.LEGACY_KEY.decode())
    assert main(["--config", str(file_config), "collect"]) == 0
    assert _stored_hashes(tmp_path) == [_legacy("export", "alice")]
    monkeypatch.delenv("DIGESTBOT_AUTHOR_SALT")
    assert main(["--config", str(file_config), "db", "rekey-authors"]) == 0
    assert "re-keyed 1 author hashes" in capsys.readouterr().out
    privacy.use_author_key(author_key(parse_settings({}, base_dir=tmp_path)))
    assert _stored_hashes(tmp_path) == [privacy.hash_author("export", "alice")]
    assert main(["--config", str(file_config), "db", "rekey-authors"]) == 0
    assert "re-keyed 0 author hashes" in capsys.readouterr().out


def test_rekey_refuses_while_a_salt_is_set(
    file_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIGESTBOT_AUTHOR_SALT", "operator salt")
    assert main(["--config", str(file_config), "db", "rekey-authors"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: DIGESTBOT_AUTHOR_SALT is set: author hashes are keyed by it, nothing to re-key"
