"""Community names, quotes and the privacy rules for what a reader sees."""

from __future__ import annotations

import pytest

from bot.digest.wording import quote_for, redact_mentions, safe_source_url, shorten, source_label


@pytest.mark.parametrize(
    ("source", "kind", "url", "label"),
    [
        ("reddit", "post", "https://www.reddit.com/r/cfs/comments/abc/title/", "Reddit r/cfs"),
        (
            "reddit",
            "comment",
            "https://old.reddit.com/r/covidlonghaulers/comments/x/y/z/",
            "Reddit r/covidlonghaulers",
        ),
        ("reddit", "post", "https://www.reddit.com/user/someone/comments/x/", "Reddit"),
        ("s4me", "post", "https://www.s4me.info/threads/rituximab.123/", "Science for ME forum"),
        ("news", "article", "https://news.example.com/2025/gut.html", "news (news.example.com)"),
        ("pubmed-feed", "feed_item", "https://pubmed.ncbi.nlm.nih.gov/36758522/", "PubMed"),
        ("my-forum", "post", "https://forum.example.org/threads/x.1/", "forum (forum.example.org)"),
        ("sample-file", "post", None, "sample-file"),
    ],
)
def test_source_label_names_the_community(source: str, kind: str, url: str | None, label: str) -> None:
    assert source_label(source, kind, url) == label


def test_profile_pages_and_non_web_links_are_not_linked() -> None:
    assert safe_source_url("https://forum.example.org/members/jane.42/") is None
    assert safe_source_url("javascript:alert(1)") is None
    assert (
        safe_source_url("https://forum.example.org/threads/x.1/") == "https://forum.example.org/threads/x.1/"
    )


def test_mentions_are_redacted_but_addresses_and_links_are_not() -> None:
    text = "u/alice, /u/bob and @carol_1 agree; mail x@example.org or see https://reddit.com/u/dave"
    out = redact_mentions(text)
    assert "alice" not in out
    assert "bob" not in out
    assert "carol_1" not in out
    assert "x@example.org" in out
    assert "https://reddit.com/u/dave" in out


def test_shorten_keeps_short_text_and_cuts_long_text_on_a_word() -> None:
    assert shorten("  a   short\ntext ", 40) == "a short text"
    cut = shorten("word " * 60, 40)
    assert cut.endswith("…")
    assert len(cut.split()) == 40
    assert cut.split()[-1] == "word…"


def test_a_quote_loses_marks_around_the_whole_sentence_only() -> None:
    assert quote_for(None, '"It causes ME."', "", 40) == "It causes ME."
    assert quote_for(None, 'He said "no" to it.', "", 40) == 'He said "no" to it.'
    assert (
        quote_for(None, None, "“A pasted quote that was never closed", 40)
        == "A pasted quote that was never closed"
    )
