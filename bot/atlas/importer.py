"""Reading atlas files of any form into one set of cards.

The pipeline: ``paths | expand folders | pick a parser per file | parse (cards + errors) |
merge by id``. Storing is the caller's job (``digestbot atlas import``), so the analysis
stage can read an atlas file statelessly through the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from bot.atlas.bibtex import parse_bibtex
from bot.atlas.jsonl import parse_json_cards
from bot.atlas.merge import merge_cards
from bot.atlas.page import parse_html_page, parse_page
from bot.atlas.types import AtlasCard, AtlasReadResult
from bot.errors import AtlasError, AtlasRecordError

Parser = Callable[[str, str], AtlasReadResult]

_JSON = {".jsonl", ".ndjson", ".json"}
_BIBTEX = {".bib", ".bibtex"}
_PAGES = {".txt", ".text", ".md", ".html", ".htm"}
KNOWN_SUFFIXES = _JSON | _BIBTEX | _PAGES


def choose_parser(path: Path, text: str) -> Parser:
    """By extension first; an unknown extension is sniffed from the first character."""
    suffix = path.suffix.lower()
    if suffix in _JSON:
        return parse_json_cards
    if suffix in _BIBTEX:
        return parse_bibtex
    if suffix in {".html", ".htm"}:
        return parse_html_page
    if suffix in _PAGES:
        return parse_page
    # The first line that is not blank or a BibTeX/TeX "%" comment.
    first = next(
        (ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("%")), ""
    )
    head = first[:1]
    if head in ("{", "["):
        return parse_json_cards
    if head == "@":
        return parse_bibtex
    if head == "<":
        return parse_html_page
    return parse_page


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its atlas files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in KNOWN_SUFFIXES))
        else:
            files.append(path)
    return files


def read_atlas_file(path: Path) -> AtlasReadResult:
    """One file's cards and bad records; AtlasError when the file itself cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AtlasError(f"{path}: atlas file not found") from None
    except UnicodeDecodeError as exc:
        raise AtlasError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise AtlasError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return choose_parser(path, text)(text, str(path))


def read_atlas(paths: Iterable[str | Path]) -> AtlasReadResult:
    """Every card in the files, merged by id (later non-empty fields win), with every bad record.

    All files are read before anything is returned, so an unreadable path stops the import
    before a single card is stored.
    """
    cards: dict[str, AtlasCard] = {}
    origins: dict[str, tuple[str, ...]] = {}
    errors: list[AtlasRecordError] = []
    results = [read_atlas_file(p) for p in _expand(Path(p) for p in paths)]
    for result in results:
        errors.extend(result.errors)
        for card in result.cards:
            cards[card.id] = merge_cards(cards[card.id], card) if card.id in cards else card
            seen = origins.get(card.id, ())
            origins[card.id] = seen + tuple(o for o in result.origins.get(card.id, ()) if o not in seen)
    return AtlasReadResult(tuple(cards.values()), tuple(errors), origins)
