"""The socket end of the URL policy and of the total deadline, for ``sources.http``.

Why at the socket: a host name is checked before a request, but the resolver may answer
differently a moment later when urllib3 connects (DNS rebinding), so the address a connection
actually reached is checked again here, before a byte is sent. And per-read timeouts cannot
stop a server that sends one byte every few seconds for ever, so each request gets a watchdog
that shuts its sockets down when the total deadline (connect plus all reads) passes; the read
that was waiting then fails and the client reports the deadline, not a dropped connection.

The guard for the request in progress lives in a thread-local: urllib3 opens and reuses
connections on the calling thread, deep inside requests, where no argument can reach.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from sources.url_policy import UrlPolicy, UrlRefused

_local = threading.local()


class RequestGuard:
    """One request's policy and deadline, and duplicates of the sockets it uses.

    Duplicates (not the sockets themselves) so the watchdog can shut a connection down even
    after TLS has wrapped (and detached) the original socket object, and can never touch a
    descriptor number that was closed and reused by someone else.
    """

    def __init__(self, policy: UrlPolicy) -> None:
        self.policy = policy
        self.expired = False
        self._dups: list[socket.socket] = []
        self._lock = threading.Lock()

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        try:
            dup = socket.fromfd(sock.fileno(), sock.family, sock.type)
        except (OSError, ValueError):
            return
        with self._lock:
            self._dups.append(dup)
            if self.expired:
                _shutdown(dup)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for dup in self._dups:
                _shutdown(dup)

    def release(self) -> None:
        with self._lock:
            for dup in self._dups:
                dup.close()
            self._dups.clear()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by its owner: nothing left to stop
        sock.shutdown(socket.SHUT_RDWR)


def current() -> RequestGuard | None:
    guard: RequestGuard | None = getattr(_local, "guard", None)
    return guard


@contextmanager
def guarded(policy: UrlPolicy, seconds: float) -> Iterator[RequestGuard]:
    """Run one request under ``policy`` with a watchdog firing after ``seconds``."""
    guard = RequestGuard(policy)
    _local.guard = guard
    timer = threading.Timer(seconds, guard.expire)
    timer.daemon = True
    timer.start()
    try:
        yield guard
    finally:
        timer.cancel()
        _local.guard = None
        guard.release()


class _Checked:
    """Mixin for urllib3 connections: check the peer on connect, enlist sockets in the guard."""

    host: str
    port: int
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        guard = current()
        if guard is not None:
            try:
                guard.policy.check_peer(self.host, self.port, str(sock.getpeername()[0]))
            except UrlRefused:
                sock.close()
                raise
            guard.attach(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        guard = current()
        if guard is not None:
            guard.attach(self.sock)  # a kept-alive connection: opened by an earlier request
        super().request(*args, **kwargs)  # type: ignore[misc]


class _CheckedHTTPConnection(_Checked, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_Checked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class CheckedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with the checked connections and no retries of its own."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


__all__ = ["CheckedAdapter", "RequestGuard", "current", "guarded"]
