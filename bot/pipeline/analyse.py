"""The analyse stage: new posts → citations, matches, claims and flags in storage; stored
posts re-matched when the card set changed.

Why posts are taken in small claimed batches, each in one transaction: on PostgreSQL two
workers can run this side by side (``posts_to_analyse`` uses ``FOR UPDATE SKIP LOCKED``), and
a crash loses at most one batch of work, which the next run simply redoes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot import clock
from bot.config import Settings
from bot.errors import one_input_fault
from bot.evidence.analyze import Analyzer
from bot.evidence.fingerprint import analysis_digest, atlas_fingerprint
from bot.evidence.page import meta_citations
from bot.evidence.types import POST_TYPES, PostAnalysis
from bot.pipeline.runs import stage_run
from storage.analysis import mark_rematched, save_analyses, stored_claims, stored_extraction
from storage.cards import load_cards
from storage.db import run_transaction, transaction
from storage.posts import forget_atlas_versions, posts_to_analyse, posts_to_rematch
from storage.schema import Article, Post

# Bump when extraction, matching or the models change enough that stored analyses are stale:
# every post is then re-analysed on the next run.
ANALYSIS_VERSION = (
    # session 58: a DOI cut by "…" before ")."; sizes of a work a cited title names; "two papers
    # from Keller's group"; a work still to come; "it remains the largest …"; counted reviews; a
    # new work in its own clause before a cited one
    "2026.12.58"
)


@dataclass(frozen=True, slots=True)
class AnalyseReport:
    analysed: int
    cards: int
    rematched: int = 0
    # (post id, one line) for each post whose text made the analysis fail; left unanalysed,
    # so the next run tries it again (a fixed bug then reaches it without a version bump).
    failed: tuple[tuple[int, str], ...] = ()


def _paper_links(article: Article) -> list[str]:
    """A fetched page's own identifiers, as links the extractor reads, plus the links in its text.

    A news story names its paper in meta tags or links rather than in the words a patient
    pasted, so these are what connect a bare news link to an atlas card.
    """
    out: list[str] = []
    for citation in meta_citations(article.meta or {}):
        if citation.kind == "doi":
            out.append(f"https://doi.org/{citation.value}")
        elif citation.kind == "pmid":
            out.append(f"https://pubmed.ncbi.nlm.nih.gov/{citation.value}/")
    out.extend(str(link) for link in article.links or ())
    return out


def _linked_pages(session: Session, posts: Iterable[Post]) -> dict[str, Article]:
    urls = {str(u) for p in posts for u in (p.links or ())} | {p.url for p in posts if p.url}
    if not urls:
        return {}
    rows = session.scalars(select(Article).where(Article.url.in_(sorted(urls)), Article.error.is_(None)))
    return {a.url: a for a in rows}


def _links(post: Post, pages: dict[str, Article]) -> list[str]:
    """The post's own link first (a feed item's link is its paper, as ``analyze-file`` reads
    it), then the links in it and what the pages they point to name."""
    links = [str(u) for u in (post.links or ())]
    if post.url and post.url not in links:
        links.insert(0, post.url)
    for url in [*links, post.url or ""]:
        if url in pages:
            links.extend(_paper_links(pages[url]))
    return links


def _analyse_batch(
    session: Session,
    worker: Analyzer,
    atlas: str,
    batch_size: int,
    done: dict[tuple[int, str], PostAnalysis],
    failed: dict[int, str],
    debug: bool = False,
) -> int | None:
    """Claim, analyse and save one batch in ``session``; None when nothing is left to claim.

    ``done`` keeps analyses across a retried transaction (keyed by post id and content hash), so
    a lost database race costs a second write, not a second analysis. A post whose analysis
    raises anything but a DigestBotError (a model or setting that fails, which stops the stage)
    lands in ``failed`` and is not claimed again this run: one post's text must not stop every
    post behind it, run after run.
    """
    posts = posts_to_analyse(session, batch_size, ANALYSIS_VERSION, skip=failed.keys())
    if not posts:
        return None
    pages = _linked_pages(session, posts)
    todo = [p for p in posts if (p.id, p.content_hash) not in done]
    try:
        worker.prefetch([(p.title or "", p.text) for p in todo])
    except Exception as exc:
        # The batched read failed on some post; each post is read on its own below, which
        # names the one at fault.
        one_input_fault(exc, debug)
    results = []
    for post in posts:
        key = (post.id, post.content_hash)
        if key not in done:
            try:
                links = _links(post, pages)
                done[key] = worker.analyze(str(post.id), post.title or "", post.text, links=links)
            except Exception as exc:
                failed[post.id] = one_input_fault(exc, debug)
                continue
        results.append((post.id, done[key]))
    digests = {pid: analysis_digest(a) for pid, a in results}
    return save_analyses(session, results, ANALYSIS_VERSION, clock.now(), atlas, digests, only_pending=True)


def analyse(
    engine: Engine,
    settings: Settings,
    *,
    batch_size: int = 100,
    analyzer: Analyzer | None = None,
    rematch: bool = False,
    debug: bool = False,
) -> AnalyseReport:
    """Analyse every post not yet analysed with the current ANALYSIS_VERSION, then re-match
    every analysed post whose matches were made against another card set (an atlas import
    since). ``rematch=True`` re-matches every analysed post whatever its card set.

    Each batch is one transaction, run again if it loses a race with another worker (deadlock,
    serialization failure, SQLite busy); the run is closed as failed if it gives up. A post
    whose analysis fails is reported in ``failed`` and the run closes as ``partial``;
    ``debug=True`` lets its exception through instead.
    """
    with stage_run(engine, "analyse") as run:
        with transaction(engine) as session:
            cards = load_cards(session)
            if rematch:
                forget_atlas_versions(session)
        worker = analyzer or Analyzer(cards, settings)
        atlas = atlas_fingerprint(worker.index.cards.values())
        total = 0
        failed: dict[int, str] = {}
        while True:
            done: dict[tuple[int, str], PostAnalysis] = {}
            work = partial(
                _analyse_batch,
                worker=worker,
                atlas=atlas,
                batch_size=batch_size,
                done=done,
                failed=failed,
                debug=debug,
            )
            saved = run_transaction(engine, work, what="analyse: saving a batch of posts")
            if saved is None:
                break
            total += saved
            run.report = {"analysed": total, "cards": len(cards)}
        rematched = rematch_stored(engine, worker, atlas, batch_size)
        run.report = {"analysed": total, "rematched": rematched, "cards": len(cards)}
        if failed:
            run.status = "partial"
            run.report["failed"] = [{"post": pid, "error": line} for pid, line in sorted(failed.items())]
    return AnalyseReport(
        analysed=total, cards=len(cards), rematched=rematched, failed=tuple(sorted(failed.items()))
    )


def rematch_stored(engine: Engine, worker: Analyzer, atlas: str, batch_size: int = 500) -> int:
    """Match stored extractions and claims again against the worker's cards (fingerprint
    ``atlas``); no extraction and no model runs. Returns how many posts were re-matched."""
    done = 0
    while True:
        with transaction(engine) as session:
            posts = posts_to_rematch(session, batch_size, ANALYSIS_VERSION, atlas)
            if not posts:
                break
            claims = stored_claims(session, [p.id for p in posts])
            stale = [p for p in posts if stored_extraction(p.extracted) is None]
            pages = _linked_pages(session, stale) if stale else {}
            results = []
            digests: dict[int, str] = {}
            same: list[int] = []
            for post in posts:
                kind = post.post_type if post.post_type in POST_TYPES else "personal_experience"
                analysis = worker.rematch(
                    str(post.id),
                    post.title or "",
                    post.text,
                    stored_extraction(post.extracted),
                    claims.get(post.id, []),
                    kind,
                    links=_links(post, pages),
                )
                digest = analysis_digest(analysis)
                if digest == post.match_digest:
                    same.append(post.id)  # the new cards do not concern this post
                else:
                    results.append((post.id, analysis))
                    digests[post.id] = digest
            mark_rematched(session, same, atlas)
            done += len(same) + save_analyses(session, results, ANALYSIS_VERSION, clock.now(), atlas, digests)
    return done
