"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives: the `smtp_server` fixture."""

from __future__ import annotations

import asyncio
import email
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    """Accepts mail, with faults on demand.

    ``refuse``: addresses refused for good (550). ``busy``: address → how many more times to
    refuse it for now (450). ``hang_up``: drop the line after DATA (the message arrived, the
    client never hears so). ``stall``: addresses whose DATA is recorded and then never
    answered while they stay in ``stall``, with ``stalled`` set, so a test can kill the sender
    mid-exchange. ``delay``:
    seconds to wait before answering each DATA (a slow server, to make senders overlap).
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.peers: list[tuple[Any, ...]] = []  # the client's address per message: one per connection
        self.refuse: set[str] = set()
        self.busy: dict[str, int] = {}
        self.hang_up = False
        self.stall: set[str] = set()
        self.stalled = threading.Event()
        self.delay = 0.0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if self.busy.get(address, 0) > 0:
            self.busy[address] -= 1
            return "450 4.2.1 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        self.peers.append(tuple(session.peer))
        if self.delay:
            await asyncio.sleep(self.delay)
        if set(envelope.rcpt_tos) & self.stall:
            self.stalled.set()
            while set(envelope.rcpt_tos) & self.stall:  # the sender is killed while it waits
                await asyncio.sleep(0.05)
        if self.hang_up:
            server.transport.close()  # the message arrived, but the client never hears so
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class _EphemeralController(Controller):
    """aiosmtpd's readiness probe needs the real port when the server binds port 0."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server() -> Iterator[tuple[RecordingHandler, int]]:
    handler = RecordingHandler()
    controller = _EphemeralController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()
