"""Capitals put back into a post whose writer does not use them.

Why: a post written all in lower case ("my mum found a study from germany", "the one from
columbia", "a cochrane review") names its papers by the same places and journals as any other,
but the scanners read a place or a journal's one-word name only where it is capitalised: a
capital is what tells "Columbia" from a word. In a post that capitalises nothing, the missing
capital says nothing, so the known places, countries and journal names are given theirs back
(the text keeps its length, so every span stays where it was). A post that capitalises its
sentences is left as written: there a lower-case "reading" or "turkey" is a word.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from bot.evidence import publishers
from bot.evidence.research_groups import TABLE as GROUPS
from bot.evidence.textnorm import written_in_lower_case

# Places written as initials: given back in capitals ("the nih study").
_INITIALS = frozenset({"nih", "ninds", "cdc", "jax", "ucsd", "ucsf"})
# Countries and their adjectives, as written ("a study from germany", "the norwegian trial").
_COUNTRIES = (  # ("polish" and "turkey" are everyday words too: left as written)
    "norway", "norwegian", "sweden", "swedish", "denmark", "danish", "finland", "finnish",
    "germany", "german", "netherlands", "dutch", "belgium", "belgian", "france", "french", "spain",
    "spanish", "italy", "italian", "ireland", "irish", "britain", "british", "england", "english",
    "scotland", "scottish", "japan", "japanese", "china", "chinese", "korea", "korean",
    "australia", "australian", "canada", "canadian", "america", "american", "iceland", "icelandic",
    "israel", "israeli", "poland", "austria", "austrian", "switzerland", "swiss", "brazil",
    "brazilian", "india", "indian", "mexico", "mexican", "portugal", "portuguese", "greece",
    "greek", "russia", "russian",
)  # fmt: skip


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every known name written in lower case, and each name's capitals."""
    written: dict[str, str] = {}
    table = tomllib.loads(GROUPS.read_text(encoding="utf-8"))
    for group in table["group"]:
        for place in group["places"]:
            written[place] = place.upper() if place in _INITIALS else place.title()
    for word in _COUNTRIES:
        written[word] = word.title()
    for short in publishers.table().short_names:
        written[short] = short.title()
    names = sorted(written, key=len, reverse=True)  # (the longest first: "new york" before "york")
    pattern = re.compile(r"(?<![\w'’/.-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w'’/-])")
    return pattern, written


def recased(text: str) -> str:
    """The text with the known places, countries and journals capitalised when its writer
    uses no capitals (``written_in_lower_case``); otherwise the text as it is."""
    if not written_in_lower_case(text):
        return text
    pattern, written = _names()
    return pattern.sub(lambda m: written[m.group(0)], text)
