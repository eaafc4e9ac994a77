"""A read-only praw client, and the one place praw's exceptions become ours.

Why a guard around every call rather than a try/except in the source: praw and prawcore
raise a dozen exception classes, from both sides of the wire (prawcore's are Reddit's answer
or the network, praw's ``ClientException`` is ours). The source must turn any of them into a
one-line ``SourceError`` naming the subreddit, and prawcore does not retry a 429 at all, so
the wait for ``Retry-After`` lives here too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import praw
import prawcore
from praw.exceptions import PRAWException, RedditAPIException

from bot import clock
from bot.errors import SourceError, SourceNotConfigured

T = TypeVar("T")

CREDENTIAL_VARS = ("REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET", "REDDIT_USER_AGENT")


def make_reddit(
    source: str,
    *,
    urls: Mapping[str, str],
    timeout: float,
    environ: Mapping[str, str] | None = None,
) -> praw.Reddit:
    """A read-only praw client with app credentials from the environment (never config.yaml).

    ``urls`` may override ``oauth_url``, ``reddit_url`` and ``short_url`` (tests point them at a
    replay server on 127.0.0.1; prawcore accepts plain http there).
    """
    env = os.environ if environ is None else environ
    missing = [name for name in CREDENTIAL_VARS if not env.get(name)]
    if missing:
        raise SourceNotConfigured(source, f"set the environment variable(s) {', '.join(missing)}")
    settings: dict[str, Any] = {
        "client_id": env["REDDIT_CLIENT_ID"],
        "client_secret": env["REDDIT_CLIENT_SECRET"],
        "user_agent": env["REDDIT_USER_AGENT"],
        "check_for_updates": False,
        "timeout": max(1, round(timeout)),
        **urls,
    }
    try:
        reddit = praw.Reddit(**settings)
    except (PRAWException, prawcore.PrawcoreException) as exc:
        raise SourceNotConfigured(source, f"cannot set up the Reddit client: {_one_line(str(exc))}") from None
    reddit.read_only = True
    return reddit


class Guard:
    """Runs one praw call, waiting out 429s, and names the subreddit in any failure.

    ``sleep`` is injectable so tests can see the wait without spending it.
    """

    def __init__(
        self,
        source: str,
        *,
        retries: int,
        max_wait: float,
        backoff_base: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.source = source
        self.retries = retries
        self.max_wait = max_wait
        self.backoff_base = backoff_base
        self.sleep = sleep

    def call(self, where: str, fn: Callable[[], T]) -> T:
        """``fn()`` (which must be safe to repeat), or SourceError("<source>: <where>: <why>")."""
        attempt = 0
        while True:
            try:
                return fn()
            except prawcore.TooManyRequests as exc:
                wait = retry_after_seconds(exc.retry_after)
                if wait is None:
                    wait = self.backoff_base * 2**attempt
                if attempt >= self.retries or wait > self.max_wait:
                    told = f"HTTP 429, Retry-After {exc.retry_after or 'none'}"
                    raise SourceError(self.source, f"{where}: rate limited ({told})") from None
                self.sleep(wait)
                attempt += 1
            except (prawcore.PrawcoreException, PRAWException) as exc:
                raise SourceError(self.source, f"{where}: {describe(exc)}") from None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - clock.now()).total_seconds())


def describe(exc: BaseException) -> str:
    """One calm line for a praw/prawcore failure: status and path for HTTP answers, never a body
    of HTML (Reddit answers some errors with a whole page)."""
    if isinstance(exc, RedditAPIException) and isinstance(exc.__cause__, prawcore.ResponseException):
        exc = exc.__cause__
    if isinstance(exc, prawcore.ResponseException):
        response = exc.response
        kind = response.headers.get("content-type", "").split(";")[0] or "no content type"
        path = response.request.path_url.split("?")[0] if response.request is not None else "?"
        return f"HTTP {response.status_code} {response.reason or ''} ({kind}) for {path}".replace("  ", " ")
    if isinstance(exc, prawcore.RequestException):
        return f"request failed: {_one_line(str(exc.original_exception))}"
    name = type(exc).__name__
    return f"{name}: {_one_line(str(exc))[:200]}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
