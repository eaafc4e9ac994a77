"""config.yaml, validated into typed settings.

Why pydantic with ``extra="forbid"``: a misspelt key is the commonest config mistake, and a
moderator should hear about it in one line that names the key, not find out weeks later that
a setting silently did nothing. Secrets never live in the file: each secret setting names
the environment variable that holds it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.errors import ConfigError

DEFAULT_CONFIG = Path("config.yaml")
DATABASE_URL_ENV = "DIGESTBOT_DATABASE_URL"
_HOST_ENTRY = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:[0-9]{1,5})?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSettings(_Strict):
    url: str = "sqlite:///var/digestbot.sqlite3"


class PublishTime(_Strict):
    day_of_week: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    hour: int = Field(default=7, ge=0, le=23)
    minute: int = Field(default=0, ge=0, le=59)


class ScheduleSettings(_Strict):
    collect_every_minutes: int = Field(default=60, ge=1)
    publish: PublishTime = PublishTime()


class HttpSettings(_Strict):
    user_agent: str = "digestbot/0.1 (ME/CFS evidence digest; contact: digest@example.org)"
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    # Connect plus every read of one request: a server dripping a byte at a time is cut off.
    total_timeout: float = Field(default=60.0, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)
    per_host_interval: float = Field(default=1.0, ge=0)
    retries: int = Field(default=3, ge=0)
    backoff_base: float = Field(default=1.0, ge=0)
    max_retry_after: float = Field(default=120.0, ge=0)
    respect_robots: bool = True
    # Hosts on internal addresses (loopback, private, link-local) that may be fetched anyway:
    # "name" for any port, "name:port" for one. Configured sources' own hosts need no entry.
    allow_hosts: tuple[str, ...] = ()

    @field_validator("allow_hosts")
    @classmethod
    def _host_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            if not _HOST_ENTRY.match(entry):
                raise ValueError(f"{entry!r} is not a host name, IP address or host:port")
        return value


class AtlasSettings(_Strict):
    paths: tuple[str, ...] = ()


class LookupSettings(_Strict):
    """Optional metadata lookup for uncovered papers (NCBI ID converter, PubMed, Crossref)."""

    enabled: bool = False
    # NCBI asks API users to name their tool and a contact address with every request.
    tool: str = "digestbot"
    email: str | None = None
    idconv_url: str = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
    esummary_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi"
    efetch_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
    crossref_url: str = "https://api.crossref.org/works/"
    cache_days: int = Field(default=30, ge=0)
    max_papers: int = Field(default=50, ge=1)


class ArticleSettings(_Strict):
    """Linked news and publisher pages, fetched once so the analyser sees the papers they cite."""

    enabled: bool = True
    max_per_run: int = Field(default=200, ge=0)


class MatchingSettings(_Strict):
    confirm_threshold: float = Field(default=0.85, ge=0, le=1)
    suggest_threshold: float = Field(default=0.6, ge=0, le=1)
    # The bundled CC0 list of ME/CFS papers: identifiers for uncovered papers named by author,
    # title or a cut-off link (bot/evidence/reference.py). Offline; never decides a card.
    reference_index: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> MatchingSettings:
        if self.suggest_threshold > self.confirm_threshold:
            raise ValueError("suggest_threshold must not exceed confirm_threshold")
        return self


class ModelSettings(_Strict):
    encoder_path: str | None = None
    batch_size: int = Field(default=32, ge=1)


class DigestSettings(_Strict):
    title: str = "ME/CFS research talk: the week with its evidence"
    site_url: str = "http://localhost:8080/"
    out_dir: str = "var/site"
    # Papers per digest, most-discussed first; claims shown beneath each (the rest are counted).
    max_papers: int = Field(default=30, ge=1)
    claims_per_paper: int = Field(default=3, ge=1)
    # Claims citing no paper the atlas covers, in their own short section.
    max_no_card: int = Field(default=3, ge=0)
    # Each card's page in the atlas, "{id}" standing for the card id; empty = link to the paper.
    atlas_card_url: str | None = None
    # Longest quote from a post, in words.
    quote_words: int = Field(default=40, ge=8, le=40)
    # Flags no moderator has checked yet: "show" them, marked as an automatic reading, or "hide"
    # them until a moderator confirms them.
    unreviewed_flags: Literal["show", "hide"] = "show"


class EmailSettings(_Strict):
    enabled: bool = False
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    # "starttls" upgrades a plain connection (port 587), "tls" is TLS from the first byte (465).
    security: Literal["none", "starttls", "tls"] = "none"
    from_address: str = "digest@example.org"
    # The mailto half of List-Unsubscribe (RFC 8058); empty means from_address.
    unsubscribe_address: str | None = None
    username_env: str = "DIGESTBOT_SMTP_USER"
    password_env: str = "DIGESTBOT_SMTP_PASSWORD"
    # Messages per SMTP connection, and the pace (a provider's sending limit).
    batch_size: int = Field(default=50, ge=1)
    messages_per_minute: float = Field(default=60.0, gt=0)
    # Temporary refusals (4xx, a dropped connection before the message) are retried, waiting
    # retry_base_seconds, then twice that, and so on, for at most max_attempts tries in all.
    max_attempts: int = Field(default=5, ge=1)
    retry_base_seconds: float = Field(default=30.0, ge=0)
    # Where --dry-run (and a confirmation email while enabled is false) leaves .eml files.
    outbox_dir: str = "var/outbox"

    def credentials(self) -> tuple[str, str] | None:
        """SMTP login from the environment, or None to send without logging in."""
        user, password = os.environ.get(self.username_env), os.environ.get(self.password_env)
        return (user, password) if user and password else None


class WebSettings(_Strict):
    """``digestbot serve``: where it listens, how long a staff sign-in lasts, the rate limits."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    login_attempts: int = Field(default=10, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    subscribe_attempts: int = Field(default=5, ge=1)
    subscribe_window_seconds: int = Field(default=600, ge=1)


