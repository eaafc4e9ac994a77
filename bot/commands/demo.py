"""``digestbot demo``: the whole pipeline, offline, on the bundled samples.

Why its own SQLite file under the output folder: the demo must work from a fresh clone with
no set-up, be safe to run twice, and never touch a real deployment's database.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import typer
from rich.console import Console
from sqlalchemy import func, select

import bot.atlas
import sources
from bot import clock
from bot.atlas.importer import read_atlas
from bot.commands.common import state
from bot.config import Settings, SourceSettings
from bot.digest.email import build_message, message_id
from bot.digest.outbox import write_eml
from bot.digest.tokens import make_token
from bot.digest.types import Digest
from bot.digest.week import week_window
from bot.pipeline.analyse import analyse
from bot.pipeline.collect import collect
from bot.pipeline.publish import publish
from storage.cards import upsert_cards
from storage.db import open_database, transaction
from storage.schema import Post

SAMPLE_READER = "reader@example.org"
SAMPLE_EMAIL_NAME = "sample-email"
SAMPLES = Path(sources.__file__).resolve().parent / "samples"
SAMPLE_ATLAS = Path(bot.atlas.__file__).resolve().parent / "sample" / "cards.jsonl"


def demo_settings(settings: Settings, out: Path) -> Settings:
    """The configured settings, pointed at the bundled samples, offline, with no email."""
    feed = {"name": "sample-news-feed", "kind": "feed", "url": str(SAMPLES / "feeds" / "mecfs-research.xml")}
    forum = {
        "name": "sample-forum",
        "kind": "forum",
        "preset": "xenforo",
        "url": str(SAMPLES / "forum" / "index.html"),
    }
    bundled = tuple(SourceSettings.model_validate(s) for s in (feed, forum))
    return settings.model_copy(
        update={
            "sources": bundled,
            "offline": True,
            "database": settings.database.model_copy(update={"url": f"sqlite:///{out / 'demo.sqlite3'}"}),
            "email": settings.email.model_copy(update={"enabled": False}),
        }
    )


def demo(
    ctx: typer.Context,
    out: Path = typer.Option(
        Path("out/demo"), "--out", "-o", help="Folder for the digest, feed and demo database."
    ),
) -> None:
    """Build a real digest from the bundled sample sources: offline, no credentials, SQLite."""
    console = Console()
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = demo_settings(state(ctx).settings, out)
    engine = open_database(settings.database_url())
    try:
        atlas = read_atlas([SAMPLE_ATLAS])
        with transaction(engine) as session:
            created, updated = upsert_cards(session, atlas.cards, str(SAMPLE_ATLAS))
        console.print(f"atlas: {len(atlas.cards)} cards ({created} new, {updated} updated)")
        for report in collect(engine, settings):
            console.print(f"collected {report.source}: {report.new} new, {report.unchanged} unchanged")
            for message in report.errors:
                console.print(f"  {message}", highlight=False)
        analysed = analyse(engine, settings)
        console.print(f"analysed {analysed.analysed} posts")
        for post_id, line in analysed.failed:
            console.print(f"  post {post_id} not analysed: {line}", highlight=False)
        with transaction(engine) as session:
            newest = session.scalar(select(func.max(Post.created_at)))
        if newest is None:
            console.print("no sample posts were collected: nothing to publish")
            raise typer.Exit(1)
        # The week holding the newest sample post: the samples are dated, the clock moves on.
        start, _ = week_window(
            newest + timedelta(days=7), settings.zone, settings.schedule.publish.day_of_week
        )
        result = publish(
            engine,
            settings,
            week_start=start.date(),
            out_dir=out,
            send=False,
            allow_empty=True,
            secret=state(ctx).secret,
        )
    finally:
        engine.dispose()
    d = result.digest
    assert d is not None
    sample = write_eml(out, SAMPLE_EMAIL_NAME, sample_email(d, settings, state(ctx).secret))
    # Plain print: rich would wrap long paths, and people copy these.
    for line in d.summary:
        print(line)
    for path in (out / "digest.html", out / "digest.txt", out / "feed.atom", out / "feed.rss", sample):
        print(f"  {path}")
    print(f"The demo's database is {out / 'demo.sqlite3'}.")
    print(f"Open {out / 'digest.html'} in a browser to read it; open {sample.name} in a mail client.")


def sample_email(digest: Digest, settings: Settings, secret: bytes) -> EmailMessage:
    """The email a subscriber would get, addressed to a made-up reader (nothing is sent)."""
    return build_message(
        digest,
        settings,
        to=SAMPLE_READER,
        unsubscribe_token=make_token(secret, "unsubscribe", 0, "demo"),
        msg_id=message_id(digest, 0, 0, settings.email.from_address),
        now=clock.now(),
    )
