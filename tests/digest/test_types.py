"""The digest survives storage as JSON unchanged, and a card's link is always a web link."""

from __future__ import annotations

import json

from bot.digest.build import build_digest
from bot.digest.types import CardView, Digest

from .factories import NOW, card, claim, match, post, settings


def test_digest_round_trips_through_json() -> None:
    cards = {"c1": card("c1")}
    posts = [
        post("p1", claims=(claim("C1 causes ME.", "c1", overstated=True),)),
        post("p2", text="Other.", matches=(match(None, doi="10.1/x"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    again = Digest.from_dict(json.loads(json.dumps(digest.to_dict())))
    assert again == digest
    assert again.entries[0].card is not None
    assert again.entries[0].card.badges == ("Preliminary", "PEM unclear")


def test_card_view_keeps_only_web_links() -> None:
    assert CardView.from_card(card("c1", url="javascript:alert(1)")).url is None
    view = CardView.from_card(card("c1"))
    assert view.url == "https://pubmed.ncbi.nlm.nih.gov/17693978/"
    assert view.evidence == "E2 Moderate"
    assert view.citation == "Maes M et al., Neuro Endocrinology Letters, 2007"
