"""Ready-made feed URLs a community would point the bot at: ``preset: pubmed`` and friends.

Why presets: a moderator knows "PubMed, for myalgic encephalomyelitis", not the URL shape each
publisher uses. Every URL here follows the pattern its publisher documents; ``digestbot sources
check`` fetches them, so a publisher that moves its feed is noticed at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote_plus


@dataclass(frozen=True, slots=True)
class FeedPreset:
    about: str
    # Named URL templates; ``{term}``, ``{feed_id}``, ``{site}`` and ``{limit}`` come from options.
    urls: Mapping[str, str]
    needs: tuple[str, ...] = ()


PRESETS: dict[str, FeedPreset] = {
    "pubmed": FeedPreset(
        about="PubMed search results. PubMed's 'Create RSS' button gives a saved-search id "
        "(pass it as feed_id); term builds the equivalent search URL directly.",
        urls={"search": "https://pubmed.ncbi.nlm.nih.gov/rss/search/?term={term}&limit={limit}"},
        needs=("term",),
    ),
    "pubmed-saved": FeedPreset(
        about="A PubMed saved search, by the id in the URL that 'Create RSS' gives.",
        urls={"search": "https://pubmed.ncbi.nlm.nih.gov/rss/search/{feed_id}/?limit={limit}"},
        needs=("feed_id",),
    ),
    "journals": FeedPreset(
        about="Latest articles of journals that publish much ME/CFS research (publishers' own feeds).",
        urls={
            "journal-of-translational-medicine": (
                "https://translational-medicine.biomedcentral.com/articles/most-recent/rss.xml"
            ),
            "bmc-neurology": "https://bmcneurol.biomedcentral.com/articles/most-recent/rss.xml",
            "fatigue-biomedicine-health-behavior": "https://www.tandfonline.com/feed/rss/rfbh20",
            "frontiers-in-neurology": "https://www.frontiersin.org/journals/neurology/rss",
            "plos-one": "https://journals.plos.org/plosone/feed/atom",
            "ijms": "https://www.mdpi.com/rss/journal/ijms",
        },
    ),
    "xenforo": FeedPreset(
        about="Any XenForo forum's new threads (site = the forum's base URL).",
        urls={"threads": "{site}/forums/-/index.rss"},
        needs=("site",),
    ),
    "science-for-me": FeedPreset(
        about="Science for ME (XenForo): new threads.",
        urls={"threads": "https://www.s4me.info/forums/-/index.rss"},
    ),
    "phoenix-rising": FeedPreset(
        about="Phoenix Rising (XenForo): new threads.",
        urls={"threads": "https://forums.phoenixrising.me/forums/-/index.rss"},
    ),
}


class PresetError(ValueError):
    """A preset name or its parameters are wrong; the message names which."""


def preset_urls(name: str, params: Mapping[str, object], only: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The feed URLs of preset ``name`` filled from ``params``; ``only`` picks some of its feeds."""
    preset = PRESETS.get(name)
    if preset is None:
        raise PresetError(f"unknown preset {name!r} (known: {', '.join(sorted(PRESETS))})")
    missing = [n for n in preset.needs if not params.get(n)]
    if missing:
        raise PresetError(f"preset {name!r} needs option {missing[0]!r}")
    unknown = [k for k in only if k not in preset.urls]
    if unknown:
        raise PresetError(f"preset {name!r} has no feed {unknown[0]!r} (has: {', '.join(preset.urls)})")
    values = {
        "term": quote_plus(str(params.get("term") or "")),
        "feed_id": quote_plus(str(params.get("feed_id") or "")),
        "site": str(params.get("site") or "").rstrip("/"),
        "limit": str(params.get("limit") or 50),
    }
    return tuple(t.format(**values) for key, t in preset.urls.items() if not only or key in only)
