"""Signed subscription tokens: round trip, purpose, tampering and expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import clock
from bot.digest.tokens import CONFIRM_MAX_AGE, TokenError, make_token, read_token

SECRET = b"k" * 32
T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def at() -> Iterator[list[datetime]]:
    """A settable clock: at[0] is 'now'."""
    now = [T0]
    clock.set_clock(lambda: now[0])
    yield now
    clock.set_clock(None)


def test_a_token_names_its_subscriber_and_nonce(at: list[datetime]) -> None:
    token = make_token(SECRET, "confirm", 42, "nonce-1")
    data = read_token(SECRET, "confirm", token)
    assert (data.subscriber_id, data.nonce) == (42, "nonce-1")
    assert token.isascii()
    assert all(c.isalnum() or c in "-_." for c in token)  # URL-safe as it is


def test_a_confirm_token_is_not_an_unsubscribe_token(at: list[datetime]) -> None:
    token = make_token(SECRET, "confirm", 1, "n")
    with pytest.raises(TokenError, match="unsubscribe link is not valid"):
        read_token(SECRET, "unsubscribe", token)


@pytest.mark.parametrize("mangle", [lambda t: t[:-3], lambda t: t[:10], lambda t: "x" + t, lambda t: ""])
def test_a_mangled_or_forged_token_is_refused(at: list[datetime], mangle: object) -> None:
    token = make_token(SECRET, "unsubscribe", 7, "n")
    with pytest.raises(TokenError):
        read_token(SECRET, "unsubscribe", mangle(token))  # type: ignore[operator]
    with pytest.raises(TokenError):
        read_token(b"another key of enough length!!", "unsubscribe", token)


def test_confirm_links_expire_and_unsubscribe_links_do_not(at: list[datetime]) -> None:
    confirm = make_token(SECRET, "confirm", 1, "n")
    leave = make_token(SECRET, "unsubscribe", 1, "n")
    at[0] = T0 + CONFIRM_MAX_AGE - timedelta(minutes=1)
    assert read_token(SECRET, "confirm", confirm).subscriber_id == 1
    at[0] = T0 + CONFIRM_MAX_AGE + timedelta(minutes=1)
    with pytest.raises(TokenError, match="expired") as caught:
        read_token(SECRET, "confirm", confirm)
    assert caught.value.expired
    at[0] = T0 + timedelta(days=3650)
    assert read_token(SECRET, "unsubscribe", leave).subscriber_id == 1
