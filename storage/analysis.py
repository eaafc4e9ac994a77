"""The analyse, match and flag stages' writes, and the two review queues they feed.

Why a post's analysis is replaced rather than appended: re-running analysis (a crash, a new
model version, an edited post) must leave exactly the rows one run would leave. Citations and
matches are rewritten; claims are updated in place by span so digest entries keep pointing at
them; flags are upserted by a stable key so a moderator's verdict and note survive re-analysis.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Exists, and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from storage import clock
from storage.errors import StorageError
from storage.papers import (
    clean_ref,
    paper_ids_for_posts,
    paper_key,
    prepare_papers,
    refresh_paper_stats,
    upsert_paper,
)
from storage.posts import take_write_lock
from storage.schema import AtlasCardRow, CitationRow, ClaimRow, FlagRow, MatchRow, Paper, PaperMarkRow, Post
from storage.types import (
    ABOUTS,
    POST_TYPES,
    STRENGTHS,
    Citation,
    CitationRole,
    Claim,
    Flag,
    Match,
    PaperRef,
    PostAnalysis,
    SentenceAttributes,
)

FLAG_STATUSES = ("open", "confirmed", "dismissed")
MAX_FLAG_KEY = 600

CitationKey = tuple[str, str, int]


def _citation_key(citation: Citation) -> CitationKey:
    return (citation.kind, citation.value[:1000], citation.span[0])


def _claim_digest(text: str) -> str:
    """Short stable id of a claim's wording (span offsets move when text above it is edited)."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:16]


def flag_key(post_id: int, flag: Flag, paper: str | None) -> str:
    """What a flag is about: kind, post, claim wording, card, paper. Same finding, same key."""
    claim = _claim_digest(flag.claim_text) if flag.claim_text else "-"
    key = f"{flag.kind}:{post_id}:{claim}:{flag.card_id or '-'}:{paper or '-'}"
    if len(key) > MAX_FLAG_KEY:
        key = key[: MAX_FLAG_KEY - 17] + ":" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return key


_KINDS = frozenset(("doi", "pmid", "pmcid", "url", "title", "author_year", "truncated_url", "description"))
_MARK = "citations/1"  # first element of a stored list: an empty extraction is still stored


def extraction_json(citations: Sequence[Citation] | None) -> list[Any]:
    """The extractor's citations as stored; an empty list when they are not known."""
    if citations is None:
        return []
    return [_MARK] + [
        {
            "kind": c.kind,
            "value": c.value,
            "span": [c.span[0], c.span[1]],
            "confidence": c.confidence,
            "context": c.context,
            "role": c.role,
        }
        for c in citations
    ]


def stored_extraction(rows: Any) -> list[Citation] | None:
    """The stored extraction, or None when there is none usable (extract again then)."""
    if not isinstance(rows, list) or not rows or rows[0] != _MARK:
        return None
    out: list[Citation] = []
    for row in rows[1:]:
        if not isinstance(row, dict) or row.get("kind") not in _KINDS:
            return None
        span = row.get("span")
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span)):
            return None
        role: CitationRole = "reference" if row.get("role") == "reference" else "mention"
        out.append(
            Citation(
                row["kind"],
                str(row.get("value", "")),
                (span[0], span[1]),
                float(row.get("confidence", 0.0)),
                str(row.get("context", "")),
                role,
            )
        )
    return out


def mark_rematched(session: Session, post_ids: Iterable[int], atlas_version: str) -> None:
    """Posts whose re-match changed nothing: only their card-set fingerprint moves."""
    ids = sorted(set(post_ids))
    for start in range(0, len(ids), 500):
        session.execute(
            update(Post)
            .where(Post.id.in_(ids[start : start + 500]))
            .values(atlas_version=atlas_version)
            .execution_options(synchronize_session=False)
        )


