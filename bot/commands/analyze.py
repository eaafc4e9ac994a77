"""``digestbot analyze-file``: the scoring contract, posts in, one reading per post out.

Stateless on purpose (no database): the same command scores dev sets, unseen test sets and a
moderator's pasted export, and its output is exactly what ``shared/eval/score.py`` reads.
A malformed post line is reported as ``file:line: reason`` and the others are still analysed;
the exit status says afterwards that something was skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from bot.atlas.importer import read_atlas
from bot.commands.common import state
from bot.errors import InputError, one_input_fault
from bot.evidence.analyze import Analyzer
from bot.evidence.match import is_unresolved
from bot.evidence.types import Match, PostAnalysis

# Posts read per batched encoder run (the analyse stage's batch size): big enough for full
# length-sorted batches, small enough that memory stays flat on a large file.
PREFETCH_POSTS = 100


def paper_json(match: Match) -> dict[str, Any]:
    p = match.paper
    return {
        "atlas_id": match.card_id,
        "doi": p.doi,
        "pmid": p.pmid,
        "pmcid": p.pmcid,
        "title": p.title,
        "first_author": p.first_author,
        "year": p.year,
        "url": p.url,
        "method": match.method,
        "confidence": match.score,
        "status": match.status,
    }


def analysis_json(analysis: PostAnalysis) -> dict[str, Any]:
    """One output line in score.py's layout, plus what moderators need (unresolved, flags)."""
    papers = [paper_json(m) for m in analysis.matches if not is_unresolved(m)]
    unresolved = [
        {"citation": m.citation.value, "kind": m.citation.kind, "candidates": list(m.ambiguous)}
        for m in analysis.matches
        if is_unresolved(m)
    ]
    return {
        "id": analysis.post_id,
        "post_type": analysis.post_type,
        "topics": list(analysis.topics),
        "papers": papers,
        "unresolved": unresolved,
        "claims": [
            {
                "text": c.text,
                "strength": c.strength,
                "cites": list(c.cites),
                "overstated": c.overstated,
                "reason": c.overstated_reason,
            }
            for c in analysis.claims
        ],
        "flags": [
            {"kind": f.kind, "reason": f.reason, "claim": f.claim_text, "atlas_id": f.card_id}
            for f in analysis.flags
        ],
    }


def _post(line: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    if not isinstance(data.get("id"), str | int) or str(data.get("id")).strip() == "":
        raise InputError(f"{where}: missing 'id'")
    for key in ("title", "body", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"{where}: '{key}' must be a string")
    if not (data.get("body") or data.get("title")):
        raise InputError(f"{where}: post has neither 'title' nor 'body'")
    return data


def analyze_file(
    ctx: typer.Context,
    posts: Path = typer.Argument(..., help="Posts as JSON lines: id, title, body, url."),
    atlas: list[Path] = typer.Option(..., "--atlas", help="Atlas export: JSON lines, BibTeX or card pages."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write one JSON reading per post."),
) -> None:
    """Analyse a posts file against an atlas, without a database, for scoring."""
    if not output.parent.is_dir():  # say so before any work, not after the whole analysis
        raise InputError(f"{output}: folder {output.parent} does not exist")
    read = read_atlas(atlas)
    for error in read.errors:
        print(f"warning: {error}", file=sys.stderr)
    analyzer = Analyzer(read.cards, state(ctx).settings)  # the analyse stage's own settings and path
    try:
        lines = posts.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{posts}: posts file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{posts}: cannot read ({exc})") from None
    bad = 0
    good: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            good.append(_post(line, f"{posts}:{number}"))
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            bad += 1
    written = failed = 0
    debug = bool(ctx.find_root().params.get("debug"))
    with output.open("w", encoding="utf-8") as out:
        for start in range(0, len(good), PREFETCH_POSTS):
            chunk = good[start : start + PREFETCH_POSTS]
            analyzer.prefetch([(p.get("title") or "", p.get("body") or "") for p in chunk])
            for post in chunk:
                url = post.get("url") or ""
                try:
                    analysis = analyzer.analyze(
                        str(post["id"]),
                        post.get("title") or "",
                        post.get("body") or "",
                        links=(url,) if url else (),
                    )
                except Exception as exc:
                    # A fault one post's text triggers must not cost the other posts their
                    # readings: name the post, skip it, and fail the run at the end.
                    line = one_input_fault(exc, debug)
                    print(
                        f"error: {posts}: post {post['id']}: {line} "
                        "(skipped; run with --debug for the traceback)",
                        file=sys.stderr,
                    )
                    failed += 1
                    continue
                out.write(json.dumps(analysis_json(analysis), ensure_ascii=False) + "\n")
                written += 1
    print(f"analysed {written} posts against {len(read.cards)} cards -> {output}", file=sys.stderr)
    if bad:
        print(f"error: {bad} malformed post line(s) skipped", file=sys.stderr)
    if failed:
        print(f"error: {failed} post(s) could not be analysed and were skipped", file=sys.stderr)
    if bad or failed:
        raise typer.Exit(1)
