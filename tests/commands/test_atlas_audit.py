"""``digestbot atlas audit`` against recorded PubMed and Crossref answers, then offline from
the cache, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply

from bot.atlas.audit import audit_card
from bot.atlas.types import AtlasCard
from bot.cli import main
from bot.evidence.lookup import parse_efetch_abstract, sample_sizes

RESPONSES = Path(__file__).resolve().parents[1] / "atlas" / "audit_responses"
JSON = {"Content-Type": "application/json; charset=utf-8"}
XML = {"Content-Type": "text/xml; charset=utf-8"}

CARDS = [
    # Its journal and DOI are another paper's than its PMID's.
    {
        "id": "okonkwo-2024-two-day",
        "title": "Two-day cardiopulmonary exercise testing in post-exertional malaise: a case-control study",
        "authors": ["Okonkwo AB", "Haldane R"],
        "journal": "Frontiers in Immunology",
        "year": 2024,
        "doi": "10.5555/fim.2023.0777",
        "pmid": "39000001",
    },
    # Its sample size is not what the abstract says (96 patients and 64 controls).
    {
        "id": "varga-2022-plasma",
        "title": "Plasma cytokines across illness duration in myalgic encephalomyelitis",
        "authors": ["Varga T"],
        "journal": "Brain, Behavior, and Immunity",
        "year": 2022,
        "pmid": "39000002",
        "sample_size": 120,
    },
    # Right in every field.
    {
        "id": "lindgren-2021-heart",
        "title": "Heart rate variability during orthostatic challenge in ME/CFS",
        "authors": ["Lindgren K"],
        "journal": "PLoS ONE",
        "year": 2021,
        "pmid": "39000003",
        "sample_size": 40,
    },
    {"id": "no-identifier", "title": "A card without any identifier", "year": 2020},
]


def _file(name: str, headers: dict[str, str]) -> Reply:
    return Reply(body=(RESPONSES / name).read_bytes(), headers=headers)


@pytest.fixture
def atlas_config(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replay_server: ReplayServer
) -> Path:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", db_url)
    cards = tmp_path / "cards.jsonl"
    cards.write_text("\n".join(json.dumps(c) for c in CARDS) + "\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(
        "lookup:\n  enabled: true\n  email: editors@example.org\n"
        f"  esummary_url: {replay_server.url('/esummary.fcgi')}\n"
        f"  efetch_url: {replay_server.url('/efetch.fcgi')}\n"
        f"  crossref_url: {replay_server.url('/works/')}\n"
        # the replay server's loopback address, allowed on purpose (the URL policy refuses it)
        f"http:\n  per_host_interval: 0\n  retries: 0\n  allow_hosts: ['{replay_server.host}']\n",
        encoding="utf-8",
    )
    assert main(["--config", str(config), "atlas", "import", str(cards)]) == 0
    return config


def _serve(replay_server: ReplayServer) -> None:
    for pmid in ("39000001", "39000002", "39000003"):
        replay_server.add(
            "/esummary.fcgi",
            _file(f"esummary_{pmid}.json", JSON),
            match=lambda r, p=pmid: r.param("id") == p,
        )
    for pmid in ("39000002", "39000003"):
        replay_server.add(
            "/efetch.fcgi", _file(f"efetch_{pmid}.xml", XML), match=lambda r, p=pmid: r.param("id") == p
        )
    replay_server.add(
        "/efetch.fcgi",
        Reply(body="<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>", headers=XML),
        match=lambda r: r.param("id") == "39000001",
    )
    replay_server.add("/works/10.5555/fim.2023.0777", _file("crossref_10.5555_fim.2023.0777.json", JSON))


def test_audit_finds_both_kinds_of_known_error_then_works_offline_from_the_cache(
    atlas_config: Path, replay_server: ReplayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve(replay_server)
    capsys.readouterr()
    assert main(["--config", str(atlas_config), "atlas", "audit", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    found = {(d["card_id"], d["field"], d["source"].split()[0]): d for d in json.loads(out)}
    # The PMID's record: another journal and another DOI than the card's.
    assert (
        found[("okonkwo-2024-two-day", "journal", "PubMed")]["record_value"]
        == "Journal of translational medicine"
    )
    assert found[("okonkwo-2024-two-day", "doi", "PubMed")]["record_value"] == "10.5555/jtm.2024.0101"
    # The card's DOI is another paper: its title, first author and year are not the card's.
    assert {f for c, f, s in found if c == "okonkwo-2024-two-day" and s == "Crossref"} == {
        "title",
        "first author",
        "year",
    }
    sample = found[("varga-2022-plasma", "sample size", "PubMed")]
    assert (sample["card_value"], sample["record_value"]) == ("120", "64, 96, 160")
    assert not [k for k in found if k[0] == "lindgren-2021-heart"]  # a right card raises nothing
    assert "3 cards with identifiers checked" in err
    asked = len(replay_server.requests)
    assert {r.param("email") for r in replay_server.requests if r.path != "/works/10.5555/fim.2023.0777"} == {
        "editors@example.org"
    }

    # Offline: the same findings from the cache, no request, and the editor is told why.
    atlas_config.write_text(atlas_config.read_text(encoding="utf-8") + "offline: true\n", encoding="utf-8")
    assert main(["--config", str(atlas_config), "atlas", "audit", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["card_id"], r["field"], r["source"].split()[0]) for r in rows} == set(found)
    assert "comparing with cached records only" in err
    assert len(replay_server.requests) == asked
    assert main(["--config", str(atlas_config), "atlas", "audit"]) == 0
    assert "Atlas audit: 6 disagreement(s)" in capsys.readouterr().out


def test_audit_offline_with_an_empty_cache_lists_cards_without_records(
    atlas_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    atlas_config.write_text(atlas_config.read_text(encoding="utf-8") + "offline: true\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--config", str(atlas_config), "atlas", "audit", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "3 without any record" in err


def test_sample_sizes_read_from_an_abstract() -> None:
    abstract = parse_efetch_abstract((RESPONSES / "efetch_39000002.xml").read_text(encoding="utf-8"))
    assert abstract is not None
    assert abstract.startswith("Immune signatures")
    assert sample_sizes(abstract) == {96, 64, 160}
    assert sample_sizes("We enrolled 212 adults with ME/CFS.") == {212}
    assert parse_efetch_abstract("not xml <") is None


def test_a_journal_written_differently_is_not_a_disagreement() -> None:
    card = AtlasCard(
        id="x", title="A title of some length here", journal="Brain, Behavior, & Immunity", year=2020
    )
    record = {
        "title": "A title of some length here.",
        "journal": "Brain, behavior, and immunity",
        "year": 2020,
    }
    assert audit_card(card, record, None, None) == []
