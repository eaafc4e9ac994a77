"""robots.txt rules per host, read once per client and obeyed (RFC 9309, via protego).

Why the RFC's rules for a missing or failing robots.txt: a 4xx means "no rules", so we may
crawl; a 5xx or an unreachable server means we cannot know the rules, and the RFC asks a
crawler to assume everything is disallowed until it can read them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """One host's parsed robots.txt, or the reason we treat it as closed."""

    parser: Protego | None
    unreachable: str | None = None

    @classmethod
    def from_response(cls, status: int, text: str) -> RobotsRules:
        if 200 <= status < 300:
            return cls(Protego.parse(text))
        if 400 <= status < 500:
            return cls(None)
        return cls(None, unreachable=f"robots.txt answered HTTP {status}")

    @classmethod
    def closed(cls, reason: str) -> RobotsRules:
        return cls(None, unreachable=reason)

    def allows(self, url: str, user_agent: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None
