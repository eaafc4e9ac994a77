"""config.yaml validation: defaults, the shipped file, and one-line errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings, parse_settings
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_config_is_valid_and_documented() -> None:
    settings = load_settings(ROOT / "config.yaml")
    assert settings.database.url.startswith("sqlite:///var/")
    assert settings.timezone == "Europe/London"
    assert {s.name for s in settings.sources} >= {"sample-news-feed", "sample-forum"}
    assert settings.schedule.publish.day_of_week == "mon"
    # The shipped file documents every setting: each field of each section appears in it.
    from bot.config import Settings

    text = (ROOT / "config.yaml").read_text()
    for name, field in Settings.model_fields.items():
        if name in ("base_dir", "sources"):
            continue
        assert f"\n{name}:" in f"\n{text}", name
        sub = getattr(field.annotation, "model_fields", {})
        for key in sub:
            assert f" {key}:" in text, f"{name}.{key}"


def test_missing_default_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGESTBOT_CONFIG", raising=False)
    settings = load_settings()
    assert settings.sources == ()
    assert settings.database_url() == f"sqlite:///{tmp_path}/var/digestbot.sqlite3"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"timezon": "UTC"}, "unknown key 'timezon'"),
        ({"timezone": "Mars/Olympus"}, "'timezone'"),
        ({"schedule": {"publish": {"hour": 25}}}, "'schedule.publish.hour'"),
        ({"schedule": {"publish": {"day_of_week": "someday"}}}, "'schedule.publish.day_of_week'"),
        ({"http": {"retries": -1}}, "'http.retries'"),
        ({"matching": {"confirm_threshold": 0.5, "suggest_threshold": 0.9}}, "suggest_threshold"),
        ({"sources": [{"name": "a", "kind": "telepathy"}]}, "'sources.0.kind'"),
        ({"sources": [{"name": "a", "kind": "feed"}, {"name": "a", "kind": "feed"}]}, "repeated: a"),
        ({"email": {"smtp_port": "twenty-five"}}, "'email.smtp_port'"),
        (["not", "a", "mapping"], "expected a mapping"),
    ],
)
def test_bad_values_give_one_line_naming_the_key(data: object, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(data, origin="config.yaml")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("config.yaml: ")
    assert expected in message


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("timezone: UTC\nhttp:\n  retries: [1,\n")
    with pytest.raises(ConfigError, match=r"config\.yaml: line \d+ is not valid YAML"):
        load_settings(cfg)


def test_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.yaml")


def test_database_url_from_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = parse_settings({}, base_dir=tmp_path)
    assert settings.database_url() == "postgresql+psycopg://u@h/db"


def test_sqlite_path_is_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGESTBOT_DATABASE_URL", raising=False)
    settings = parse_settings({"database": {"url": "sqlite:///data/x.db"}}, base_dir=tmp_path)
    assert settings.database_url() == f"sqlite:///{tmp_path}/data/x.db"


def test_source_options_are_kept_for_the_source_module() -> None:
    settings = parse_settings(
        {"sources": [{"name": "pubmed", "kind": "feed", "preset": "pubmed", "term": "ME"}]}
    )
    assert settings.sources[0].options() == {"preset": "pubmed", "term": "ME"}


def test_smtp_credentials_only_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = parse_settings({})
    monkeypatch.delenv("DIGESTBOT_SMTP_USER", raising=False)
    assert settings.email.credentials() is None
    monkeypatch.setenv("DIGESTBOT_SMTP_USER", "u")
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", "p")
    assert settings.email.credentials() == ("u", "p")
