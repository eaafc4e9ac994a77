"""A database holding one analysed week and confirmed subscribers, with a config.yaml to match.

Shared by the publish tests that run ``digestbot`` in subprocesses (crash and concurrency).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot import clock
from bot.atlas.importer import read_atlas
from bot.config import Settings, load_settings
from bot.pipeline.analyse import analyse
from bot.pipeline.collect import collect
from storage import subscribers
from storage.cards import upsert_cards
from storage.db import open_database, transaction

ROOT = Path(__file__).resolve().parents[2]
WEEK = "2026-11-09"  # a Monday; the posts below fall in its week (Europe/London)
POSTS = [
    {
        "id": "p1",
        "title": "Gut study",
        "created_at": "2026-11-10T10:00:00Z",
        "body": "New paper, doi:10.1016/j.chom.2023.01.004. It found fewer butyrate producers in patients. "
        "Gut bacteria cause ME, full stop.",
    },
    {
        "id": "p2",
        "title": "An unrelated trial",
        "created_at": "2026-11-11T10:00:00Z",
        "body": "Has anyone read https://doi.org/10.1234/uncovered.5678 yet? It is not in the atlas.",
    },
]


@dataclass(frozen=True)
class Week:
    config: Path
    settings: Settings
    addresses: tuple[str, ...]


def prepare_week(
    tmp_path: Path,
    db_url: str,
    smtp_port: int = 1,
    *,
    subscribers_count: int = 4,
    enabled: bool = True,
    timezone: str = "Europe/London",
    **email: object,
) -> Week:
    """Posts collected and analysed, atlas imported, ``subscribers_count`` confirmed addresses."""
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in POSTS) + "\n", encoding="utf-8")
    extra = "".join(f"  {key}: {value}\n" for key, value in email.items())
    config = tmp_path / "config.yaml"
    config.write_text(
        "offline: true\n"
        f"timezone: {timezone}\n"
        f"database:\n  url: {db_url}\n"
        "digest:\n  site_url: https://digest.example.org/\n  out_dir: site\n"
        f"email:\n  enabled: {str(enabled).lower()}\n  smtp_port: {smtp_port}\n"
        f"  messages_per_minute: 6000\n{extra}"
        "sources:\n  - name: export\n    kind: file\n    path: posts.jsonl\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    engine = open_database(db_url)
    addresses = tuple(f"reader{i}@example.org" for i in range(subscribers_count))
    try:
        with transaction(engine) as session:
            upsert_cards(session, read_atlas([ROOT / "bot/atlas/sample/cards.jsonl"]).cards, "sample")
        collect(engine, settings)
        analyse(engine, settings)
        with transaction(engine) as session:
            for address in addresses:
                subscribers.add_confirmed(session, address, clock.now())
    finally:
        engine.dispose()
    return Week(config, settings, addresses)
