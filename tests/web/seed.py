"""Posts, analyses and flags written through the real storage functions, for the web tests and
``bench/web.py``: the same rows the collect and analyse stages would leave behind.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from bot.atlas.types import AtlasCard
from bot.evidence.types import Citation, Claim, Flag, Match, PaperRef, PostAnalysis
from sources.base import Batch
from sources.types import RawPost
from storage.analysis import save_analyses
from storage.cards import upsert_cards
from storage.db import transaction
from storage.posts import store_batch
from storage.schema import Post

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SOURCES = ("reddit-mecfs", "forum-s4me", "news-feed")
TOPICS = ("treatment", "immunology", "exercise")

# Everything a hostile post might try, in text, title and link.
HOSTILE = (
    '<script>alert("script")</script> '
    '"><img src=x onerror=alert("img")> '
    "<a href=\"javascript:alert('js')\">click</a> "
    '<svg onload=alert("svg")><script>alert("svg2")</script></svg> '
    "<iframe src=javascript:alert('frame')></iframe>"
)

CARDS = (
    AtlasCard(
        id="ritux-rct",
        title="Rituximab versus placebo in ME/CFS",
        year=2019,
        doi="10.7326/M18-1451",
        evidence_level="E2",
        evidence_label="Randomised trial",
        design="RCT",
        sample_size=151,
        badges=("PEM required",),
        method_flags=("single country",),
        does_not_prove="That rituximab helps people with ME/CFS: the trial found no benefit.",
    ),
    AtlasCard(
        id="gut-pilot",
        title="Gut microbiome differences in a small ME/CFS cohort",
        year=2023,
        pmid="36000001",
        evidence_level="E4",
        evidence_label="Small observational study",
        design="case-control",
        sample_size=40,
        badges=("Preliminary",),
        method_flags=("small sample", "no replication"),
        does_not_prove="That gut bacteria cause ME/CFS: it shows a difference, not a cause.",
    ),
)


# Differently worded claims, so the digest does not fold them together as cross-posts.
WORDINGS = (
    "A new study proves {s} cures everyone with this illness.",
    "Researchers have shown that {s} causes recovery in most patients.",
    "This paper means {s} will fix post-exertional malaise for good.",
    "My doctor says the trial shows {s} definitely reverses the disease.",
    "Big news: {s} stops ME/CFS in its tracks, according to the study.",
    "Finally the answer, {s} makes brain fog go away completely.",
)
SUBJECTS = {"ritux-rct": "rituximab", "gut-pilot": "changing gut bacteria"}


def _claim(text: str, start: int, card: str | None) -> Claim:
    return Claim(
        text=text,
        span=(start, start + len(text)),
        strength="direct_causal",
        cites=(card,) if card else (),
        topics=("treatment",),
        overstated=card is not None,
    )


def post_and_analysis(
    i: int, *, when: datetime, flag: str | None, hostile: bool = False, paper: int | None = None
) -> tuple[RawPost, PostAnalysis]:
    """Post ``i``: a claim citing a card (flag "overstated") or an uncovered paper (flag "uncovered")."""
    card = CARDS[i % len(CARDS)]
    intro = f"{HOSTILE} " if hostile else "Thread about research. "
    wording = WORDINGS[(i // len(CARDS)) % len(WORDINGS)].format(s=SUBJECTS[card.id])
    claim_text = f"{wording[:-1]} (post {i})."
    if hostile:  # the digest quotes only the claim, so it carries a payload of its own
        claim_text = f'<svg onload=alert("claim")><script>alert("claim")</script> {claim_text}'
    doi = f"10.9999/paper.{paper if paper is not None else i}"
    tail = f" See doi:{doi} and ask u/someone_{i} about it."
    text = intro + claim_text + tail
    start = len(intro)
    raw = RawPost(
        source=SOURCES[i % len(SOURCES)],
        external_id=f"p{i}",
        kind="post",
        url="javascript:alert('url')" if hostile else f"https://forum.example/t/p{i}",
        title=(HOSTILE if hostile else f"Thread {i}"),
        text=text,
        created_at=when,
        fetched_at=when + timedelta(hours=1),
    )
    claim = _claim(claim_text, start, card.id)
    doi_start = text.index(doi)
    card_cite = Citation("doi", card.doi or card.pmid or "", (start, start + 10), 1.0)
    paper_cite = Citation("doi", doi, (doi_start, doi_start + len(doi)), 1.0)
    paper_title = f"Uncovered paper {paper if paper is not None else i}"
    matches = (
        Match(card_cite, card.id, PaperRef(), "identifier", 1.0),
        Match(paper_cite, None, PaperRef(doi=doi, title=paper_title), "identifier", 1.0),
    )
    flags: tuple[Flag, ...] = ()
    if flag == "overstated":
        flags = (
            Flag(
                "overstated",
                "Worded as cause and effect, but the study cannot show a cause.",
                claim_text,
                card.id,
            ),
        )
    elif flag == "uncovered":
        flags = (Flag("uncovered", "Cites a paper with no evidence card yet.", paper=PaperRef(doi=doi)),)
    analysis = PostAnalysis(
        post_id=f"p{i}",
        post_type="research_news",
        topics=(TOPICS[i % len(TOPICS)],),
        citations=(card_cite, paper_cite),
        matches=matches,
        claims=(claim,),
        flags=flags,
    )
    return raw, analysis


def seed(
    engine: Engine,
    *,
    posts: int,
    flags: int,
    hostile: int = 0,
    now: datetime = NOW,
    papers: int | None = None,
    spacing_minutes: int = 37,
    chunk: int = 1000,
) -> dict[str, int]:
    """``posts`` posts, one every ``spacing_minutes`` back from ``now`` (wrapping at 8 weeks);
    the first ``flags`` of them flagged (alternately overstated and uncovered), the first
    ``hostile`` carrying script payloads.
    Papers repeat every ``papers`` posts so mention counts differ. Returns external id → row id."""
    with transaction(engine) as session:
        upsert_cards(session, list(CARDS), "seed")
    ids: dict[str, int] = {}
    for first in range(0, posts, chunk):
        items = []
        for i in range(first, min(posts, first + chunk)):
            when = now - timedelta(minutes=(i * spacing_minutes) % (8 * 7 * 24 * 60) + 5)
            kind = ("overstated" if i % 2 == 0 else "uncovered") if i < flags else None
            paper = (i % papers) if papers else None
            items.append(post_and_analysis(i, when=when, flag=kind, hostile=i < hostile, paper=paper))
        with transaction(engine) as session:
            store_batch(
                session, Batch(posts=tuple(r for r, _ in items), cursor_key="seed", cursor=None), now=now
            )
            found = dict(
                session.execute(
                    select(Post.external_id, Post.id).where(
                        Post.external_id.in_([r.external_id for r, _ in items])
                    )
                ).all()
            )
            ids.update(found)
            save_analyses(session, [(found[r.external_id], a) for r, a in items], "seed", now=now)
    return ids
