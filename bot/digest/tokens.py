"""Signed tokens for the links in subscription emails: confirm, and unsubscribe.

Why signed (itsdangerous) rather than a random value looked up in the database: a link can be
checked before the database is touched, a forged or mangled one is refused without a query,
and a confirmation link carries its own issue time so it can expire. Each token names the
subscriber row and that row's ``nonce``; giving the row a new nonce (after an unsubscribe
and a fresh sign-up) makes every older link stop working.

Confirmation links expire (``CONFIRM_MAX_AGE``): an address typed by someone else should not
be subscribable by a link found in a mailbox months later. Unsubscribe links never expire:
leaving must work from any old email.

This module is pure: no I/O, and the clock comes from ``bot.clock``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from bot import clock
from bot.errors import InputError

Purpose = Literal["confirm", "unsubscribe"]
CONFIRM_MAX_AGE = timedelta(days=7)


class TokenError(InputError):
    """A confirm or unsubscribe token that is forged, mangled, for another purpose or expired."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True, slots=True)
class TokenData:
    """What a valid token says: which subscriber row, and the nonce it was issued against."""

    subscriber_id: int
    nonce: str


class _ClockSigner(TimestampSigner):
    """Timestamps from ``bot.clock`` so expiry is testable without sleeping."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(secret: bytes, purpose: Purpose) -> URLSafeTimedSerializer:
    # The salt keeps a confirm token from ever being accepted as an unsubscribe one (and back).
    return URLSafeTimedSerializer(secret, salt=f"digestbot-subscription-{purpose}", signer=_ClockSigner)


def make_token(secret: bytes, purpose: Purpose, subscriber_id: int, nonce: str) -> str:
    """A URL-safe token for ``purpose`` naming the subscriber row and its current nonce."""
    if not secret:
        raise ValueError("an empty secret key cannot sign tokens")
    token: str = _serializer(secret, purpose).dumps([subscriber_id, nonce])
    return token


def read_token(secret: bytes, purpose: Purpose, token: str) -> TokenData:
    """The subscriber a token names; TokenError when it is not a valid token for ``purpose``.

    Confirmation tokens older than ``CONFIRM_MAX_AGE`` raise TokenError with ``expired=True``
    so the page or command can offer to send a fresh link rather than just refusing.
    """
    max_age = int(CONFIRM_MAX_AGE.total_seconds()) if purpose == "confirm" else None
    try:
        payload = _serializer(secret, purpose).loads(token.strip(), max_age=max_age)
    except SignatureExpired:
        raise TokenError(
            "this confirmation link has expired: subscribe again to get a fresh one", expired=True
        ) from None
    except BadSignature:
        raise TokenError(
            f"this {purpose} link is not valid (it may have been cut short when copied)"
        ) from None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or not isinstance(payload[1], str)
    ):
        raise TokenError(f"this {purpose} link is not valid")
    return TokenData(payload[0], payload[1])