class SourceSettings(BaseModel):
    """One configured source. Its kind-specific options are checked by the source module itself,
    so a misconfigured source is reported on its own and the others still run."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: Literal["reddit", "feed", "forum", "articles", "file"]
    enabled: bool = True
    interval_minutes: int | None = Field(default=None, ge=1)

    def options(self) -> dict[str, Any]:
        """The kind-specific keys, for the source module's own model."""
        return dict(self.model_extra or {})


class Settings(_Strict):
    timezone: str = "Europe/London"
    database: DatabaseSettings = DatabaseSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    http: HttpSettings = HttpSettings()
    atlas: AtlasSettings = AtlasSettings()
    matching: MatchingSettings = MatchingSettings()
    lookup: LookupSettings = LookupSettings()
    # Never reach the network for optional extras (metadata lookup); sources still read files.
    offline: bool = False
    # Per-install secret keys (author hashing, signed tokens), kept apart from the database.
    keys_dir: str = "var"
    articles: ArticleSettings = ArticleSettings()
    models: ModelSettings = ModelSettings()
    digest: DigestSettings = DigestSettings()
    email: EmailSettings = EmailSettings()
    web: WebSettings = WebSettings()
    sources: tuple[SourceSettings, ...] = ()
    # Where the file was read from: relative paths in it are relative to this folder.
    base_dir: Path = Path(".")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA timezone {value!r}") from exc
        return value

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, value: tuple[SourceSettings, ...]) -> tuple[SourceSettings, ...]:
        names = [s.name for s in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique, repeated: {', '.join(dupes)}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def resolve(self, path: str | Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def database_url(self) -> str:
        """The database URL: the environment wins (it may hold a password); SQLite paths are
        made relative to the config file so the bot works from any folder."""
        url = os.environ.get(DATABASE_URL_ENV) or self.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and url != "sqlite:///:memory:" and not url.startswith("sqlite:////"):
            url = prefix + str(self.resolve(url[len(prefix) :]))
        return url


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ())) or "(top level)"
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return f"unknown key '{where}'"
    return f"'{where}': {error.get('msg', 'invalid value')}"


def parse_settings(data: Any, *, origin: str = "config", base_dir: Path | None = None) -> Settings:
    """Validate an already-loaded mapping; raise ConfigError with one line per the first problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings at the top level")
    if "base_dir" in data:
        raise ConfigError(f"{origin}: unknown key 'base_dir'")
    try:
        settings = Settings.model_validate({**data, "base_dir": base_dir or Path(".")})
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{origin}: {_describe(dict(errors[0]))}{more}") from None
    return settings


def load_settings(path: str | Path | None = None) -> Settings:
    """Read config.yaml (or the file given) into Settings.

    A missing default file means defaults (zero set-up); a missing named file is an error.
    """
    explicit = path is not None or "DIGESTBOT_CONFIG" in os.environ
    cfg = Path(path or os.environ.get("DIGESTBOT_CONFIG") or DEFAULT_CONFIG)
    if not cfg.exists():
        if explicit:
            raise ConfigError(f"{cfg}: config file not found")
        return parse_settings({}, origin=str(cfg), base_dir=Path.cwd())
    try:
        data = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line
        raise ConfigError(f"{cfg}:{where} is not valid YAML ({problem})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg}: cannot read ({exc})") from None
    return parse_settings(data, origin=str(cfg), base_dir=cfg.resolve().parent)