def stored_claims(session: Session, post_ids: Iterable[int]) -> dict[int, list[Claim]]:
    """The claim sentences stored for these posts, with their strengths and topics (their
    cards and judgements are what a re-match decides again)."""
    ids = sorted(set(post_ids))
    found: dict[int, list[Claim]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = session.scalars(select(ClaimRow).where(ClaimRow.post_id.in_(ids)).order_by(ClaimRow.span_start))
    for row in rows:
        strength = row.strength if row.strength in STRENGTHS else "none"
        found[row.post_id].append(
            Claim(
                row.text,
                (row.span_start, row.span_end),
                strength,
                (),
                tuple(row.topics or ()),
                attributes=_attributes(row),
            )
        )
    return found


def _attributes(row: ClaimRow) -> SentenceAttributes | None:
    """The stored attributes, or None for a claim stored before they were (or half stored)."""
    flags = (row.attributed, row.negated, row.question)
    if row.about not in ABOUTS or any(flag is None for flag in flags):
        return None
    return SentenceAttributes(row.about, bool(row.attributed), bool(row.negated), bool(row.question))


def _check(post_id: int, analysis: PostAnalysis, known_cards: set[str]) -> None:
    """Refuse an analysis that would store nonsense, naming the post and the bad value."""
    where = f"analysis of post {post_id} ({analysis.post_id})"
    if analysis.post_type not in POST_TYPES:
        raise StorageError(f"{where}: post type {analysis.post_type!r} is not one of {POST_TYPES}")
    for claim in analysis.claims:
        if claim.strength not in STRENGTHS:
            raise StorageError(f"{where}: claim strength {claim.strength!r} is not one of {STRENGTHS}")
    for citation in (*analysis.citations, *(m.citation for m in analysis.matches)):
        start, end = citation.span
        if start < 0 or end < start:
            raise StorageError(f"{where}: citation {citation.value!r} has a bad span {citation.span}")
    for card_id in {m.card_id for m in analysis.matches} | {f.card_id for f in analysis.flags}:
        if card_id is not None and card_id not in known_cards:
            raise StorageError(f"{where}: atlas card {card_id!r} is not in the database")


def _known_cards(session: Session, analysis: PostAnalysis) -> set[str]:
    wanted = {m.card_id for m in analysis.matches} | {f.card_id for f in analysis.flags}
    ids = [card_id for card_id in wanted if card_id is not None]
    if not ids:
        return set()
    return set(session.scalars(select(AtlasCardRow.id).where(AtlasCardRow.id.in_(ids))))


def _write_citations(session: Session, post_id: int, analysis: PostAnalysis) -> dict[CitationKey, int]:
    """Replace the post's citations (their matches go by cascade); ids by citation key."""
    session.execute(delete(CitationRow).where(CitationRow.post_id == post_id))
    rows: dict[CitationKey, CitationRow] = {}
    for citation in (*analysis.citations, *(m.citation for m in analysis.matches)):
        key = _citation_key(citation)
        if key not in rows:
            rows[key] = CitationRow(
                post_id=post_id,
                kind=citation.kind,
                value=key[1],
                span_start=citation.span[0],
                span_end=citation.span[1],
                confidence=citation.confidence,
            )
            session.add(rows[key])
    session.flush()
    return {key: row.id for key, row in rows.items()}


def _write_matches(
    session: Session, analysis: PostAnalysis, citation_ids: dict[CitationKey, int], now: datetime
) -> set[int]:
    """One match per citation (the best scored); uncovered ones get their Paper. Returns paper ids."""
    best: dict[CitationKey, Match] = {}
    for match in analysis.matches:
        key = _citation_key(match.citation)
        if key not in best or match.score > best[key].score:
            best[key] = match
    papers: set[int] = set()
    for key, match in best.items():
        paper = None
        if match.card_id is None:
            paper = upsert_paper(session, clean_ref(match.paper, match.citation), now)
            session.flush()
            if paper is not None:
                papers.add(paper.id)
        session.add(
            MatchRow(
                citation_id=citation_ids[key],
                card_id=match.card_id,
                paper_id=paper.id if paper is not None else None,
                method=match.method,
                score=match.score,
                status=match.status,
                ambiguous=list(match.ambiguous),
            )
        )
    return papers


def _write_claims(session: Session, post_id: int, claims: Iterable[Claim]) -> dict[str, int]:
    """Update claims in place by span, add new ones, drop vanished ones; ids by claim digest."""
    wanted: dict[int, Claim] = {claim.span[0]: claim for claim in claims}
    stored = {
        row.span_start: row for row in session.scalars(select(ClaimRow).where(ClaimRow.post_id == post_id))
    }
    gone = [row.id for span, row in stored.items() if span not in wanted]
    if gone:
        # A reviewed flag outlives its claim (its verdict matters); open ones go with it.
        session.execute(
            update(FlagRow)
            .where(FlagRow.claim_id.in_(gone), FlagRow.status != "open")
            .values(claim_id=None)
            .execution_options(synchronize_session="fetch")
        )
        session.execute(
            delete(ClaimRow).where(ClaimRow.id.in_(gone)).execution_options(synchronize_session="fetch")
        )
    rows: dict[str, ClaimRow] = {}
    for span, claim in wanted.items():
        row = stored.get(span)
        if row is None:
            row = ClaimRow(post_id=post_id, span_start=span)
            session.add(row)
        row.text = claim.text
        row.span_end = claim.span[1]
        row.strength = claim.strength
        row.cites = list(claim.cites)
        row.topics = list(claim.topics)
        row.overstated = claim.overstated
        found = claim.attributes
        row.about = found.about if found else None
        row.attributed = found.attributed if found else None
        row.negated = found.negated if found else None
        row.question = found.question if found else None
        rows[_claim_digest(claim.text)] = row
    session.flush()
    return {digest: row.id for digest, row in rows.items()}


def _write_flags(
    session: Session, post_id: int, flags: Iterable[Flag], claim_ids: dict[str, int], now: datetime
) -> set[int]:
    """Upsert flags by key keeping status and note; drop open ones that no longer apply."""
    keep: set[str] = set()
    papers: set[int] = set()
    for flag in flags:
        paper_id = None
        ref_key = None
        if flag.paper is not None and flag.card_id is None:
            ref = clean_ref(flag.paper)
            ref_key = paper_key(ref)
            paper = upsert_paper(session, ref, now)
            session.flush()
            if paper is not None:
                paper_id = paper.id
                papers.add(paper.id)
        key = flag_key(post_id, flag, ref_key)
        if key in keep:
            continue
        keep.add(key)
        row = session.scalars(select(FlagRow).where(FlagRow.key == key)).first()
        if row is None:
            row = FlagRow(key=key, status="open", created_at=now)
            session.add(row)
        row.kind = flag.kind
        row.post_id = post_id
        row.claim_id = claim_ids.get(_claim_digest(flag.claim_text)) if flag.claim_text else None
        row.card_id = flag.card_id
        row.paper_id = paper_id
        row.reason = flag.reason
        row.updated_at = now
    stale = delete(FlagRow).where(FlagRow.post_id == post_id, FlagRow.status == "open")
    if keep:
        stale = stale.where(FlagRow.key.not_in(keep))
    session.execute(stale.execution_options(synchronize_session="fetch"))
    return papers


def _paper_refs(analysis: PostAnalysis) -> list[PaperRef]:
    """The uncovered papers an analysis will write, cleaned as ``_write_matches`` and
    ``_write_flags`` clean them."""
    refs = [clean_ref(m.paper, m.citation) for m in analysis.matches if m.card_id is None]
    refs.extend(clean_ref(f.paper) for f in analysis.flags if f.paper is not None and f.card_id is None)
    return refs


def _save_one(
    session: Session,
    post_id: int,
    analysis: PostAnalysis,
    version: str,
    now: datetime,
    atlas_version: str | None = None,
    digest: str | None = None,
    *,
    only_pending: bool = False,
) -> set[int] | None:
    """Write one analysis; the papers whose counts it moves, or None if the post is gone or
    already analysed at this version by another worker."""
    post = session.get(Post, post_id, populate_existing=only_pending)
    if post is None:
        return None
    if only_pending and post.analysed_at is not None and post.analysis_version == version:
        return None  # another worker saved this version first (SQLite has no row locks)
    _check(post_id, analysis, _known_cards(session, analysis))
    papers = paper_ids_for_posts(session, [post_id])
    citation_ids = _write_citations(session, post_id, analysis)
    papers |= _write_matches(session, analysis, citation_ids, now)
    claim_ids = _write_claims(session, post_id, analysis.claims)
    papers |= _write_flags(session, post_id, analysis.flags, claim_ids, now)
    post.post_type = analysis.post_type
    post.topics = list(analysis.topics)
    post.analysed_at = now
    post.analysis_version = version
    post.atlas_version = atlas_version
    post.match_digest = digest
    post.extracted = extraction_json(analysis.extracted)
    return papers


def save_analysis(
    session: Session,
    post_id: int,
    analysis: PostAnalysis,
    analysis_version: str,
    now: datetime | None = None,
    atlas_version: str | None = None,
) -> bool:
    """Store one post's analysis in place of any earlier one; False if the post was purged
    meanwhile (a source deleted it while it was being analysed)."""
    return save_analyses(session, [(post_id, analysis)], analysis_version, now, atlas_version) == 1


def save_analyses(
    session: Session,
    analyses: Iterable[tuple[int, PostAnalysis]],
    analysis_version: str,
    now: datetime | None = None,
    atlas_version: str | None = None,
    digests: Mapping[int, str] | None = None,
    *,
    only_pending: bool = False,
) -> int:
    """``save_analysis`` for a worker's whole claim of posts, recounting each touched paper once
    at the end instead of once per post. Returns how many posts were saved: a post purged
    meanwhile is skipped, and with ``only_pending`` so is one another worker already saved at
    this version (on SQLite two workers can claim the same post; the first save wins).
    ``atlas_version`` is the fingerprint of the cards the matches were made against;
    ``digests`` what each analysis's matching decided (so an unchanged re-match is skipped)."""
    when = now or clock.now()
    papers: set[int] = set()
    saved = 0
    analyses = list(analyses)
    take_write_lock(session)
    prepare_papers(
        session,
        [ref for _, analysis in analyses for ref in _paper_refs(analysis)],
        paper_ids_for_posts(session, [post_id for post_id, _ in analyses]),
        when,
    )
    for post_id, analysis in analyses:
        digest = digests.get(post_id) if digests else None
        touched = _save_one(
            session,
            post_id,
            analysis,
            analysis_version,
            when,
            atlas_version,
            digest,
            only_pending=only_pending,
        )
        if touched is not None:
            papers |= touched
            saved += 1
    refresh_paper_stats(session, papers)
    return saved


@dataclass(frozen=True, slots=True)
class UncoveredPaper:
    """One row of the editors' queue: a paper the community cites that no card covers."""

    id: int
    key: str
    doi: str | None
    pmid: str | None
    pmcid: str | None
    title: str | None
    first_author: str | None
    year: int | None
    mentions: int
    first_seen: datetime
    last_seen: datetime
    example_urls: tuple[str, ...]
    # An editor's mark ("queued" for the atlas, "not_relevant") and its note, if any.
    mark: str | None = None
    mark_note: str | None = None


def _covered_by_card() -> Exists:
    """True for a paper an atlas card now covers (the editors added it since it was cited)."""
    return exists().where(
        or_(
            and_(Paper.doi.is_not(None), func.lower(AtlasCardRow.doi) == Paper.doi),
            and_(Paper.pmid.is_not(None), AtlasCardRow.pmid == Paper.pmid),
            and_(Paper.pmcid.is_not(None), func.upper(AtlasCardRow.pmcid) == Paper.pmcid),
        )
    )


def _example_urls(session: Session, paper_ids: list[int], limit: int = 3) -> dict[int, tuple[str, ...]]:
    """Up to ``limit`` distinct post URLs per paper, newest first: one query for the whole page."""
    seen = func.coalesce(Post.created_at, Post.fetched_at)
    found: dict[int, list[str]] = {pid: [] for pid in paper_ids}
    for start in range(0, len(paper_ids), 500):
        rows = session.execute(
            select(MatchRow.paper_id, Post.url)
            .join(CitationRow, MatchRow.citation_id == CitationRow.id)
            .join(Post, CitationRow.post_id == Post.id)
            .where(
                MatchRow.paper_id.in_(paper_ids[start : start + 500]),
                Post.duplicate_of.is_(None),
                Post.url.is_not(None),
            )
            .order_by(MatchRow.paper_id, seen.desc(), Post.id.desc())
        )
        for paper_id, url in rows:
            urls = found.get(paper_id or 0, [])
            if url is not None and url not in urls and len(urls) < limit:
                urls.append(url)
    return {pid: tuple(urls) for pid, urls in found.items()}


def uncovered_papers(
    session: Session, limit: int | None = None, *, include_marked: bool = False, offset: int = 0
) -> list[UncoveredPaper]:
    """The editors' queue: most-cited first, then most recently cited.

    Papers an editor has marked (queued for the atlas, or not relevant) are decided, so they
    leave the queue unless ``include_marked`` asks for them.
    """
    query = (
        select(Paper, PaperMarkRow)
        .outerjoin(PaperMarkRow, PaperMarkRow.paper_id == Paper.id)
        .where(Paper.mention_count > 0, ~_covered_by_card())
        .order_by(Paper.mention_count.desc(), Paper.last_seen.desc(), Paper.id)
        .offset(offset)
    )
    if not include_marked:
        query = query.where(PaperMarkRow.paper_id.is_(None))
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.execute(query))
    examples = _example_urls(session, [paper.id for paper, _ in rows])
    return [
        UncoveredPaper(
            id=paper.id,
            key=paper.key,
            doi=paper.doi,
            pmid=paper.pmid,
            pmcid=paper.pmcid,
            title=paper.title,
            first_author=paper.first_author,
            year=paper.year,
            mentions=paper.mention_count,
            first_seen=paper.first_seen,
            last_seen=paper.last_seen,
            example_urls=examples[paper.id],
            mark=mark.mark if mark else None,
            mark_note=mark.note if mark else None,
        )
        for paper, mark in rows
    ]


