"""``digestbot atlas import | list | uncovered`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply
from sqlalchemy import select

from bot.cli import main
from bot.evidence.types import Citation, Match, PaperRef, PostAnalysis
from sources.base import Batch
from sources.types import RawPost
from storage.analysis import save_analysis
from storage.cards import load_cards
from storage.db import open_database, transaction
from storage.schema import AtlasCardRow, Post

GOLDEN = Path(__file__).resolve().parents[1] / "atlas" / "golden"
T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config whose atlas.paths names a copy of the sample, and the test's database."""
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", db_url)
    (tmp_path / "atlas").mkdir()
    config = tmp_path / "config.yaml"
    config.write_text("atlas:\n  paths:\n    - atlas/cards.jsonl\n", encoding="utf-8")
    return config


def stored(db_url: str) -> dict[str, AtlasCardRow]:
    engine = open_database(db_url)
    try:
        with transaction(engine) as s:
            return {row.id: row for row in s.scalars(select(AtlasCardRow))}
    finally:
        engine.dispose()


def test_import_then_reimport_updates_in_place(
    cli: Path, db_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = shared_dir / "data" / "atlas-sample" / "cards.jsonl"
    pages = [GOLDEN / "000_c4faae00f233621d.txt", GOLDEN / "003_0a76c008a94b5d9d.txt"]
    assert main(["--config", str(cli), "atlas", "import", str(sample), *map(str, pages)]) == 0
    assert capsys.readouterr().out == "imported 41 cards (41 new, 0 updated)\n"
    rows = stored(db_url)
    assert len(rows) == 41
    assert rows["rodriguez-2023-achieving-symptom"].imported_from == f"{sample}, {pages[1]}"

    # The same files again: nothing changes.
    assert main(["--config", str(cli), "atlas", "import", str(sample), *map(str, pages)]) == 0
    assert capsys.readouterr().out == "imported 41 cards (0 new, 0 updated)\n"

    # An edited export: the changed card is updated by id, not duplicated.
    edited = cli.parent / "edited.jsonl"
    lines = sample.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["evidence_level"] = "E4"
    edited.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["--config", str(cli), "atlas", "import", str(edited)]) == 0
    # maes and rodriguez lose the page-only text; maes also changes level.
    assert capsys.readouterr().out == "imported 41 cards (0 new, 2 updated)\n"
    rows = stored(db_url)
    assert len(rows) == 41
    assert rows["maes-2007-mind-but"].evidence_level == "E4"
    assert rows["maes-2007-mind-but"].imported_from == str(edited)


