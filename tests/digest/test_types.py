"""The digest survives storage as JSON unchanged, and a card's link is always a web link."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.digest.build import build_digest
from bot.digest.types import CardView, Digest, ReviewedFlag
from bot.evidence.types import Flag

from .factories import NOW, card, claim, match, post, settings


def test_digest_round_trips_through_json() -> None:
    cards = {"c1": card("c1")}
    text = "C1 causes ME."
    posts = [
        post(
            "p1", claims=(claim(text, "c1"),), flags=(ReviewedFlag(Flag("overstated", "r", claim_text=text)),)
        ),
        replace(post("p1b", claims=(claim(text, "c1"),)), url="https://s4me.info/threads/1/"),
        post("p2", text="Other.", claims=(claim("X causes ME."),), matches=(match(None, doi="10.1/x"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    again = Digest.from_dict(json.loads(json.dumps(digest.to_dict())))
    assert again == digest
    assert again.papers[0].card.badges == ("Preliminary", "PEM unclear")
    assert again.papers[0].claims[0].also_in
    assert again.no_card


def test_a_digest_stored_before_one_entry_per_paper_still_reads() -> None:
    old = {
        "title": "t",
        "week_start": "2025-03-03",
        "week_end": "2025-03-09",
        "generated_at": NOW.isoformat(),
        "groups": [
            {
                "topic": "Inflammation",
                "entries": [
                    {
                        "topic": "Inflammation",
                        "post_id": "1",
                        "quote": "C1 causes ME.",
                        "source_label": "Reddit r/cfs",
                        "source_url": None,
                        "claim_text": "C1 causes ME.",
                        "claim_strength": "direct_causal",
                        "card": {"id": "c1", "title": "Study c1", "badges": ["Preliminary"]},
                        "flag_reason": "Careful.",
                        "moderator_note": None,
                        "uncovered_paper": None,
                    }
                ],
            }
        ],
        "counts": {"posts": 1, "entries": 1, "with_card": 1, "flagged": 1, "uncovered": 0},
        "uncovered": [],
    }
    digest = Digest.from_dict(old)
    (paper,) = digest.papers
    assert paper.card.badges == ("Preliminary",)
    assert paper.claims[0].flag_reason == "Careful."
    assert digest.counts.flagged == 1


def test_card_view_keeps_only_web_links() -> None:
    assert CardView.from_card(card("c1", url="javascript:alert(1)")).url is None
    view = CardView.from_card(card("c1"))
    assert view.url == "https://pubmed.ncbi.nlm.nih.gov/17693978/"
    assert view.evidence == "E2 Moderate"
    assert view.citation == "Maes M et al., Neuro Endocrinology Letters, 2007"
