"""The one polite HTTP layer every collector fetches through.

Why one layer: politeness is only real if nothing can bypass it. Every request, whoever makes
it, carries our User-Agent with a contact, waits its turn per host (``per_host_interval`` or
the site's ``Crawl-delay``, whichever is longer), asks robots.txt first, retries what is worth
retrying (429, 5xx, timeouts, dropped connections) with exponential backoff and jitter while
honouring ``Retry-After``, and reads at most ``max_bytes`` of a body so a 50 MB page cannot eat
the memory. Every hop obeys the one URL policy (``sources.url_policy``): checked before each
request and redirect, and against the address each connection reached (``sources.http_guard``),
and every request has a total deadline (connect plus all reads, ``total_timeout``) so a
server dripping bytes cannot hold a run. Paths and ``file:`` URLs are read from disk, only in
the folders of configured sources, so the bundled samples work offline.

Errors are ``SourceError(host_or_path, one line)``; a final 4xx/5xx is an ``HttpStatusError``
carrying the status, so the article fetcher can record a dead link rather than crash.
"""

from __future__ import annotations

import mimetypes
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import requests

from bot import clock
from bot.config import HttpSettings
from bot.errors import SourceError
from sources.charset import decode_body
from sources.http_guard import CheckedAdapter, RequestGuard, guarded
from sources.robots import RobotsRules
from sources.url_policy import Authority, UrlPolicy, UrlRefused, is_local

if TYPE_CHECKING:
    from bot.config import Settings

_CHUNK = 65536
_MAX_REDIRECTS = 10
_MAX_CRAWL_DELAY = 60.0
_REDIRECTS = {301, 302, 303, 307, 308}


class HttpStatusError(SourceError):
    """The server's final answer was an error status (after any retries)."""

    def __init__(self, source: str, message: str, status: int) -> None:
        super().__init__(source, message)
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched document. ``headers`` keys are lower-case; ``body`` is already decompressed."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    text: str
    encoding: str | None
    not_modified: bool = False
    truncated: bool = False
    elapsed: float = 0.0


@dataclass(slots=True)
class _Attempt:
    """Why one try failed and how long the server asked us to wait (None = our backoff)."""

    reason: str
    status: int | None = None
    retry_after: float | None = None


@dataclass(slots=True)
class _HostState:
    last_request: float | None = None
    robots: RobotsRules | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Retry(Exception):
    def __init__(self, attempt: _Attempt) -> None:
        super().__init__(attempt.reason)
        self.attempt = attempt


