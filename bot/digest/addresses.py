"""Is this an e-mail address we can send to? One answer, used by every way in (CLI, import, web).

Why email-validator rather than a regular expression: it knows the RFCs' corners
(internationalised domains, quoted local parts, length limits) and says what is wrong in
words. Deliverability (a DNS lookup) is not checked: the bot must work offline, and the
confirmation email is the real test.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from bot.errors import InputError


def normalise_email(value: str) -> str:
    """The address in one canonical form (trimmed, lower-cased); InputError naming it otherwise.

    Lower-casing the local part is not what RFC 5321 promises, but every mailbox provider in
    practice ignores case, and one person typing their address twice must not get two copies.
    """
    text = value.strip()
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InputError(f"{value!r} is not an e-mail address ({exc})") from None
    return str(result.normalized).lower()