def count_uncovered(session: Session, *, include_marked: bool = False) -> int:
    query = (
        select(func.count(Paper.id))
        .outerjoin(PaperMarkRow, PaperMarkRow.paper_id == Paper.id)
        .where(Paper.mention_count > 0, ~_covered_by_card())
    )
    if not include_marked:
        query = query.where(PaperMarkRow.paper_id.is_(None))
    return int(session.scalar(query) or 0)


def open_flags(session: Session, kind: str | None = None) -> list[FlagRow]:
    """The moderators' queue: flags nobody has reviewed yet, oldest first."""
    query = select(FlagRow).where(FlagRow.status == "open").order_by(FlagRow.created_at, FlagRow.id)
    if kind is not None:
        query = query.where(FlagRow.kind == kind)
    return list(session.scalars(query))


def set_flag_status(
    session: Session, flag_id: int, status: str, note: str | None = None, now: datetime | None = None
) -> FlagRow:
    """A moderator's verdict (and note) on a flag; re-analysis keeps it."""
    if status not in FLAG_STATUSES:
        raise StorageError(f"flag {flag_id}: status {status!r} is not one of {FLAG_STATUSES}")
    row = session.get(FlagRow, flag_id)
    if row is None:
        raise StorageError(f"flag {flag_id} does not exist")
    row.status = status
    if note is not None:
        row.moderator_note = note
    row.updated_at = now or clock.now()
    return row