def host_of(url: str) -> str:
    """``host:port`` for messages: never the userinfo, which may hold a password."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


def default_policy(settings: HttpSettings, base_dir: Path | None) -> UrlPolicy:
    """For a client built without the whole config: ``allow_hosts`` only, and local files only
    under the ``base_dir`` it was given."""
    return UrlPolicy(
        tuple(Authority.of_entry(e) for e in settings.allow_hosts),
        (base_dir.resolve(),) if base_dir is not None else (),
        base_dir or Path.cwd(),
    )


class HttpClient:
    """Fetches documents politely; one instance per collect run shares robots and rate state."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        policy: UrlPolicy | None = None,
        base_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self.base_dir = base_dir or Path.cwd()
        self.policy = (policy or default_policy(settings, base_dir)).with_base(self.base_dir)
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self._hosts: dict[str, _HostState] = {}
        self._hosts_lock = threading.Lock()
        self._session = requests.Session()
        # A proxy would connect for us, out of reach of the connected-address check.
        self._session.trust_env = False
        # Our own retry loop decides; urllib3 must not retry behind our back.
        self._session.mount("http://", CheckedAdapter())
        self._session.mount("https://", CheckedAdapter())

    @classmethod
    def for_settings(cls, settings: Settings, *, also: Iterable[str] = (), **kwargs: object) -> HttpClient:
        """The client for a whole configuration: its sources' own hosts are trusted (``also``:
        the URLs of a source built on its own, outside ``settings.sources``)."""
        policy = UrlPolicy.from_settings(settings, also=also)
        return cls(settings.http, policy=policy, base_dir=settings.base_dir, **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        within: str | None = None,
    ) -> FetchResult:
        """GET ``url`` (or read a local path); conditional when validators are given.

        ``within``: a configured forum URL this fetch (and every redirect) must stay on.
        Raises ``UrlRefused`` (a SourceError) for what the URL policy refuses.
        """
        if within is not None:
            self.policy.check_within(url, within)
        if is_local(url):
            return self._read_local(url)
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"}
        if accept:
            headers["Accept"] = accept
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = self._clock()
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            self.policy.check_web(current)
            if within is not None:
                self.policy.check_within(current, within)
            self._check_robots(current)
            status, resp_headers, body, truncated = self._get_with_retries(current, headers)
            location = resp_headers.get("location")
            if status in _REDIRECTS and location:
                current = urljoin(current, location)
                continue
            return self._result(url, current, status, resp_headers, body, truncated, started)
        raise SourceError(host_of(url), f"{url}: more than {_MAX_REDIRECTS} redirects")

    # -- results --------------------------------------------------------------------------

    def _result(
        self,
        url: str,
        final_url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        truncated: bool,
        started: float,
    ) -> FetchResult:
        elapsed = self._clock() - started
        if status == 304:
            return FetchResult(url, final_url, 304, headers, b"", "", None, True, False, elapsed)
        if status >= 400:
            raise HttpStatusError(host_of(url), f"{final_url}: HTTP {status}", status)
        text, encoding = decode_body(body, headers.get("content-type"))
        return FetchResult(url, final_url, status, headers, body, text, encoding, False, truncated, elapsed)

    def _read_local(self, url: str) -> FetchResult:
        path = self.policy.check_local(url)
        started = self._clock()
        try:
            with path.open("rb") as fh:
                body = fh.read(self.settings.max_bytes + 1)
        except FileNotFoundError:
            raise SourceError(str(path), "file not found") from None
        except OSError as exc:
            raise SourceError(str(path), f"cannot read ({exc.strerror or exc})") from None
        truncated = len(body) > self.settings.max_bytes
        body = body[: self.settings.max_bytes]
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"content-type": ctype, "content-length": str(len(body))}
        text, encoding = decode_body(body, None)
        elapsed = self._clock() - started
        return FetchResult(
            url, path.absolute().as_uri(), 200, headers, body, text, encoding, False, truncated, elapsed
        )

    # -- politeness -----------------------------------------------------------------------

    def _host(self, url: str) -> _HostState:
        key = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
        with self._hosts_lock:
            return self._hosts.setdefault(key, _HostState())

    def _wait_turn(self, url: str, extra_delay: float | None = None) -> None:
        state = self._host(url)
        interval = max(self.settings.per_host_interval, min(extra_delay or 0.0, _MAX_CRAWL_DELAY))
        with state.lock:
            if state.last_request is not None:
                wait = state.last_request + interval - self._clock()
                if wait > 0:
                    self._sleep(wait)
            state.last_request = self._clock()

    def _check_robots(self, url: str) -> None:
        if not self.settings.respect_robots:
            return
        state = self._host(url)
        if state.robots is None:
            robots_url = urljoin(url, "/robots.txt")
            try:
                status, headers, body, _ = self._get_with_retries(
                    robots_url, {"User-Agent": self.settings.user_agent}, crawl_delay=False
                )
                text, _enc = decode_body(body, headers.get("content-type"))
                state.robots = RobotsRules.from_response(status, text)
            except SourceError as exc:
                state.robots = RobotsRules.closed(f"robots.txt unreachable ({exc})")
        if not state.robots.allows(url, self.settings.user_agent):
            why = state.robots.unreachable
            detail = f"{why}; RFC 9309 says assume all is disallowed" if why else "blocked by robots.txt"
            raise SourceError(host_of(url), f"{url}: {detail}")

    def _crawl_delay(self, url: str) -> float | None:
        robots = self._host(url).robots
        return robots.crawl_delay(self.settings.user_agent) if robots is not None else None

    # -- the retry loop -------------------------------------------------------------------

    def _get_with_retries(
        self, url: str, headers: dict[str, str], *, crawl_delay: bool = True
    ) -> tuple[int, dict[str, str], bytes, bool]:
        attempts = self.settings.retries + 1
        last: _Attempt | None = None
        for attempt in range(attempts):
            if last is not None:
                self._sleep(self._delay(url, attempt, last))
            self._wait_turn(url, self._crawl_delay(url) if crawl_delay else None)
            try:
                return self._get_once(url, headers)
            except _Retry as retry:
                last = retry.attempt
        assert last is not None
        message = f"{url}: {last.reason} (gave up after {attempts} attempts)"
        if last.status is not None:
            raise HttpStatusError(host_of(url), message, last.status)
        raise SourceError(host_of(url), message)

    def _delay(self, url: str, attempt: int, last: _Attempt) -> float:
        if last.retry_after is not None:
            if last.retry_after > self.settings.max_retry_after:
                when = (clock.now() + timedelta(seconds=last.retry_after)).strftime("%Y-%m-%d %H:%M:%SZ")
                raise SourceError(
                    host_of(url),
                    f"{url}: {last.reason}; server asks to wait {last.retry_after:.0f} s, longer than "
                    f"max_retry_after {self.settings.max_retry_after:.0f} s: retry after {when}",
                )
            return last.retry_after
        # Full exponential step with ±50 % jitter so many clients do not retry in lockstep.
        step = self.settings.backoff_base * (2 ** (attempt - 1))
        return float(step * (0.5 + self._rng()))

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, bool]:
        """One request under the URL policy and the total deadline. A request that ran out of
        time is not retried: a server that drips bytes would only do it again."""
        with guarded(self.policy, self.settings.total_timeout) as guard:
            try:
                outcome = self._exchange(url, headers)
            except Exception as exc:
                if guard.expired and not isinstance(exc, UrlRefused):
                    raise self._deadline(url, guard) from None
                raise
            if guard.expired:  # a body without a length ends "normally" when its socket is shut
                raise self._deadline(url, guard)
            return outcome

    def _deadline(self, url: str, _guard: RequestGuard) -> SourceError:
        total = self.settings.total_timeout
        return SourceError(
            host_of(url),
            f"{url}: no complete answer within total_timeout {total:g} s (connect and all reads)",
        )

    def _exchange(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, bool]:
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            resp = self._session.get(
                url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )
        except requests.Timeout:
            raise _Retry(_Attempt(f"timed out (connect {timeout[0]} s, read {timeout[1]} s)")) from None
        except requests.ConnectionError as exc:
            raise _Retry(_Attempt(f"connection failed ({_short(exc)})")) from None
        except requests.RequestException as exc:
            raise SourceError(host_of(url), f"{url}: request failed ({_short(exc)})") from None
        with resp:
            resp_headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code == 429 or resp.status_code >= 500:
                raise _Retry(
                    _Attempt(
                        f"HTTP {resp.status_code}",
                        resp.status_code,
                        _retry_after(resp_headers.get("retry-after")),
                    )
                )
            body, truncated = self._read_body(url, resp)
        return resp.status_code, resp_headers, body, truncated

    def _read_body(self, url: str, resp: requests.Response) -> tuple[bytes, bool]:
        """Stream at most max_bytes (after decompression, so a gzip bomb is capped too)."""
        limit = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    return b"".join(chunks)[:limit], True
        except requests.exceptions.ContentDecodingError:
            raise SourceError(host_of(url), f"{url}: body is not valid gzip/deflate") from None
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as exc:
            why = f"connection dropped mid-body after {size} bytes ({_short(exc)})"
            raise _Retry(_Attempt(why)) from None
        except requests.Timeout:
            raise _Retry(_Attempt(f"read timed out mid-body after {size} bytes")) from None
        return b"".join(chunks), False


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - clock.now()).total_seconds())


def _short(exc: BaseException) -> str:
    """The innermost cause of a requests error, without urllib3's object reprs."""
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    text = str(exc).split(": ", 1)[-1] if "object at 0x" in str(exc) else str(exc)
    return (text or type(exc).__name__)[:160]