def test_bad_records_are_listed_and_the_good_ones_stored(
    cli: Path, db_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(cli), "atlas", "import", str(GOLDEN / "000_c4faae00f233621d.txt")]) == 0
    capsys.readouterr()
    bad = GOLDEN / "bad-records.jsonl"
    assert main(["--config", str(cli), "atlas", "import", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == "imported 2 cards (1 new, 1 updated)\n"
    err_lines = err.splitlines()
    assert err_lines[0].startswith(f"{bad}:2: not valid JSON")
    assert err_lines[1] == f"{bad}:3: card 'guo-2023-deficient-butyrate': title: Field required"
    assert (
        err_lines[2]
        == f"{bad}:4: card 'xiong-2023-multi-omics': evidence_level: expected one of E1..E5, got 'E7'"
    )
    assert err_lines[-1] == "7 bad record(s) skipped"
    assert set(stored(db_url)) == {"maes-2007-mind-but", "rodriguez-2023-achieving-symptom"}


def test_default_paths_come_from_config_and_a_missing_file_stores_nothing(
    cli: Path, db_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--config", str(cli), "atlas", "import", str(GOLDEN / "bad-records.jsonl"), "nope.jsonl"]) == 2
    )
    assert "nope.jsonl: atlas file not found" in capsys.readouterr().err
    assert stored(db_url) == {}
    shutil.copy(shared_dir / "data" / "atlas-sample" / "cards.jsonl", cli.parent / "atlas" / "cards.jsonl")
    assert main(["--config", str(cli), "atlas", "import"]) == 0
    assert capsys.readouterr().out == "imported 41 cards (41 new, 0 updated)\n"
    assert main(["--config", str(cli), "atlas", "list", "--limit", "2"]) == 0
    listing = capsys.readouterr().out
    assert "Atlas cards (41)" in listing
    assert "alter-2012-multicen" in listing
    assert "fukuda" not in listing


def _store_posts_and_analyses(db_url: str) -> None:
    """Three posts citing two uncovered papers: one twice (by DOI), one once (by PMID)."""
    doi = Citation(kind="doi", value="10.1000/uncited.1", span=(0, 17), confidence=1.0)
    pmid = Citation(kind="pmid", value="31234567", span=(20, 28), confidence=1.0)

    def raw(n: int) -> RawPost:
        return RawPost(
            source="forum",
            external_id=f"p{n}",
            kind="post",
            url=f"https://forum.example/t/p{n}",
            title=None,
            text=f"Post {n} cites a paper the atlas lacks, at some length to be a real post.",
            created_at=T0 + timedelta(days=n),
            fetched_at=T0 + timedelta(days=10),
        )

    def analysis(*citations: Citation) -> PostAnalysis:
        matches = tuple(
            Match(citation=c, card_id=None, paper=PaperRef(), method="identifier", score=1.0)
            for c in citations
        )
        return PostAnalysis("x", "research_news", (), citations, matches, (), ())

    engine = open_database(db_url)
    try:
        with transaction(engine) as s:
            from storage.posts import store_batch

            store_batch(s, Batch(posts=(raw(1), raw(2), raw(3)), cursor_key="main", cursor=None))
            ids = {p.external_id: p.id for p in s.scalars(select(Post))}
            save_analysis(s, ids["p1"], analysis(doi), "v1", now=T0)
            save_analysis(s, ids["p2"], analysis(pmid), "v1", now=T0)
            save_analysis(s, ids["p3"], analysis(doi), "v1", now=T0)
    finally:
        engine.dispose()


def test_uncovered_queue_in_three_formats(
    cli: Path, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_posts_and_analyses(db_url)
    assert main(["--config", str(cli), "atlas", "uncovered", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["rank"], r["doi"], r["pmid"], r["mentions"]) for r in rows] == [
        (1, "10.1000/uncited.1", None, 2),
        (2, None, "31234567", 1),
    ]
    assert rows[0]["example_urls"] == ["https://forum.example/t/p3", "https://forum.example/t/p1"]
    assert rows[0]["first_seen"].startswith("2025-03-04")
    assert rows[0]["last_seen"].startswith("2025-03-06")

    assert main(["--config", str(cli), "atlas", "uncovered", "--format", "csv", "--limit", "1"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == 1
    assert table[0]["doi"] == "10.1000/uncited.1"
    assert table[0]["example_urls"] == "https://forum.example/t/p3 https://forum.example/t/p1"

    monkeypatch.setenv("COLUMNS", "200")  # rich wraps to the terminal; keep each cell on one line
    assert main(["--config", str(cli), "atlas", "uncovered"]) == 0
    text = capsys.readouterr().out
    assert "Uncovered papers (2)" in text
    assert "doi:10.1000/uncited.1" in text
    assert "PMID 31234567" in text

    # Once the atlas gains a card for the DOI, the paper leaves the queue.
    cards = cli.parent / "new-card.jsonl"
    cards.write_text('{"id": "new-2025-card", "title": "Now covered", "doi": "10.1000/UNCITED.1"}\n')
    assert main(["--config", str(cli), "atlas", "import", str(cards)]) == 0
    capsys.readouterr()
    assert main(["--config", str(cli), "atlas", "uncovered", "-f", "json"]) == 0
    assert [r["pmid"] for r in json.loads(capsys.readouterr().out)] == ["31234567"]
    engine = open_database(db_url)
    try:
        with transaction(engine) as s:
            assert [c.id for c in load_cards(s)] == ["new-2025-card"]
    finally:
        engine.dispose()


def test_uncovered_lookup_fills_titles_from_the_services(
    cli: Path, db_url: str, capsys: pytest.CaptureFixture[str], replay_server: ReplayServer
) -> None:
    _store_posts_and_analyses(db_url)
    responses = Path(__file__).resolve().parents[1] / "evidence" / "lookup_responses"
    work = (responses / "crossref_10.1172_jci150377.json").read_text(encoding="utf-8")
    replay_server.add("/idconv/", Reply(body='{"status": "ok", "records": [{"status": "error"}]}'))
    replay_server.add(
        "/works/10.1000/uncited.1", Reply(body=work.replace("10.1172/JCI150377", "10.1000/uncited.1"))
    )
    replay_server.add("/esummary.fcgi", Reply(body='{"result": {"uids": []}}'))
    base = cli.read_text(encoding="utf-8")
    lookup = (
        f"lookup:\n  enabled: true\n  idconv_url: {replay_server.url('/idconv/')}\n"
        f"  esummary_url: {replay_server.url('/esummary.fcgi')}\n"
        f"  crossref_url: {replay_server.url('/works/')}\n"
        # The lookup services stand in on 127.0.0.1: an internal address, allowed on purpose.
        f"http:\n  per_host_interval: 0\n  retries: 0\n  allow_hosts: ['{replay_server.host}']\n"
    )
    cli.write_text(base + lookup, encoding="utf-8")
    assert main(["--config", str(cli), "atlas", "uncovered", "--lookup", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["doi"] == "10.1000/uncited.1"
    assert rows[0]["title"].startswith("Pathomechanisms and possible interventions")
    assert rows[0]["first_author"] == "Fluge Ø"
    assert rows[1]["title"] is None  # PubMed knew nothing of the made-up PMID

    # offline wins over enabled: no request, and the editor is told why.
    asked = len(replay_server.requests)
    cli.write_text(base + lookup + "offline: true\n", encoding="utf-8")
    assert main(["--config", str(cli), "atlas", "uncovered", "--lookup", "-f", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "metadata lookup is off (offline is true)" in err
    assert "Pathomechanisms" in out  # from the cache on the paper row
    assert len(replay_server.requests) == asked
