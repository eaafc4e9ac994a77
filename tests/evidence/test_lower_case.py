"""A post written without capitals has its known places and journals capitalised, and only such
a post: in a post that capitalises its sentences, a lower-case word is a word."""

from __future__ import annotations

from bot.evidence.lower_case import recased
from bot.evidence.textnorm import written_in_lower_case

_LOWER = (
    "so my mum read about the nih study. then a friend sent one from norway. "
    "my gp said a cochrane review covers it. no idea what to think tbh"
)


def test_a_lower_case_writer_is_told_from_a_capitalising_one() -> None:
    assert written_in_lower_case(_LOWER)
    assert not written_in_lower_case("So my mum read about it. Then a friend sent one. My GP said no. Odd.")
    # (too few sentences to tell a habit from a slip)
    assert not written_in_lower_case("a study from norway. interesting")


def test_known_names_get_their_capitals_and_the_text_keeps_its_length() -> None:
    out = recased(_LOWER)
    assert len(out) == len(_LOWER)
    assert "the NIH study" in out
    assert "from Norway" in out
    assert "a Cochrane review" in out
    assert "my gp said" in out  # (not a known place or journal: left as written)


def test_a_capitalising_writer_and_everyday_words_are_left_alone() -> None:
    text = "A study from norway came out. It is odd. We had turkey. The end."
    assert recased(text) == text
    lower = "i ate turkey. then i read a polish forum. then i slept. then i woke"
    assert recased(lower) == lower
