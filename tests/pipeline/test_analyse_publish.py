"""Analyse and publish on a real database (SQLite and PostgreSQL): idempotent and complete."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot import clock
from bot.atlas.importer import read_atlas
from bot.config import parse_settings
from bot.pipeline.analyse import analyse
from bot.pipeline.collect import collect
from bot.pipeline.publish import publish
from storage.cards import upsert_cards
from storage.db import transaction
from storage.schema import ClaimRow, DigestRow, MatchRow, Paper

from .weekfixture import POSTS

ROOT = Path(__file__).resolve().parents[2]


def test_analyse_then_publish(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in POSTS) + "\n")
    settings = parse_settings(
        {"offline": True, "sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]},
        base_dir=tmp_path,
    )
    with transaction(engine) as session:
        upsert_cards(session, read_atlas([ROOT / "bot/atlas/sample/cards.jsonl"]).cards, "sample")
    collect(engine, settings)
    assert analyse(engine, settings).analysed == 2
    assert analyse(engine, settings).analysed == 0  # nothing new: nothing redone

    with transaction(engine) as session:
        cards = set(session.scalars(select(MatchRow.card_id).where(MatchRow.card_id.is_not(None))))
        papers = session.scalars(select(Paper)).all()
        overstated = session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.overstated))
    assert cards == {"guo-2023-deficient-butyrate"}
    assert [(p.doi, p.mention_count) for p in papers] == [("10.1234/uncovered.5678", 1)]
    assert overstated == 1

    clock.set_clock(lambda: datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    try:
        first = publish(engine, settings, out_dir=tmp_path / "site", send=False, secret=b"k" * 32)
        again = publish(engine, settings, out_dir=tmp_path / "site", send=False, secret=b"k" * 32)
    finally:
        clock.set_clock(None)
    assert first.digest is not None
    assert first.digest.week_start == date(2026, 11, 9)
    assert first.digest_id == again.digest_id
    assert [p.card.id for p in first.digest.papers] == ["guo-2023-deficient-butyrate"]
    html = (tmp_path / "site" / "digest.html").read_text(encoding="utf-8")
    assert "Deficient butyrate-producing capacity" in html
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(DigestRow)) == 1


def test_a_bare_news_link_is_matched_through_the_page_it_points_to(engine: Engine, tmp_path: Path) -> None:
    from storage.schema import Article

    news = "https://news.example.com/2026/gut-study"
    post = {
        "id": "n1",
        "body": f"Interesting read: {news}",
        "links": [news],
        "created_at": "2026-11-10T10:00:00Z",
    }
    (tmp_path / "posts.jsonl").write_text(json.dumps(post) + "\n")
    settings = parse_settings(
        {"offline": True, "sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]},
        base_dir=tmp_path,
    )
    with transaction(engine) as session:
        upsert_cards(session, read_atlas([ROOT / "bot/atlas/sample/cards.jsonl"]).cards, "sample")
        session.add(
            Article(
                url=news,
                status=200,
                meta={"citation_doi": ["10.1016/j.chom.2023.01.004"], "citation_pmid": ["27573827"]},
                links=[],
                fetched_at=datetime(2026, 11, 10, tzinfo=UTC),
            )
        )
    collect(engine, settings)
    assert analyse(engine, settings).analysed == 1
    with transaction(engine) as session:
        cards = set(session.scalars(select(MatchRow.card_id).where(MatchRow.card_id.is_not(None))))
    assert cards == {"guo-2023-deficient-butyrate", "naviaux-2016-metabolomics"}


def _counts(engine: Engine) -> tuple[set[str], dict[str, int], int]:
    with transaction(engine) as session:
        cards = set(session.scalars(select(MatchRow.card_id).where(MatchRow.card_id.is_not(None))))
        papers = {p.doi or "": p.mention_count for p in session.scalars(select(Paper))}
        overstated = session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.overstated))
    return {c for c in cards if c}, papers, int(overstated or 0)


def test_a_card_imported_after_analysis_reaches_the_posts_that_cite_it(
    engine: Engine, tmp_path: Path
) -> None:
    from storage.analysis import set_flag_status
    from storage.schema import FlagRow, Post

    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in POSTS) + "\n")
    settings = parse_settings(
        {"offline": True, "sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]},
        base_dir=tmp_path,
    )
    every = read_atlas([ROOT / "bot/atlas/sample/cards.jsonl"]).cards
    gut = [c for c in every if c.id == "guo-2023-deficient-butyrate"]
    with transaction(engine) as session:
        upsert_cards(session, [c for c in every if c.id != "guo-2023-deficient-butyrate"], "sample")
    collect(engine, settings)
    assert analyse(engine, settings).analysed == 2
    cards, papers, overstated = _counts(engine)
    assert "guo-2023-deficient-butyrate" not in cards
    assert papers["10.1016/j.chom.2023.01.004"] == 1
    assert overstated == 0
    with transaction(engine) as session:  # a moderator confirms the other post's uncovered flag
        flag = session.scalars(select(FlagRow).where(FlagRow.kind == "uncovered")).all()
        other = next(f for f in flag if f.paper_id and session.get(Paper, f.paper_id).doi.endswith("5678"))
        set_flag_status(session, other.id, "confirmed", "asked the editors")
        kept_id = other.id

    with transaction(engine) as session:
        upsert_cards(session, gut, "late import")
    report = analyse(engine, settings)
    assert (report.analysed, report.rematched) == (0, 2)
    cards, papers, overstated = _counts(engine)
    assert "guo-2023-deficient-butyrate" in cards
    assert papers["10.1016/j.chom.2023.01.004"] == 0  # no longer in the editors' queue
    assert overstated == 1  # the flag follows the new match
    with transaction(engine) as session:
        kinds = {f.kind for f in session.scalars(select(FlagRow).where(FlagRow.status == "open"))}
        kept = session.get(FlagRow, kept_id)
        assert "overstated" in kinds
        assert kept is not None
        assert (kept.status, kept.moderator_note) == ("confirmed", "asked the editors")
    assert analyse(engine, settings).rematched == 0  # same cards: nothing to do

    # --rematch forces it, and it reads the stored extraction, not the text: with the stored
    # extraction emptied the DOI (which only extraction finds) is no longer matched.
    with transaction(engine) as session:
        p1 = session.scalars(select(Post).where(Post.external_id == "p1")).one()
        p1.extracted = ["citations/1"]
    assert analyse(engine, settings, rematch=True).rematched == 2
    cards, _, _ = _counts(engine)
    assert "guo-2023-deficient-butyrate" not in cards
    with transaction(engine) as session:
        kept = session.get(FlagRow, kept_id)
        assert kept is not None
        assert kept.status == "confirmed"


def test_a_post_whose_analysis_fails_costs_only_that_post(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One post's text breaking the analysis must not stop the posts behind it, nor loop: it is
    named in the report, the run closes partial, and the next run tries it again."""
    from bot.evidence.analyze import Analyzer
    from storage.schema import Post, Run

    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in POSTS) + "\n")
    settings = parse_settings(
        {"offline": True, "sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]},
        base_dir=tmp_path,
    )
    collect(engine, settings)
    original = Analyzer.analyze

    def analyze(self: Analyzer, post_id: str, title: str, text: str, *args: object, **kw: object) -> object:
        if "butyrate" in text:
            raise KeyError("no such section")
        return original(self, post_id, title, text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    report = analyse(engine, settings, batch_size=1)  # the failing post comes first: no endless re-claim
    with transaction(engine) as session:
        posts = {p.external_id: p for p in session.scalars(select(Post))}
        run = session.scalars(select(Run).where(Run.stage == "analyse")).one()
        bad = posts["p1"].id
        assert posts["p1"].analysed_at is None
        assert posts["p2"].analysed_at is not None
        line = "unexpected KeyError: 'no such section'"
        assert (run.status, run.report["failed"]) == ("partial", [{"post": bad, "error": line}])
    assert report.analysed == 1
    assert report.failed == ((bad, "unexpected KeyError: 'no such section'"),)

    with pytest.raises(KeyError):
        analyse(engine, settings, debug=True)  # --debug lets the traceback through

    monkeypatch.setattr(Analyzer, "analyze", original)  # the bug is fixed: the next run reaches it
    again = analyse(engine, settings)
    assert (again.analysed, again.failed) == (1, ())
