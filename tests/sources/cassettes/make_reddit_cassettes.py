"""Writes the Reddit cassettes that PRAW's recordings lack, in the same Betamax format.

Run from the project root: ``.venv/bin/python tests/sources/cassettes/make_reddit_cassettes.py``.
The output is committed; this script is kept so a reviewer can see (and redo) how it was made.

* ``mecfs.three_passes.json``: an invented, ME/CFS-flavoured r/mecfs. Pass 1 lists three
  submissions (one removed by a moderator), one comment tree with a deleted comment, a
  depth-4 reply and a "load more comments" stub; pass 2 re-checks the stored ids (a comment
  and a link post have since been deleted/removed) and finds one new submission; pass 3 finds
  nothing new. Usernames are invented; the tests prove none of them is stored.
* ``mecfs.crash_resume.json``: pass 1 again, then the requests of a restart after a crash
  that committed only the first two batches.
* ``mecfs.check.json``: the one-item listing ``sources check`` asks for.
* ``ratelimit.mecfs_429.json``: a 429 with ``Retry-After: 1``, then the listing.
* ``ratelimit.mecfs_429_long.json``: a 429 asking for a 3600 s wait, longer than we accept.
* ``errors.ferguson_new_403.json`` and ``errors.announcements_new_404.json``: the 403 and 404
  responses recorded by PRAW (quarantine opt-out and non-public traffic), copied verbatim,
  answering the ``/new`` listing this collector asks for instead of ``/hot`` and ``/about/traffic``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "reddit-cassettes"
OAUTH = "https://oauth.reddit.com"
T0 = 1_767_000_000.0  # late December 2025
RECORDED = "2025-12-29T10:00:00"
JSON_HEADERS = {"Content-Type": ["application/json; charset=UTF-8"], "x-content-type-options": ["nosniff"]}


def interaction(
    method: str, uri: str, status: int, body: Any, headers: dict[str, list[str]] | None = None
) -> dict:
    text = body if isinstance(body, str) else json.dumps(body)
    return {
        "recorded_at": RECORDED,
        "request": {
            "body": {"encoding": "utf-8", "string": ""},
            "headers": {"Accept": ["*/*"], "User-Agent": ["<USER_AGENT> PRAW/7.7.1 prawcore/2.4.0"]},
            "method": method,
            "uri": uri,
        },
        "response": {
            "body": {"encoding": "UTF-8", "string": text},
            "headers": headers or JSON_HEADERS,
            "status": {"code": status, "message": {200: "OK", 429: "Too Many Requests"}.get(status, "")},
            "url": uri,
        },
    }


def token() -> dict:
    body = {"access_token": "<ACCESS_TOKEN>", "token_type": "bearer", "expires_in": 3600, "scope": "*"}
    return interaction("POST", "https://www.reddit.com/api/v1/access_token", 200, body)


def listing(children: list[dict]) -> dict:
    return {"kind": "Listing", "data": {"modhash": "", "children": children, "after": None, "before": None}}


def md(*paragraphs: str) -> str:
    return (
        '<!-- SC_OFF --><div class="md">'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</div><!-- SC_ON -->"
    )


def submission(sid: str, minutes: int, title: str, author: str, **extra: Any) -> dict:
    data = {
        "id": sid,
        "name": f"t3_{sid}",
        "subreddit": "mecfs",
        "title": title,
        "author": author,
        "created_utc": T0 + 60 * minutes,
        "permalink": f"/r/mecfs/comments/{sid}/{title.lower().replace(' ', '_')[:40]}/",
        "score": 12,
        "num_comments": 0,
        "is_self": True,
        "selftext": "",
        "selftext_html": None,
        "url": f"https://www.reddit.com/r/mecfs/comments/{sid}/",
        "removed_by_category": None,
        "stickied": False,
        "over_18": False,
    }
    data.update(extra)
    return {"kind": "t3", "data": data}


def comment(
    cid: str, minutes: int, parent: str, author: str, body: str, html: str, replies: list[dict]
) -> dict:
    return {
        "kind": "t1",
        "data": {
            "id": cid,
            "name": f"t1_{cid}",
            "link_id": "t3_mc0003",
            "parent_id": parent,
            "subreddit": "mecfs",
            "author": author,
            "body": body,
            "body_html": html,
            "created_utc": T0 + 60 * minutes,
            "permalink": f"/r/mecfs/comments/mc0003/_/{cid}/",
            "score": 3,
            "replies": listing(replies) if replies else "",
        },
    }


LDN = submission(
    "mc0003",
    30,
    "Low-dose naltrexone after 3 months: what I noticed",
    "pacing_penguin",
    num_comments=5,
    selftext="Started LDN in September. Small trial here: https://pubmed.ncbi.nlm.nih.gov/32000000/ "
    "and see the r/cfs wiki.",
    selftext_html=md(
        'Started LDN in September. Small trial here: <a href="https://pubmed.ncbi.nlm.nih.gov/32000000/">'
        "https://pubmed.ncbi.nlm.nih.gov/32000000/</a>",
        'and see the <a href="/r/cfs/wiki">r/cfs wiki</a>.',
    ),
)
NEWS = submission(
    "mc0002",
    20,
    "New NIH study on post-exertional malaise",
    "crash_recovery_42",
    is_self=False,
    url="https://www.example-news.org/health/pem-study-2025",
)
REMOVED = submission(
    "mc0001",
    10,
    "Miracle cure, DM me",
    "[deleted]",
    selftext="[removed]",
    removed_by_category="moderator",
)
NEW_AFTER = submission(
    "mc0004",
    90,
    "Pacing with a heart-rate monitor",
    "hr_watcher",
    selftext="Keeping under my anaerobic threshold helped with PEM.",
    selftext_html=md("Keeping under my anaerobic threshold helped with PEM."),
)

C4 = comment("mcc4", 45, "t1_mcc3", "deep_replier", "Fourth level down.", md("Fourth level down."), [])
C3 = comment(
    "mcc3",
    44,
    "t1_mcc2",
    "reply_to_gone",
    "Replying to a deleted comment.",
    md("Replying to a deleted comment."),
    [C4],
)
C2 = comment("mcc2", 40, "t1_mcc1", "[deleted]", "[deleted]", md("[deleted]"), [C3])
C1 = comment(
    "mcc1",
    35,
    "t3_mc0003",
    "brainfog_bee",
    "The trial is tiny though (n=40), see https://doi.org/10.1000/xyz123",
    md('The trial is tiny though (n=40), see <a href="https://doi.org/10.1000/xyz123">the paper</a>'),
    [C2],
)
C5 = comment(
    "mcc5", 50, "t3_mc0003", "late_commenter", "Same experience here.", md("Same experience here."), []
)
MORE = {
    "kind": "more",
    "data": {
        "count": 1,
        "name": "t1_mcc5",
        "id": "mcc5",
        "parent_id": "t3_mc0003",
        "depth": 0,
        "children": ["mcc5"],
    },
}


def gone_comment(c: dict) -> dict:
    data = dict(c["data"], body="[deleted]", body_html=md("[deleted]"), author="[deleted]", replies="")
    return {"kind": "t1", "data": data}


def removed_submission(s: dict) -> dict:
    return {"kind": "t3", "data": dict(s["data"], removed_by_category="moderator")}


def flat(c: dict) -> dict:
    return {"kind": "t1", "data": dict(c["data"], replies="")}


def mecfs() -> dict:
    info_1 = "t3_mc0003,t1_mcc1,t1_mcc3,t1_mcc5,t3_mc0002"
    info_2 = "t3_mc0004,t3_mc0003,t1_mcc1,t1_mcc5"
    return {
        "recorded_with": "tests/sources/cassettes/make_reddit_cassettes.py (authored, not recorded)",
        "recorded_at": RECORDED,
        "version": 1,
        "interactions": [
            token(),
            # pass 1
            interaction(
                "GET", f"{OAUTH}/r/mecfs/new?limit=100&raw_json=1", 200, listing([LDN, NEWS, REMOVED])
            ),
            interaction(
                "GET",
                f"{OAUTH}/comments/mc0003/?limit=2048&sort=confidence&raw_json=1",
                200,
                [listing([LDN]), listing([C1, MORE])],
            ),
            interaction(
                "POST",
                f"{OAUTH}/api/morechildren/?raw_json=1",
                200,
                {"json": {"errors": [], "data": {"things": [flat(C5)]}}},
            ),
            # pass 2: mcc3 deleted by its author, the news post removed by a moderator since
            interaction(
                "GET",
                f"{OAUTH}/api/info/?id={info_1}&raw_json=1",
                200,
                listing([LDN, flat(C1), gone_comment(C3), flat(C5), removed_submission(NEWS)]),
            ),
            interaction(
                "GET", f"{OAUTH}/r/mecfs/new?before=t3_mc0003&limit=100&raw_json=1", 200, listing([NEW_AFTER])
            ),
            # pass 3: nothing deleted, nothing new
            interaction(
                "GET",
                f"{OAUTH}/api/info/?id={info_2}&raw_json=1",
                200,
                listing([NEW_AFTER, LDN, flat(C1), flat(C5)]),
            ),
            interaction(
                "GET", f"{OAUTH}/r/mecfs/new?before=t3_mc0004&limit=100&raw_json=1", 200, listing([])
            ),
        ],
    }


def crash_resume() -> dict:
    """Pass 1 as in ``mecfs()``; then, after a crash that kept only the first two batches, the
    restart re-checks what was stored and polls after the news post it ended on."""
    passes = mecfs()["interactions"][:4]
    return {
        "recorded_with": "tests/sources/cassettes/make_reddit_cassettes.py (authored, not recorded)",
        "recorded_at": RECORDED,
        "version": 1,
        "interactions": [
            *passes,
            interaction("GET", f"{OAUTH}/api/info/?id=t3_mc0002&raw_json=1", 200, listing([NEWS])),
            interaction(
                "GET", f"{OAUTH}/r/mecfs/new?before=t3_mc0002&limit=100&raw_json=1", 200, listing([LDN])
            ),
        ],
    }


def check() -> dict:
    uri = f"{OAUTH}/r/mecfs/new?limit=1&raw_json=1"
    return {
        "recorded_at": RECORDED,
        "version": 1,
        "interactions": [token(), interaction("GET", uri, 200, listing([LDN]))],
    }


def ratelimited(retry_after: str) -> dict:
    headers = {"Content-Type": ["application/json; charset=UTF-8"], "Retry-After": [retry_after]}
    too_many = interaction(
        "GET",
        f"{OAUTH}/r/mecfs/new?limit=100&raw_json=1",
        429,
        {"message": "Too Many Requests", "error": 429},
        headers,
    )
    ok = interaction("GET", f"{OAUTH}/r/mecfs/new?limit=100&raw_json=1", 200, listing([NEW_AFTER]))
    return {"recorded_at": RECORDED, "version": 1, "interactions": [token(), too_many, ok]}


def moved(source: str, index: int, new_uri: str) -> dict:
    data = json.loads((SHARED / source).read_text(encoding="utf-8"))
    token_call, original = data["interactions"][0], data["interactions"][index]
    copy = json.loads(json.dumps(original))
    copy["request"]["uri"] = new_uri
    copy["response"]["url"] = new_uri
    return {
        "recorded_with": f"response copied from {source} (PRAW's cassette), request moved to /new",
        "recorded_at": data["recorded_at"],
        "version": 1,
        "interactions": [token_call, copy],
    }


def main() -> None:
    outputs = {
        "mecfs.three_passes.json": mecfs(),
        "mecfs.crash_resume.json": crash_resume(),
        "mecfs.check.json": check(),
        "ratelimit.mecfs_429.json": ratelimited("1"),
        "ratelimit.mecfs_429_long.json": ratelimited("3600"),
        "errors.ferguson_new_403.json": moved(
            "TestSubredditQuarantine.test_opt_out.json", 2, f"{OAUTH}/r/ferguson/new?raw_json=1&limit=100"
        ),
        "errors.announcements_new_404.json": moved(
            "TestSubreddit.test_traffic__not_public.json",
            1,
            f"{OAUTH}/r/announcements/new?raw_json=1&limit=100",
        ),
    }
    for name, data in outputs.items():
        (HERE / name).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
