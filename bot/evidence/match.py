"""Citations → atlas cards or uncovered papers, one paper once per post.

Order of trust: an identifier decides outright; then a title; then "Author YEAR" read with
its context; then a description (journal + year, design + year); semantic similarity only
breaks a tie between candidates that fit the context equally. Every match records its
method and score, and the score is judged against the configured thresholds (confirmed /
suggested / dropped), as fact-checking tools do.

Why weak mentions are tied to the nearest identifier in their sentence: "Wilshire et al.
(BMC Psychology 2018, doi ...)" is one paper written three ways, and a journal-and-year
phrase beside the DOI of an unrelated paper must not become a second, wrong match.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from bot.atlas.types import AtlasCard
from bot.config import MatchingSettings
from bot.evidence import identifiers as ids
from bot.evidence import mentions, publishers
from bot.evidence.atlas_index import (
    COUNTRY_WORDS,
    DEMONYMS,
    ILLNESS_WORDS,
    AtlasIndex,
    author_surname,
    coined_words,
    counts_of,
    declared_names,
    design_kind,
    designs_said,
    trigrams,
)
from bot.evidence.extract import (
    YEAR_RE,
    nearest_year,
    sentence_bounds,
    with_sentence_before,
    writers_year,
    years_in,
)
from bot.evidence.finding_echo import REPORTED, FindingEchoes
from bot.evidence.lower_case import recased
from bot.evidence.research_groups import places_of_surname
from bot.evidence.textnorm import STOPWORDS, PostText, content_words, stem, words
from bot.evidence.title_echo import WORK_CUE, TitleEchoes, lay_phrases_as_title_words
from bot.evidence.types import Citation, Match, MatchMethod, MatchStatus, PaperRef

# (context, candidate card ids) → one similarity per candidate; the encoder, when present.
TieBreaker = Callable[[str, Sequence[str]], Sequence[float]]
_STRONG = ("doi", "pmid", "pmcid")
# ", and a paper on …", "; another study of …": one more work, after one the sentence cited
# "Systrom's group", "Hanson's lab": a surname naming the group it leads.
_GROUP_OF = re.compile(r"['’]s\s+(?:group|lab|laboratory|team)\b")
_ONE_MORE_WORK = re.compile(
    r"[,;]\s+(?:and\s+)?(?:also\s+)?((?:an?|another|earlier|later|older|newer)\s+(?:[\w-]+\s+){0,2}"
    # ("…, and the Norwegian paper on …": "the" with a word of its own is another work; "the
    # paper", "the same paper" may be the one just cited)
    r"|the\s+(?!same\b|this\b|that\b)(?:[\w-]+\s+){1,2})\Z"
)
# "a ", "another ", "a Norwegian ": a work told as a new one, right before its noun.
_A_NEW_WORK_BEFORE = re.compile(r"\b(?:[Aa]n?|[Aa]nother)\s+(?:[\w-]+\s+){0,2}\Z")
# Where a clause ends and the next opens on a cited work: "…, and an overview of …".
_CLAUSE_BEFORE_CITED = re.compile(r"[,;]\s+(?:(?:and|but|while|whereas)\s+)?(?:also\s+)?(?:[\w-]+\s+){0,3}\Z")


def _own_clause_before(text: str, lo: int, hi: int, taken: list[int], all_works: list[re.Match[str]]) -> int:
    """Where the clause ends that tells a work of its own before the first citation resolved in
    the sentence ``lo:hi`` (and opens it), or -1 when the sentence opens on no such clause."""
    first = min(start for start in taken if lo <= start < hi)
    clause = _CLAUSE_BEFORE_CITED.search(text, lo, first)
    if clause is None:
        return -1
    # (only a work told as a new one, "a pilot", "a Norwegian paper": "the study, …" may be the
    # one cited after it)
    works = _within(all_works, lo, clause.start())
    if not any(_A_NEW_WORK_BEFORE.search(text, max(lo, w.start() - 40), w.start()) for w in works):
        return -1
    return clause.start()


# A later paper told without its trial's name: that of the trial named before it.
_LONE_DERIVED = frozenset(("derived:follow-up|", "derived:secondary analysis|"))
_NEAR = 120  # characters between a weak mention and the identifier it stands beside
# What stands between an author's name (with its year) and a work in apposition to it: a comma
# and perhaps the year ("Keller and colleagues, 2024, the …", "Keller et al. (2024), the …").
_APPOSED = re.compile(r"[\s,()]*(?:(?:19|20)\d\d[\s,()]*)?(?:[-–—:]\s*)?")
_MIN_FIT = 6.0  # summed word rarity a context must share with a card chosen by context
_MARGIN = 1.35
_RARE_LISTED = 30  # listed papers holding a word, at most, for it to point at one of them
_JOURNAL_MARGIN = 2.0  # a journal without a year: its papers often share a topic, so a wider lead
_EIGHT_DIGIT_PMIDS = 2010  # PubMed ids reached 20,000,000 in 2009
_SEVEN_DIGIT_PMCIDS = 2012  # PMC ids reached PMC3000000 in 2011
_FEW_TITLES = 3  # titles a naming word may be held by and still tell one of them ("about:")
_ABOUT_LEAD = 3  # more of its words the sentence must say of that one than of the others
_CLUSTER = 80  # characters after a mention that still belong to its citation ("(Journal, 2020)")
_TITLE_MARGIN = 4.0  # points of title similarity the best card must lead the next one by
_MAX_NAMED = 50  # a word more cards than this share says too little to name a work
_MAX_COUNTED = 8  # group sizes more cards than this report say too little to name a study
_NAMED_DESIGNS = {"trial": ("trial",), "review": ("review", "meta"), "meta-analysis": ("meta", "review")}
# What may stand between two identifiers of one paper: labels and a few linking words
# ("doi …, PMID …", "doi … (PMCID: …)", "doi … - free full text at <PMC link>").
_GLUE = re.compile(
    r"(?:[\s\W_]|\b(?:doi|pmid|pmcid|pmc|pubmed|id|free|full|text|open|access|at|here|on|in|via|copy|"
    r"link|available|also|version|europe)\b)*",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"\s(?:and|also|or|while|whereas|but)\s|;|\n", re.IGNORECASE
)  # best fit must beat the runner-up by this factor, or it is a tie


@dataclass(eq=False)
class _Resolved:
    citation: Citation
    card_id: str | None
    method: MatchMethod
    score: float
    ambiguous: tuple[str, ...] = ()
    paper: PaperRef | None = None


class Matcher:
    """Resolves a post's citations against one atlas index."""

    def __init__(
        self,
        index: AtlasIndex,
        settings: MatchingSettings | None = None,
        tie_breaker: TieBreaker | None = None,
        reference: AtlasIndex | None = None,
    ) -> None:
        self.index = index
        self.settings = settings or MatchingSettings()
        self.tie_breaker = tie_breaker
        # Papers without a card but with known identifiers (bot.evidence.reference): what an
        # uncovered paper named by author, title or a cut-off link is, never a card.
        self.reference = reference
        self._indexes = tuple(i for i in (index, reference) if i is not None)
        self._card_populations: dict[str, frozenset[int]] = {}
        # Every known title's words, for a sentence retelling one (``title_echo``); built with
        # the matcher, as the indexes are, so that no post pays for it.
        self._retellings = TitleEchoes(self._indexes)
        # Every card's summary and findings, for a sentence retelling what a study found
        # (``finding_echo``), with the listed papers' titles as rivals.
        self._findings = FindingEchoes(index, reference)
        # Each index's papers by their first and last authors' surnames, built on first use
        # (``_team_papers``): a team's papers without a pass over every card.
        self._teams: dict[int, dict[str | None, list[str]]] = {}
        # Each index's papers in order, and their positions by group place (``_papers_of_places``).
        self._by_place: dict[int, tuple[list[str], dict[str, list[int]]]] = {}
        self._treatments: dict[str, tuple[re.Pattern[str], list[str]]] | None = None
        self._card_tag_words: dict[str, list[frozenset[str]]] | None = None
        # Every group place word the indexes know, to tell a place among a description's words.
        self._place_words = frozenset(w for i in self._indexes for words in i.places.values() for w in words)
        # Every name a title declares ("PACE", "DecodeME"): a work named by one is that name's.
        self._declared = frozenset(w for i in self._indexes for w in i.declared)
        # Words of journal names are not read as listed papers' surnames ("Science 2026").
        self._not_surnames = frozenset(
            index.journal_words | (reference.journal_words if reference else set())
        )

    # -- entry point ------------------------------------------------------------------------

    def match(self, text: str, citations: Sequence[Citation]) -> tuple[list[Citation], list[Match]]:
        """All citations (the extractor's plus the atlas-found mentions) and the post's matches."""
        post = PostText(recased(text))  # (a post in lower case: its places capitalised, same length)
        taken = [c.span for c in citations if c.kind == "author_year"]
        found = list(citations)
        found += mentions.scan_bracketed_pmids(self._indexes, post)
        titles = mentions.scan_titles(self.index, post)
        if self.reference is not None:
            own = [c.span for c in titles]
            titles += [
                c for c in mentions.scan_titles(self.reference, post) if not _overlaps_any(c.span, own)
            ]
        if len(titles) > 1:
            titles = _one_title_per_stretch(titles)
        if titles:
            # A known title found where the extractor read a quoted (perhaps cut-off) title is
            # that title: the extractor's reading would be a second, unknown paper.
            spans = [c.span for c in titles]
            found = [c for c in found if not (c.kind == "title" and _overlaps_any(c.span, spans))]
        found += titles
        parts = mentions.scan_title_parts(self.index, post)
        if self.reference is not None:
            parts += mentions.scan_title_parts(self.reference, post)
        if parts:
            # One quoted piece naming a card and a listed paper names neither; a whole title
            # found in the text wins over a piece of it; a piece that names a paper replaces
            # the extractor's reading of the same quotation as a (cut, unknown) title.
            parts = [c for c in parts if sum(o.span == c.span for o in parts) == 1]
            whole = [c.span for c in titles]
            parts = [c for c in parts if not _overlaps_any(c.span, whole)]
            spans = [c.span for c in parts]
            found = [c for c in found if not (c.kind == "title" and _overlaps_any(c.span, spans))] + parts
        atlas_authors = mentions.scan_authors(self.index, post, taken, findings=True)
        # A surname with a journal and no year may sit in the extractor's yearless "X et al.".
        dated = [c.span for c in citations if c.kind == "author_year" and c.value[-4:].isdigit()]
        by_journal = mentions.scan_author_journals(self.index, post, dated)
        found += atlas_authors
        if self.reference is not None:
            # "Stovall 2022" without "et al.": a listed paper's first author beside its year.
            taken = taken + [c.span for c in atlas_authors]
            listed = mentions.scan_authors(self.reference, post, taken, self._not_surnames)
            found += [c for c in listed if self._cited_by_name(post, c)]
            dated += [c.span for c in by_journal]
            by_journal += mentions.scan_author_journals(self.reference, post, dated, self._not_surnames)
        found += mentions.scan_further_years(
            post, [c for c in found if c.kind == "author_year" and c.value[-4:].isdigit()]
        )
        if by_journal:  # the journal gave the year: the yearless reading of that name goes
            spans = [c.span for c in by_journal]
            found = [
                c for c in found if not (_yearless_name(c) and _overlaps_any(c.span, spans))
            ] + by_journal
        atlas_journals = mentions.scan_journals(self.index, post, yearless=True)
        found += atlas_journals
        if self.reference is not None and self.reference.by_journal_year:
            spans = [c.span for c in atlas_journals]
            found += [
                c
                for c in mentions.scan_journals(self.reference, post, yearless=True)
                if not _overlaps_any(c.span, spans)
            ]
        found += mentions.scan_card_names(self.index, post)
        found += mentions.scan_coined_names(self._indexes, post)
        found += mentions.scan_author_pairs(
            self._indexes, post, [c.span for c in found if c.kind == "author_year"]
        )
        if self.reference is not None:
            found += mentions.scan_card_names(self.reference, post, declared_only=True)
        found += mentions.scan_designs(post)
        found += mentions.scan_eponymous_criteria(self.index, post)
        found += mentions.scan_group_sizes(self.index, post) + mentions.scan_small_groups(self.index, post)
        named_works, dated_works = mentions.scan_works(post)
        found += named_works + dated_works + self._group_works_apart(post, found)
        found += mentions.scan_works_of_places(post) + mentions.scan_plural_works(post)
        found += mentions.scan_trial_papers_each(post)
        found += mentions.scan_lone_reanalyses(post) + mentions.scan_derived_works(post)
        found += mentions.scan_year_works(post) + mentions.scan_phase_trials(post)
        found += mentions.scan_same_team_works(post) + mentions.scan_same_cohort_works(post)
        # "the 2023 Cell Host & Microbe paper on butyrate": a work another description already
        # names (its journal, year, design or name, in or right before the same words) is read
        # by that route, with what it is about as its context, not a second time by this one.
        # (a group size's citation spans its whole sentence: it names no work there)
        described = [c.span for c in found if c.kind == "description" and not c.value.startswith("count:")]
        found += [
            c
            for c in mentions.scan_about_works(post) + mentions.scan_works_from_year(post)
            if not any(
                a < c.span[1] and (c.span[0] <= b + 3 or _PUBLISHED_IT.fullmatch(text, b, c.span[0]))
                for a, b in described
            )
        ]
        # Words inside a known paper's whole title ("… given in the PACE trial") are that title's
        # words, not a second citation.
        known_titles = [c.span for c in titles]
        if known_titles:
            found = [c for c in found if c.span in known_titles or not _within_any(c.span, known_titles)]
        found = _without_appositions(post.text, found)
        found = _without_names_of_journal_works(post.text, found)
        found = _without_groups_of_named_leads(post.text, found)
        found.sort(key=lambda c: c.span)
        journals = [c.span for c in found if c.kind == "description" and c.value.startswith("journal:")]
        # (a group size's citation spans its whole sentence, to read the sizes in context: it
        # leaves a work named in that sentence, "the Japanese PET study, the one with nine
        # patients", standing beside it)
        others = [
            c.span
            for c in found
            if not _is_named(c)
            and c.span != (0, 0)
            and not c.value.startswith(("count:", "phase:"))  # (a phase names no work apart)
        ]
        mentions_only = [
            c
            for c in found
            if c.role == "mention"
            and not (c.kind == "author_year" and _inside_any(c.span, journals))
            and not (_is_named(c) and _overlaps_any(c.span, others))
        ]
        resolved = _one_paper_per_link(self._resolve_all(post, mentions_only))
        resolved = self._tie_strong(text, resolved)
        resolved = self._tie_own_link(resolved)
        resolved = self._tie_to_identifiers(post, resolved)
        resolved = self._journal_of_the_named(post, resolved)
        resolved = self._named_against_their_journal(post, resolved, mentions_only)
        resolved = self._dated_from_before(post, resolved)
        resolved = self._drop_echoes(text, resolved)
        if self.reference is not None:  # (before the retellings: they weigh the titles cited)
            resolved = [self._from_reference(post, r) for r in resolved]
        same = self._in_the_same_journal(post, resolved)
        found += [r.citation for r in same]
        resolved += same
        same_team = self._by_the_same_team(post, found, resolved)
        resolved += same_team
        resolved += self._of_the_same_cohort(post, found, resolved)
        labs = self._lab_heads_works(post, resolved)
        found += [r.citation for r in labs]
        resolved += labs
        resolved += self._follow_ups_of_named_trials(post, found, resolved)
        retold = self._retold_titles(post, resolved)
        found += [r.citation for r in retold]
        if self.reference is not None:
            retold = [self._from_reference(post, r) for r in retold]
        resolved += retold
        resolved = _sized_again(post.text, resolved)
        resolved = self._without_sizes_of_a_titled_work(post, _without_sizes_told_back(post.text, resolved))
        uncovered = [r.paper for r in resolved if r.card_id is None and r.paper is not None]
        if uncovered:
            # A post citing a paper the atlas lacks may be describing that paper when it says
            # "the muscle biopsy paper": a work named without a year is then not guessed at,
            # unless every such paper's title is known and none has a word that names it.
            resolved = [
                r
                for r in resolved
                if not _is_named(r.citation)
                or (r.card_id is None and r.paper is not None)  # a listed paper by its name
                or not _may_name(r.citation, uncovered, post.text, self._declared)
                # ("their first immunoadsorption study with 10 patients": the card's own size)
                or (r.card_id is not None and self._sized_as_card(post, r.citation, r.card_id))
            ]
        resolved = self._without_names_given_another_year(post, self._without_group_leads(post, resolved))
        if post.text is not text:
            return _as_written(text, post.text, found, self._merge(resolved))
        return found, self._merge(resolved)

    @staticmethod
    def _group_works_apart(post: PostText, found: list[Citation]) -> list[Citation]:
        """Works told by their group ("a New York group reported …"), less those that only say
        who did a work another description names right before ("a 2026 paper in Frontiers in
        Physiology from a New York group"): that work's group, read with its words, not a
        second work."""
        works = mentions.scan_group_works(post)
        if not works:
            return works
        told = [
            c.span[1] for c in found if c.kind == "description" and c.value.startswith(("journal:", "work:"))
        ]
        return [
            w
            for w in works
            if not any(
                end <= w.span[0] and _FROM_ITS_GROUP.fullmatch(post.text, end, w.span[0]) for end in told
            )
        ]

    def _without_names_given_another_year(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "The two-day protocol I did is the one described in Keller's 2014 paper": a work named
        without a year, read as a card of an author whom its sentence then cites with another
        year, in the same clause, is that cited paper's (the sentence dates the author's work),
        not a second paper. A work named after the dated one ("Fluge et al. (2011) was small, and
        the open-label maintenance study came after it") is another of theirs."""
        dated = [  # (the cited surname, folded, its year, and where it is cited)
            (ids.fold(r.citation.value[:-5].split()[-1]), int(r.citation.value[-4:]), r.citation.span[0])
            for r in resolved
            if r.citation.kind == "author_year"
            and r.citation.value[-4:].isdigit()
            and (r.card_id is not None or r.paper is not None)
        ]
        if not dated:
            return resolved
        kept = []
        for r in resolved:
            if _is_named(r.citation) and r.card_id is not None and r.citation.span != (0, 0):
                card = self.index.cards[r.card_id]
                surname = author_surname(card.authors[0]) if card.authors else None
                _, hi = sentence_bounds(post.text, *r.citation.span)
                if surname and any(
                    name == surname
                    and year != card.year
                    and r.citation.span[1] <= start < hi
                    and not _ANOTHER_CLAUSE.search(post.text, r.citation.span[1], start)
                    for name, year, start in dated
                ):
                    continue
            kept.append(r)
        return kept

    def _without_group_leads(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "the PNAS survey from Ron Davis's group": a surname without a year in the sentence of
        a paper it co-authored (not as first author) is that paper's lab head, not a paper of
        their own; a card of theirs on another subject would otherwise be guessed at. A surname
        that is the first author of a paper its sentence names otherwise is that paper."""
        yearless = [r for r in resolved if _yearless_name(r.citation) and r.citation.span[1]]
        if not yearless:
            return resolved
        lead = {id(r) for r in yearless}
        papers = [r for r in resolved if id(r) not in lead and r.citation.span[1] and (r.card_id or r.paper)]
        drop: set[int] = set()
        for r in yearless:
            surname = ids.fold(r.citation.value.split()[-1])
            lo, hi = sentence_bounds(post.text, *r.citation.span)
            # (a line of names, "Alexandra H. Mandarano, Jessica Maya, Ludovic Giloteaux and
            # co-authors", is the byline of a paper the post cites anywhere, not a sentence)
            byline = _BYLINE.match(post.text, lo) is not None
            for other in papers:
                if not (byline or lo <= other.citation.span[0] < hi):
                    continue
                authors = self._authors(other)
                if not authors:
                    continue
                if author_surname(authors[0]) == surname:
                    # "Xiaoyu Che and colleagues … propose that heightened innate immunity …": the
                    # surname is the first author of the paper its sentence retells, not another
                    # paper of theirs guessed from the name alone
                    if (other.card_id, other.paper) != (r.card_id, r.paper):
                        drop.add(id(r))
                        break
                elif any(author_surname(a) == surname for a in authors[1:]):
                    drop.add(id(r))
                    break
        return [r for r in resolved if id(r) not in drop]

    def _by_the_same_team(
        self, post: PostText, found: list[Citation], resolved: list[_Resolved]
    ) -> list[_Resolved]:
        """ "… published in Nature Medicine in 2025, builds on the same team's 2023 study": a work
        of a year named only as the team's, after a paper the post cited: the one paper of that
        year (of the cards and the listed papers) sharing that paper's first or last author."""
        if not _TEAM_TOLD.search(post.lower):
            return []
        done = {id(r.citation) for r in resolved}
        placed = _placed_papers(resolved)
        out: list[_Resolved] = []
        for c in found:
            if c.kind != "description" or not c.value.startswith(("work:", "team:")) or id(c) in done:
                continue
            # (``team:`` gives years apart, "-2", or the way, "later" / "earlier")
            told = c.value[5:] if c.value.startswith("team:") else None
            topic: list[str] = []  # "their 2025 autoantibody profiling paper": what it is about
            if told is None:
                _, naming, year_text = c.value[5:].split("|")
                if not naming:
                    continue
                topic = [w for w in naming.split() if w not in _TEAM_WORDS]
            if not _SAME_TEAM.search(post.text, c.span[0], c.span[1]):
                continue
            last = _cited_last_before(placed, c.span[0])
            authors = self._authors(last) if last is not None else ()
            if last is None or not authors:
                continue
            team = {author_surname(authors[0]), author_surname(authors[-1])}
            own = self._title_of(last)
            if told in ("later", "earlier"):
                team_work = self._team_work_apart(post, c, team, own, self._year_of(last), told)
                if team_work is not None:
                    out.append(team_work)
                continue
            if told is None:
                year = int(year_text)
            else:  # "two years earlier": counted from the year of the paper cited before
                of = self._year_of(last)
                if of is None:
                    continue
                year = of + int(told)
            fitting = self._team_works(team, own, {year}.__contains__)
            if topic:
                # (of the team's works of that year, the ones holding every topic word their
                # index knows, one at least)
                fitting = [
                    (index, cid)
                    for index, cid in fitting
                    if any(w in index.by_word for w in topic)
                    and all(w in index.profiles[cid] for w in topic if w in index.by_word)
                ]
            if len(fitting) == 1:
                out.append(self._in(c, *fitting[0]))
        return out

    def _of_the_same_cohort(
        self, post: PostText, found: list[Citation], resolved: list[_Resolved]
    ) -> list[_Resolved]:
        """ "The first results from DecodeME … A separate preprint, using the same patient cohort,
        reports …": of the papers (cards and listed) whose titles write a coined name of the
        paper cited before ("DecodeME"), that paper aside, the one the post's words fit by the
        usual margin: the cohort's name is in the titles of the works done on it."""
        told = [c for c in found if c.value == "cohort:"]
        if not told:
            return []
        placed = _placed_papers(resolved)
        out: list[_Resolved] = []
        for c in told:
            last = _cited_last_before(placed, c.span[0])
            own = self._title_of(last) if last is not None else None
            if own is None:
                continue
            names = {ids.fold(w) for w in coined_words(own)}
            cards: list[str] = []
            listed: list[str] = []
            for index, pool in ((self.index, cards), (self.reference, listed)):
                if index is None:
                    continue
                pool += sorted(
                    {
                        cid
                        for key in names
                        for cid in index.coined.get(key, ())
                        if index.cards[cid].title != own
                    }
                )
            if not cards and not listed:
                continue
            hit = self._clear_best(post, c, cards, listed, frozenset(), min_fit=_MIN_FIT, margin=_MARGIN)
            if hit is not None:
                out.append(hit)
        return out

    def _lab_heads_works(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "The Lipkin group's paper in Cell Host & Microbe showed …": a work told by the head
        of the lab that did it (its paper's last author, or first), in a sentence telling a
        work or a finding and citing nothing else: of that person's papers (the cards' and the
        listed ones), narrowed by a journal or a year the sentence gives, the one the post's
        words fit clearly best."""
        text = post.text
        if "group" not in text and "lab" not in text and "team" not in text:
            return []
        placed = [
            r.citation.span[0] for r in resolved if r.citation.span != (0, 0) and (r.card_id or r.paper)
        ]
        out: list[_Resolved] = []
        for m in _LAB_OF.finditer(text):
            surname = ids.fold(m.group(1) or m.group(2) or m.group(3))
            if surname in self._place_words or surname in DEMONYMS:
                continue  # "the Bergen group", "the Norwegian team": a place's (read elsewhere)
            lo, hi = sentence_bounds(text, *m.span())
            if any(lo <= start < hi for start in placed):
                continue  # the sentence cites its paper otherwise
            if not (WORK_CUE.search(text, lo, hi) or REPORTED.search(text, m.end(), hi)):
                continue  # "the Lipkin lab is recruiting": no work told
            works = self._team_works({surname}, None, lambda _year: True)
            # (the group's own places: its country's is every group's there)
            places = places_of_surname(surname) - COUNTRY_WORDS
            if places:
                # (a card lists its first authors only: the head of the lab, its last author, is
                # known by the group table, so the lab's papers are its place's)
                known = set(works)
                works += [
                    (i, cid)
                    for i in self._indexes
                    for cid in self._papers_of_places(i, places)
                    if (i, cid) not in known
                ]
            if not works:
                continue
            named = mentions.journals_in(self.index, post, lo, hi)
            if self.reference is not None:
                named |= mentions.journals_in(self.reference, post, lo, hi)
            if named:
                works = [(i, cid) for i, cid in works if i.journal_of.get(cid) in named]
            years = years_in(text, lo, hi)
            if len(years) == 1:
                works = [(i, cid) for i, cid in works if i.cards[cid].year in years]
            cards = [cid for i, cid in works if i is self.index]
            listed = [cid for i, cid in works if i is not self.index]
            c = Citation("description", f"lab:{surname}", m.span(), 0.5, text[lo:hi])
            hit = self._clear_best(
                post, c, cards, listed, frozenset({surname}), min_fit=_MIN_FIT, margin=_MARGIN
            )
            if hit is not None:
                out.append(hit)
        return out

    def _team_work_apart(
        self, post: PostText, c: Citation, team: set[str | None], own: str | None, of: int | None, way: str
    ) -> _Resolved | None:
        """ "A later study by the same group …": of the team's papers (first or last author)
        after (before) the year of the paper cited before, the cards' and the listed ones, the
        one the post's words, its sentence's above all, fit clearly best."""
        if of is None:
            return None
        works = self._team_works(team, own, (lambda y: y > of) if way == "later" else (lambda y: y < of))
        if not works:
            return None
        cards = [cid for index, cid in works if index is self.index]
        listed = [cid for index, cid in works if index is not self.index]
        return self._clear_best(post, c, cards, listed, frozenset(), min_fit=_MIN_FIT, margin=_MARGIN)

    def _team_works(
        self, team: set[str | None], own: str | None, in_year: Callable[[int], bool]
    ) -> list[tuple[AtlasIndex, str]]:
        """The papers (the cards', then the listed ones) whose first or last author is one of
        ``team``, of a year ``in_year`` accepts, other than the one titled ``own``."""
        out: list[tuple[AtlasIndex, str]] = []
        for index in (self.index, self.reference):
            if index is None:
                continue
            by_team = self._team_papers(index)
            for cid in sorted({cid for surname in team for cid in by_team.get(surname, ())}):
                card = index.cards[cid]
                if card.year is not None and in_year(card.year) and card.title != own:
                    out.append((index, cid))
        return out

    def _papers_of_places(self, index: AtlasIndex, places: frozenset[str]) -> list[str]:
        """An index's papers whose group is at one of these places, in the index's order (a
        place's papers are looked up, not every paper's places read: an atlas holds thousands)."""
        built = self._by_place.get(id(index))
        if built is None:
            cids, at = list(index.places), dict[str, list[int]]()
            for n, own in enumerate(index.places.values()):
                for place in own:
                    at.setdefault(place, []).append(n)
            built = self._by_place[id(index)] = (cids, at)
        cids, at = built
        return [cids[n] for n in sorted({n for place in places for n in at.get(place, ())})]

    def _team_papers(self, index: AtlasIndex) -> dict[str | None, list[str]]:
        """An index's papers by the surname of their first and of their last author."""
        found = self._teams.get(id(index))
        if found is None:
            found = {}
            for cid, card in index.cards.items():
                for surname in {author_surname(a) for a in card.authors[:1] + card.authors[-1:]}:
                    found.setdefault(surname, []).append(cid)
            self._teams[id(index)] = found
        return found

    def _authors(self, r: _Resolved) -> tuple[str, ...]:
        """A resolved paper's author list, from its card or its row in the reference list."""
        if r.card_id is not None:
            return tuple(self.index.cards[r.card_id].authors)
        doi = ids.norm_doi(r.paper.doi) if r.paper is not None and r.paper.doi else None
        listed = self.reference.by_doi.get(doi) if doi and self.reference is not None else None
        return tuple(self.reference.cards[listed].authors) if listed and self.reference is not None else ()

    def _in_the_same_journal(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "The companion paper in the same issue …", "a separate paper in the same journal
        reports …": a work in the journal of the paper the post cited last before it (in that
        paper's year, for an issue, or in a year the sentence gives), not that paper itself: of
        that journal's other papers, the atlas's and the list's, the one the post's words fit
        clearly best. Only in a sentence where nothing else was resolved, and never for several
        works ("two papers in the same journal" say which ones nowhere)."""
        out: list[_Resolved] = []
        if "same" not in post.lower:
            return out
        placed = _placed_papers(resolved)
        for m in _SAME_JOURNAL.finditer(post.text):
            lo, hi = sentence_bounds(post.text, *m.span())
            if any(lo <= r.citation.span[0] < hi for r in placed) or _several(post.text, *m.span()):
                continue
            last = _cited_last_before(placed, m.start())
            journal = self._journal_and_year(last) if last is not None else None
            if journal is None:
                continue
            key, index, own, year = journal
            if m.group(1).lower() != "issue":
                year = nearest_year(post.text, *m.span())
            value = f"journal:{' '.join(key)}|{year or ''}"
            c = Citation("description", value, m.span(), 0.5, post.text[lo:hi])
            cards = _journal_papers(self.index, key, year, index, own)
            listed = _journal_papers(self.reference, key, year, index, own)
            # (the same issue of a journal holds few papers: its one other known paper needs the
            # words to fit it only as any mention's must)
            alone = m.group(1).lower() == "issue" and len(cards) + len(listed) == 1
            min_fit = _MIN_FIT if alone else 2 * _MIN_FIT
            best = self._clear_best(post, c, cards, listed, frozenset(key), min_fit=min_fit, margin=_MARGIN)
            if best is not None:
                out.append(best)
        return out

    def _journal_and_year(self, r: _Resolved) -> tuple[tuple[str, ...], AtlasIndex, str, int | None] | None:
        """The journal (its key, the index and id the paper has there) and year of a resolved
        card or listed paper; None when neither index knows its journal."""
        if r.card_id is not None:
            key = self.index.journal_of.get(r.card_id)
            return (key, self.index, r.card_id, self.index.cards[r.card_id].year) if key else None
        ref, paper = self.reference, r.paper
        if ref is None or paper is None:
            return None
        hit = _listed_id(ref, paper)
        key = ref.journal_of.get(hit) if hit else None
        return (key, ref, hit, ref.cards[hit].year) if key and hit else None

    def _retold_titles(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """Papers named by a sentence retelling their title (``title_echo``) or, failing that,
        what a card says the study found (``finding_echo``): each sentence that speaks of a piece
        of work, or tells a finding with a reporting verb (findings only), and in which no
        citation was resolved is read once."""
        # (the work cues are found once in the whole text; a sentence's are those within it)
        all_works = list(WORK_CUE.finditer(post.text))
        cues = sorted([*all_works, *REPORTED.finditer(post.text)], key=lambda m: m.start())
        if "uthors:" in post.text or " type:" in post.text:
            # "Authors: Sasso S, Er JH and colleagues": a byline line names people, not a work;
            # "Article type: Original Research" names the kind of the item's own paper
            field_lines = [m.span() for m in _ITEM_FIELD_LINE.finditer(post.text)]
            all_works = [m for m in all_works if not _inside_any(m.span(), field_lines)]
            cues = [m for m in cues if not _inside_any(m.span(), field_lines)]
        if not cues:
            return self._retold_by_coined_word(post, self._taken_for_retelling(post, resolved))
        taken = self._taken_for_retelling(post, resolved)
        cited = {title for r in resolved if (title := self._title_of(r))}
        out: list[_Resolved] = []
        read_to = -1  # (cues come in order: one in a sentence already read is skipped at once)
        for first in cues:
            if first.start() < read_to:
                continue
            lo, hi = sentence_bounds(post.text, *first.span())
            read_to = hi
            if any(lo <= start < hi for start in taken):
                # "… two papers: the REGAIN trial, and a paper on fatigue and upright activity":
                # a work told after the one cited, as another, is read from its own words on
                another = self._another_after(post.text, lo, hi, taken, all_works)
                if another >= 0:
                    lo = another
                else:
                    # "A Norwegian paper in Fatigue describes how …, and an overview … by Vink
                    # and Vink-Niese sets out …": a work told in its own clause before the one cited
                    hi = _own_clause_before(post.text, lo, hi, taken, all_works)
                    if hi < 0:
                        continue
            works = _within(all_works, lo, hi)
            if works and all(_anyone(post.text, lo, w) for w in works):
                continue  # "Some researchers say …": people in general, no work of theirs
            cue = works[0] if works else first
            if works:
                back = _POINTS_BACK.search(post.text, max(lo, cue.start() - 12), cue.start()) or (
                    cue.group(0).lower() == "authors"
                    and _THE.search(post.text, max(lo, cue.start() - 5), cue.start())
                )
                if back and _GROUP_PUT_OUT.match(post.text, cue.end()):
                    back = None  # "the same group put out …": another work of theirs
            else:
                back = _OPENS_BACK.match(post.text, lo)  # "It found …", "They showed …"
            told_from = lo
            if back and cue.group(0).isdigit() and self._another_years_work(resolved, lo, int(cue.group(0))):
                back = None  # "Its 2022 metabolomics follow-up …" after a 2016 paper: a new work
            if back and any(start < lo for start in taken):
                # "That preprint says …", "The authors screened …" after a paper the post cited:
                # that paper again; unless the sentence before named a work it cited nothing
                # for ("… also published a lab study on NK cells. In that work, …"): that work,
                # told in both sentences
                work_before = self._work_named_before(post.text, lo, taken)
                if work_before is None:
                    continue
                told_from = work_before
            if works and self._named_again(post.text, cue, lo, taken, all_works):
                continue  # "the 2018 pilot (doi …) … The pilot treated ten patients": that pilot
            if works and _NOT_DONE_YET.match(post.text, cue.end()):
                continue  # "the team needs whole-genome sequencing": work wanted, none retold
            told = post.text[told_from:hi]  # (the words that retell a title, or tell what was found)
            entry = self._retellings.named_in(told) if works else None
            next_told: int | None = None  # (where the sentence after ends, when it goes on about the work)
            if entry is None and works:
                # "I also read the Griffith group's lab paper on NK cells. Low-dose naltrexone
                # restored TRPM3 ion channel function in those cells.": the work is named in one
                # sentence and its title retold in the next, which names no work of its own.
                # Not after "the researchers", "the review" once a paper was cited: that paper.
                known = _THE.search(post.text, max(lo, cue.start() - 4), cue.start())
                after = self._told_next(post.text, hi, taken, all_works)
                if after is not None and not (known and any(start < lo for start in taken)):
                    entry = self._retellings.named_in(post.text[hi:after])
                    if entry is not None:
                        told, hi, read_to = post.text[hi:after], after, after
                    else:
                        # "… re-analysed the same cohort, looking for combinations of variants.
                        # It reports reproducible combinatorial risk factors …": the title told
                        # across the two sentences
                        # (the sentence going on about the work must retell much of it alone)
                        entry = self._retellings.named_across(post.text[told_from:after], post.text[hi:after])
                        if entry is not None:
                            told, hi, read_to = post.text[told_from:after], after, after
                        else:
                            next_told = after
            if entry is None:
                # no title retold: what the study found, as a card tells it (when the sentence
                # speaks of a work, not only of a trial's arm: "against the placebo group", or
                # tells what someone found: "The Norwegians showed that …")
                spoken = not works or any(not _is_arm(post.text, m) for m in works)
                found_by = self._findings.named_in(told) if spoken else None
                if found_by is None and spoken and told_from < lo:
                    # "… earlier work from a Columbia-led team. That study found that …": the
                    # finding told in its own sentence, the one before only naming the work
                    found_by = self._findings.named_in(post.text[lo:hi])
                if found_by is None and spoken and next_told is not None:
                    # "… a 2014 paper from a US exercise lab. In it, 22 patients did …": what
                    # the work found, told in the sentence after the one naming it
                    found_by = self._findings.named_in(post.text[told_from:next_told])
                    if found_by is not None:
                        hi = read_to = next_told
                entry = (self.index, found_by) if found_by is not None else None
            if entry is None:
                continue
            index, cid = entry
            if any(
                title != index.cards[cid].title and self._retellings.retells(told, title) for title in cited
            ):
                continue  # "… the authors conclude" retelling the title of a paper cited already
            if _another_year_said(post.text, lo, hi, index.cards[cid].year):
                continue  # "… (2018)": a year the paper's is not says another paper
            c = Citation("description", f"retold:{cid}", cue.span(), 0.5, post.text[lo:hi])
            out.append(self._in(c, index, cid))
        return out + self._retold_by_coined_word(post, taken + [r.citation.span[0] for r in out])

    def _another_years_work(self, resolved: list[_Resolved], lo: int, year: int) -> bool:
        """Whether a year told as a work ("its 2022 follow-up") is no year of the papers the
        post resolved before ``lo``: a sentence pointing back ("Its …") then tells another
        work of the same people, not the paper cited before."""
        before = [y for r in resolved if 0 < r.citation.span[0] < lo and (y := self._year_of(r)) is not None]
        return bool(before) and year not in before

    @staticmethod
    def _taken_for_retelling(post: PostText, resolved: list[_Resolved]) -> list[int]:
        """Where the resolved citations a retelling must not be read beside start."""
        # (a surname without a year is no paper yet: "the preprint from Scheibenbogen's group"
        # may retell the title of a paper the group lead co-authored; ``_without_group_leads``
        # then drops the surname)
        # (nor is a surname naming a group, "a trial from Systrom's group … a 2022 abstract": the
        # group's lead, whatever year the sentence gives, not a paper of theirs)
        return [
            r.citation.span[0]
            for r in resolved
            if (r.card_id is not None or r.paper is not None)
            and r.citation.span != (0, 0)
            and not _yearless_name(r.citation)
            and not (r.citation.kind == "author_year" and _GROUP_OF.search(post.text, *r.citation.span))
        ]

    def _retold_by_coined_word(self, post: PostText, taken: list[int]) -> list[_Resolved]:
        """A sentence holding a coined word of one known title ("WASF3"), written as the title
        writes it, that also retells that title ("higher WASF3 disrupted mitochondrial
        respiration"), names the paper though it says "study" nowhere: the rare name and the
        title's own claim together are the paper's, where the name alone ("WASF3 is raised in
        some patients") is only its subject. Sentences citing a resolved paper are left alone."""
        text = post.text
        out: list[_Resolved] = []
        read: list[tuple[int, int]] = []
        for index, cid, start, end in mentions.coined_names(self._indexes, post):
            lo, hi = sentence_bounds(text, start, end)
            if (lo, hi) in read or any(lo <= at < hi for at in taken):
                continue
            read.append((lo, hi))
            if self._retellings.named_in(text[lo:hi]) != (index, cid):
                continue
            if _another_year_said(text, lo, hi, index.cards[cid].year):
                continue  # (as for a retold title)
            c = Citation("description", f"retold:{cid}", (start, end), 0.5, text[lo:hi])
            out.append(self._in(c, index, cid))
        return out

    @staticmethod
    def _another_after(text: str, lo: int, hi: int, taken: list[int], all_works: list[re.Match[str]]) -> int:
        """Where another work begins in a sentence that cited one, after every citation there
        ("…, and a paper on …", "; another study of …"), or -1."""
        last = max(start for start in taken if lo <= start < hi)
        for cue in _within(all_works, last + 1, hi):
            another = _ONE_MORE_WORK.search(text, max(last, cue.start() - 40), cue.start())
            if another is not None:
                return another.start(1)
        return -1

    @staticmethod
    def _work_named_before(text: str, lo: int, taken: list[int]) -> int | None:
        """Where the sentence before ``lo`` starts, when it names a work and cites nothing
        resolved: what "that work" in the sentence at ``lo`` points back to."""
        if lo < 2:
            return None
        before, end = sentence_bounds(text, lo - 2, lo - 1)
        if any(before <= start < lo for start in taken):
            return None
        return before if _A_WORK.search(text, before, end) else None

    @staticmethod
    def _named_again(
        text: str, cue: re.Match[str], lo: int, taken: list[int], all_works: list[re.Match[str]]
    ) -> bool:
        """Whether "the <work>" at ``cue`` names again the work the post last called so, in a
        sentence where it cited a paper: "the 2018 pilot (doi …). … The pilot treated …"."""
        if not _THE.search(text, max(lo, cue.start() - 5), cue.start()) or text.startswith(
            ("'s", "’s"), cue.end()
        ):
            return False  # ("the trial's follow-up" is another work of that trial)
        word = cue.group(0).lower().rstrip("s")
        if word.isdigit() or word in ("the", "author", "researcher", "scientist", "colleague"):
            return False  # (years; "the authors" is read above; "the first, …")
        last = None
        for m in _within(all_works, 0, lo):
            if m.group(0).lower().rstrip("s") == word:
                last = m
        if last is None:
            return False
        before, after = sentence_bounds(text, *last.span())
        return any(before <= start < after for start in taken)

    @staticmethod
    def _told_next(
        text: str, hi: int, taken: list[int], all_works: list[re.Match[str]] | None = None
    ) -> int | None:
        """Where the sentence after the one ending at ``hi`` ends, when that sentence may go on
        about the work named before it: it names no work of its own (a work it points back to,
        "In that work, …", is that one), cites nothing resolved and is not the writer speaking
        of themselves ("My doctor has suggested low-dose naltrexone")."""
        if hi >= len(text):
            return None
        lo, after = sentence_bounds(text, min(len(text), hi + 1), min(len(text), hi + 2))
        if all_works is None:
            works = WORK_CUE.search(text, lo, after) is not None
        else:
            # ("In that work, low-dose naltrexone restored …": the work named before, told on)
            works = any(
                not _POINTS_BACK.search(text, max(lo, w.start() - 12), w.start())
                for w in _within(all_works, lo, after)
            )
        if after <= hi or any(lo <= start < after for start in taken) or works:
            return None
        if _FIRST_PERSON.search(text, lo, after):
            return None
        return after

    # -- one citation at a time ------------------------------------------------------------

    def _resolve_all(self, post: PostText, citations: list[Citation]) -> list[_Resolved]:
        """Identifiers first; then the rest, skipping a description that stands beside an
        identifier of a known card (that identifier decides, so weighing every card of a
        journal and year against the post would be wasted). Results keep the citations' order."""
        results: list[_Resolved | None] = [None] * len(citations)
        several: list[_Resolved] = []  # (a journal said of a counted few papers: each of them)
        truncated: dict[str, list[Citation]] = {}
        # Confident "Surname et al. YEAR" mentions: what a description beside them must agree with.
        named = [
            (c.span, c.value)
            for c in citations
            if c.kind == "author_year" and c.span != (0, 0) and c.confidence >= 0.8 and c.value[-4:].isdigit()
        ]
        for i, c in enumerate(citations):
            if c.kind in _STRONG or c.kind == "url":
                results[i] = self._resolve(post, c)
        strong = sorted(
            (r for r in results if r is not None and _is_strong(r)), key=lambda r: r.citation.span
        )
        starts = [r.citation.span[0] for r in strong]
        for i, c in enumerate(citations):
            if c.kind in _STRONG or c.kind == "url":
                continue
            if c.kind == "truncated_url":
                truncated.setdefault(c.value, []).append(c)
                continue
            if c.kind == "description" and strong and c.span != (0, 0):
                anchor = _nearest(post.text, _Resolved(c, None, "description", 0.0), strong, starts)
                if (
                    anchor is not None
                    and (
                        anchor.card_id is not None
                        or (
                            anchor.paper is not None
                            and c.value.startswith("journal:")
                            and not _author_year_left_open(anchor)
                        )
                    )
                    and not (c.value.startswith("journal:") and _several(post.text, *c.span))
                    and not self._other_year(c, anchor)
                ):
                    # "a 2026 Nutrients paper (doi …)": the identifier says which paper ("the
                    # pair in Cell Host & Microbe, one of them (doi …)": it says one of them)
                    continue
            if c.kind == "description" and not self._author_agrees(post.text, c, named):
                continue  # "a 2023 Cell Host & Microbe paper by Other et al.": not the card
            found = results[i] = self._resolve(post, c)
            if found is not None and self._by_another_author_beside(post.text, c, found, named):
                results[i] = None  # "Keller and colleagues, 2024, the two-day exercise test study"
            if results[i] is None and c.value.startswith("some:") and c.span != (0, 0):
                results[i] = self._dated_after_the_work_before(post, c, results)
            if results[i] is None and c.value.startswith("design:") and strong:
                results[i] = self._next_of_the_series(post, c, strong)
            if results[i] is None and c.value.startswith("journal:") and c.value.endswith("|"):
                several.extend(self._several_of_journal(post, c))
            if c.kind == "description" and self._not_later(post.text, c, results[i], strong):
                results[i] = None  # "the later trial" after a 2015 paper is none of 2011
        self._back_to_the_named_paper(post.text, citations, results)
        out = [many for r in results if r is not None for many in self._each_of_several(post, r)]
        out += several
        for value, group in truncated.items():
            out.extend(self._resolve_truncated(post, value, group))
        return out

    def _dated_after_the_work_before(
        self, post: PostText, c: Citation, results: Sequence[_Resolved | None]
    ) -> _Resolved | None:
        """ "The trial followed a much smaller Norwegian study of 30 patients, published eight
        years earlier": a work told without its year, then dated that many years from the card
        resolved last before it, is read as the work of that year ("a Norwegian study from
        2011"), with all the checks such a work gets."""
        apart = mentions.years_apart_after(post.text, c.span[1])
        if apart is None:
            return None
        # (cards told wholly before it: "count:30" of the whole sentence is no earlier work)
        before = [
            (r.citation.span[0], r.card_id)
            for r in results
            if r is not None and r.card_id is not None and r.citation.span[1] <= c.span[0]
        ]
        if not before:
            return None
        of = self.index.cards[max(before, key=lambda b: b[0])[1]].year
        if of is None:
            return None
        dated = replace(c, value=f"work:{c.value[5:]}|{of + apart}")
        return self._resolve(post, dated)

    def _next_of_the_series(self, post: PostText, c: Citation, strong: list[_Resolved]) -> _Resolved | None:
        """ "the PLOS ONE follow-up (doi …), and then the big 2019 trial": a work told by its
        design and year alone, in a sentence citing by identifier a card of some first author,
        is that author's work of that design and year (one team's papers told in order), when
        the post's words fit it at all. Its words alone are too few to name it."""
        if c.span == (0, 0):
            return None
        lo, hi = sentence_bounds(post.text, *c.span)
        cards = self.index.cards
        leads = {
            cards[r.card_id].first_author_surname
            for r in strong
            if r.card_id is not None and lo <= r.citation.span[0] < hi
        }
        leads.discard(None)
        if not leads:
            return None
        kind, year = _design_year(c.value)
        cands = [
            cid
            for cid in self.index.by_year_design.get((year, kind), [])
            if cards[cid].first_author_surname in leads
        ]
        cands = self._uncontradicted(c.context, cands)
        if len(cands) != 1:
            return None
        sentence = content_words(_told_of(post.text, c))
        if self.index.fit_weighted(cands[0], post.content, sentence) < _MIN_FIT / 2:
            return None
        return _Resolved(c, cands[0], "description", 0.75)

    def _back_to_the_named_paper(
        self, text: str, citations: list[Citation], results: list[_Resolved | None]
    ) -> None:
        """ "Keller's 2014 study (doi …) … Keller's group seem more favourable": a surname said
        again without a year, whose words fit two of that first author's cards about equally
        (a tie, left ambiguous or broken by the encoder), is the one of them the post cited
        before by its year or an identifier. Words that clearly fit another of the author's
        papers still name it, and a sentence telling a later work is left as it was read.
        Results are changed in place."""
        seen: list[tuple[int, str]] = []  # (where, card) of papers cited by year or identifier
        for i in sorted(range(len(citations)), key=lambda i: citations[i].span):
            c, r = citations[i], results[i]
            if r is None or c.span == (0, 0):
                continue
            if _yearless_name(c):
                if r.method != "semantic" and not r.ambiguous:
                    continue
                mine = set(r.ambiguous) or set(self.index.by_surname.get(ids.fold(c.value).split()[-1], ()))
                before = {cid for at, cid in seen if at < c.span[0] and cid in mine}
                lo, hi = sentence_bounds(text, *c.span)
                if len(before) == 1 and not _LATER.search(text, lo, hi):
                    results[i] = _Resolved(c, before.pop(), "author_year", 0.7)
            elif r.card_id is not None and (c.kind in _STRONG or c.kind == "author_year"):
                seen.append((c.span[0], r.card_id))

    def _not_later(self, text: str, c: Citation, r: _Resolved | None, strong: list[_Resolved]) -> bool:
        """Whether a work told as later than one cited before it ("the later placebo-controlled
        trial", after a 2015 paper's DOI) was read as a paper no later than that one."""
        if r is None or c.span == (0, 0) or not _LATER.search(text, c.span[0], c.span[1]):
            return False
        year = self._year_of(r)
        before = [self._year_of(s) for s in strong if s.citation.span[1] <= c.span[0]]
        return year is not None and any(b is not None and year <= b for b in before)

    def _year_of(self, r: _Resolved) -> int | None:
        """The year of the card or listed paper a citation was read as (None when unknown). An
        identifier of an uncovered paper carries no year until its listed paper completes it
        (``_merge``); the list already knows it."""
        if r.card_id is not None:
            return self.index.cards[r.card_id].year
        if r.paper is None:
            return None
        ref = self.reference
        if r.paper.year is None and ref is not None and (hit := _listed_id(ref, r.paper)) is not None:
            return ref.cards[hit].year
        return r.paper.year

    def _other_year(self, c: Citation, anchor: _Resolved) -> bool:
        """Whether a description gives a year its neighbouring identifier's paper does not have:
        "The paper (doi …) follows a 2020 meta-analysis" tells two works, not one twice."""
        said = _YEAR_AT_END.search(c.value)
        if said is None or c.value.startswith("several:"):
            return False  # (several works told together beside an identifier: left as they were)
        year = self._year_of(anchor)
        return year is not None and year != int(said.group(1))

    def _years_apart(self, c: Citation, anchor: _Resolved) -> bool:
        """Whether an author and year are a paper of a year two or more from the neighbouring
        identifier's paper: another paper of that author, not the identifier's written twice (a
        year one apart may be the same paper's preprint and print, as elsewhere)."""
        if c.kind != "author_year" or not c.value[-4:].isdigit():
            return False
        year = self._year_of(anchor)
        return year is not None and abs(year - int(c.value[-4:])) >= 2

    def _each_of_several(self, post: PostText, r: _Resolved) -> list[_Resolved]:
        """ "the two 2023 Cell Host & Microbe papers": a journal and year said of several papers
        is each of them, when the post says how many ("two", "both", "the pair"; a plural alone
        for two or three) and the atlas and the list hold exactly that many of that journal and
        year. Otherwise the mention stays what it was (ambiguous: never a guess at one)."""
        c = r.citation
        if c.value.startswith("several:"):
            return self._each_described(post, c)
        if not c.value.startswith("journal:") or c.span == (0, 0):
            return [r]
        # (even when the words fit one of them best: "both … papers" are both)
        key, year = _journal_year(c.value)
        cards = _of_journal(self.index, key, year)
        ref = self.reference
        listed = _of_journal(ref, key, year) if ref is not None else []
        wanted = _several(post.text, *c.span)
        if wanted is None or len(cards) + len(listed) not in wanted:
            return [r]
        found = [self._in(c, self.index, cid) for cid in cards]
        if ref is not None:
            found += [self._in(c, ref, i) for i in listed]
        return found

    def _several_of_journal(self, post: PostText, c: Citation) -> list[_Resolved]:
        """ "Two earlier rituximab studies by the group, both published in PLoS ONE": a journal
        without a year, said of a counted few papers ("two", "both", "three"), is the papers of
        that journal (the cards' and the listed ones) the post's words fit clearly best, as many
        as were counted: each of them fitting as one yearless journal paper must (twice the
        usual fit), and the last of them clearly ahead of the next (the count said is evidence of
        its own, so the usual margin, not a yearless journal's wider one). Otherwise nothing: a journal
        publishes many papers on one topic."""
        key, year = _journal_year(c.value)
        wanted = _several(post.text, *c.span) if year is None and c.span != (0, 0) else None
        if wanted is None or len(wanted) != 1:
            return []  # (the count said, not a plural's two or three)
        (n,) = wanted
        ref = self.reference
        named = frozenset(key) | content_words(post.text[c.span[0] : c.span[1]])
        sentence, whole = _told_words(post, c, named)
        listed = _of_journal(ref, key, None) if ref is not None else []
        ranked = self._ranked_fits(_of_journal(self.index, key, None), listed, whole, sentence)
        if len(ranked) < n or ranked[n - 1][0] < 2 * _MIN_FIT:
            return []
        if len(ranked) > n and ranked[n - 1][0] < ranked[n][0] * _MARGIN:
            return []
        return [
            self._in(c, self.index if is_card or ref is None else ref, cid) for _, is_card, cid in ranked[:n]
        ]

    def _in(self, c: Citation, index: AtlasIndex, cid: str) -> _Resolved:
        """What a description found in one of the indexes is: the card, or the listed paper."""
        if index is self.index:
            return _Resolved(c, cid, "description", 0.86)
        return _Resolved(c, None, "description", 0.85, paper=_ref_paper(index.cards[cid]))

    def _of_year_with_every_word(
        self,
        said: list[str],
        year: int | None,
        wanted: tuple[str, ...] | None = None,
        beside: frozenset[str] = frozenset(),
        told: frozenset[str] = frozenset(),
    ) -> Iterator[tuple[AtlasIndex, list[str], set[str], list[str]]]:
        """Per index: the naming words it knows, the papers whose words hold every one of them,
        and of those the ones of that year (None: of any year) with a naming word in their title
        or their group's places, or with a place ``beside`` the work among their group's places,
        or two of their title's words ``told`` around the work, or one that no other title has,
        or (cards) every word of a treatment they are tagged with (and of the wanted design, for
        cards)."""
        said_set = set(said)
        for index in (self.index, self.reference):
            if index is None:
                continue
            known = [w for w in said if w in index.by_word]
            if not known:
                continue
            cands = set(index.by_word[known[0]]).intersection(*(index.by_word[w] for w in known[1:]))
            fitting = [
                cid
                for cid in sorted(cands)
                if (year is None or index.cards[cid].year == year)
                and (
                    said_set & (index.title_stems[cid] | index.places[cid])
                    or beside & index.places[cid]
                    or len(told & index.title_stems[cid]) >= 2
                    or any(len(index.by_title_stem[w]) == 1 for w in told & index.title_stems[cid])
                    # ("the 2019 rituximab trial": the treatment a card's trial tested names it
                    # as a title word would, though its title says "B-lymphocyte depletion")
                    or (index is self.index and any(tag <= said_set for tag in self._tag_words(cid)))
                )
                and (index is not self.index or not wanted or index.design[cid] in wanted)
            ]
            yield index, known, cands, fitting

    def _each_described(self, post: PostText, c: Citation) -> list[_Resolved]:
        """ "the two 2023 gut microbiome papers", "both 2023 studies of the gut microbiome":
        papers told together by what they are about and their year are each of them, when the
        papers of that year (cards and listed papers together) whose words hold every naming
        word, one of them in the title, are exactly as many as the post says (a plural alone:
        two or three); or, told as known ones with a year, as many papers of that year by a
        first author the words name. Otherwise nothing: a guess at which of them is no better
        than none."""
        known_ones = _DEFINITE.match(post.text, c.span[0]) is not None
        wanted, _, fitting = self._told_together(c.value[8:], known_ones)
        if len(fitting) not in wanted:
            return []
        return [self._in(c, index, cid) for index, cid in fitting]

    def _told_together(
        self, told: str, known_ones: bool = False
    ) -> tuple[set[int], list[str], list[tuple[AtlasIndex, str]]]:
        """Of ``<how many>|<naming words>|<year>`` (a ``several:`` or ``oneof:`` value less its
        prefix): how many papers the post says, the naming words, and the papers of that year
        (cards and listed papers together) whose words hold every naming word, one of them in
        the title. ``known_ones``: the works are told as known ones ("the two …", "both …")."""
        wanted_text, naming, year_text = told.split("|")
        said = naming.split()
        fitting: list[tuple[AtlasIndex, str]] = []
        for year in [int(y) for y in year_text.split(",")] if year_text else [None]:
            per_index = list(self._of_year_with_every_word(said, year))
            # (an index that knows fewer of the naming words holds none of its papers to them
            # all: "both Norwegian placebo-controlled rituximab trials" are no listed trial of
            # another drug whose words hold every naming word the list knows)
            most = max((len(known) for _, known, _, _ in per_index), default=0)
            of_year = [
                (index, cid) for index, known, _, found in per_index if len(known) == most for cid in found
            ]
            if "," in year_text and len(of_year) != 1:
                # "both of Keller's CPET studies, the small 2014 one and the big 2024 one": a
                # paper whose words lack a naming word is still told by its first author's name
                # among them and its year
                of_year = self._first_authored(said, year)
                if len(of_year) != 1:
                    return set(), said, []  # ("from 2011 and 2015": one paper of each year, or none)
            fitting += of_year
        wanted = {int(n) for n in wanted_text.split(",")}
        if len(fitting) not in wanted and (not year_text or (known_ones and year_text.isdigit())):
            # "both of Keller's two-day CPET papers": without a year, papers whose words lack a
            # naming word are still told by their first author's name among them, when that
            # author's papers (cards and listed ones) are exactly as many as the post says; so
            # are "the two 2025 Vernon papers on it", that author's papers of the year ("there
            # seem to be two Germain papers from 2025" says only that they exist)
            owned = self._first_authored(said, int(year_text) if year_text else None)
            if len(owned) in wanted:
                fitting = owned
        return wanted, said, fitting

    def _first_authored(self, said: list[str], year: int | None) -> list[tuple[AtlasIndex, str]]:
        """The papers (cards and listed ones) of that year (of any year: None) whose first
        author's surname is one of the naming words."""
        return [
            (index, cid)
            for index in self._indexes
            for w in dict.fromkeys(said)
            for cid in index.by_surname.get(w, ())
            if year is None or index.cards[cid].year == year
        ]

    def _one_described(self, post: PostText, c: Citation) -> _Resolved | None:
        """ "One of the two 2023 gut microbiome papers found the biggest changes in people ill
        under four years": of the papers told together (found as ``_each_described`` finds
        them, as many as the post says), the one the rest of its sentence fits clearly best;
        none when the words do not tell them apart."""
        wanted, said, fitting = self._told_together(c.value[6:])
        if len(fitting) < 2 or len(fitting) not in wanted:
            return None
        sentence, whole = _told_words(post, c, frozenset(said))
        ranked = sorted(
            ((index.fit_weighted(cid, whole, sentence), k) for k, (index, cid) in enumerate(fitting)),
            reverse=True,
        )
        (best, k), (second, _) = ranked[0], ranked[1]
        if best < _MIN_FIT or best < second * _MARGIN:
            return None
        return self._in(c, *fitting[k])

    def _populations(self, cid: str) -> frozenset[int]:
        found = self._card_populations.get(cid)
        if found is None:
            found = self._card_populations[cid] = populations_of(self.index.cards[cid])
        return found

    def _by_another_author_beside(
        self, text: str, c: Citation, r: _Resolved, named: list[tuple[tuple[int, int], str]]
    ) -> bool:
        """Whether a work told by its words stands right after a confident "Surname and
        colleagues, YEAR" of its sentence, in apposition ("Keller and colleagues, 2024, the
        two-day exercise test study"), and the paper its words were read as is not by that
        author: the words describe the author's paper, which the name finds."""
        if not c.value.startswith(("named:", "some:", "work:")) or c.span == (0, 0):
            return False
        lo, _ = sentence_bounds(text, *c.span)
        before = [
            (y, value)
            for (x, y), value in named
            if lo <= x and y <= c.span[0] and _APPOSED.fullmatch(text, y, c.span[0])
        ]
        if not before:
            return False
        surname = _named_surname(before[-1][1])
        if r.card_id is not None:
            return surname not in self.index.author_surnames(r.card_id)
        ref, paper = self.reference, r.paper
        hit = _listed_id(ref, paper) if ref is not None and paper is not None else None
        return ref is not None and hit is not None and surname not in ref.author_surnames(hit)

    def _author_agrees(self, text: str, c: Citation, named: list[tuple[tuple[int, int], str]]) -> bool:
        """A description yields to a first author named beside it: when some "Surname et al."
        in its sentence names none of the cards or listed papers the description could mean,
        the sentence is about that author's paper (it is matched, or uncovered, through the
        name)."""
        if not named or not c.value.startswith("journal:"):
            return True
        a, b = c.span
        lo, hi = sentence_bounds(text, a, b)
        key, year = _journal_year(c.value)
        near = [
            _named_surname(value)
            for (x, y), value in named
            if lo <= x < hi
            and x - b <= _NEAR
            and a - y <= _NEAR
            and (year is None or value.endswith(str(year)))
        ]
        if not near:
            return True
        # (a journal without a year may have hundreds of papers: stop at the first that agrees)
        # (the list's papers of that journal count too: "Rostami-Afshari and colleagues … in the
        # Journal of Translational Medicine" agrees with their listed paper there)
        return any(
            not index.author_surnames(cid).isdisjoint(near)
            for index in (self.index, self.reference)
            if index is not None
            for cid in _of_journal(index, key, year)
        )

    def _resolve(self, post: PostText, c: Citation) -> _Resolved | None:
        index = self.index
        if c.kind in _STRONG:
            cid = index.by_identifier(c.kind, c.value)
            if cid:
                return _Resolved(c, cid, "identifier", max(c.confidence, 0.95))
            if c.kind == "doi" and (version := self._version_of_work(post, c)) is not None:
                return version
            if c.kind == "doi" and self._doi_cut(c):
                cut = self._resolve_truncated(post, f"doi:{c.value}", [c])
                if cut and (cut[0].card_id or cut[0].paper):
                    return cut[0]
            said_cut = c.kind in ("pmid", "pmcid") and _said_to_be_cut(post.text, c)
            if said_cut or (c.kind in ("pmid", "pmcid") and self._id_cut(post, c)):
                cut = self._resolve_truncated(post, f"{c.kind}:{c.value}", [c])
                if cut and (cut[0].card_id or cut[0].paper or said_cut):
                    return cut[0]  # (an id the post says was cut is never a paper as written)
            paper = PaperRef(**{c.kind: c.value})  # type: ignore[arg-type]
            return _Resolved(c, None, "identifier", c.confidence, paper=paper)
        if c.kind == "url":
            return self._resolve_url(post, c)
        if c.kind == "title":
            found = self._resolve_title(c, post.text[c.span[0] : c.span[1]])
            if found is None and _looks_like_a_title(post.text, c):
                return _Resolved(c, None, "title", c.confidence, paper=PaperRef(title=c.value))
            return found
        if c.kind == "author_year":
            return self._resolve_author(post, c)
        if c.kind == "description":
            return self._resolve_description(post, c)
        return None

    def _version_of_work(self, post: PostText, c: Citation) -> _Resolved | None:
        """A versioned work's DOI written without its version ("Cochrane review CD003200, 2019
        version"): the known version of the year its sentence gives, else the latest one."""
        known = [
            (idx.cards[i], i if idx is self.index else None)
            for idx, i in self._known_by_prefix("doi", c.value)
        ]
        versions = [
            (card, cid) for card, cid in known if publishers.is_version_of((card.doi or "").lower(), c.value)
        ]
        if not versions:
            return None
        year = nearest_year(post.text, *c.span) if c.span != (0, 0) else None
        if year is not None:
            versions = [(card, cid) for card, cid in versions if card.year == year]
            if len(versions) != 1:
                return None  # no version of that year known, or several: no guess
        card, cid = max(versions, key=lambda v: (v[0].year or 0, v[0].doi or ""))
        if cid is not None:
            return _Resolved(c, cid, "identifier", 0.9)
        return _Resolved(c, None, "identifier", 0.9, paper=_ref_paper(card))

    def _id_cut(self, post: PostText, c: Citation) -> bool:
        """A PubMed or PMC id too short for the paper's year ("PMID 3675" cut short, with no
        ellipsis): every PMID given since 2010 has eight digits, every PMCID since 2012 seven.
        Only a short id that no known paper has but that begins a known paper's id is cut."""
        pmid = c.kind == "pmid"
        digits = c.value if pmid else c.value[3:]
        if len(digits) >= (8 if pmid else 7) or c.span == (0, 0):
            return False
        year = nearest_year(post.text, *c.span)
        if year is None or year < (_EIGHT_DIGIT_PMIDS if pmid else _SEVEN_DIGIT_PMCIDS):
            return False
        return bool(self._known_by_prefix(c.kind, c.value)) and (
            self.reference is None or self.reference.by_identifier(c.kind, c.value) is None
        )

    def _doi_cut(self, c: Citation) -> bool:
        """A DOI cut mid-number with no ellipsis ("…/10.3389/fnins.2025.16378" for a paper whose
        article number runs on): no known paper has it (the caller found no card), a known
        paper's DOI begins with it and goes on in digits, and the words beside it describe that
        paper (twice the usual fit, as for any cut id). A DOI merely unknown stays a paper."""
        ref = self.reference
        if not c.value[-1:].isdigit() or (ref is not None and ref.by_identifier("doi", c.value) is not None):
            return False
        near = content_words(c.context)
        return any(
            (idx.cards[cid].doi or "")[len(c.value) : len(c.value) + 1].isdigit()
            and idx.fit(cid, near) >= 2 * _MIN_FIT
            for idx, cid in self._known_by_prefix("doi", c.value)
        )

    def _known_by_prefix(self, space: str, prefix: str) -> list[tuple[AtlasIndex, str]]:
        """The papers whose id of this kind begins with ``prefix``, the atlas's then the list's,
        each with its index: what a cut or unversioned id may be."""
        known = [(self.index, cid) for cid in self.index.by_prefix(space, prefix)]
        if self.reference is not None:
            known += [(self.reference, i) for i in self.reference.by_prefix(space, prefix)]
        return known

    def _resolve_url(self, post: PostText, c: Citation) -> _Resolved | None:
        index, ref = self.index, self.reference
        if c.value.startswith("pii:"):
            key = c.value[4:]
            cid = index.by_pii.get(key)
            if cid:
                return _Resolved(c, cid, "identifier", 0.97)
            listed = ref.by_pii.get(key) if ref is not None else None
            if ref is not None and listed:  # a listed paper's publisher id: that paper, no guess
                return _Resolved(c, None, "identifier", 0.95, paper=_ref_paper(ref.cards[listed]))
            yy = int(key[9:11])
            year = 1900 + yy if yy > 50 else 2000 + yy
            hint = set(words(c.context))
            cands = [
                cid for cid in index.by_year.get(year, ()) if set(index.journal_of.get(cid, ("\0",))) <= hint
            ]
            return self._by_context(post, c, cands, "url", 0.9, 0.8)
        cid = index.by_url.get(c.value)
        if cid:
            return _Resolved(c, cid, "url", 0.95)
        listed = ref.by_url.get(c.value) if ref is not None else None
        if ref is not None and listed:  # a listed paper's own link
            return _Resolved(c, None, "url", 0.95, paper=_ref_paper(ref.cards[listed]))
        mdpi = publishers.mdpi_article(c.value)
        if mdpi is not None:
            cands = index.by_mdpi_tail.get(mdpi.doi_tail, [])
            if len(cands) == 1:
                return _Resolved(c, cands[0], "url", 0.9)
        return None

    def _resolve_title(self, c: Citation, written: str = "") -> _Resolved | None:
        """``written``: the title as the post writes it (a card's declared name, "International
        Consensus Criteria", stands for its whole title in ``c.value``)."""
        tokens = words(c.value)
        best: tuple[float, str] | None = None
        runner_up = 0.0
        target = " ".join(tokens)
        for cid in self.index.title_candidates(tokens, min_share=0.3):
            score = max(
                fuzz.ratio(target, " ".join(self.index.titles[cid])),
                fuzz.ratio(target, " ".join(self.index.main_titles[cid])),
            )
            if best is None or score > best[0]:
                runner_up = best[0] if best else runner_up
                best = (score, cid)
            else:
                runner_up = max(runner_up, score)
        if best is None or best[0] < 80:
            # (no card's title is near: two cards far from it and from each other say nothing
            # against a listed paper's title)
            return self._reference_title(c)
        if best[0] < 100 and best[0] - runner_up < _TITLE_MARGIN:
            # Two papers on one topic often have near-identical titles: no clear winner, no match.
            close = tuple(
                cid
                for cid in self.index.title_candidates(tokens, min_share=0.3)
                if fuzz.ratio(target, " ".join(self.index.titles[cid])) >= best[0] - _TITLE_MARGIN
            )
            return _Resolved(c, None, "title", 0.0, ambiguous=close)
        if _title_contradicted(c, self.index.cards[best[1]], written):
            return None
        return _Resolved(c, best[1], "title", round(best[0] / 100, 3))

    def _reference_title(self, c: Citation) -> _Resolved | None:
        """A title no card has, found in the reference index: an uncovered paper with its ids."""
        ref = self.reference
        if ref is None:
            return None
        tokens = words(c.value)
        target = " ".join(tokens)
        scored = sorted(
            (
                (fuzz.ratio(target, " ".join(ref.titles[cid])), cid)
                for cid in ref.title_candidates(tokens, 0.3)
            ),
            reverse=True,
        )
        if (
            not scored
            or scored[0][0] < 85
            or (len(scored) > 1 and scored[1][0] > scored[0][0] - _TITLE_MARGIN)
        ):
            return None
        return _Resolved(
            c, None, "title", round(scored[0][0] / 100, 3), paper=_ref_paper(ref.cards[scored[0][1]])
        )

    def _from_reference(self, post: PostText, r: _Resolved) -> _Resolved:
        """An uncovered paper completed from the reference index: its identifiers and title
        from what the post gave (an identifier, or a surname and year naming one item)."""
        listed = self._listed(post, r)
        if listed is None:
            return r
        r.paper = listed
        if r.citation.kind == "author_year" and r.method == "author_year":
            # "Smith & Jones 2022" or a bare "Smith 2022" is too weak alone, but a listed
            # paper with that first author and year says it is a citation.
            r.score = max(r.score, self.settings.confirm_threshold)
        return r

    def _listed(self, post: PostText, r: _Resolved) -> PaperRef | None:
        """The uncovered paper ``r`` names, completed by the one listed paper it matches (by an
        identifier, or by first author and year with the post's words choosing among several);
        None when the reference knows no such paper or contradicts it."""
        ref = self.reference
        paper = r.paper
        if ref is None or r.card_id is not None or paper is None:
            return None
        hit = _listed_id(ref, paper)
        if hit is None and paper.first_author and paper.year and not (paper.doi or paper.pmid or paper.pmcid):
            surname = ids.fold(paper.first_author).split()[-1]
            same = [cid for cid in ref.by_surname.get(surname, ()) if ref.cards[cid].year == paper.year]
            if len(same) == 1:
                hit = same[0]
            elif same:
                sentence = content_words(r.citation.context)
                ranked = sorted(
                    ((ref.fit_weighted(cid, post.content, sentence), cid) for cid in same), reverse=True
                )
                if ranked[0][0] >= _MIN_FIT and ranked[0][0] >= ranked[1][0] * _MARGIN:
                    hit = ranked[0][1]
        if hit is None:
            return None
        found = _ref_paper(ref.cards[hit])
        if _conflict(paper, found):
            return None
        return _combine(paper, found)

    def _resolve_author(self, post: PostText, c: Citation) -> _Resolved | None:
        parts = c.value.rsplit(" ", 1)
        year = int(parts[1]) if len(parts) == 2 and parts[1].isdigit() else None
        name = parts[0] if year else c.value
        key = ids.fold(name)
        cids = list(self.index.by_surname.get(key.split()[-1], ())) + list(
            self.index.org_authors.get(key, ())
        )
        if _POSSESSIVE.search(post.text, c.span[0], c.span[1]) and not any(
            year is None or self.index.cards[cid].year == year for cid in cids
        ):
            # "Nath's NIH study": the head of a lab, who is seldom the first author.
            cids = list(self.index.by_any_author.get(key.split()[-1], ()))
            if year is None:
                if not cids:  # "Mancini's team found …": no card names them; a listed paper may
                    return self._listed_by_author(post, c, key.split()[-1])
                return self._by_context(post, c, cids, "author_year", 0.86, 0.8)
            cids = [cid for cid in cids if self.index.cards[cid].year == year]
            if len(cids) == 1:
                return _Resolved(c, cids[0], "author_year", 0.86)
            if not cids and not c.context.startswith("meta:"):
                # No card: "Systrom's lab … 2022" is the one listed paper of that year the lab's
                # head wrote, first author or (as a head mostly is) last
                listed = self._listed_with_author(key.split()[-1], year)
                if listed is not None:
                    return _Resolved(c, None, "author_year", 0.86, paper=listed)
                # Else too weak alone, but a listed paper by that first author confirms it.
                paper = PaperRef(first_author=name, year=year)
                return _Resolved(c, None, "author_year", min(c.confidence, 0.5), paper=paper)
            return self._by_context(post, c, cids, "author_year", 0.86, 0.8)
        if year is not None:
            same_year = self._journal_agrees(
                post, c, [cid for cid in cids if self.index.cards[cid].year == year]
            )
            if len(same_year) == 1:
                return _Resolved(c, same_year[0], "author_year", 0.92 if c.confidence >= 0.75 else 0.88)
            if same_year:
                return self._by_context(post, c, same_year, "author_year", 0.88, 0.8)
            partner = self._partners_paper(post, c, key.split()[-1], year)
            if partner is not None:
                return partner
            if not c.context.startswith("meta:"):
                # "Smith et al. (2022)" alone is an uncovered paper; "Smith & Jones 2022" is too
                # weak to stand alone (journal names look alike) but still names the paper of an
                # identifier beside it.
                return _Resolved(
                    c,
                    None,
                    "author_year",
                    c.confidence if c.confidence >= 0.8 else min(c.confidence, 0.5),
                    paper=PaperRef(first_author=name, year=year),
                )
            return None
        if not cids:
            ref = self.reference
            listed_org = list(ref.org_authors.get(key, ())) if ref is not None else []
            if listed_org:
                # "As Action for ME announced, …": the organisation's listed item its words fit
                return self._clear_best(
                    post,
                    c,
                    [],
                    listed_org,
                    frozenset(key.split()),
                    min_fit=_MIN_FIT,
                    margin=_MARGIN,
                    method="author_year",
                )
            return self._listed_by_author(post, c, key.split()[-1])
        sized = self._sized_in_sentence(post, c, cids)
        if len(sized) == 1:  # "Keller's group has a bigger study, over 150 people": that one
            return _Resolved(c, sized[0], "author_year", 0.7)
        if c.span != (0, 0) and len(cids) > 1:
            _, hi = sentence_bounds(post.text, *c.span)
            largest = self._largest(cids) if mentions.SIZE_WORD.search(post.text, c.span[1], hi) else None
            if largest:  # "Keller's group later repeated it with a much bigger sample": the largest
                return _Resolved(c, largest[0], "author_year", 0.7)
        # (a name alone names no work: "Walitt found the car park full"; "Walitt's study",
        # "Walitt and colleagues" do, and their name may be all the fit there is)
        alone = ids.fold(post.text[c.span[0] : c.span[1]]) == key
        return self._by_context(
            post, c, cids, "author_year", 0.7, 0.65, unsaid=_name_words(key) if alone else frozenset()
        )

    def _partners_paper(self, post: PostText, c: Citation, surname: str, year: int) -> _Resolved | None:
        """ "The Lipkin and Hornig cytokine study from 2015": a pair of names read out of order,
        the lab head first. When the first name has no paper of that year (no card, no listed
        paper) and exactly one other name of the pair is the first author of one, it is that."""
        names = _PAIR_SPLIT.split(post.text[c.span[0] : c.span[1]])
        if len(names) < 2 or c.context.startswith("meta:"):
            return None
        indexes = [i for i in (self.index, self.reference) if i is not None]
        if any(i.cards[cid].year == year for i in indexes for cid in i.by_surname.get(surname, ())):
            return None
        found = {
            (id(i), cid): (i, cid)
            for name in names[1:]
            if (words_of := name.split())
            for i in indexes
            for cid in i.by_surname.get(ids.fold(words_of[-1]), ())
            if i.cards[cid].year == year
        }
        if len(found) != 1:
            return None
        index, cid = next(iter(found.values()))
        if index is self.index:
            return _Resolved(c, cid, "author_year", 0.86)
        return _Resolved(c, None, "author_year", 0.85, paper=_ref_paper(index.cards[cid]))

    def _listed_with_author(self, surname: str, year: int) -> PaperRef | None:
        """The one listed paper of that year with this surname among its authors, first or any
        other (a lab's head is mostly last), or None when none or several."""
        ref = self.reference
        if ref is None:
            return None
        headed = {
            cid
            for cid in (*ref.by_surname.get(surname, ()), *ref.by_any_author.get(surname, ()))
            if ref.cards[cid].year == year
        }
        return _ref_paper(ref.cards[headed.pop()]) if len(headed) == 1 else None

    def _listed_by_author(self, post: PostText, c: Citation, surname: str) -> _Resolved | None:
        """ "The study, by Gardella and colleagues, …" without a year and with no card of that
        name: the listed paper of that first author the post's words fit (clearly best among
        several), as an uncovered paper with its identifiers."""
        ref = self.reference
        same = list(ref.by_surname.get(surname, ())) if ref is not None else []
        if not same or c.context.startswith("meta:"):
            return None
        name = frozenset({surname})  # (the name itself is no fit)
        return self._clear_best(
            post, c, [], same, name, min_fit=_MIN_FIT, margin=_MARGIN, method="author_year"
        )

    def _journal_agrees(self, post: PostText, c: Citation, cids: list[str]) -> list[str]:
        """The cards not contradicted by a journal named in the same citation ("Guo et al.
        2023, in another journal" is not the Cell Host & Microbe card of Guo 2023). The
        citation is the mention and the words right after it, up to the sentence's end."""
        if not cids or c.span == (0, 0):
            return cids
        _, hi = sentence_bounds(post.text, *c.span)
        end = min(hi, c.span[1] + _CLUSTER)
        own = c.value[-4:]
        for y in YEAR_RE.finditer(post.text, c.span[1], end):
            if y.group(0) != own:  # "White 2013 …, and the 2015 follow-up in …": another work's
                end = y.start()
                break
        named = mentions.journals_in(self.index, post, c.span[0], end)
        if not named:
            return cids
        return [
            cid for cid in cids if any(key == self.index.journal_of.get(cid, ())[: len(key)] for key in named)
        ]

    def _resolve_description(self, post: PostText, c: Citation) -> _Resolved | None:
        if c.value.startswith("named:"):
            return self._resolve_named(post, c)
        if c.value.startswith("work:"):
            return self._resolve_work(post, c)
        if c.value.startswith("team:"):
            return None  # the team's work of some years apart: ``_by_the_same_team``
        if c.value.startswith("cohort:"):
            return None  # another work of a cited paper's cohort: ``_of_the_same_cohort``
        if c.value.startswith("several:"):
            return _Resolved(c, None, "description", 0.0)  # each of them: ``_each_described``
        if c.value.startswith("oneof:"):
            return self._one_described(post, c)
        if c.value.startswith("count:"):
            return self._resolve_count(post, c)
        if c.value.startswith("year:"):
            return self._resolve_year_only(post, c, int(c.value[5:]))
        if c.value.startswith("some:"):
            return self._resolve_some(post, c)
        if c.value.startswith("about:"):
            return self._resolve_about(c)
        if c.value.startswith("derived:"):
            return self._resolve_derived(post, c)
        if c.value.startswith("phase:"):
            return self._phase_on_topic(post, c, int(c.value[6:]))
        if c.value.startswith("sized:"):
            size_text, when_text = c.value[6:].split("|")
            size = int(size_text)
            if when_text:
                sized = [
                    cid
                    for cid in self.index.by_year.get(int(when_text), [])
                    if self.index.cards[cid].sample_size == size
                ]
                if sized or not mentions.CASE_SERIES.search(c.context):
                    return _Resolved(c, sized[0], "description", 0.86) if len(sized) == 1 else None
                # "Back in 2014 I'd read the three-patient case series": no case series of that
                # size is of the year, which is the writer's; the case series is told alone
            # "the three-patient case series": the one case series of that size, when the
            # post's words fit it
            # (a rare mention: every card is looked at; small sizes are not indexed)
            cases = [
                cid
                for cid, card in self.index.cards.items()
                if card.sample_size == size and _is_case_series(card)
            ]
            if len(cases) != 1:
                return None
            places = content_words(c.context) & self.index.places.get(cases[0], frozenset())
            if not mentions.CASE_SERIES.search(c.context) and (
                _FIRST_PERSON.search(c.context)
                or not (
                    self._sentence_tells_title(post, c, cases[0])
                    or places - COUNTRY_WORDS
                    # ("a report from Norway where three patients got better": a work of
                    # the group's country, which the sentence names as a work)
                    or (places and _WORK_OF_A_GROUP.search(c.context) is not None)
                )
            ):
                # "three patients" alone: only with a word of its title ("rituximab") or the
                # place of its group ("a report on three patients in Bergen"), and never the
                # writer's own acquaintances ("I know three people on rituximab")
                return None
            return self._clear_best(post, c, cases, [], frozenset(), min_fit=_MIN_FIT)
        if c.value.startswith("criteria:"):
            # "the Fukuda definition": the one criteria card of that first author (two, such as
            # a first and a revised set, leave it to a year beside the name)
            cids = self.index.criteria_by_author.get(c.value[9:], [])
            return _Resolved(c, cids[0], "description", 0.86) if len(cids) == 1 else None
        if c.value.startswith("journal:"):
            key, year = _journal_year(c.value)
            if year is None:
                return self._resolve_journal_only(post, c, key)
            cands = self.index.by_journal_year.get((key, year), [])
            if not cands:
                return self._reference_description(post, c, key, year)
            by_author = _first_author_in_sentence(post.text, c.span, self.index, cands)
            if by_author is not None:
                return _Resolved(c, by_author, "description", 0.88)
            return self._by_context(post, c, cands, "description", 0.88, 0.8)
        kind, year = _design_year(c.value)
        cands = self.index.by_year_design.get((year, kind), [])
        if kind == "consensus" and len(cands) == 1 and not self._listed_criteria(year):
            # "the 2011 criteria": criteria and consensus reports are few and called by their
            # year, so the one such card of that year is them, whatever the sentence says of
            # them (it mostly says what they require, in words not in their card).
            return _Resolved(c, cands[0], "description", 0.8)
        if not cands and self.reference is not None:
            # "Its 2025 pilot of daratumumab": no card of that year and design, so a listed paper
            # of that year the post's words fit clearly best (the list knows no designs)
            return self._clear_best(post, c, [], self.reference.by_year.get(year, []), frozenset())
        return self._by_context(post, c, cands, "description", 0.75, 0.7, min_fit=_MIN_FIT * 1.5)

    def _follow_ups_of_named_trials(
        self, post: PostText, found: list[Citation], resolved: list[_Resolved]
    ) -> list[_Resolved]:
        """ "The PACE trial showed … The long-term follow-up proves …": a follow-up (or "a later
        analysis") told without a name is that later paper (``_resolve_derived``) of the trial
        the post named last before it whose own title declares a name."""
        lone = [c for c in found if c.value in _LONE_DERIVED and c.span != (0, 0)]
        if not lone:
            return []
        done = {id(r.citation) for r in resolved}
        trials = sorted(
            (r.citation.span[0], self._declared_by(r.card_id) or self._trial_named_in(r.citation))
            for r in resolved
            if r.card_id and r.citation.span != (0, 0)
        )
        out: list[_Resolved] = []
        for c in lone:
            if id(c) in done:
                continue
            # (the nearest card before it that declares a name: the recovery paper told in
            # between is about the trial, not a trial itself; unless it was told by the trial's
            # name, "the PACE recovery paper", which names the trial too)
            declaring = [names for start, names in trials if start < c.span[0] and names]
            names = declaring[-1] if declaring else []
            if len(names) != 1:
                continue
            named = Citation(c.kind, f"{c.value}{names[0]}", c.span, c.confidence, c.context, c.role)
            hit = self._resolve_derived(post, named)
            if hit is not None:
                hit.citation = c
                out.append(hit)
        return out

    def _trial_named_in(self, c: Citation) -> list[str]:
        """The one trial name declared by a single card among a named work's naming words
        ("pace" of "named:paper|pace recovery"), as a list (empty when none or several)."""
        if not c.value.startswith("named:"):
            return []
        naming = c.value.rpartition("|")[2].split()
        names = [w for w in naming if len(self.index.declared.get(w, ())) == 1]
        return names if len(names) == 1 else []

    def _declared_by(self, cid: str) -> list[str]:
        """The names a card's own title declares ("pace" for the PACE trial's paper)."""
        return [name for name, cids in self.index.declared.items() if cids == {cid}]

    def _resolve_derived(self, post: PostText, c: Citation) -> _Resolved | None:
        """ "a secondary analysis of PACE": the one card whose design says it is that kind of
        later paper ("Secondary analysis of RCT") and whose words or declared names hold the
        trial's name; none or several is silence, and so is a card of another year than one
        the words give ("the 2013 follow-up" is not the 2015 one)."""
        kind, name = c.value[8:].split("|")
        index = self.index
        about = set(index.by_word.get(name, ())) | set(index.declared.get(stem(name), ()))
        fitting = [cid for cid in sorted(about) if kind in (index.cards[cid].design or "").lower()]
        if kind == "follow-up" and len(fitting) > 1:
            # "the follow-up of PACE" is the long-term follow-up, not every paper following it
            fitting = [cid for cid in fitting if "long-term" in (index.cards[cid].design or "").lower()]
        if len(fitting) != 1:
            return None
        years = years_in(post.text, *c.span)
        if years and index.cards[fitting[0]].year not in years:
            return None
        return _Resolved(c, fitting[0], "description", 0.86)

    def _listed_criteria(self, year: int) -> bool:
        """Whether the reference list holds criteria or a consensus report of that year too."""
        ref = self.reference
        return ref is not None and bool(ref.by_year_design.get((year, "consensus")))

    def _resolve_journal_only(self, post: PostText, c: Citation, key: tuple[str, ...]) -> _Resolved | None:
        """ "a randomised trial published in Oxford Open Immunology", no year: among every paper
        of that journal, the atlas's and the list's together, the one the post's words fit
        clearly best (twice the usual fit, a clear lead over the next of either). A journal is
        a weaker clue than a journal and year, so anything less is silence, not a guess."""
        cards = self._uncontradicted(c.context, self.index.by_journal.get(key, []))
        ref = self.reference
        listed = ref.by_journal.get(key, []) if ref is not None else []
        wanted = _several(post.text, *c.span)
        if wanted is not None:
            # "two studies published in …": each of them when the journal holds exactly that
            # many (``_each_of_several`` lists them), else none.
            if (
                cards
                and len(cards) + len(listed) in wanted
                and self._each_told(post, c, cards, frozenset(key))
            ):
                return _Resolved(c, None, "description", 0.0, ambiguous=tuple(cards))
            return None
        cards, listed = self._holding_the_naming(post, c, cards, listed)
        # (the journal's own words say nothing about which of its papers)
        best = self._clear_best(post, c, cards, listed, frozenset(key))
        sized = self._sized_in_sentence(post, c, cards) if best is None else []
        if len(sized) == 1:
            # "a small placebo-controlled study of 30 patients published in PLOS ONE": of the
            # journal's papers the words fit best, though not by the wide lead a bare journal
            # needs, the one reporting a group size the sentence gives
            best = self._clear_best(post, c, cards, listed, frozenset(key), margin=_MARGIN)
            if best is not None and best.card_id != sized[0]:
                best = None
        if best is None and (cards or listed):
            # (a listed paper the post gives by its DOI in another sentence holds its own words
            # there, "the DecodeME preprint (doi:10.1101/…)", not here)
            given: set[str] = set()
            if ref is not None and "10." in post.text:
                elsewhere = _dois_outside(post.text, *sentence_bounds(post.text, *c.span))
                given = {cid for cid in listed if _doi_among(ref.cards[cid].doi, elsewhere)}
            own = self._own_title_word_holders(post, cards, listed, given)
            if len(own) == 1:
                # "a protein called WASF3 … writing in PNAS": of the journal's papers the words
                # fit best, though not by the wide lead a bare journal needs, the one whose
                # title holds a word the post says that no other title holds
                best = self._clear_best(
                    post, c, cards, listed, frozenset(key), margin=_MARGIN, one_word_lead=True
                )
                if best is not None and self._paper_id(best) != own[0]:
                    best = None
        if best is not None:
            return best
        return (
            self._of_group_named(post, c, cards, listed, frozenset(key))
            or self._title_told_whole(post, c, cards, listed)
            or self._title_run_told(post, c, cards, listed, frozenset(key))
        )

    def _paper_id(self, r: _Resolved) -> str | None:
        """A resolved paper's card id, or its id in the reference list."""
        if r.card_id is not None:
            return r.card_id
        if self.reference is None or r.paper is None:
            return None
        return _listed_id(self.reference, r.paper)

    def _own_title_word_holders(
        self, post: PostText, cards: list[str], listed: list[str], given: set[str] | None = None
    ) -> list[str]:
        """Of these cards and listed papers, those whose title holds a word of the post (not a
        number) that no other title, of the atlas or the list, holds: a name such as a gene's.
        Listed papers ``given`` by their DOI elsewhere in the post neither hold nor share one."""
        ref = self.reference
        mine = set(cards) | set(listed)
        found: set[str] = set()
        for w in post.content:
            if w.isdigit():
                continue
            holders = list(self.index.by_title_stem.get(w, ()))
            if ref is not None:
                holders += [cid for cid in ref.by_title_stem.get(w, ()) if not given or cid not in given]
            if len(holders) == 1 and holders[0] in mine:
                found.add(holders[0])
        return sorted(found)

    def _holding_the_naming(
        self, post: PostText, c: Citation, cards: list[str], listed: list[str]
    ) -> tuple[list[str], list[str]]:
        """ "the WASF3 paper in PNAS", "the Cell Host & Microbe paper on Faecalibacterium": of a
        journal's papers, those whose words hold every word the work is named by right before
        the journal, or after the journal's own "paper on" (a word some paper has), when any do;
        the rest are other papers of that journal, however well the post's other words fit
        them (a post about two PNAS papers tells each by its own words)."""
        if c.span == (0, 0):
            return cards, listed
        lo, _ = sentence_bounds(post.text, *c.span)
        named = _NAMED_BEFORE_JOURNAL.search(post.text, lo, c.span[0])
        on = None if named is not None else _NAMED_AFTER_JOURNAL.match(post.text, c.span[1])
        named = named or on
        if named is None:
            return cards, listed
        ref = self.reference
        said = [
            w
            for w in mentions.naming_words(named.group(1))
            if w not in _DESIGN_WORDS and (w in self.index.by_word or (ref is not None and w in ref.by_word))
        ]
        if not said:
            return cards, listed

        def holding(cids: list[str], words_of: Mapping[str, frozenset[str]] | None) -> list[str]:
            return [cid for cid in cids if words_of is not None and all(w in words_of[cid] for w in said)]

        holding_cards = holding(cards, self.index.profiles)
        holding_listed = holding(listed, ref.profiles if ref is not None else None)
        if not holding_cards and not holding_listed:
            return cards, listed
        if on is not None and len(holding_cards) + len(holding_listed) > 1:
            # "the Cell Host & Microbe paper on butyrate": of the journal's papers whose words say
            # it, the one whose title is on it, when one is (words before the journal, "a gut
            # butyrate paper in …", describe it without saying what it is on)
            titled_cards = holding(holding_cards, self.index.title_stems)
            titled_listed = holding(holding_listed, ref.title_stems if ref is not None else None)
            if len(titled_cards) + len(titled_listed) == 1:
                return titled_cards, titled_listed
        return holding_cards, holding_listed

    def _title_told_whole(
        self, post: PostText, c: Citation, cards: list[str], listed: list[str]
    ) -> _Resolved | None:
        """ "A recent overview of severe ME in the Journal of Clinical Medicine": of these papers
        (a journal's), the one whose short title the mention's sentence tells word for word, the
        illness's name aside (two words at least: "overview", "severe")."""
        if c.span == (0, 0):
            return None
        lo, hi = sentence_bounds(post.text, *c.span)
        said = content_words(post.text[lo:hi])
        told = [
            (index, cid)
            for index, cids in ((self.index, cards), (self.reference, listed))
            if index is not None
            for cid in cids
            if len(words := set(index.title_stems[cid]) - ILLNESS_WORDS) >= 2 and words <= said
        ]
        return self._in(c, *told[0]) if len(told) == 1 else None

    def _title_run_told(
        self, post: PostText, c: Citation, cards: list[str], listed: list[str], named: frozenset[str]
    ) -> _Resolved | None:
        """ "… a new analysis published in Oxford Open Immunology. People whose illness began
        early carried a higher severity burden …": of these papers (a journal's), the one whose
        title has three meaningful words in a row that the mention's sentence, or the next one
        going on about it, also writes in a row ("higher severity burden"), when no other has,
        and the post's words fit it as usual. Three words of a title in its own order, beside its
        journal, tell that paper where a fit alone must lead the journal's other papers by far."""
        if c.span == (0, 0):
            return None
        lo, hi = sentence_bounds(post.text, *c.span)
        after = self._told_next(post.text, hi, [])  # (news goes on to tell the finding)
        runs = _runs_of_three(words(post.text[lo : after or hi]))
        told = [
            (index, cid)
            for index, cids in ((self.index, cards), (self.reference, listed))
            if index is not None
            for cid in cids
            if runs & _runs_of_three(index.titles[cid])
        ]
        if len(told) != 1:
            return None
        index, cid = told[0]
        sentence, whole = _told_words(post, c, named)
        return self._in(c, index, cid) if index.fit_weighted(cid, whole, sentence) >= _MIN_FIT else None

    def _of_group_named(
        self, post: PostText, c: Citation, cards: list[str], listed: list[str], named: frozenset[str]
    ) -> _Resolved | None:
        """ "Researchers at the Jackson Laboratory …, in a study published in Nature Medicine":
        of a journal's papers, the one whose group's place the sentence names (or, when it
        names none, the sentence before: "A Cornell team wrote in PNAS …. A British group, in
        the Journal of Translational Medicine, …" is no Cornell paper of that journal), when
        exactly one is, and the post's words fit it at least as usual; of several
        such papers, the one the words fit by the usual margin over the others (the place has
        narrowed the journal's papers to its own)."""
        near = content_words(post.text[slice(*with_sentence_before(post.text, c.span))]) - named
        own = content_words(post.text[slice(*sentence_bounds(post.text, *c.span))]) & self._place_words
        at = (own - named) or near
        ref = self.reference
        placed = [(self.index, cid) for cid in cards if self.index.places.get(cid, frozenset()) & at]
        if ref is not None:
            placed += [(ref, cid) for cid in listed if ref.places.get(cid, frozenset()) & at]
        if not placed:
            return None
        if len(placed) == 1:
            index, cid = placed[0]
            if index.fit_weighted(cid, post.content - named, near) < _MIN_FIT:
                return None
            return self._in(c, index, cid)
        # (the place words chose these papers; the other words must choose among them)
        place = near & self._place_words
        whole, near = post.content - named - place, near - place
        ranked = sorted(
            ((i.fit_weighted(cid, whole, near), n) for n, (i, cid) in enumerate(placed)), reverse=True
        )
        if ranked[0][0] < _MIN_FIT or ranked[0][0] < ranked[1][0] * _MARGIN:
            return None
        return self._in(c, *placed[ranked[0][1]])

    def _resolve_year_only(self, post: PostText, c: Citation, year: int) -> _Resolved | None:
        """ "The 2024 study found that patients could not repeat their first-day results": the one
        paper of that year, among the cards and the listed papers, the post's words fit clearly
        best (as for a journal without a year: twice the usual fit, twice the next paper's)."""
        cards = self._uncontradicted(c.context, self.index.by_year.get(year, []))
        ref = self.reference
        listed = ref.by_year.get(year, []) if ref is not None else []
        return self._clear_best(post, c, cards, listed, frozenset())

    def _resolve_some(self, post: PostText, c: Citation) -> _Resolved | None:
        """ "a small Japanese scan study where brain inflammation went with worse memory", no
        year: among the cards and listed papers holding a naming word, the one the post's words
        fit clearly best (as for a year alone), when it is a card holding most of the naming words
        it knows."""
        kind, naming = c.value[5:].split("|")
        said = naming.split()
        wanted = _NAMED_DESIGNS.get(kind)
        index, ref = self.index, self.reference

        def holding(idx: AtlasIndex) -> set[str]:
            return {
                cid
                for w in said
                if len(idx.by_word.get(w, ())) <= _MAX_NAMED
                for cid in idx.by_word.get(w, ())
            }

        designed = [cid for cid in sorted(holding(index)) if not wanted or index.design[cid] in wanted]
        cards = self._uncontradicted(c.context, designed)
        listed = sorted(holding(ref)) if ref is not None else []

        def most_words(idx: AtlasIndex, cid: str) -> bool:
            # A card only: listed papers are rivals here, never the answer (the list holds many
            # papers on one topic, and a few words of a description fit several of them).
            known = [w for w in said if w in idx.by_word]
            return idx is index and 2 * sum(1 for w in known if cid in idx.by_word[w]) > len(known)

        known = [w for w in said if w in index.by_word]
        every = [cid for cid in cards if known and all(cid in index.by_word[w] for w in known)]
        # "a Columbia University study … which found that cytokines …": a place every paper
        # weighed holds (their authors' city) says nothing about which of them it is; what the
        # post tells of the work must pick one
        shared = frozenset(
            w
            for w in said
            if w in self._place_words
            and all(cid in index.by_word.get(w, ()) for cid in cards)
            and (ref is None or all(cid in ref.by_word.get(w, ()) for cid in listed))
        )
        if mentions.SIZE_WORD.search(post.text[c.span[0] : c.span[1]]):
            # "a larger placebo-controlled rituximab trial": of the cards holding every naming
            # word, the one that studied clearly the most people (no listed paper holding them)
            largest = self._largest(every) if len(every) > 1 and not self._listed_with(known) else None
            if largest:
                return _Resolved(c, largest[0], "description", 0.86)
            if kind == "trial" and said:
                # "A large Norwegian trial found that the cancer drug rituximab …": told by its
                # place and size, with the treatment beside it, as "the big trial" is; the place
                # must be the chosen trial's
                on_topic = self._biggest_on_topic(post, c, kind)
                if (
                    on_topic is not None
                    and on_topic.card_id is not None
                    # ("a big Norwegian placebo trial": its design words are no place to check)
                    and all(w in index.places[on_topic.card_id] for w in said if w not in _DESIGN_WORDS)
                ):
                    return on_topic
        if len(known) > 1 and len(every) == 1 and not self._listed_with(known):
            # "a Swedish validation study": the one card holding every naming word, which no
            # listed paper holds too, needs the usual lead, not a journal's wider one; told by
            # three known words or more ("a Canadian and Norwegian peptide-array study"), its
            # rivals are the cards those words describe too, not every card the post talks of
            if len(known) >= 3:
                cards = [cid for cid in cards if most_words(index, cid)]
            return self._clear_best(post, c, cards, listed, shared, most_words, margin=_MARGIN)
        return self._clear_best(post, c, cards, listed, shared, most_words)

    def _resolve_about(self, c: Citation, naming: Sequence[str] | None = None) -> _Resolved | None:
        """ "a study about solriamfetol …": the one paper, among the cards and the listed papers
        together, whose title holds a naming word no other title holds, when its title shares
        at least one more word with the sentence (word forms aside: "improved" for "improves").
        A word two titles hold, or a lone word, names nothing. ``naming``: the words to read
        (default: the citation's own "about:" words)."""
        naming = c.value[6:].split() if naming is None else naming
        indexes = [i for i in (self.index, self.reference) if i is not None]
        held: set[tuple[AtlasIndex, str]] = set()
        for w in naming:
            holding = [(i, _titles_holding(i, w)) for i in indexes]
            if sum(len(titles) for _, titles in holding) <= _FEW_TITLES:
                held.update((i, cid) for i, titles in holding for cid in titles)
        if not held:
            return None
        said = {w[:5] for w in content_words(c.context)}
        shared = sorted(
            ((sum(1 for w in i.title_stems[cid] if w[:5] in said), i, cid) for i, cid in held),
            key=lambda t: t[0],
            reverse=True,
        )
        top, index, cid = shared[0]
        if top < 2:
            return None
        if len(shared) > 1 and top < shared[1][0] + _ABOUT_LEAD:
            # (a word two titles hold names one only when the sentence says clearly more of it:
            # "a clinical pilot of daratumumab on plasma cells", not the drug's registered trial)
            return None
        return self._in(c, index, cid)

    def _clear_best(
        self,
        post: PostText,
        c: Citation,
        cards: list[str],
        listed: list[str],
        named: frozenset[str],
        accept: Callable[[AtlasIndex, str], bool] | None = None,
        min_fit: float = 2 * _MIN_FIT,
        margin: float = _JOURNAL_MARGIN,
        method: MatchMethod = "description",
        one_word_lead: bool = False,
    ) -> _Resolved | None:
        """Of these cards and listed papers, the one the post's words fit clearly best (at least
        ``min_fit``, ``margin`` times the next one's fit), or None. ``named``: words of the
        mention itself that say nothing about which paper (a journal's, an author's name);
        ``accept``: a last test of the winner, in its own index."""
        ref = self.reference
        if c.value.startswith("journal:") and c.span != (0, 0):
            # (a journal's name as written says no more than its full name: "PNAS")
            named = named | content_words(post.text[c.span[0] : c.span[1]])
        sentence, whole = _told_words(post, c, named)
        ranked = self._ranked_fits(cards, listed, whole, sentence)
        if not ranked:
            return None
        top_fit, is_card, top = ranked[0]
        if top_fit < min_fit or (len(ranked) > 1 and top_fit < ranked[1][0] * margin):
            return None
        if len(ranked) > 1 and not one_word_lead:
            # A lead that rests on one word alone ("producers" in one summary, "producing" in the
            # other's title) is no clear lead: without that word the winner must still lead.
            idx = self.index if is_card or ref is None else ref
            if idx.fit_weighted_spare(top, whole, sentence) < ranked[1][0]:
                return None
        if accept is not None and not accept(self.index if is_card or ref is None else ref, top):
            return None
        if is_card:
            return _Resolved(c, top, method, 0.86)
        assert ref is not None
        return _Resolved(c, None, method, 0.85, paper=_ref_paper(ref.cards[top]))

    def _ranked_fits(
        self, cards: Sequence[str], listed: Sequence[str], whole: set[str], sentence: set[str]
    ) -> list[tuple[float, bool, str]]:
        """(fit, is a card, id) of these cards and listed papers to the post's words (its
        sentence's above all), best first."""
        ref = self.reference
        ranked = [(self.index.fit_weighted(cid, whole, sentence), True, cid) for cid in cards]
        if ref is not None:
            ranked += [(ref.fit_weighted(cid, whole, sentence), False, cid) for cid in listed]
        ranked.sort(reverse=True)
        return ranked

    def _each_told(self, post: PostText, c: Citation, cards: list[str], named: frozenset[str]) -> bool:
        """Whether the post's words fit each of these cards (the usual least fit, leaving out
        the words of the mention itself): "two JCI papers on T cells" are two papers about T
        cells, not whichever two papers of that journal an atlas happens to hold."""
        sentence, whole = _told_words(post, c, named)
        return all(self.index.fit_weighted(cid, whole, sentence) >= _MIN_FIT for cid in cards)

    def _uncontradicted(self, context: str, cands: Sequence[str]) -> list[str]:
        """The cards a description's own words (population, design family, group sizes) do not
        rule out."""
        said = described(context)
        if not (said.families or said.populations or said.sizes or said.controlled):
            return list(cands)
        cards = self.index.cards
        return [cid for cid in cands if not contradicts(said, cards[cid], self._populations(cid))]

    def _reference_description(
        self, post: PostText, c: Citation, key: tuple[str, ...], year: int
    ) -> _Resolved | None:
        """ "A 2020 IJMS paper on complex V" for a paper with no card: the listed paper of that
        journal and year whose first author the sentence names, else the one the post's words
        fit clearly best, as an uncovered paper with its ids. Stricter than for cards (twice the
        fit, a clear lead): the list is not the atlas."""
        ref = self.reference
        cands = ref.by_journal_year.get((key, year), []) if ref is not None else []
        if ref is not None and cands:
            by_author = _first_author_in_sentence(post.text, c.span, ref, cands)
            if by_author is not None:
                return _Resolved(c, None, "description", 0.85, paper=_ref_paper(ref.cards[by_author]))
        # (the journal's own words say nothing about which of its papers)
        return self._clear_best(post, c, [], cands, frozenset(key), margin=_MARGIN) if cands else None

    def _resolve_work(self, post: PostText, c: Citation) -> _Resolved | None:
        """ "a deep phenotyping study … 2024": the one paper of that year, among the cards and the
        listed papers together, whose profile has every naming word it knows and whose title one
        (and whose design fits the kind of work). Two fitting anywhere is silence: "a long covid
        study in 2023" may be any of them, or one nobody lists."""
        kind, naming, year_text = c.value[5:].split("|")
        wanted, said, year = _NAMED_DESIGNS.get(kind), naming.split(), int(year_text)
        indexes = [i for i in (self.index, self.reference) if i is not None]
        # "the 2025 Young paper": a capitalised naming word that is the surname of a first author
        # with a paper that year names its author, not its topic (the author and year are read
        # on their own); the words left must name the work by themselves.
        said = [w for w in said if not _first_author_of_year(indexes, post.text[slice(*c.span)], w, year)]
        if not said:
            return None
        fitting: list[tuple[AtlasIndex, str]] = []
        rivals = 0
        # (half of the naming words either index knows: "the 2023 short-term vs long-term gut
        # paper" is no listed long COVID paper's, though the list knows only "long" and "gut")
        anywhere = [w for w in said if any(w in i.by_word for i in indexes)]
        # Every naming word the index knows at all is a word of the paper's profile (a word no
        # paper has, such as a university's name, neither helps nor hinders), and one of them a
        # word of its title or a place of its group, in the year given.
        # "the 2022 plasmalogen paper from Columbia": a topic word the title lacks, with the
        # group's place told right after the work, in its clause
        beside = self._places_beside(post, c)
        # "Peroxisomal dysfunction is the root cause, as the 2022 plasmalogen paper showed": two
        # words of the paper's title told around the work, in its sentence, anchor it as a
        # title word in the naming words would
        told = self._told_around(post, c)
        for index, known, cands, found in self._of_year_with_every_word(said, year, wanted, beside, told):
            fitting += [(index, cid) for cid in found]
            # A paper of that year holding half the naming words is a rival the post may mean:
            # "a 2023 study about gut bacteria" fits both of that year's gut papers. Lacking two
            # naming words or more, it must hold half their weight too: holding "post" and
            # "covid" of "repeat immunoadsorption in post-COVID" is no rival, the rare words
            # tell the paper (a word this index lacks weighs what its rarest word does).
            weight = {w: index.idf.get(w, index.rarest) for w in anywhere}
            half = math.fsum(weight.values()) / 2
            held: Counter[str] = Counter()
            weighed: dict[str, float] = {}
            for w in known:
                for cid in index.by_word[w]:
                    held[cid] += 1
                    weighed[cid] = weighed.get(cid, 0.0) + weight[w]
            rivals += sum(
                1
                for cid, n in held.items()
                if 2 * n >= len(anywhere)
                and (len(anywhere) - n < 2 or weighed[cid] >= half)
                and cid not in cands
                and index.cards[cid].year == year
                and not self._placed_elsewhere(index, cid, said)
            )
        if not fitting:
            fitting, rivals = self._work_most_words(said, year, wanted)
        if len(fitting) > 1 and not rivals:
            # "the JAX team behind the 2023 gut paper": of several that fit, the one whose
            # group's place the sentence names (and no other's)
            near = content_words(c.context)
            placed = [(index, cid) for index, cid in fitting if index.places[cid] & near]
            fitting = placed if len(placed) == 1 else fitting
        if len(fitting) > 1 and not rivals and all(set(said) <= index.places[cid] for index, cid in fitting):
            # "A big American study in 2023 found less butyrate-producing …": of several named
            # by their place and year alone, the one whose title two words told around it retell
            retold = [(index, cid) for index, cid in fitting if len(told & index.title_stems[cid]) >= 2]
            fitting = retold if len(retold) == 1 else fitting
        if len(fitting) != 1 or rivals:
            return None
        index, cid = fitting[0]
        return self._in(c, index, cid)

    def _place_it_came_from(self, post: PostText, c: Citation) -> frozenset[str]:
        """The group place words a work's sentence says it came from, after it ("… study I
        know of came from Stanford", "… trial was run at Haukeland")."""
        return self._places_after(post, c, _CAME_FROM)

    @staticmethod
    def _told_around(post: PostText, c: Citation) -> frozenset[str]:
        """The content words of a work's sentence outside the work's own words, and short of
        another work told in it ("…, and now the 'AI-driven multi-omics …' paper": its words)."""
        if c.span == (0, 0):
            return frozenset()
        text = post.text
        lo, hi = sentence_bounds(text, *c.span)
        for m in _NEXT_WORK.finditer(text, lo, c.span[0]):
            lo = m.end()
        after = _NEXT_WORK.search(text, c.span[1], hi)
        told = text[lo : c.span[0]] + " " + text[c.span[1] : after.start() if after else hi]
        for start, end, quoted, _ in post.quoted:  # (a quoted title in it is another work's)
            if lo <= start < hi and len(quoted) >= 3:
                told = told.replace(text[start:end], " ")
        return frozenset(content_words(told))

    def _places_beside(self, post: PostText, c: Citation) -> frozenset[str]:
        """Group place words told right after a work, in its clause ("… paper from Columbia",
        "… study at Cornell, which …")."""
        return self._places_after(post, c, _CLAUSE_AFTER)

    def _places_after(self, post: PostText, c: Citation, pattern: re.Pattern[str]) -> frozenset[str]:
        """The group place words of ``pattern``'s first group, matched right after a work in
        its sentence."""
        if c.span == (0, 0):
            return frozenset()
        _, hi = sentence_bounds(post.text, *c.span)
        told = pattern.match(post.text, c.span[1], hi)
        if told is None:
            return frozenset()
        return frozenset(content_words(told.group(1))) & self._place_words

    def _placed_elsewhere(self, index: AtlasIndex, cid: str, said: Sequence[str]) -> bool:
        """Whether the naming words name a group's place ("the Columbia microbiome paper") and
        this paper's group is known and works elsewhere: it is then no rival of the papers done
        there. A paper whose group the table does not know may have been done anywhere."""
        own = index.places[cid]
        return bool(own) and any(w in self._place_words and w not in own for w in said)

    def _work_most_words(
        self, said: list[str], year: int, wanted: tuple[str, ...] | None
    ) -> tuple[list[tuple[AtlasIndex, str]], int]:
        """When no paper of the year holds every naming word: those holding most of them (more
        than half, two at least, one a word of the title or a place of the group), and how many
        other papers of the year hold half of them (rivals, as for every word). A lay naming word
        is often no word of a paper's profile ("a 2024 two-day exercise test study": the paper
        says "CPET", not "test"), but most of the words still tell the paper."""
        out: list[tuple[AtlasIndex, str]] = []
        rivals = 0
        for index in (self.index, self.reference):
            if index is None:
                continue
            known = {w for w in said if w in index.by_word}
            held = Counter(cid for w in known for cid in index.by_word[w])
            for cid, n in sorted(held.items()):
                if index.cards[cid].year != year or 2 * n < len(known):
                    continue
                if (
                    n >= 2
                    and 2 * n > len(known)
                    and known & (index.title_stems[cid] | index.places[cid])
                    and (index is not self.index or not wanted or index.design[cid] in wanted)
                ):
                    out.append((index, cid))
                elif not self._placed_elsewhere(index, cid, said):
                    rivals += 1
        return out, rivals

    def _resolve_count(self, post: PostText, c: Citation) -> _Resolved | None:
        """A sentence giving group sizes: among the cards reporting the most of those sizes, the
        one the post's words fit clearly best (two cards of one cohort share its numbers, so the
        words decide; a tie, or a weak fit, is silence rather than a guess)."""
        sizes = [int(n) for n in c.value[6:].split()]
        hits = Counter(cid for n in sizes for cid in self.index.by_count.get(n, ()))
        if not hits:
            return None
        most = max(hits.values())
        cands = sorted(cid for cid, n in hits.items() if n == most)
        if len(cands) > _MAX_COUNTED:
            return None  # sizes this many cards report say nothing about which study it is
        # One card reporting an exact size ("the 151-patient trial") is half the evidence
        # already: the words need only fit it, where several cards sharing the size need the
        # words to fit one clearly. A round size ("almost 200 people") may be anyone's estimate.
        sure_fit = len(cands) == 1 and any(n % 10 for n in sizes)
        # Two or more sizes told, all of them one card's ("nine patients and ten healthy
        # people"), are most of the evidence: the words need only fit it as any mention's do.
        all_told = sure_fit and most >= 2 and most == len(set(sizes))
        chosen = self._by_context(
            post,
            c,
            cands,
            "description",
            0.86,
            0.86 if sure_fit else 0.55,
            min_fit=_MIN_FIT if all_told else _MIN_FIT * 2,
            tie_break=False,
        )
        if chosen is None or chosen.card_id is None:
            return None
        if not sure_fit and self._listed_fits_better(post, c, chosen.card_id):
            return None  # "the ten participants" of a listed pilot, not the card that had ten too
        return chosen

    def _sized_in_sentence(self, post: PostText, c: Citation, cands: Iterable[str]) -> list[str]:
        """The candidates reporting a group size the citation's sentence gives; failing that,
        one it gives roughly ("more than 260 patients")."""
        sizes = _sizes_in_sentence(post, c)
        exact = sorted(cid for cid in cands if any(cid in self.index.by_count.get(n, ()) for n in sizes))
        if exact or c.span == (0, 0):
            return exact
        lo, hi = sentence_bounds(post.text, *c.span)
        ranges = mentions.rough_sizes(post.text[lo:hi])
        counts = self.index.counts
        return sorted(
            cid for cid in cands if any(a <= n <= b for n in counts.get(cid, ()) for a, b in ranges)
        )

    def _told_of_another_topic(self, post: PostText, c: Citation, cid: str) -> bool:
        """Whether a work told by its group's place also tells its topic in words ("an older
        T-cell paper from Japan") that other cards have and this card's words lack: then it is
        another work of that place, not this card."""
        before_kind = _TOPIC_BEFORE_KIND.match(post.text, c.span[0], c.span[1])
        if before_kind is None:
            return False  # ("Researchers in Stockholm found …": no topic told)
        told = mentions.naming_words(before_kind.group(1))
        profile = self.index.profiles[cid]
        return any(
            w in self.index.by_word
            and w not in profile
            and w not in self._place_words
            and w not in _DESIGN_WORDS
            for w in told
        )

    def _sized_as_card(self, post: PostText, c: Citation, cid: str) -> bool:
        """Whether the citation's sentence gives the card's own sample size among its sizes."""
        size = self.index.cards[cid].sample_size
        return bool(size) and size in _sizes_in_sentence(post, c)

    def _sized_as_another(self, post: PostText, c: Citation, cid: str) -> bool:
        """Whether the citation's sentence gives a group size that another card reports and
        this card does not: the sentence then tells that other study. In a sentence listing
        several works ("…: the small placebo-controlled study with 30 people, and the open-label
        maintenance study") only the sizes of the citation's own item count."""
        sizes = _sizes_in_own_item(post, c)
        by_count = self.index.by_count
        return any(by_count.get(n) for n in sizes) and not any(cid in by_count.get(n, ()) for n in sizes)

    def _sentence_tells_title(self, post: PostText, c: Citation, cid: str) -> bool:
        """Whether the citation's sentence holds a word of the card's title other than words of
        a design (word forms aside: the first five letters)."""
        if c.span == (0, 0):
            return False
        lo, hi = sentence_bounds(post.text, *c.span)
        said = {w[:5] for w in content_words(post.text[lo:hi]) if w not in _DESIGN_WORDS}
        return any(w[:5] in said for w in self._title_words(cid) if w not in _DESIGN_WORDS)

    def _listed_fits_better(self, post: PostText, c: Citation, cid: str) -> bool:
        """Whether some listed paper sharing a rare word with the mention's neighbourhood (its
        sentence and the ones either side) fits those words better than card ``cid``: a size
        many studies share is then theirs as much. (The whole post may be about another paper.)"""
        ref = self.reference
        if ref is None or c.span == (0, 0):
            return False
        near = content_words(_around(post.text, c.span))
        rivals = {i for w in near for i in ref.by_word.get(w, ()) if len(ref.by_word[w]) <= _RARE_LISTED}
        own = self.index.fit(cid, near)
        return any(ref.fit(i, near) > own for i in rivals)

    def _of_another_phase(self, cid: str, phase: int) -> bool:
        """Whether a card's title or summary says it is a trial of a phase other than ``phase``."""
        card = self.index.cards[cid]
        said = " ".join([card.title, card.quick_summary or ""])
        return not _PHASE_OF[phase].search(said) and any(
            p.search(said) for n, p in _PHASE_OF.items() if n != phase
        )

    def _resolve_named(self, post: PostText, c: Citation) -> _Resolved | None:
        """A work named without a year: cards sharing a naming word, chosen by context."""
        kind, naming = c.value[6:].split("|")
        index, said = self.index, naming.split()
        if said == ["reanalysis"]:
            return self._lone_reanalysis(post, c)
        if kind in ("study", "trial", "pilot") and _NOT_RUN_YET.intersection(said):
            return None  # "the proposed 'activity rehabilitation' study": none run, no paper yet
        listed = self._reference_named(post, c, said)
        if listed is not None and not any(w in index.declared for w in said):
            return listed  # "the COVID-OUT trial": a listed trial's declared name, no card's
        coined = _coined_in(post.text[c.span[0] : c.span[1]], said, index)
        if coined:
            # "the German ear stimulation pilot in long covid, COVIVA": a name in capitals no
            # card has is the name of the one paper whose title holds it, if any
            by_name = self._resolve_about(c, coined)
            if by_name is not None:
                return by_name
        if any(w in DEMONYMS and not index.by_word.get(w) for w in said):
            # "the Polish open-label pilot": a study from a country no card is from; unless a
            # listed paper's title holds every naming word ("the Dutch brain autopsy study")
            return self._listed_titled(c, said)
        # (a size word names no topic: "the largest genetic study" is no card's whose summary
        # says "largest" when its other naming words are no card's)
        topical = [w for w in said if not mentions.SIZE_WORD.fullmatch(w)] or said
        naming_cards = [index.by_word.get(w, []) for w in topical]
        cands = {cid for cids in naming_cards if len(cids) <= _MAX_NAMED for cid in cids}
        # A hyphenated name ("covid-out") is no card's word; the card declaring it is a candidate.
        cands |= {cid for w in said if "-" in w for cid in index.declared.get(w, ())}
        if not cands and len(topical) < len(said):
            return None  # (nor is it a name to look for: "the UK's largest genetic study")
        written = post.text[c.span[0] : c.span[1]]
        phase = _WRITTEN_PHASE.search(written)
        if phase is not None:  # "the phase 3 trial" is no card that says it is of another phase
            n = mentions.phase_number(phase.group(1))
            cands = {cid for cid in cands if not self._of_another_phase(cid, n)}
        sized_trial = kind == "trial" and mentions.SIZE_WORD.search(written) is not None
        # ("the big trial" alone, a size and no naming word any card has, is left unread: it is
        # passed by as a vague reference about as often as it is counted as a paper)
        if (
            not said
            and sized_trial
            and (
                _TRIAL_OF.match(post.text, c.span[1])
                or _LATER_THAN_TOLD.search(written)
                or self._treatment_in_sentence(post, c)
            )
        ):
            # "their earlier large trial of rituximab": a size and the treatment the trial was
            # of, told right after it, say which trial ("the big trial" alone is left unread);
            # so do a size and "later" ("the later big trial", after the first one was told),
            # and a size with a treatment its sentence names ("When the big trial came out,
            # rituximab did no better than placebo")
            return self._biggest_on_topic(post, c, kind)
        if not cands:
            # "the WASF3 paper from the NIH on exercise intolerance": no card's word, but a name
            # (in capitals, as gene, protein and trial names are written, not a plain word such
            # as "the sleep paper") that one title anywhere holds, with another word of the
            # sentence, names that paper.
            by_author = self._listed_author_named(post, c, written)
            if by_author is not None:
                return by_author
            # (a group's naming words are its place: "researchers in the UK" name no topic, and a
            # title holding "UK Biobank" is not theirs for it)
            if kind == "group":
                return self._listed_of_group(post, c, said)
            names = [stem(w) for w in said if _written_as_name(w, written) or _DRUG_NAME.search(w)]
            return self._resolve_about(c, names) if names else None
        placed_words = [w for w in said if w in self._place_words]
        if placed_words:
            # "the Stanford study": of the papers with a Stanford author, the one led there (by
            # its first or last author's group), not a multi-site study Stanford joined; several
            # led there are left to the words, among all the place's papers as before
            led = {cid for cid in cands if all(w in index.lead_places[cid] for w in placed_words)}
            cands = led if len(led) == 1 else cands
        came = self._place_it_came_from(post, c)
        if came:
            # "The largest single study I know of came from Stanford": a work of that place,
            # not a card of another place that happens to share a naming word
            cands = {cid for cid in cands if came & index.places[cid]}
            if not cands:
                return None
        wanted = _NAMED_DESIGNS.get(kind)
        if wanted:
            cands = {cid for cid in cands if index.design[cid] in wanted}
            if not cands and sized_trial:
                # "the big national trial": its naming words are no trial's, so it is told by
                # its size and the treatment beside it, as "the big trial" is
                return self._biggest_on_topic(post, c, kind)
        if c.span != (0, 0):  # "the XMRV paper in Science": a journal in the citation narrows it
            _, hi = sentence_bounds(post.text, *c.span)
            # A group's work is the sentence's subject: a journal anywhere in it is the work's
            # ("Researchers in Stockholm found …, in a study published in Scientific Reports").
            # (up to a clause with a subject of its own: "…, and the EUROMENE review (…)")
            reach = min(hi, c.span[1] + _CLUSTER)
            if kind == "group":
                other = _NEXT_SUBJECT.search(post.text, c.span[1], hi)
                reach = other.start() if other else hi
            named = mentions.journals_in(index, post, c.span[0], reach)
            if self.reference is not None:
                # (a journal no card is in still says the work is not a card's of another
                # journal: "the Griffith lab paper in Frontiers in Molecular Biosciences")
                named |= mentions.journals_in(self.reference, post, c.span[0], reach)
            if named:
                # The journal as named ("The Lancet"), else one it begins ("The Lancet Psychiatry").
                exact = {cid for cid in cands if index.journal_of.get(cid) in named}
                cands = exact or {
                    cid
                    for cid in cands
                    if any(key == index.journal_of.get(cid, ())[: len(key)] for key in named)
                }
        # Words of a design many papers share (the atlas's and others'), such as "their
        # open-label pilot", are no name: the card they fit is named only when its sentence
        # also tells a word of the card's title ("the open-label follow-up study" of
        # maintenance infusions), and, read by the post's words, only when no listed paper fits
        # them better. A size word told among them ("the large placebo-controlled trial") is
        # read as usual.
        if kind != "group" and 2 * sum(1 for w in said if w in index.by_word) < len(said):
            # "the Dutch brain autopsy study": most naming words are no card's, so the study is
            # one the atlas lacks; the one word a card has ("brain"), or a size it shares with
            # a card, is no reason to guess at one
            return None
        if sized_trial and all(w in _DESIGN_WORDS for w in said):
            # "their large placebo-controlled trial" after rituximab: design words many trials
            # share, and a size: told by its size and the treatment beside it, as "the big
            # trial" is
            on_topic = self._biggest_on_topic(post, c, kind)
            if on_topic is not None:
                return on_topic
        design_only = all(w in _DESIGN_WORDS for w in said) and not mentions.SIZE_WORD.search(written)
        sized = self._sized_in_sentence(post, c, cands)
        if design_only and len(sized) == 1 and not self._sentence_tells_title(post, c, sized[0]):
            sized = []
        if len(sized) == 1:
            # "the old Berlin antibody study, where they measured 268 patients": one study told
            # by its name and its size is the one candidate reporting that size.
            return _Resolved(c, sized[0], "description", 0.86)
        known = [w for w in said if w in index.by_word]  # (a word no card has says nothing here)
        every = [cid for cid in cands if all(cid in index.by_word[w] for w in known)]
        if len(every) > 1 and mentions.SIZE_WORD.search(written):
            # "the big rituximab trial": of the papers holding every naming word, the one that
            # studied clearly the most people (twice the next of those that say how many); the
            # size said outranks whose title happens to hold the words
            every = self._largest(every) or every
        if len(every) > 1:
            # Several papers' words hold every naming word ("the PACE recovery paper": the trial's
            # later papers all talk of recovery); the one whose title holds them all is named.
            titled = [cid for cid in every if all(w in self._title_words(cid) for w in known)]
            every = titled if len(titled) == 1 else every
        if len(every) == 1 and self._sized_as_another(post, c, every[0]):
            every = []  # "the American government study where 17 patients …" is the 17-patient one
        if design_only and len(every) == 1 and not self._sentence_tells_title(post, c, every[0]):
            every = []
        # (a work named only by its group's place is the group's: "the Griffith lab paper")
        by_group = kind == "group" or all(w in self._place_words or w in _TEAM_WORDS for w in said)
        of_year = self._group_work_of_year(post, c, said) if by_group else None
        if of_year is not None:
            # "a newer report from Berlin in 2023": the group's work of the year its sentence
            # gives, among the listed papers too (a group has papers the atlas lacks)
            return of_year
        if kind == "group" and len(every) == 1 and self._told_of_another_topic(post, c, every[0]):
            return None  # "an older T-cell paper from Japan" is not that place's brain-scan study
        if (
            len(every) == 1
            and not self._listed_rival(post, c, said, every[0])
            and not (
                by_group
                and not self._sentence_tells_title(post, c, every[0])
                and self._listed_fits_better(post, c, every[0])
            )
            and not self._names_another(said, known)
        ):
            # Only one known paper's words hold every naming word ("the Ampligen trial"):
            # that paper, whatever else the post talks about.
            return _Resolved(c, every[0], "description", 0.86)
        chosen = self._by_context(
            post, c, sorted(cands), "description", 0.86, 0.55, min_fit=_MIN_FIT * 2, tie_break=False
        )
        own = {cid for w in said for cid in index.declared.get(w, ()) if cid in cands}
        if len(own) == 1 and (chosen is None or chosen.card_id is None or chosen.score < 0.86):
            # "the PACE trial": its papers all carry the name, and none fits the post clearly
            # (a weak fit is no reason to doubt the name); the one whose title declares the
            # name is the trial itself, unless the other naming words are not its title's
            # ("the PACE recovery paper" is a later paper about the trial).
            cid = own.pop()
            title = index.title_stems[cid]
            if all(w in title or w in index.declared for w in said):
                return _Resolved(c, cid, "description", 0.86)
        if chosen is not None and chosen.card_id is None and c.span != (0, 0):
            # "In 2009 a group at the Whittemore Peterson Institute reported …": of the works
            # its words fit alike, the one of the year its sentence gives
            lo, hi = sentence_bounds(post.text, *c.span)
            years = years_in(post.text, lo, hi)
            dated = [cid for cid in chosen.ambiguous if index.cards[cid].year in years]
            if len(years) == 1 and len(dated) == 1:
                return _Resolved(c, dated[0], "description", 0.86)
        ordinal = _ORDINAL.search(written)
        if (
            chosen is not None
            and chosen.card_id is None
            and chosen.ambiguous
            and ordinal is not None
            and not design_only  # ("their first clinical pilot" of a new drug names no one trial)
        ):
            # "the first Norwegian rituximab trial": of the works its words fit alike, the
            # earliest (or, "the latest …", the most recent), when one year is theirs alone
            told = sorted({self.index.cards[cid].year or 0 for cid in chosen.ambiguous})
            year = told[0] if ordinal.group(1).lower() in _FIRST_WORDS else told[-1]
            dated = [cid for cid in chosen.ambiguous if self.index.cards[cid].year == year]
            if year and len(dated) == 1:
                return _Resolved(c, dated[0], "description", 0.86)
        if chosen is not None and chosen.card_id is None and mentions.SIZE_WORD.search(written):
            # "the big placebo-controlled trial": of the works its words fit equally well, the
            # one that studied clearly the most people (the size word is what tells them apart)
            biggest = self._largest(list(chosen.ambiguous))
            if biggest:
                return _Resolved(c, biggest[0], "description", 0.86)
        if chosen is not None and kind == "trial" and mentions.SIZE_WORD.search(written):
            # "in the big placebo-controlled trial rituximab did not beat placebo": the size
            # word and the treatment beside it say which trial, whatever the other words fit
            on_topic = self._biggest_on_topic(post, c, kind)
            if on_topic is not None:
                return on_topic
        if (
            chosen is not None
            and chosen.card_id is not None
            and (
                kind == "group"
                or design_only
                or (by_group and not self._sentence_tells_title(post, c, chosen.card_id))
            )
            and self._listed_fits_better(post, c, chosen.card_id)
        ):
            # "the Cornell team reported": a group has papers the atlas lacks; a listed one the
            # post's words fit better is as likely, so the card is not guessed.
            return None
        return chosen

    def _group_work_of_year(self, post: PostText, c: Citation, said: list[str]) -> _Resolved | None:
        """Of the papers of the group's place and of the one year the mention's sentence gives,
        the cards' and the listed ones together, the one the post's words fit clearly best."""
        places = [w for w in said if w in self._place_words]
        if not places or c.span == (0, 0):
            return None
        lo, hi = sentence_bounds(post.text, *c.span)
        years = years_in(post.text, lo, hi)
        if len(years) != 1:
            return None
        year = years.pop()
        index, ref = self.index, self.reference
        cards = [cid for cid in index.by_year.get(year, ()) if all(w in index.places[cid] for w in places)]
        listed = (
            [cid for cid in ref.by_year.get(year, ()) if all(w in ref.places[cid] for w in places)]
            if ref is not None
            else []
        )
        if not cards and not listed:
            return None
        return self._clear_best(post, c, cards, listed, frozenset(said), min_fit=_MIN_FIT, margin=_MARGIN)

    def _lone_reanalysis(self, post: PostText, c: Citation) -> _Resolved | None:
        """ "A later reanalysis went back to the trial's protocol": the one paper, of the cards
        and the listed papers, whose title says it is a reanalysis, when its title shares two
        more words with the mention's sentence, the two before and the one after, and the
        sentence of the work told last before it (what was reanalysed: a post tells the trial,
        says what it made of it, then brings in the reanalysis and what it found)."""
        titled = [
            (index, cid)
            for index in (self.index, self.reference)
            if index is not None
            for cid in index.by_title_stem.get(_REANALYSIS, ())
        ]
        if len(titled) != 1 or c.span == (0, 0):
            return None
        index, cid = titled[0]
        # (the reanalysis may be told in another sentence, "independent researchers reanalysed
        # the data …", and named in this one: "read the reanalysis yourselves")
        told = next(
            (m for m in _REANALYSED.finditer(post.text) if not c.span[0] <= m.start() < c.span[1]), None
        )
        near: set[str] = set()
        for span in (c.span, told.span()) if told else (c.span,):
            before, hi = with_sentence_before(post.text, span)
            before = with_sentence_before(post.text, (before, before))[0] if before > 1 else before
            # (and the sentence after, which may say what the reanalysis found: "When the
            # protocol's measures were used, neither therapy beat the control arm")
            hi = sentence_bounds(post.text, hi, hi)[1] if hi < len(post.text) else hi
            near |= {w[:5] for w in content_words(post.text[before:hi])}
        # (and the sentence of the work told last before it, which may be what was reanalysed:
        # "The 2011 Lancet paper reported … I just trusted the physio. When the data were
        # reanalysed …")
        first = min(c.span[0], told.start()) if told else c.span[0]
        last_work = next(reversed(list(WORK_CUE.finditer(post.text, 0, first))), None)
        if last_work is not None:
            lo, hi = sentence_bounds(post.text, *last_work.span())
            near |= {w[:5] for w in content_words(post.text[lo:hi])}
        shared = {w[:5] for w in index.title_stems[cid] if w != _REANALYSIS} & near
        if len(shared) < 2:
            return None
        return self._in(c, index, cid)

    def _biggest_on_topic(self, post: PostText, c: Citation, kind: str) -> _Resolved | None:
        """ "Rituximab was hyped for years. Then the big trial found nothing": a work told only by
        its size is, of the cards of that kind testing the treatment last named before it (in its
        sentence or the one before; else just after it in its sentence), the one that studied
        clearly the most people. Other words are no guide here ("saline" or "years" may be any
        one trial's word): the treatment says which trials, the size which of them."""
        if c.span == (0, 0):
            return None
        before, hi = with_sentence_before(post.text, c.span)
        lower = post.lower
        tag = self._treatment_beside((lower, before, c.span[0]), (lower, c.span[1], hi))
        if tag is None:
            return None
        treatments = self._treatment_tags()
        wanted = _NAMED_DESIGNS.get(kind)
        cands = [cid for cid in treatments[tag][1] if not wanted or self.index.design[cid] in wanted]
        chosen = cands if len(cands) == 1 else self._largest(cands)
        return _Resolved(c, chosen[0], "description", 0.86) if chosen else None

    def _phase_on_topic(self, post: PostText, c: Citation, phase: int) -> _Resolved | None:
        """ "2012: Ampligen. Its phase III trial reported …": of the cards testing the treatment
        last named before it (in its sentence or the one before, by any of its names; else the
        first named after it in its sentence), the one whose title or summary says it is a trial
        of that phase. Two such, or none, is silence: the phase is told only by what a card says
        of itself."""
        if c.span == (0, 0):
            return None
        before, hi = with_sentence_before(post.text, c.span)
        # (read by its words' common forms: "Ampligen" is the rintatolimod tag)
        said = " ".join(stem(w) for w in words(post.text[before : c.span[0]]))
        after = " ".join(stem(w) for w in words(post.text[c.span[1] : hi]))
        tag = self._treatment_beside((said, 0, len(said)), (after, 0, len(after)))
        if tag is None:
            return None
        treatments = self._treatment_tags()
        phased = _PHASE_OF.get(phase)
        cands = [
            cid
            for cid in treatments[tag][1]
            if phased is not None
            and phased.search(
                " ".join([self.index.cards[cid].title, self.index.cards[cid].quick_summary or ""])
            )
        ]
        return _Resolved(c, cands[0], "description", 0.86) if len(cands) == 1 else None

    def _treatment_in_sentence(self, post: PostText, c: Citation) -> bool:
        """Whether the citation's own sentence names a treatment some card is tagged with."""
        if c.span == (0, 0):
            return False
        lo, hi = sentence_bounds(post.text, *c.span)
        return any(rx.search(post.lower, lo, hi) for rx, _ in self._treatment_tags().values())

    def _treatment_beside(self, before: tuple[str, int, int], after: tuple[str, int, int]) -> str | None:
        """The treatment tag a work told without its own name is about: the one named last in
        ``before`` (text, start, end: its sentence and the one before), else the one named first
        in ``after`` (the rest of its sentence), or None."""
        treatments = self._treatment_tags()
        named = [(m.start(), tag) for tag, (rx, _) in treatments.items() for m in rx.finditer(*before)]
        if not named:
            named = [(-m.start(), tag) for tag, (rx, _) in treatments.items() for m in rx.finditer(*after)]
        return max(named)[1] if named else None

    def _tag_words(self, cid: str) -> list[frozenset[str]]:
        """The words of each treatment a card is tagged with, as naming words are read
        ("Graded Exercise Therapy" → {graded, exercise, therapy})."""
        if self._card_tag_words is None:
            # (from the one reading of the cards' treatment tags, ``_treatment_tags``)
            by_card: dict[str, list[frozenset[str]]] = {}
            for tag, (_, cids) in self._treatment_tags().items():
                tag_words = frozenset(stem(w) for w in words(tag))
                for card_id in cids if tag_words else ():
                    by_card.setdefault(card_id, []).append(tag_words)
            self._card_tag_words = by_card
        return self._card_tag_words.get(cid, [])

    def _treatment_tags(self) -> dict[str, tuple[re.Pattern[str], list[str]]]:
        """Each treatment tag of the cards (lower-cased) → how a post names it and the cards tagged
        with it (built on first use: few posts tell a trial by its size alone)."""
        if self._treatments is None:
            cards: dict[str, list[str]] = {}
            for cid, card in self.index.cards.items():
                for tag in card.tags.get("treatment", ()):
                    cards.setdefault(tag.lower(), []).append(cid)
            self._treatments = {
                tag: (re.compile(rf"\b{re.escape(tag)}\b"), cids) for tag, cids in sorted(cards.items())
            }
        return self._treatments

    def _largest(self, cids: list[str]) -> list[str] | None:
        """The one card whose sample is at least twice every other known one's, or None. A card
        that gives no size is passed over (reviews and some open-label reports give none); two
        sizes at least are needed to call one the biggest."""
        sizes = []
        for cid in cids:
            card = self.index.cards[cid]
            size = card.sample_size or max(counts_of(card), default=0)
            if size:
                sizes.append((size, cid))
        if len(sizes) < 2:
            return None
        sizes.sort(reverse=True)
        return [sizes[0][1]] if sizes[0][0] >= 2 * sizes[1][0] else None

    def _title_of(self, r: _Resolved) -> str | None:
        """The title of a resolved citation's paper: its card's, else the one the post or the
        reference list gave it (a paper found by its identifier and titled in the post)."""
        if r.card_id is not None:
            return self.index.cards[r.card_id].title
        return r.paper.title if r.paper is not None else None

    def _without_sizes_of_a_titled_work(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "… the Swedish study (PMC…). It found … One validation study with 48 patients doesn't
        overturn a field.": a sentence opening on a work named by a word of the title of a paper
        the post cited before it ("validation") tells that paper's sizes; a card read from the
        sizes alone, whose title lacks the word, goes."""
        drop: set[int] = set()
        for r in resolved:
            c = r.citation
            if r.card_id is None or not c.value.startswith("count:"):
                continue
            opening = _A_WORK_OPENS.match(post.text, c.span[0])
            said = content_words(opening.group(1)) if opening is not None else set()
            if not said or said & self._title_words(r.card_id):
                continue
            for o in resolved:
                if o is r or o.citation.span[0] >= c.span[0] or o.card_id == r.card_id:
                    continue
                title = self._title_words(o.card_id) if o.card_id is not None else None
                if title is None and o.paper is not None and o.paper.title:
                    title = content_words(o.paper.title)
                if title and said <= title:
                    drop.add(id(r))
                    break
        return [r for r in resolved if id(r) not in drop] if drop else resolved

    def _title_words(self, cid: str) -> set[str]:
        """A card's title words, stemmed, with the names its title declares ("pace")."""
        card = self.index.cards[cid]
        names = declared_names(card.title, card.first_author_surname)  # as the index declares them
        return {*self.index.title_stems[cid], *(stem(n) for n in names)}

    def _listed_of_group(self, post: PostText, c: Citation, said: list[str]) -> _Resolved | None:
        """ "an older study from Harvard with the invasive exercise test": a group's work where no
        card is the group's is, of the listed papers led there (its first or last author one of
        the group's), the one the post's words fit clearly best, as for a journal without a
        year (the place says whose; the words must say which)."""
        ref = self.reference
        if ref is None or not said or not all(w in self._place_words for w in said):
            return None
        if _AN_IDENTIFIER.search(post.text, *sentence_bounds(post.text, *c.span)):
            return None  # "researchers in Canada … (pubmed…/30298340)": the identifier's paper
        led = [cid for cid in ref.cards if set(said) <= ref.lead_places.get(cid, frozenset())]
        return self._clear_best(post, c, [], led, frozenset(said)) if led else None

    def _reference_named(self, post: PostText, c: Citation, said: list[str]) -> _Resolved | None:
        """ "the COVID-OUT trial" for a trial with no card: the one listed paper whose title
        declares that name, when the post writes the name in capitals (a name, not a word:
        "the rapid recovery trial" is not the RAPID trial)."""
        ref = self.reference
        if ref is None:
            return None
        written = post.text[c.span[0] : c.span[1]]
        own = {cid for w in said if _written_as_name(w, written) for cid in ref.declared.get(w, ())}
        if len(own) != 1:
            return None
        return _Resolved(c, None, "description", 0.85, paper=_ref_paper(ref.cards[own.pop()]))

    def _listed_titled(self, c: Citation, said: list[str]) -> _Resolved | None:
        """The one listed paper whose title holds every naming word of a work, the country it
        is from among them and two words besides ("the Dutch ME/CFS brain autopsy study" for
        "Dutch ME/CFS Brain Autopsy Study (…)"): its title names it as a card's would."""
        ref = self.reference
        if ref is None or sum(w not in DEMONYMS for w in said) < 2:
            return None
        held = [set(ref.by_title_stem.get(stem(w), ())) for w in said]
        own = set.intersection(*held)
        if len(own) != 1:
            return None
        return _Resolved(c, None, "description", 0.8, paper=_ref_paper(ref.cards[own.pop()]))

    def _listed_author_named(self, post: PostText, c: Citation, written: str) -> _Resolved | None:
        """ "the Vink paper" with no card of that name: the one listed paper whose first author
        it is, when the post's words fit that paper (a listed surname may be a plain word, so
        the name must stand capitalised and the words must agree)."""
        ref = self.reference
        if ref is None:
            return None
        named = {
            key
            for name in _CAPITALISED_NAME.findall(written)
            if (key := ids.fold(name)) not in self._not_surnames
            and key not in self._place_words  # ("the Bergen paper" is a group's)
            and len(ref.by_surname.get(key, ())) == 1
        }
        if len(named) != 1:
            return None
        key = named.pop()
        cid = ref.by_surname[key][0]
        near, whole = _told_words(post, c, frozenset((key,)))
        if ref.fit_weighted(cid, whole, near) < _MIN_FIT:
            return None
        return _Resolved(c, None, "description", 0.8, paper=_ref_paper(ref.cards[cid]))

    def _cited_by_name(self, post: PostText, c: Citation) -> bool:
        """Whether a listed paper's first author beside a year is a citation, not a person:
        "Stovall 2022" or "Stovall (2022)" is; "I saw Dr Stovall in 2022" is only when the
        post's words fit a listed paper of that name and year."""
        ref = self.reference
        if ref is None or ids.fold(c.value) in ref.org_authors:
            return True  # (an organisation announcing its news: its title's words must fit it)
        name, year = c.value.rsplit(" ", 1)
        if _NAME_THEN_YEAR.match(post.text, c.span[1]):
            return True
        key = ids.fold(name)
        same = [cid for cid in ref.by_surname.get(key, ()) if ref.cards[cid].year == int(year)]
        near, whole = content_words(c.context) - {key}, post.content - {key}  # the name is no fit
        return any(ref.fit_weighted(cid, whole, near) >= _MIN_FIT for cid in same)

    def _acronym_names(self, context: str, cands: Sequence[str]) -> str | None:
        """The one candidate whose title a capitalised acronym in the context spells out
        ("ICC": "International Consensus Criteria"), when that acronym spells no other title."""
        spelt = self.index.title_acronyms
        found = {a.lower() for a in _ACRONYM.findall(context)} & spelt.keys()
        hits = {cid for a in found if len(spelt[a]) == 1 for cid in spelt[a] if cid in cands}
        return hits.pop() if len(hits) == 1 else None

    def _names_another(self, said: list[str], known: list[str]) -> bool:
        """Whether a naming word no card holds belongs to some listed paper: "the rapid walking
        trial" names a walking trial, not the one card that happens to use "rapid"."""
        ref = self.reference
        return ref is not None and any(w in ref.by_word for w in said if w not in known and "-" not in w)

    def _listed_with(self, said: list[str]) -> set[str]:
        """The listed papers whose words hold every one of these naming words."""
        ref = self.reference
        if ref is None or not said:
            return set()
        return set(ref.by_word.get(said[0], ())).intersection(*(ref.by_word.get(w, ()) for w in said[1:]))

    def _listed_rival(self, post: PostText, c: Citation, said: list[str], cid: str) -> bool:
        """Whether a listed paper holding every naming word is as likely as card ``cid``: it fits
        the mention's neighbourhood (its sentence and the ones either side) at least as well.
        ("the multicenter study that cleared the virus": a listed COVID trial is multicenter
        too, and says nothing of a virus in blood.)"""
        listed = self._listed_with(said)
        if not listed:
            return False
        ref = self.reference
        assert ref is not None
        if c.span == (0, 0):
            return True
        near = content_words(_around(post.text, c.span)) - set(said)
        own = self.index.fit(cid, near)
        return any(ref.fit(i, near) >= own for i in listed)

    def _by_context(
        self,
        post: PostText,
        c: Citation,
        cands: Sequence[str],
        method: MatchMethod,
        sure: float,
        unsure: float,
        min_fit: float = _MIN_FIT,
        tie_break: bool = True,
        unsaid: frozenset[str] = frozenset(),
    ) -> _Resolved | None:
        """Pick the candidate the surrounding words fit best; report ties as ambiguous.
        ``unsaid``: words of the mention that name it (an author's name): they count towards the
        fit, but the winner must also share a word beyond them ("Walitt found the car park full"
        tells nothing of Walitt's papers)."""
        if method == "description":
            cands = self._uncontradicted(_up_to_the_next_work(post.text, c), cands)
        if not cands:
            return None
        named = self._acronym_names(c.context, cands)
        if named is not None:  # "the ICC (J Intern Med 2011)": its title's initials say which
            return _Resolved(c, named, method, sure)
        told = _told_of(post.text, c)
        sentence, content = content_words(told), post.content
        if method == "description":
            # ("that two day bike test study with 84 patients": the bike test is a title's CPET)
            lay = content_words(lay_phrases_as_title_words(told)) - sentence
            if lay:
                sentence, content = sentence | lay, content | lay
        ranked = sorted(
            ((self.index.fit_weighted(cid, content, sentence), cid) for cid in set(cands)), reverse=True
        )
        top_fit, top = ranked[0]
        if top_fit < min_fit:
            return None
        if unsaid and not self.index.fit_weighted(top, content - unsaid, sentence - unsaid):
            return None
        if len(ranked) > 1 and top_fit < ranked[1][0] * _MARGIN:
            close = tuple(cid for f, cid in ranked if f * _MARGIN > top_fit)
            chosen = self._break_tie(c.context, close) if tie_break else None
            if chosen is None:
                return _Resolved(c, None, method, 0.0, ambiguous=close)
            return _Resolved(c, chosen, "semantic", unsure)
        return _Resolved(c, top, method, sure if top_fit >= 2 * min_fit else unsure)

    def _break_tie(self, context: str, cands: tuple[str, ...]) -> str | None:
        if self.tie_breaker is None:
            return None
        sims = list(self.tie_breaker(context, cands))
        order = sorted(range(len(cands)), key=lambda i: sims[i], reverse=True)
        if len(order) > 1 and sims[order[0]] - sims[order[1]] < 0.05:
            return None
        return cands[order[0]]

    def _resolve_truncated(self, post: PostText, value: str, group: list[Citation]) -> list[_Resolved]:
        """k links cut at one prefix: the k candidates the post describes best, or ambiguous."""
        space, prefix = value.split(":", 1)
        cands = self.index.by_prefix(space, prefix)
        # (a cut-off publisher link is looked up by the DOI prefix it holds, in both indexes)
        doi_prefix = publishers.doi_prefix_from_truncated(prefix) if space == "url" else None
        if space == "url":
            if doi_prefix:
                cands = list(dict.fromkeys(cands + self.index.by_prefix("doi", doi_prefix)))
            elif not cands:
                return []  # an ordinary web page cut short: nothing to report
        ref_space, ref_prefix = ("doi", doi_prefix) if space == "url" else (space, prefix)
        ref_index = self.reference
        listed = ref_index.by_prefix(ref_space, ref_prefix) if ref_index is not None and ref_prefix else []
        if not cands:
            # (a cut link is looked up in the list only by the DOI prefix its scheme gives:
            # an ordinary page's beginning is no paper's)
            ref = listed if space != "url" or doi_prefix else []
            # (a PMID cut to a few digits is thousands of papers' beginning: the list holding
            # one of them says nothing unless the words beside it describe that one)
            few = _few_digits(space, prefix)
            if (
                ref_index is not None
                and len(ref) == 1
                and len(group) == 1
                and (not few or ref_index.fit(ref[0], content_words(group[0].context)) >= 2 * _MIN_FIT)
            ):
                paper = _ref_paper(ref_index.cards[ref[0]])  # the one listed paper the cut-off id can be
                return [_Resolved(group[0], None, "truncated_prefix", 0.85, paper=paper)]
            return [_Resolved(c, None, "truncated_prefix", 0.0) for c in group]
        if len(cands) > 1 and any(_WHICH_UNSAID.search(c.context) for c in group):
            # "one of the two PLoS ONE papers … doi.org/10.1371/journal.pone.0… and my notes
            # don't say which": the writer says the cut id may be either; so it is
            return [_Resolved(c, None, "truncated_prefix", 0.0, ambiguous=tuple(cands[:10])) for c in group]
        few = _few_digits(space, prefix) or _cut_before_its_numbers(space, prefix)
        # ("a paper showing cytokines rise with severity. All I saved was a cut-off link,
        # pubmed…/28760...": the sentence before may be the one describing it; a PubMed or PMC
        # number carries no words of its own, where a cut DOI or link shows its journal; one cut
        # to a few digits is read by the words beside it alone)
        wide = space in ("pmid", "pmcid") and not few

        def told(c: Citation) -> set[str]:
            # (the link's own words are no description: "nih" in pmc.ncbi.nlm.nih.gov is not
            # the NIH study's)
            beside = content_words(c.context)
            if wide and c.span != (0, 0):
                beside |= content_words(post.text[slice(*with_sentence_before(post.text, c.span))])
            return beside - content_words(post.text[c.span[0] : c.span[1]])

        near = set().union(*(told(c) for c in group))
        # A PMID cut to a few digits ("pubmed/2954…") leaves thousands of papers: only words
        # beside it can describe its paper (the rest of the post may be about another).
        said = near if few else post.content
        ranked = sorted(((self.index.fit_weighted(cid, said, near), cid) for cid in cands), reverse=True)
        # (twice the usual fit: a cut id tells the journal and little else, so the post must
        # describe the paper, not share a passing word with it: "proved something about exercise")
        fitting = [(f, cid) for f, cid in ranked if f >= 2 * _MIN_FIT]
        k = len(group)
        out: list[_Resolved] = []
        # The listed papers the cut-off id may be too are rivals: a prefix that tells only the
        # journal ("10.1186/s12967-0…") is no card's unless the post fits that card clearly better.
        rival = (
            max((ref_index.fit_weighted(i, post.content, near) for i in listed), default=0.0)
            if ref_index is not None
            else 0.0
        )
        if (
            fitting
            and (len(fitting) <= k or fitting[k - 1][0] >= fitting[k][0] * _MARGIN)
            and fitting[min(k, len(fitting)) - 1][0] >= rival * _MARGIN
        ):
            for c, (_, cid) in zip(group, fitting[:k], strict=False):
                out.append(_Resolved(c, cid, "truncated_prefix", 0.9))
            for c in group[len(fitting[:k]) :]:
                out.append(_Resolved(c, None, "truncated_prefix", 0.0))
            return out
        close = tuple(cid for _, cid in fitting) or tuple(cands[:10])
        if k == 1 and len(fitting) > 1:
            chosen = self._break_tie(group[0].context, close)
            if chosen is not None:
                return [_Resolved(group[0], chosen, "semantic", 0.7)]
        return [_Resolved(c, None, "truncated_prefix", 0.0, ambiguous=close) for c in group]

    # -- putting a post's matches together ---------------------------------------------------

    def _tie_to_identifiers(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """Weak mentions beside an identifier in their sentence are that identifier's paper,
        unless what is known of the two says otherwise (another card's author and year, or
        two uncovered papers that the reference index or the post tell apart)."""
        text = post.text
        strong = sorted((r for r in resolved if _is_strong(r)), key=lambda r: r.citation.span)
        strong_ids = {id(r) for r in strong}
        starts = [r.citation.span[0] for r in strong]
        out: list[_Resolved] = []
        for r in resolved:
            if id(r) in strong_ids or r.citation.span == (0, 0):
                out.append(r)
                continue
            anchor = _nearest(text, r, strong, starts)
            if anchor is None:
                out.append(r)
                continue
            if anchor.card_id is not None:
                if (
                    r.card_id == anchor.card_id
                    or self._names_another_card(r, anchor, text)
                    or (r.citation.value.startswith("journal:") and _several(text, *r.citation.span))
                    or self._other_year(r.citation, anchor)
                ):
                    out.append(r)  # (the identifier is one of "the pair in …"; the other stays)
                continue  # the identifier says which paper this sentence means
            if r.card_id is not None:
                card = self.index.cards[r.card_id]
                kind = anchor.citation.kind
                if self._other_year(r.citation, anchor) or self._years_apart(r.citation, anchor):
                    # "this preprint (doi …) builds on a 2020 meta-analysis"; "(doi …), not
                    # Guo's 2023 gut paper"
                    out.append(r)
                elif getattr(card, kind, None) is None and r.score >= 0.85:
                    # The card lacks this identifier (a card without a DOI, cited by DOI and name).
                    anchor.card_id, anchor.score, anchor.paper = r.card_id, r.score, None
                elif _names_own_work(r.citation) and _NORM[kind](getattr(card, kind, None)) not in (
                    None,
                    anchor.citation.value,
                ):
                    # A title or a work named with its year, whose card has another such
                    # identifier: another paper ("Wang 2023 (doi …) with the NIH's 2024 … study").
                    # A journal and year beside the identifier still yield to it.
                    out.append(r)
                continue
            if r.paper and anchor.paper:
                if _differ(r.paper, self._listed(post, anchor) or anchor.paper):
                    out.append(r)  # "X (doi A), Y and colleagues' 2026 review": two papers
                    continue
                merged = replace(
                    anchor.paper,
                    first_author=anchor.paper.first_author or r.paper.first_author,
                    year=anchor.paper.year or r.paper.year,
                )
                anchor.paper = merged
        return out

    def _tie_strong(self, text: str, resolved: list[_Resolved]) -> list[_Resolved]:
        """Identifiers of different kinds written together are one paper: "doi:… (PMCID: PMC…)",
        "PMID n, doi …" in one sentence with nothing listing them apart. Uncovered ones merge;
        an uncovered one joins a card that lacks that kind of identifier; a card that has
        another value of that kind is another paper."""
        strong = sorted(
            (r for r in resolved if r.citation.kind in _STRONG and r.citation.span != (0, 0)),
            key=lambda r: r.citation.span,
        )
        gone: set[int] = set()
        for x, y in itertools.pairwise(strong):
            if id(x) in gone or x.citation.kind == y.citation.kind:
                continue
            (a, b), c = x.citation.span, y.citation.span[0]
            lo, hi = sentence_bounds(text, a, b)
            between = text[b:c]
            if c - b > _NEAR or not (lo <= c < hi + 1):
                continue
            if not _GLUE.fullmatch(between) and not clustered(text, a, between):
                continue  # words between two identifiers ("X with Y", "X; Y") list two papers
            loser = self._join(x, y)
            if loser is not None:
                gone.add(id(loser))
        return [r for r in resolved if id(r) not in gone]

    def _join(self, x: _Resolved, y: _Resolved) -> _Resolved | None:
        """Merge two sightings of one paper into one of them; the other (to drop), or None."""
        if x.card_id is not None and y.card_id is not None:
            return None  # two cards: the matcher's merge keeps one if they are the same
        if x.card_id is None and y.card_id is None:
            if x.paper is None or y.paper is None or _conflict(x.paper, y.paper):
                return None
            x.paper = _combine(x.paper, y.paper)
            return y
        card_r, other = (x, y) if x.card_id is not None else (y, x)
        card = self.index.cards[card_r.card_id or ""]
        kind = other.citation.kind
        mine = {
            "doi": ids.norm_doi(card.doi),
            "pmid": ids.norm_pmid(card.pmid),
            "pmcid": ids.norm_pmcid(card.pmcid),
        }
        if mine.get(kind) is not None and mine.get(kind) != other.citation.value:
            return None
        return other

    def _tie_own_link(self, resolved: list[_Resolved]) -> list[_Resolved]:
        """A feed item's own link and the identifier printed in its text are one paper when
        each names exactly one paper and they do not contradict each other (a PMC link beside
        the DOI the item prints)."""
        linked = [r for r in resolved if r.citation.span == (0, 0) and r.citation.kind in _STRONG]
        texted = [r for r in resolved if r.citation.span != (0, 0) and r.citation.kind in _STRONG]
        if not linked or not texted:
            return resolved
        if len({_identity(r) for r in linked}) != 1 or len({_identity(r) for r in texted}) != 1:
            return resolved
        if any(r.citation.kind == t.citation.kind for r in linked for t in texted):
            return resolved  # same kind, other value: two papers (or the same, merged anyway)
        x, y = texted[0], linked[0]
        loser = self._join(x, y)
        if loser is None:
            return resolved
        drop = linked if loser is y else texted
        keep = x if loser is y else y
        if loser is x and keep.card_id is None and keep.paper is not None and x.paper is not None:
            keep.paper = _combine(keep.paper, x.paper)
        gone = {id(r) for r in drop}
        return [r for r in resolved if id(r) not in gone]

    def _names_another_card(self, r: _Resolved, anchor: _Resolved, text: str) -> bool:
        """A confident "Surname et al. YEAR" beside a link names its own paper when the linked
        card has another first author and another year: "Loebel et al. 2016, now a Swedish
        study: <link to Bynke 2020>" cites both. So does a title written out in full ("…
        (europepmc.org/…/MED/17693978) and, separately, the PNAS paper called 'metabolic
        features of chronic fatigue syndrome'"): it names its own card, whatever stands beside it."""
        if r.card_id is None or anchor.card_id is None:
            return False
        if r.citation.kind == "title":
            # (written out: four words or more as the post writes them, not a name such as "PACE")
            written = len(words(text[slice(*r.citation.span)])) >= 4
            return written and r.citation.confidence >= 0.9 and r.card_id != anchor.card_id
        if r.citation.kind != "author_year":
            return False
        if r.score < self.settings.confirm_threshold:
            return False
        mine, theirs = self.index.cards[r.card_id], self.index.cards[anchor.card_id]
        if mine.year is None or theirs.year is None or mine.year == theirs.year:
            return False
        # (one author's papers years apart are two papers: "the 2019 Fluge paper …, then the 2021
        # review at <link>"; a year off by one may be the linked paper's print year)
        return mine.first_author_surname != theirs.first_author_surname or abs(mine.year - theirs.year) > 1

    def _journal_of_the_named(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "A UK group described an EpiSwitch blood test, in the Journal of Translational
        Medicine": a journal named in the sentence of a paper named by its title or its author
        and year, whose journal it is, tells where that paper appeared, not a second
        paper of that journal guessed from the sentence's words. (A journal said of several
        papers is left as it was.)"""
        text = post.text
        journals = [
            r
            for r in resolved
            if r.citation.value.startswith("journal:")
            and r.citation.span != (0, 0)
            and _several(text, *r.citation.span) is None
        ]
        if not journals:
            return resolved
        # (where each paper named by its title or author and year stands, and its journal and year)
        placed = [
            (r.citation.span[0], found[0], found[3])
            for r in resolved
            if (
                r.citation.kind == "title"
                or (r.citation.kind == "author_year" and not _yearless_name(r.citation))
            )
            and r.citation.span != (0, 0)
            and (found := self._journal_and_year(r)) is not None
        ]
        drop: set[int] = set()
        for r in journals:
            key, year = _journal_year(r.citation.value)
            lo, hi = sentence_bounds(text, *r.citation.span)
            if any(
                lo <= start < hi and journal == key and year in (None, paper_year)
                for start, journal, paper_year in placed
            ):
                drop.add(id(r))
        return [r for r in resolved if id(r) not in drop]

    def _named_against_their_journal(
        self, post: PostText, resolved: list[_Resolved], cited: list[Citation]
    ) -> list[_Resolved]:
        """ "the diffusion MRI paper in Human Brain Mapping": a work named by a few words and
        then the journal it is in is a paper of that journal. A paper those few words were
        read as, whose journal is known to be another, is contradicted by the journal named
        with it, and goes (the journal's own reading stands)."""
        journals = [
            (c.span[0], _journal_year(c.value)[0])
            for c in cited
            if c.kind == "description" and c.value.startswith("journal:") and c.span != (0, 0)
        ]
        if not journals:
            return resolved
        kept: list[_Resolved] = []
        for r in resolved:
            c = r.citation
            if _is_named(c) and c.span != (0, 0) and (r.card_id is not None or r.paper is not None):
                named = [key for start, key in journals if _IN_JOURNAL.fullmatch(post.text, c.span[1], start)]
                own = self._journal_and_year(r) if named else None
                if own is not None and not any(own[0][: len(key)] == key for key in named):
                    continue
            kept.append(r)
        return kept

    def _dated_from_before(self, post: PostText, resolved: list[_Resolved]) -> list[_Resolved]:
        """ "the PACE trial in the Lancet, and two years later its recovery paper": a work left
        between several cards is the one of them dated that many years from the paper its
        sentence resolved just before it (the trial's 2011 paper: the 2013 one)."""
        out: list[_Resolved] = []
        for r in resolved:
            c = r.citation
            if r.card_id is not None or len(r.ambiguous) < 2 or c.kind != "description" or c.span == (0, 0):
                out.append(r)
                continue
            lo, _ = sentence_bounds(post.text, *c.span)
            apart = mentions.years_apart_before(post.text, lo, c.span[0])
            before = [
                (o.citation.span[0], o.card_id)
                for o in resolved
                if o.card_id is not None and lo <= o.citation.span[0] < c.span[0]
            ]
            of = self.index.cards[max(before)[1]].year if before else None
            if apart is None or of is None:
                out.append(r)
                continue
            dated = [cid for cid in r.ambiguous if self.index.cards[cid].year == of + apart]
            out.append(self._in(c, self.index, dated[0]) if len(dated) == 1 else r)
        return out

    def _drop_echoes(self, text: str, resolved: list[_Resolved]) -> list[_Resolved]:
        """Uncovered "Surname YEAR" papers that only echo something else in their sentence.

        "a 2023 Cell Host & Microbe paper by Xiong et al." reads "Host & Microbe 2023" as an
        author pair: a surname that is a word of a journal named beside it, or of the journal,
        authors or title of a card matched in the same sentence and year, is that card again
        (or no paper at all), never a second paper.
        """
        cards = [r for r in resolved if r.card_id is not None and r.citation.span != (0, 0)]
        out: list[_Resolved] = []
        for r in resolved:
            paper = r.paper
            if r.card_id is not None or r.citation.kind != "author_year" or paper is None or not paper.year:
                out.append(r)
                continue
            start, end = r.citation.span
            surname = (ids.fold(paper.first_author or "").split() or [""])[-1]
            if r.score < 0.8 and surname in self.index.journal_words:
                continue
            lo, hi = sentence_bounds(text, start, end)
            if any(
                lo <= o.citation.span[0] < hi and self._echoes(surname, paper.year, o.card_id or "", r.score)
                for o in cards
            ):
                continue
            out.append(r)
        return out

    def _echoes(self, surname: str, year: int, cid: str, score: float) -> bool:
        card = self.index.cards[cid]
        if card.year != year:
            return False
        if score < 0.8:  # a weak pair beside a matched paper of its year names that paper
            return True
        named = {ids.fold(w) for a in card.authors for w in a.replace(",", " ").split()}
        return (
            surname in named
            or surname in set(self.index.journal_of.get(cid, ()))
            or surname in set(self.index.titles.get(cid, ()))
        )

    def _merge(self, resolved: list[_Resolved]) -> list[Match]:
        best: dict[str, _Resolved] = {}
        ambiguous: list[_Resolved] = []
        # A card that a route found and another route's citation stands for is never lost: "the
        # JAX team" (too weak a guess to report) and "the 2023 gut paper" (sure) agree on one
        # card. (A card the citation's own route reports stays as sure as that route says.)
        surest: dict[str, float] = {}
        resolved = _settle_ambiguous(resolved)
        for r in resolved:
            if r.card_id is not None:
                surest[r.card_id] = max(surest.get(r.card_id, 0.0), r.score)
            if r.card_id is None and r.paper is None:
                if r.ambiguous or r.citation.kind == "truncated_url":
                    ambiguous.append(r)
                continue
            key = r.card_id or _paper_key(r.paper)
            if key not in best or _rank(r) > _rank(best[key]):
                if key in best and r.card_id is None and r.paper is not None:
                    r.paper = _combine(best[key].paper, r.paper)
                best[key] = r
            elif r.card_id is None and r.paper is not None:
                best[key].paper = _combine(best[key].paper, r.paper)
        matches: list[Match] = []
        for r in best.values():
            if r.card_id is not None and self._status(r.score) is None:
                r.score = surest[r.card_id]
            status = self._status(r.score)
            if status is None:
                continue
            paper = self._paper(r.card_id) if r.card_id else (r.paper or PaperRef())
            matches.append(Match(r.citation, r.card_id, paper, r.method, round(r.score, 3), status))
        matches = _without_cut_identifiers(_without_bare_names_of_named_papers(matches))
        for r in ambiguous:  # reported for moderators, never guessed
            matches.append(Match(r.citation, None, PaperRef(), r.method, 0.0, "suggested", r.ambiguous))
        return matches

    def _status(self, score: float) -> MatchStatus | None:
        if score >= self.settings.confirm_threshold:
            return "confirmed"
        if score >= self.settings.suggest_threshold:
            return "suggested"
        return None

    def _paper(self, cid: str) -> PaperRef:
        card = self.index.cards[cid]
        return PaperRef(
            doi=card.doi,
            pmid=card.pmid,
            pmcid=card.pmcid,
            title=card.title,
            first_author=card.first_author_surname,
            year=card.year,
            url=card.url,
        )


# What a description can say that a card must not contradict: the kind of study, who was
# studied, how many. General knowledge of study reports, one group per line.
_POPULATIONS = (
    re.compile(
        r"\b(?:child(?:ren)?|adolescents?|paediatric|pediatric|teen(?:agers?|s)?|youth|young people)\b", re.I
    ),
    # (not an animal naming what it qualifies: "a mouse retrovirus", "murine leukaemia virus",
    # "a mouse-related retrovirus")
    re.compile(
        r"\b(?:mice|mouse|murine|rats?|rodents?|animal model)\b(?!-(?:related|derived|like|borne)\b)"
        r"(?!\s+(?:(?:retro)?vir\w*|leuk\w*|antibod\w*|genes?|proteins?)\b)",
        re.I,
    ),
)
_SAMPLE = re.compile(
    r"\b[nN]\s*=\s*(\d{1,6})\b|\b(\d{1,6})\s+(?:patients|participants|people|subjects|adults|cases|women|men)\b"
)


@dataclass(frozen=True, slots=True)
class Described:
    """What the words around a description say about the study: read once per citation."""

    families: frozenset[str]  # design families a cue names (empty: no design said)
    populations: tuple[int, ...]  # indexes into _POPULATIONS named
    sizes: tuple[int, ...]
    controlled: bool = False  # a placebo, a blind or a randomisation said: a controlled study


def described(context: str) -> Described:
    return Described(
        designs_said(context),
        tuple(i for i, group in enumerate(_POPULATIONS) if group.search(context)),
        tuple(int(a or b) for a, b in _SAMPLE.findall(context)),
        any(
            not _NEGATED.search(context, max(0, m.start() - 12), m.start())
            for m in _CONTROLLED.finditer(context)
        ),
    )


# A work told as coming after another: "the later trial", "a subsequent study".
_REANALYSED = re.compile(r"\bre-?analy[sz]", re.I)  # "reanalysed", "re-analysis", "reanalyzing"
_LATER = re.compile(r"\b(?:later|subsequent|newer|follow-up)\b", re.I)
# A controlled study said ("the placebo-controlled study", "the double-blind trial"), and a card
# whose design had no control ("Open-label single-arm trial"): another study.
_CONTROLLED = re.compile(r"\b(?:placebo|double-blind(?:ed)?|randomi[sz]ed|sham)\b", re.I)
# "no sham group", "without a placebo", "not randomised": a control said to be missing.
_NEGATED = re.compile(r"\b(?:no|not|without|non-?)\s*(?:an?\s+|any\s+)?$", re.IGNORECASE)
_UNCONTROLLED = re.compile(r"\b(?:open-label|single-arm|uncontrolled|no control)\b", re.I)


def populations_of(card: AtlasCard) -> frozenset[int]:
    """Which of the population groups a card's title, summary and findings mention."""
    about = " ".join([card.title, card.quick_summary or "", *card.observed_findings])
    return frozenset(i for i, group in enumerate(_POPULATIONS) if group.search(about))


def contradicts(said: Described, card: AtlasCard, populations: frozenset[int] | None = None) -> bool:
    """Whether the words around a description say another study than this card: another
    design (a randomised trial described, a cohort on the card), another population
    (children or animals the card never mentions) or more people than the card's study had."""
    if said.families and design_kind(card.design) not in said.families:
        return True
    if said.controlled and _UNCONTROLLED.search(card.design or ""):
        return True
    if said.populations and not set(said.populations) <= (
        populations if populations is not None else populations_of(card)
    ):
        return True
    # A card counts everyone studied and a post often counts only the patients, so only
    # more people than the study had says "another study".
    return bool(card.sample_size and said.sizes and all(n > 1.1 * card.sample_size for n in said.sizes))


def is_unresolved(match: Match) -> bool:
    """A citation we could not pin to one paper (a tie, or a cut-off link nothing fits)."""
    return match.card_id is None and match.paper == PaperRef()


def _rank(r: _Resolved) -> tuple[bool, bool, float]:
    """An identifier outranks any other route to the same card, whatever their scores; a work
    named by its words and year ranks below every other route, so it adds a card nothing else
    found but, for a card found otherwise, changes neither its citation (the place in the text
    that claims are linked through) nor how sure the match is."""
    return (r.method == "identifier", not r.citation.value.startswith(("work:", "count:")), r.score)


def _settle_ambiguous(resolved: list[_Resolved]) -> list[_Resolved]:
    """A tie next to a mention that names one of the tied cards is that card: two independent
    cues agree, so the mention is confirmed and the tie is no longer reported."""
    out: list[_Resolved] = []
    for r in resolved:
        if not r.ambiguous:
            out.append(r)
            continue
        a, b = r.citation.span
        near = [
            o
            for o in resolved
            if o.card_id in r.ambiguous
            and o.citation.span != (0, 0)
            and o.citation.span[0] - b <= _NEAR
            and a - o.citation.span[1] <= _NEAR
        ]
        if near:
            for o in near:
                o.score = max(o.score, 0.9)
        else:
            out.append(r)
    return out


_POSSESSIVE = re.compile(r"['’]s\s")
_NORM: dict[str, Callable[[str | None], str | None]] = {
    "doi": ids.norm_doi,
    "pmid": ids.norm_pmid,
    "pmcid": ids.norm_pmcid,
    "url": ids.norm_url,
}
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
# "Stovall 2022", "Stovall (2022)", "Stovall, M. et al. (2022)": a name written as a citation.
_NAME_THEN_YEAR = re.compile(
    r"(?:[\s,]+(?:[A-Z]{1,3}\.?-?){1,3})?(?:\s+et\s+al\.?)?[\s,(\[]{1,3}(?:19|20)\d\d\b"
)


# Words before a kind of work that point back to one the post already told ("that preprint",
# "this study", "the same paper", "their trial").
# Words of a study's design (as naming words read them): shared by many papers, they name none.
_DESIGN_WORDS = frozenset(
    (
        "open",
        "label",
        "placebo",
        "controlled",
        "double",
        "single",
        "blind",
        "clinical",
        "blinded",
        "randomised",
        "randomized",
        "arm",
        "pilot",
        "crossover",
        "uncontrolled",
        "observational",
        "prospective",
        "retrospective",
    )
)
_FEW_ID_DIGITS = 5  # a cut-off PMID or PMCID shorter than this is read by the words beside it only


def _few_digits(space: str, prefix: str) -> bool:
    """Whether a cut-off PubMed or PMC id shows so few digits ("pubmed/2954…", "PMC10…") that
    thousands of papers begin so: then only the words beside it can tell which one it is."""
    digits = prefix[3:] if space == "pmcid" else prefix
    return space in ("pmid", "pmcid") and len(digits) < _FEW_ID_DIGITS


def _cut_before_its_numbers(space: str, prefix: str) -> bool:
    """Whether a cut-off DOI stops before any digit of its suffix ("10.1016/j.bb…"): it shows
    the publisher and at most part of a journal's code (Brain, Behavior, and Immunity begins so,
    and so do its Health journal and others), not which paper; as for a PMID cut to a few digits,
    only the words beside it can tell, not the rest of a post about other papers."""
    suffix = prefix.partition("/")[2]
    return space == "doi" and not any(ch.isdigit() for ch in suffix)


_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# A work itself, not the people who did it ("Ruan and colleagues" names no work apart); an
# attempt at something is one too ("An earlier attempt used peptide arrays. That study …").
_A_WORK = re.compile(
    r"\b(?:stud(?:y|ies)|papers?|trials?|reviews?|meta-analys[ie]s|analysis|work|preprints?|articles?|pilot"
    r"|attempts?)\b",
    re.IGNORECASE,
)
# "… against the placebo group": the words before "group" that make it an arm of a trial, not a
# research group; nor is a group of symptoms or of ages ("symptom groups such as pain").
_ARM_BEFORE = re.compile(
    r"\b(?:placebo|control|treatment|comparison|exercise|waitlist|sham|usual[- ]care|intervention"
    r"|symptom|age)\s+$",
    re.IGNORECASE,
)
# A line of an item's own fields: its byline ("Authors: …") or the kind of its paper ("Article type: …").
_ITEM_FIELD_LINE = re.compile(r"^[ \t]*(?:Authors?|[A-Z][a-z]+ type):[^\n]*", re.MULTILINE)
_LATER_THAN_TOLD = re.compile(r"\blater\b", re.IGNORECASE)  # ("the later big trial")
# A sentence opening on a word that points back to the work just told: "It found …".
_OPENS_BACK = re.compile(r"\s*(?:it|they|this|that|these|those|the\s+same)\b", re.IGNORECASE)
# A group told to bring out a work: "the same group put out …", "that team has published …".
_GROUP_PUT_OUT = re.compile(
    r"\s+(?:(?:has|have|then|later|since|also|now)\s+)*"
    r"(?:put\s+out|published|released|posted|brought\s+out|followed\s+(?:up\s+)?with)\b",
    re.IGNORECASE,
)
# "some researchers", "other scientists": people in general, not the authors of one work.
_SOME_OF_THEM = re.compile(r"\b(?:some|many|other|several|most|few|various)\s+$", re.IGNORECASE)
_PEOPLE = frozenset({"researchers", "scientists", "teams", "groups"})


# What people in general do without doing a work: say, think, suspect ("other researchers
# tested …" is a work of theirs, perhaps retold).
_OPINE = re.compile(
    r"\s+(?:\w+ly\s+|now\s+|also\s+)?(?:say|think|suspect|believe|argue|wonder|worry|warn|caution|"
    r"speculate|hope|expect|feel|doubt|question)\b",
    re.IGNORECASE,
)


def _anyone(text: str, lo: int, cue: re.Match[str]) -> bool:
    """Whether a work cue is people in general giving an opinion ("some researchers say"),
    which names no work of theirs."""
    return (
        cue.group(0).lower() in _PEOPLE
        and _SOME_OF_THEM.search(text, max(lo, cue.start() - 10), cue.start()) is not None
        and _OPINE.match(text, cue.end()) is not None
    )


_POINTS_BACK = re.compile(r"\b(?:this|that|these|those|same|its|their)\s+$", re.IGNORECASE)
# What a trial tested, told right after it: "the big trial of rituximab".
_TRIAL_OF = re.compile(r"\s+(?:of|with|testing)\s+(?=\w)", re.IGNORECASE)
# "in the same journal", "the same issue": the journal of the paper cited just before.
_SAME_JOURNAL = re.compile(r"\bsame\s+(journal|issue)\b", re.IGNORECASE)
# The place a work's sentence says it came from, a few words after it: "… study I know of came
# from Stanford", "… trial, run at Haukeland".
_CAME_FROM = re.compile(
    r"(?:(?:\s+[\w'’]+){0,4}?\s+(?:came|comes|was|is)\s+(?:(?:done|run|carried\s+out|led)\s+)?(?:out\s+)?(?:from|at|of)"
    r"|,?\s+(?:done|run|carried\s+out|led|conducted)\s+(?:from|at|in|by))"
    r"\s+([^,;:()]{1,60})",
    re.IGNORECASE,
)
# The words after a work up to its clause's end, when they say where it was done: "from
# Columbia", "at Cornell", "by the Bergen group", "out of Stanford".
_CLAUSE_AFTER = re.compile(r"\s+(?:from|at|by|out\s+of|in)\s+([^,;:()]{1,60})", re.IGNORECASE)
# A clause with a subject of its own: what follows it tells another work.
_NEXT_SUBJECT = re.compile(r";|,?\s+(?:and|but|while|whereas)\s+(?:the|a|an|this|that|their|its)\b")
# A work or its doers wanting, planning or needing something: no work done is being told.
_NOT_DONE_YET = re.compile(
    r"\s+(?:needs?|wants?|plans?|hopes?|aims?|intends?|will|would\s+like|(?:is|are)\s+"
    r"(?:planning|hoping|seeking|asking|trying|raising)"
    # (or intended then: "the group planned to wash … out of ten patients")
    r"|(?:planned|hoped|wanted|intended|aimed|needed)\s+to)\b"
)


# "…, and then a small placebo-controlled study in 2011": another work told after a description,
# in its sentence; its words (a control, a size) say nothing of the work told before it.
_NEXT_WORK = re.compile(
    r"\b(?:and|or|but|while|whereas|then|before|after)\b[^.;!?]{0,40}?"
    r"\b(?:study|trial|paper|review|series|pilot|report|analysis|meta-analysis)\b",
    re.IGNORECASE,
)


def _counts_opening(
    text: str, resolved: list[_Resolved], opening: re.Pattern[str]
) -> Iterator[tuple[_Resolved, tuple[int, int]]]:
    """Each card read from a sentence's group sizes whose sentence opens with ``opening``
    (a subject pointing back to the work told before), with the bounds of the sentence before:
    where the sizes' own work was told."""
    for r in resolved:
        c = r.citation
        if r.card_id is None or not c.value.startswith("count:") or c.span[0] < 2:
            continue
        if opening.match(text, c.span[0]):
            yield r, sentence_bounds(text, c.span[0] - 2, c.span[0] - 1)


def _sized_again(text: str, resolved: list[_Resolved]) -> list[_Resolved]:
    """ "… linked the big two-day bike test study. In that study, 84 people with ME/CFS and 71
    controls …": the sizes told of "that study" say which paper the work named in the sentence
    before is; a description there read as another card is that paper misread, and goes."""
    drop: set[int] = set()
    for r, (lo, hi) in _counts_opening(text, resolved, _THAT_WORK_OPENS):
        drop |= {
            id(o)
            for o in resolved
            if o.card_id not in (None, r.card_id)
            and o.citation.kind == "description"
            and o.citation.value.startswith(("named:", "some:", "work:"))
            and lo <= o.citation.span[0] < hi
        }
    return [r for r in resolved if id(r) not in drop] if drop else resolved


def _without_sizes_told_back(text: str, resolved: list[_Resolved]) -> list[_Resolved]:
    """ "The Swedish validation (Bynke …) found … Fine, but it was 48 patients …": sizes in a
    sentence whose subject points back ("it", "they", "that study") to a paper the sentence
    before cited are that paper's sizes, not another study told by them; a card read from them
    alone (another study of 48 patients) goes."""
    drop: set[int] = set()
    for r, (lo, _) in _counts_opening(text, resolved, _SUBJECT_POINTS_BACK):
        before = [
            o
            for o in resolved
            if o is not r and (o.card_id or o.paper) and lo <= o.citation.span[0] < r.citation.span[0]
        ]
        if before and all(o.card_id != r.card_id for o in before):
            drop.add(id(r))
    return [r for r in resolved if id(r) not in drop] if drop else resolved


# A sentence whose subject points back to the work told before it, after a word or two that
# only opens it: "It had 48 patients", "Fine, but it was 48 patients", "That study had …".
_SUBJECT_POINTS_BACK = re.compile(
    r"\s*(?:(?:fine|but|and|so|still|yes|well|okay|ok|sure|granted|admittedly)\b[,\s]*){0,3}"
    r"(?:it|they|this|that|these|those|the\s+same)\s+(?:(?:only|just|also|still)\s+)?"
    r"(?:was|were|had|has|have|is|are|included|enrolled|recruited|tested|studied|looked)\b",
    re.IGNORECASE,
)


# A sentence opening on a work named by a word or two before its noun: "One validation study
# with 48 patients …", "The Swedish study had …" (the words, group 1, say which work).
_A_WORK_OPENS = re.compile(
    r"\s*(?:one|a|an|the|this|that)\s+([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s+"
    r"(?:study|trial|paper|review|analysis|report)\b",
    re.IGNORECASE,
)


_THAT_WORK_OPENS = re.compile(
    r"\s*(?:in\s+)?(?:that|this|the\s+same)\s+(?:study|trial|paper|work|pilot)\b", re.I
)


def _coined_in(written: str, said: Sequence[str], index: AtlasIndex) -> list[str]:
    """Naming words written in capitals, four letters or more, that no card's words hold: coined
    names ("COVIVA") rather than acronyms of the field ("CPET", which cards hold)."""
    caps = {t.lower() for t in _CAPS_NAME.findall(written)}
    return [w for w in said if w in caps and w not in index.by_word and w not in index.declared]


_CAPS_NAME = re.compile(r"\b[A-Z][A-Z0-9]{3,}\b")


def _up_to_the_next_work(text: str, c: Citation) -> str:
    """A description's context (its words around it in its sentence) up to another work told
    after it: what ``described`` reads to rule cards out."""
    if c.span == (0, 0):
        return c.context
    lo, hi = sentence_bounds(text, *c.span)
    start, end = max(lo, c.span[0] - 200), min(hi, c.span[1] + 200)
    after = _NEXT_WORK.search(text, c.span[1], end)
    return text[start : after.start()].strip() if after else c.context


def _another_year_said(text: str, lo: int, hi: int, year: int | None) -> bool:
    """Whether the stretch gives years and none is within one of the paper's own: a retelling
    dated so tells another paper."""
    years = years_in(text, lo, hi)
    return bool(years and year and all(abs(y - year) > 1 for y in years))


# Works told as known ones: "the two …", "both …".
_DEFINITE = re.compile(r"(?:the|both)\s", re.IGNORECASE)


def _sizes_in_sentence(post: PostText, c: Citation) -> set[int]:
    """The group sizes the citation's sentence gives (none for a citation outside the text)."""
    if c.span == (0, 0):
        return set()
    lo, hi = sentence_bounds(post.text, *c.span)
    return mentions.sizes_said(post.text[lo:hi])


# Where a sentence's next item of a list of works begins: ", and the …", ", and later the …",
# "; a …", ": the …".
_NEXT_ITEM = re.compile(r"[,;:][ \t]+(?:(?:and|or)[ \t]+(?:[a-z]+[ \t]+)?)?(?:the|an?)[ \t]", re.IGNORECASE)


def _sizes_in_own_item(post: PostText, c: Citation) -> set[int]:
    """The group sizes the citation's own item of its sentence gives: the sentence, less the
    items of a list of works before and after the one the citation names."""
    if c.span == (0, 0):
        return set()
    text = post.text
    lo, hi = sentence_bounds(text, *c.span)
    # (the item's own opening ", and the …" may reach into the citation's words)
    before = [m.end() for m in _NEXT_ITEM.finditer(text, lo, c.span[1]) if m.start() < c.span[0]]
    after = _NEXT_ITEM.search(text, c.span[1], hi)
    return mentions.sizes_said(text[before[-1] if before else lo : after.start() if after else hi])


def _is_strong(r: _Resolved) -> bool:
    """An identifier, or a link that names a card: what weak mentions beside it are tied to."""
    return r.citation.kind in _STRONG or (r.citation.kind == "url" and r.card_id is not None)


def _names_own_work(c: Citation) -> bool:
    return c.kind == "title" or (c.kind == "description" and c.value.startswith("work:"))


# What parts a year from the title before it: another work told after it ("… and the Lim
# meta-analysis from 2020").
_ANOTHER_WORK_BETWEEN = re.compile(r"\b(?:and|or|but|while|whereas|versus|vs|than|also)\b|;")


def _title_contradicted(c: Citation, card: AtlasCard, written: str = "") -> bool:
    """A year or journal written beside a title that is not the card's: another paper
    with a similar title (a year inside the title itself does not count)."""
    if c.kind != "title" or not c.context:
        return False
    inside = {int(m.group(1)) for m in YEAR_RE.finditer(card.title)}
    years = {int(m.group(1)) for m in _years_beside(c, written)} - inside
    return len(years) == 1 and card.year is not None and card.year not in years


def _years_beside(c: Citation, written: str = "") -> list[re.Match[str]]:
    """The years in a title citation's sentence that stand beside the title: not past another
    work told after (or before) it in the same sentence, nor a year an author's name before
    the title holds ("I meet "Fukuda 1994" and she prefers the International Consensus
    Criteria"). ``written``: the title as the post writes it, when not its full title. A
    sentence where the title cannot be found keeps every year (as before)."""
    found = [m for m in YEAR_RE.finditer(c.context) if not writers_year(c.context, m.start(), m.end(), 0)]
    shown = written or c.value
    at = c.context.find(shown[:30])
    if at < 0:
        return found
    end = at + len(shown)
    beside = []
    for m in found:
        gap = c.context[end : m.start()] if m.start() >= end else c.context[m.end() : at]
        if _ANOTHER_WORK_BETWEEN.search(gap):
            continue
        if m.start() < at and _NAME_BEFORE_YEAR.search(c.context, 0, m.start()):
            continue  # the year of the author named before it, not of the title after
        beside.append(m)
    return beside


# "Fukuda 1994", "Smith et al. (2019", "“Jones & Lee 2020": a year that an author's name holds.
_NAME_BEFORE_YEAR = re.compile(
    r"\b[A-Z][a-z][\w'’-]*(?:\s+et\s+al\.?|\s+and\s+colleagues|\s+(?:&|and)\s+[A-Z][\w'’-]+)?,?\s*\(?$"
)


# Words between two mentions that start another clause, about another thing.
_ANOTHER_CLAUSE = re.compile(r"[;:]|,\s*(?:and|but|while|whereas)\b|\b(?:and\s+then|whereas|while)\b")


def _is_named(c: Citation) -> bool:
    """A work named by what it is about, without a year ("the X trial", "a small Y study")."""
    return c.kind == "description" and c.value.startswith(("named:", "some:", "about:"))


def _one_title_per_stretch(titles: list[Citation]) -> list[Citation]:
    """The title readings of a text, one per stretch of it: two known titles read from the same
    words ("Autoantibodies to beta-adrenergic and muscarinic cholinergic receptors in …", cut
    off, nearly both an exact title and, less closely, another) are the closer one."""
    kept: list[Citation] = []
    for c in sorted(titles, key=lambda c: -c.confidence):
        if not _overlaps_any(c.span, [k.span for k in kept]):
            kept.append(c)
    keep = {id(c) for c in kept}
    return [c for c in titles if id(c) in keep]


def _may_name(c: Citation, papers: list[PaperRef], text: str, declared: frozenset[str]) -> bool:
    """Whether a work named without a year ("the Japanese PET study") may be one of these
    uncovered papers: one whose title is unknown may be anything; a known title must share a
    naming word. A name some title declares ("the long-term PACE follow-up") is the word that
    names: a title sharing only another word ("long" of "long COVID") is not that work."""
    what = c.value.split(":", 1)[1]  # ("named:study|x y", "some:study|x y", "about:x y")
    naming = set(what.split("|", 1)[-1].split())
    naming = (naming & declared) or naming
    if naming and naming <= _DESIGN_WORDS and mentions.SIZE_WORD.search(text, c.span[0], c.span[1]):
        # "their large placebo-controlled trial": design words many titles share, and a size,
        # which the matcher read with the treatment beside it; no title is named by them
        return False
    # (a name with a word of its own besides design words, "the placebo-controlled rituximab
    # trial", is no title's that shares only its design words: "placebo-controlled" is many
    # trials', the treatment is the name)
    telling = naming - _DESIGN_WORDS or naming
    return any(
        paper.title is None or bool(telling & {stem(w) for w in words(paper.title)}) for paper in papers
    )


def _is_arm(text: str, cue: re.Match[str]) -> bool:
    """Whether a work cue is a trial's arm ("the placebo group"), which names no work."""
    return cue.group(0).lower().startswith("group") and bool(
        _ARM_BEFORE.search(text, max(0, cue.start() - 20), cue.start())
    )


def _within(found: list[re.Match[str]], lo: int, hi: int) -> list[re.Match[str]]:
    """The matches (of one scan of the whole text) that lie between two offsets."""
    return [m for m in found if lo <= m.start() and m.end() <= hi]


def _overlaps_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _inside_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a mention lies within a journal's name ("Host & Microbe" in "Cell Host & Microbe")."""
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _within_any(span: tuple[int, int], outer: Sequence[tuple[int, int]]) -> bool:
    """Whether ``span`` lies inside one of ``outer`` and is shorter than it."""
    return any(a <= span[0] and span[1] <= b and (b - a) > (span[1] - span[0]) for a, b in outer)


def _one_paper_per_link(resolved: list[_Resolved]) -> list[_Resolved]:
    """One link names one paper: when a link's URL is a card's, the DOI its path encodes
    (not in the atlas under that DOI) is the same card, not an uncovered paper."""
    carded = {r.citation.span for r in resolved if r.card_id is not None and r.citation.span != (0, 0)}
    # A post's own links all stand at (0, 0): there the DOI is dropped only when it is the one
    # the carded link's own path encodes (a feed item's jci.org link, recorded on its card).
    own = {
        ids.ids_in_url(r.citation.value).doi
        for r in resolved
        if r.card_id is not None and r.citation.span == (0, 0) and r.citation.kind == "url"
    }
    if not carded and not own:
        return resolved
    return [
        r
        for r in resolved
        if r.card_id is not None
        or not (
            (r.citation.span in carded and r.citation.kind in ("doi", "url"))
            or (r.citation.span == (0, 0) and r.citation.kind == "doi" and r.citation.value in own)
        )
    ]


_TITLE_JOINERS = frozenset(
    [
        "of",
        "in",
        "with",
        "and",
        "for",
        "the",
        "a",
        "an",
        "to",
        "on",
        "after",
        "from",
        "by",
        "as",
        "at",
        "among",
        "versus",
        "vs",
        "during",
        "into",
        "or",
        "without",
        "between",
        "across",
        "under",
        "than",
        "is",
        "are",
        "does",
        "do",
    ]
)


def _looks_like_a_title(text: str, c: Citation) -> bool:
    """A title no card or listed paper has, that is still surely a paper's title: spelt out by
    a scholarly search or profile link, or quoted in Title Case with a subtitle."""
    shown = text[c.span[0] : c.span[1]]
    if c.span != (0, 0) and " " not in shown.strip() and "/" in shown:
        return True  # the title was read from a link
    tokens = c.value.split()
    long_words = [w for w in tokens if len(w) > 3]
    capitalised = sum(w[:1].isupper() for w in long_words)
    return (
        c.span != (0, 0)
        and len(tokens) >= 6
        and ":" in c.value
        # English titles join their nouns with small words; a quoted headline in another
        # language ("Entzündung im Gehirn: neue Spur bei ME/CFS") is a summary, not a title.
        and any(w.lower() in _TITLE_JOINERS for w in tokens)
        and bool(long_words)
        and capitalised >= 0.6 * len(long_words)
    )


def _is_case_series(card: AtlasCard) -> bool:
    """Whether a card's design is a case series or a case report."""
    design = (card.design or "").lower()
    return "case series" in design or "case report" in design


def _journal_papers(
    idx: AtlasIndex | None, key: tuple[str, ...], year: int | None, index: AtlasIndex, own: str
) -> list[str]:
    """The papers of journal ``key`` (of that year, when given) in ``idx``, less paper ``own`` of
    ``index``: "the same journal"'s papers other than the one cited before."""
    if idx is None:
        return []
    cids = idx.by_journal_year.get((key, year), []) if year else idx.by_journal.get(key, [])
    return [cid for cid in cids if not (idx is index and cid == own)]


def _named_surname(value: str) -> str:
    """The folded surname of a confident "Surname YEAR" mention's value ("De Meirleir 2009" →
    "meirleir"), as a card's author surnames are folded."""
    return ids.fold(value[:-5]).split()[-1]


def _listed_id(ref: AtlasIndex, paper: PaperRef) -> str | None:
    """The reference list's id of a paper, found by its DOI, PMID or PMCID (in that order)."""
    for kind in ("doi", "pmid", "pmcid"):
        value = getattr(paper, kind)
        if value and (hit := ref.by_identifier(kind, value)):
            return hit
    return None


def _ref_paper(item: AtlasCard) -> PaperRef:
    """A listed paper as an uncovered one; its link only when it has no identifier (then the
    link is what an editor can act on)."""
    return PaperRef(
        doi=item.doi,
        pmid=item.pmid,
        pmcid=item.pmcid,
        title=item.title,
        first_author=item.first_author_surname,
        year=item.year,
        url=None if (item.doi or item.pmid or item.pmcid) else item.url,
    )


def _identity(r: _Resolved) -> str:
    return r.card_id or _paper_key(r.paper)


def _conflict(a: PaperRef, b: PaperRef) -> bool:
    """Two refs that give different values for one identifier are different papers."""
    return any(
        getattr(a, k) and getattr(b, k) and getattr(a, k) != getattr(b, k) for k in ("doi", "pmid", "pmcid")
    )


def _differ(a: PaperRef, b: PaperRef) -> bool:
    """Two uncovered refs that cannot be one paper: another identifier, first author, or a year
    more than one apart (a paper online in one year is often cited by its issue's year)."""
    if _conflict(a, b) or (a.year and b.year and abs(a.year - b.year) > 1):
        return True
    if a.first_author and b.first_author:
        return ids.fold(a.first_author).split()[-1:] != ids.fold(b.first_author).split()[-1:]
    return False


# A work named only as a team's, and the words saying it is the team just cited.
_TEAM_WORDS = frozenset({"team", "group", "lab", "author", "authors", "researchers"})


def _runs_of_three(tokens: Sequence[str]) -> set[tuple[str, str, str]]:
    """Three meaningful words in a row (no stopword, number, word of the illness's name or of a
    design): a phrase of a title that tells its topic ("higher severity burden")."""
    plain = [
        "" if t in STOPWORDS or t.isdigit() or t in _DESIGN_WORDS or stem(t) in ILLNESS_WORDS else t
        for t in tokens
    ]
    return {g for g in trigrams(plain) if all(g)}


# A line opening on two or more people's names, separated by commas: an author line.
_BYLINE = re.compile(
    r"\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+(?:,\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)+"
    # (or a line of its own: "Fluge and colleagues, Haukeland University Hospital, Bergen",
    # "Guo, Che and colleagues.", or a sentence of its own: "Xiong and colleagues. The study …")
    r"|[ \t]*(?:[A-Z][\w.'’-]*,?\s+){0,3}[A-Z][\w'’-]+\s+(?:and|&)\s+(?:colleagues|co-?authors|co-?workers)"
    r"(?:\b[^.\n]*\.?[ \t]*$|\.(?=[ \t]))",
    re.MULTILINE,
)
# "the Lipkin group('s)", "Lipkin's lab", "the group of Fluge": a person's lab, told by the
# surname of its head.
_LAB_OF = re.compile(
    r"\b(?:[Tt]he\s+([A-Z][a-z]+)\s+(?:group|lab|team)(?:['’]s)?|([A-Z][a-z]+)['’]s\s+(?:group|lab|team)"
    r"|[Tt]he\s+(?:group|lab|team)\s+of\s+([A-Z][a-z]+)(?!['’\w-]))\b"
)
_SAME_TEAM = re.compile(r"\b(?:same|their|its)\b|\b[Tt]he\s+(?:group|team|lab|researchers)\b", re.IGNORECASE)
_TEAM_TOLD = re.compile(r"same|their|the (?:group|team|lab|researchers)")


def _placed_papers(resolved: list[_Resolved]) -> list[_Resolved]:
    """The resolved papers cited at a place in the text (not by the post's own link), in the
    order written: what "the same team", "the same journal", "the same cohort" look back to."""
    return sorted(
        (r for r in resolved if r.citation.span != (0, 0) and (r.card_id or r.paper)),
        key=lambda r: r.citation.span,
    )


def _cited_last_before(placed: list[_Resolved], start: int) -> _Resolved | None:
    """Of these placed papers, the last one cited before ``start``, or None."""
    before = [r for r in placed if r.citation.span[1] <= start]
    return before[-1] if before else None


def _dois_outside(text: str, lo: int, hi: int) -> list[str]:
    """The DOIs (or the start of one, cut off: "10.1101/2025.08.06.2533...") written in the
    text outside ``lo:hi``, folded, without the punctuation after them."""
    return [
        m.group(0).lower().rstrip(".…),;:")
        for m in ids.DOI_RE.finditer(text)
        if m.end() <= lo or m.start() >= hi
    ]


def _doi_among(doi: str | None, written: list[str]) -> bool:
    """Whether a paper's DOI is one of these written ones, or begins with one cut off."""
    return doi is not None and any(len(w) >= 12 and doi.startswith(w) for w in written)


def _yearless_name(c: Citation) -> bool:
    """Whether a citation is a surname without a year ("Davis's group", "Keller and colleagues"):
    a person, who may be a paper's author, not yet a paper."""
    return c.kind == "author_year" and not c.value[-4:].isdigit()


# How a card says it is a trial of a phase ("a phase III trial", "Phase 2", "phase II/III").
_WRITTEN_PHASE = re.compile(r"\b[Pp]hase[\s-]+(III|II|IV|I|[1-4])\b")
_PHASE_OF = {
    n: re.compile(rf"\bphase[\s-]+(?:{roman}|{n})\b(?![/-])", re.IGNORECASE)
    for n, roman in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
}


# The writer speaking of themselves: "I", "I've", "my", "we", "our", "me".
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:ve|m|d)|[Mm]y|[Ww]e|[Oo]ur|[Mm]e)\b")
# A sentence naming a piece of work ("a report from Norway where three patients …").
_WORK_OF_A_GROUP = re.compile(r"\b(?:report|study|paper|article|case\s+series)\b", re.IGNORECASE)
# The names of a pair or list read from a citation's words: "Lipkin and Hornig", "A, B & C".
_PAIR_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")


# An identifier or a link in a sentence: "(pubmed…/30298340)", "doi 10.1186/…", "https://…".
_AN_IDENTIFIER = re.compile(r"\d{6,}|\b10\.\d{4,9}/|https?://|www\.", re.IGNORECASE)


def _without_cut_identifiers(matches: list[Match]) -> list[Match]:
    """ "pmc.ncbi.nlm.nih.gov/articles/PMC44651" (a notes app cut it off) in a post whose title
    or description named the paper of PMC4465185: a paper known only by a PMCID or PMID that is
    the beginning of the same kind of identifier of a known paper (a card or a listed paper) the
    post cites is that paper, cut off, never a paper of its own (these identifiers have no fixed
    length to tell a cut one by). Two unknown papers ("10.5555/x.1", "10.5555/x.12") are two:
    DOIs are left to the publishers' table, which knows each complete suffix's shape."""

    def ids_of(p: PaperRef) -> tuple[tuple[str, str], ...]:
        return tuple((k, v.lower()) for k, v in (("pmid", p.pmid), ("pmcid", p.pmcid)) if v)

    known = [(k, v) for m in matches if m.paper is not None and m.paper.title for k, v in ids_of(m.paper)]

    def cut(m: Match) -> bool:
        p = m.paper
        if m.card_id is not None or p is None or p.title or p.first_author or p.doi:
            return False
        own = ids_of(p)
        return bool(own) and all(
            any(k == kind and v != value and v.startswith(value) for k, v in known) for kind, value in own
        )

    return [m for m in matches if not cut(m)]


def _without_bare_names_of_named_papers(matches: list[Match]) -> list[Match]:
    """ "Vernon et al. 2025" in a post that also links a 2025 Vernon paper and describes
    another: the bare name (no identifier, no title: the list holds two such papers, so it
    stayed anonymous) is one of the post's papers by that author and year, never one more."""

    def who(m: Match) -> tuple[str, int] | None:
        p = m.paper
        if p is None or not p.first_author or not p.year:
            return None
        return ids.fold(p.first_author.split()[-1]), p.year

    def bare(m: Match) -> bool:
        p = m.paper
        return m.card_id is None and p is not None and not (p.doi or p.pmid or p.pmcid or p.title or p.url)

    named = {who(m) for m in matches if not bare(m)} - {None}
    return [m for m in matches if not (bare(m) and who(m) in named)]


def _paper_key(paper: PaperRef | None) -> str:
    if paper is None:
        return "?"
    for value in (paper.doi, paper.pmid, paper.pmcid):
        if value:
            return f"paper:{value}"
    if paper.first_author is None and paper.title:
        return f"paper:title:{' '.join(words(paper.title))}"
    return f"paper:{paper.first_author}:{paper.year}"


def _combine(a: PaperRef | None, b: PaperRef) -> PaperRef:
    if a is None:
        return b
    return PaperRef(
        doi=a.doi or b.doi,
        pmid=a.pmid or b.pmid,
        pmcid=a.pmcid or b.pmcid,
        title=a.title or b.title,
        first_author=a.first_author or b.first_author,
        year=a.year or b.year,
        url=a.url or b.url,
    )


_OPEN, _CLOSE = "([", ")]"


def clustered(text: str, left: int, between: str) -> bool:
    """Whether two citations sit in one citation cluster: the text between them opens the
    details of the first ("Author et al. (Journal 2020; PMID n)") or both sit inside one
    bracket ("(Journal of Pain and Symptom Management, 2021; doi …)"). Separators inside a
    cluster ("and", ";") are part of journal names and citation punctuation, not a list."""
    if any(ch in between for ch in _CLOSE):
        return False
    head = between.lstrip(" ,:")
    if head[:1] in _OPEN and not any(ch in head[1:] for ch in _OPEN):
        return True
    if any(ch in between for ch in _OPEN):
        return False
    before = text[max(0, left - 200) : left]
    depth = 0
    for ch in reversed(before):
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return True
            depth -= 1
        elif ch == "\n":
            break
    return False


# The year a description's value ends with ("design:meta|2020", "journal:…|2023", "year:2024").
_YEAR_AT_END = re.compile(r"[|:]((?:19|20)\d\d)$")


def _nearest(text: str, r: _Resolved, strong: list[_Resolved], starts: list[int]) -> _Resolved | None:
    """The identifier citation beside a weak mention in its sentence, if nothing separates them."""
    start, end = r.citation.span
    # (a span closing its line takes the line break with it, which is not the next line's start)
    lo, hi = sentence_bounds(text, start, end - 1 if end > start and text[end - 1] == "\n" else end)
    best: tuple[int, _Resolved] | None = None
    for s in strong[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi + 1)]:
        a, b = s.citation.span
        if (a, b) == (0, 0) or b > hi + 1:
            continue
        gap = a - end if a >= end else start - b
        between = text[end:a] if a >= end else text[b:start]
        if _SEPARATOR.search(between) and not clustered(text, min(start, a), between):
            continue  # "X (doi A) and Y et al.": two papers side by side, not one written twice
        if gap <= _NEAR and (best is None or abs(gap) < best[0]):
            best = (abs(gap), s)
    return best[1] if best else None


# What may stand between a name and a description in apposition to it: a comma.
_APPOSITION = re.compile(r"[ \t]*(?:\(?(?:19|20)\d\d\)?[ \t]*)?,[ \t]*")  # (", ", " 2013, ", " (2013), ")


def _without_appositions(text: str, found: list[Citation]) -> list[Citation]:
    """ "RituxME, the big phase III trial, found no benefit", "White et al. 2013, the recovery
    follow-up, …": a description ("the …") right after a title, name, author and year or their
    journal read just before it, a comma between, tells that paper again; read on its
    own it would be guessed at another paper ("the big phase III trial" of another drug). So
    does a description right before a title it introduces ("the Griffith group's lab paper,
    titled 'Low-dose naltrexone restored …'"), and a trial's name inside that description."""
    titles = [c.span for c in found if c.kind == "title" and c.span != (0, 0)]
    # (an author and year, or the journal told with them, ends a citation too: "White and
    # colleagues, 2013 in Psychological Medicine, the recovery follow-up")
    named = [
        c.span
        for c in found
        if c.span != (0, 0)
        and (
            (c.kind == "author_year" and c.value[-4:].isdigit())
            or (c.kind == "description" and c.value.startswith("journal:"))
        )
    ]
    if not titles and not named:
        return found
    ends = {b for _, b in titles + named}
    starts = {a for a, _ in titles}
    introducing = [
        c
        for c in found
        if c.kind == "description"
        and any(
            c.span[1] <= start
            and (
                _INTRODUCED.fullmatch(text, c.span[1], start)
                or (_is_named(c) and _QUOTED_AFTER.fullmatch(text, c.span[1], start))
            )
            for start in starts
        )
    ]
    introduced_by = [i.span for i in introducing]
    introducing_ids = {id(i) for i in introducing}
    return [
        c
        for c in found
        if not (
            (
                c.kind == "description"
                and (
                    any(end <= c.span[0] and _APPOSITION.fullmatch(text, end, c.span[0]) for end in ends)
                    and text.startswith(("the ", "The "), c.span[0])
                )
            )
            or id(c) in introducing_ids
            # ("the PACE paper titled …": the trial's name there tells whose paper the titled
            # one is, not a second paper, the trial's main report)
            or (_a_cards_name(c) and _within_any(c.span, introduced_by))
        )
    ]


def _a_cards_name(c: Citation) -> bool:
    """Whether a title citation is a card's name read as its title ("PACE" for the trial's main
    report, ``scan_card_names``), not the title written out."""
    return c.kind == "title" and 2 * (c.span[1] - c.span[0]) < len(c.value)


def _without_groups_of_named_leads(text: str, found: list[Citation]) -> list[Citation]:
    """ "A Norwegian group led by Ola Didrik Saugstad wrote in Fatigue …": a group told by the
    person leading it, whose name is cited, did that person's work; read on its own, the
    group's place would be guessed at another paper from there."""
    named = [c.span[0] for c in found if c.kind == "author_year" and c.span != (0, 0)]
    if not named:
        return found
    return [
        c
        for c in found
        if not (
            c.kind == "description"
            and c.value.startswith("named:group|")
            and any(c.span[1] <= start and _LED_BY.fullmatch(text, c.span[1], start) for start in named)
        )
    ]


# What joins a work named by a few words to the journal right after it: " in the ",
# ", published in ", " that came out in ".
_IN_JOURNAL = re.compile(
    r",?[ \t]+(?:(?:which|that)[ \t]+(?:was[ \t]+|is[ \t]+)?)?(?:just[ \t]+|recently[ \t]+)?"
    r"(?:published[ \t]+(?:online[ \t]+)?|(?:came|come|comes)[ \t]+out[ \t]+|appeared[ \t]+)?"
    r"in[ \t]+(?:the[ \t]+)?"
)
# ", published in the …" between a work's few words and its journal: one work told twice.
_PUBLISHED_IN = re.compile(
    r",?[ \t]+(?:(?:which|that)[ \t]+(?:was|is)[ \t]+|was[ \t]+|is[ \t]+)?(?:just[ \t]+|recently[ \t]+)?"
    r"published[ \t]+(?:online[ \t]+)?in[ \t]+(?:the[ \t]+)?"
)


# ", the one published in the …" after a work and what it did (no comma between): the journal
# of that work, pointed back to ("the small Bergen pilot that gave daratumumab to patients, the
# one published in Frontiers in Medicine").
_THE_ONE_IN = re.compile(
    r"(?:[ \t]+[^.;:!?,\n]{1,120}?)?,[ \t]+the[ \t]+one[ \t]+"
    r"(?:(?:that|which)[ \t]+(?:was[ \t]+|is[ \t]+)?)?"
    r"(?:published[ \t]+|(?:came|comes)[ \t]+out[ \t]+|appeared[ \t]+|written[ \t]+up[ \t]+)?"
    r"in[ \t]+(?:the[ \t]+)?"
)


def _without_names_of_journal_works(text: str, found: list[Citation]) -> list[Citation]:
    """ "Their diffusion MRI study, published in Human Brain Mapping, …", "a 2025 paper from
    Norway, published in Fatigue: …", "the small Bergen pilot of …, the one published in …": a
    work named by a few words, then the journal it came out in, is one work, which the journal
    (a year beside it, and the post's words) tells; read on their own the few words would be
    guessed at another paper of that subject or place."""
    journals = [c.span[0] for c in found if c.kind == "description" and c.value.startswith("journal:")]
    if not journals:
        return found
    return [
        c
        for c in found
        if not (
            _is_named(c)
            and any(
                c.span[1] <= start
                and (
                    _PUBLISHED_IN.fullmatch(text, c.span[1], start)
                    or _THE_ONE_IN.fullmatch(text, c.span[1], start)
                )
                for start in journals
            )
        )
    ]


# A work told as the first or the latest of several ("the first Norwegian rituximab trial").
_FIRST_WORDS = frozenset(("first", "earliest", "original"))
_ORDINAL = re.compile(r"\b(first|earliest|original|latest|newest|most\s+recent)\b", re.I)
# The kinds of work a description names: "the WASF3 paper", "a Japanese study".
_KIND_OF_WORK = r"(?:trial|study|paper|pilot|review|report|preprint|article)"
# "the WASF3 paper in PNAS", "a gut study published in …": a work named by a few words, then
# its journal (which follows this match).
_NAMED_BEFORE_JOURNAL = re.compile(
    r"\b(?:the|an?|this|that)\s+((?:[\w'’-]+\s+){1,4}?)"
    + _KIND_OF_WORK
    + r"\s+(?:(?:was\s+)?published\s+)?in\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Cell Host & Microbe paper on Faecalibacterium": after a journal, its paper and what it is on.
# (What it is on ends before a verb: "the Cell Host & Microbe paper on butyrate showed …")
_NAMED_AFTER_JOURNAL = re.compile(
    r"\s+" + _KIND_OF_WORK + r"\s+(?:on|about|into)\s+(?:the\s+)?([\w'’-]+"
    r"(?:\s+(?!(?:is|was|were|are|has|had|did|does|found|finds|shows?|says?|said|came|got|made"
    r"|suggest\w*|report\w*|claim\w*|conclud\w*|link\w*|prov\w*|point\w*|\w+ed)\b)[\w'’-]+)?)",
    re.IGNORECASE,
)
# The words of a work told by its place that come before its kind ("an older T-cell paper from
# Japan"): what it is about, if anything.
_TOPIC_BEFORE_KIND = re.compile(r"(?:the|an?|this|that)\s+(.*?)\b" + _KIND_OF_WORK + r"\b", re.I)
# What stands between a work's description and the title it introduces: ", titled \"", ": ",
# " on " ("a Norwegian paper on specialised care for severely affected ME/CFS patients": what
# it is about, told in its title's own words).
_INTRODUCED = re.compile(r"(?:,?[ \t]*(?:titled|entitled|called)|:|[ \t]+(?:on|about))[ \t]*[\"“'‘]?")
# Or, after a work named by a few words, a space and the quotation mark opening its title
# ("the PACE paper \"Recovery from …\"").
_QUOTED_AFTER = re.compile(r"[ \t]+[\"“'‘]")


def _design_year(value: str) -> tuple[str, int]:
    """A design description's kind of work and year: "design:trial|2019" → ("trial", 2019)."""
    what, year_text = value.split("|")
    return what[len("design:") :], int(year_text)


def _journal_year(value: str) -> tuple[tuple[str, ...], int | None]:
    """A journal description's journal key and year: "journal:cell host microbe|2023" (None
    for a journal named without a year, "journal:cell host microbe|")."""
    what, year = value.split("|")
    return tuple(what[8:].split()), int(year) if year else None


def _of_journal(index: AtlasIndex, key: tuple[str, ...], year: int | None) -> list[str]:
    """The papers of a journal in that year, or in any year when none is given."""
    return index.by_journal.get(key, []) if year is None else index.by_journal_year.get((key, year), [])


# Size words that, beside a work's name, say which of several is meant: the biggest.
_COUNTED = {"two": 2, "both": 2, "pair": 2, "three": 3}
_REANALYSIS = stem("reanalysis")  # (as titles are indexed: "reanalysi")
_BRACKET_OR_LINK = re.compile(r"[(\[]|\S*/")
_SEVERAL_COUNT = re.compile(r"\b(two|both|three)\b(?![-‑])", re.IGNORECASE)  # ("two-day" counts nothing)
# One work that gathers others: "a meta-analysis of earlier two-day studies in …" is one paper,
# the studies being what it pooled.
_ONE_WORK_OF_SEVERAL = re.compile(
    r"\b(?:a|an|the|this|that|one)\s+(?:new\s+|recent\s+|later\s+)?(?:systematic\s+)?"
    r"(?:review|meta-analysis|reanalysis|re-analysis|overview|synthesis)\s+of\s+[^.;:,]*$",
    re.IGNORECASE,
)
# The journal as the subject that published several works: "Cell Host & Microbe published two
# back-to-back papers".
_JOURNAL_PUBLISHED_SEVERAL = re.compile(
    r"\s*(?:\(?(?:19|20)\d\d\)?,?\s+)?(?:then\s+|also\s+)?(?:published|ran|carried|printed)\s+(two|three)\b"
    r"(?:\s+[\w/-]+){0,4}?"  # ("two ME/CFS microbiome papers")
    r"\s+(?:papers|studies|articles|trials)\b",
    re.IGNORECASE,
)
# Several works said to be in the journal named next: "…, both in the journal …", "two links
# from the same issue of …".
_SEVERAL_IN = re.compile(
    r"\b(?:both\s+(?:(?:published|appeared|were|came\s+out)\s+)?(?:in|from)|same\s+issue\s+of"
    # ("two studies from 2023 in the same journal, Cell Host and Microbe")
    r"|same\s+journal\s*[,:(\u2013\u2014-])"
    r"\s+(?:the\s+)?(?:journal\s+)?$",
    re.IGNORECASE,
)
_SEVERAL_WORKS = re.compile(r"\b(?:papers|studies|trials|articles|reports|pair)\b", re.IGNORECASE)
# A plural work word right after the name, or after a count or year ("… Microbe papers", "…,
# both studies", "… 2023 pair"); further on it is more often what the one work did ("… weighs
# trials of …").
_SEVERAL_AFTER = re.compile(
    r"^[\s,;:(]*(?:(?:two|three|both|the|these|those|(?:19|20)\d\d)\s+)?(?:papers|studies|trials|articles|pair)\b",
    re.IGNORECASE,
)
# After a count said before the name ("the two 2023 Cell Host & Microbe gut microbiome
# papers"), a few lower-case words of what they are about may come first; not a work word or
# a linking word, which says the plural is another thing ("… paper on gut studies").
_SEVERAL_AFTER_TOPIC = re.compile(
    r"^\s+(?:(?!(?:papers?|stud(?:y|ies)|trials?|articles?|reports?|reviews?|preprints?|on|of|about|into"
    r"|in|at|by|for|from|with|to|and|or|that|which|who|was|were|is|are|has|had|have)\b)[a-z][\w-]*\s+){1,3}"
    r"(?:papers|studies|trials|articles)\b"
)
_ONE_WORK = re.compile(
    r"\b(?:a|an|the|this|that|one)\s+(?:new\s+)?(?:study|paper|trial|article|report|review|meta-analysis|analysis|preprint|survey|pilot)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Words saying a study has not been run yet.
_NOT_RUN_YET = frozenset(("proposed", "planned", "upcoming", "forthcoming", "future"))
_ONE_OF = re.compile(r"\b(?:one|which|either)\s+of\s+(?:the|these|those)\s+(?:two|three)\b", re.IGNORECASE)
_SEVERAL_PUBLISHED = re.compile(
    r"\b(?:papers|studies|trials|articles|reports|pair)\s+(?:were\s+|that\s+were\s+|that\s+)?"
    r"(?:published|appeared|came\s+out)\b[^.;]*$",
    re.IGNORECASE,
)


def _as_written(
    text: str, shown: str, found: list[Citation], matches: list[Match]
) -> tuple[list[Citation], list[Match]]:
    """The citations and matches of a post read with its capitals put back (``recased``), with
    each context as the writer wrote it: what moderators and editors are shown is the post's own
    text (the two texts have one length, so a context's place in one is its place in the other)."""

    def back(c: Citation) -> Citation:
        at = shown.find(c.context) if c.context else -1
        return c if at < 0 else replace(c, context=text[at : at + len(c.context)])

    return [back(c) for c in found], [replace(m, citation=back(m.citation)) for m in matches]


_CAPITALISED_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]+")
# A writer saying they do not know which of several works they mean: "my notes don't say
# which one", "not sure which", "one of the two papers".
_WHICH_UNSAID = re.compile(
    r"\b(?:(?:don|doesn|didn|can|couldn)[’']t|cannot|(?:do|does|did|can|could)\s+not)\s+"
    r"(?:say|tell|know|remember|recall)\s+which\b|\b(?:not\s+sure|"
    r"no\s+idea|unsure|forget|forgot)\s+which\b|\bone\s+of\s+the\s+(?:two|three|several)\b",
    re.IGNORECASE,
)
# A sentence saying where what the one before told was published: "That was published in …",
# "I think it was in J Transl Med, around 2022?".
_PUBLISHED_WHAT_WAS_SAID = re.compile(
    r"\s*(?:I\s+(?:think|believe)\s+(?:that\s+)?(?:it|that|this)|That|This|It)\s+"
    r"(?:was|got|had\s+been|has\s+been)\s+(?:(?:published|printed)\s+)?in\b"
)
# A sentence going on about the work the one before named: "It found …", "The authors say …".
_GOES_ON_ABOUT_IT = re.compile(
    r"\s*(?:It|They|Its|Their|(?:The|This|That)\s+(?:[a-z]+\s+)?"
    r"(?:study|paper|trial|review|preprint|team|authors|work|survey|report|article|analysis))\b"
)


# A sentence telling another work ("The work builds on an earlier study …"): its words are that
# work's, not the mention's, so ``_told_of`` leaves it out.
_ANOTHER_WORK = re.compile(r"\b(?:an?|another|other)\s+(?:[\w-]+\s+){0,2}?(?:study|paper|trial|review)\b")
# A work cited by its authors ("Stein and colleagues' 2023 paper", "Sotzny et al."): its own.
_NAMED_WORK = re.compile(r"\b[A-Z][\w'’-]+\s+(?:et\s+al\b|and\s+colleagues\b)")


# The post saying an identifier was cut short: "the link got cropped", "only half the DOI".
_CUT_SAID = re.compile(
    r"\b(?:cropped|cuts?\s+off|got\s+cut|truncated|half[-\s]copied|only\s+half|partial|incomplete|"
    r"(?:rest|end)\s+of\s+(?:the\s+|it\s+)?(?:link|url|address|number|id|doi)?\s*(?:was|is|got|went)\s+"
    r"(?:gone|missing|lost|cut))\b",
    re.I,
)
_SHORT_ID = {"pmid": 8, "pmcid": 10}  # digits (letters) a PubMed (PMC) id has had since 2010 (2012)


# What joins a group to the name of the person leading it: " led by Professor Jane ".
_LED_BY = re.compile(
    r",?[ \t]+(?:led|headed|run)[ \t]+by[ \t]+(?:(?:Professor|Prof\.?|Dr\.?)[ \t]+)?"
    r"(?:[A-Z][\w.'’-]*[ \t]+){0,3}"
)
# What joins a work to the group that did it: "… in Frontiers in Physiology from a New York group".
_FROM_ITS_GROUP = re.compile(r"\s*,?\s+(?:from|by)\s+(?:(?:an?|the)\s+)?")
# The words between a journal and the work it published: "Scientific Reports published a study
# on …" tells one work, by its journal and by what it is about.
_PUBLISHED_IT = re.compile(
    r"[\s,]*(?:has\s+|had\s+|just\s+)?(?:published|printed|ran|carried)\s+(?:a|an|the|this)\s+"
)


def _said_to_be_cut(text: str, c: Citation) -> bool:
    """Whether a short PubMed or PMC id stands in a sentence saying it was cut short."""
    if c.span == (0, 0) or len(c.value) >= _SHORT_ID.get(c.kind, 0):
        return False
    lo, hi = sentence_bounds(text, *c.span)
    return _CUT_SAID.search(text, lo, hi) is not None


def _told_of(text: str, c: Citation) -> str:
    """A mention's sentence, and the next one too when it goes on about the same work ("Another
    study, in Oxford Open Immunology, broke my heart. It found that onset age has two peaks.")."""
    if c.span == (0, 0):
        return c.context
    lo, _ = sentence_bounds(text, c.span[0], c.span[0] + 1)
    if _PUBLISHED_WHAT_WAS_SAID.match(text, lo):
        # "XMRV is in the blood of most patients. That was published in Science …": the
        # sentence before says what the work published there is about
        before, _ = with_sentence_before(text, (lo, lo + 1))
        return text[before:lo] + c.context
    at = max(c.span[0], c.span[1] - 2)  # (a span may hold its whole sentence, full stop and all)
    _, hi = sentence_bounds(text, at, at + 1)
    if not _GOES_ON_ABOUT_IT.match(text, hi):
        return c.context
    _, after = sentence_bounds(text, min(len(text), hi + 1), min(len(text), hi + 2))
    if _ANOTHER_WORK.search(text, hi, after):
        return c.context  # "The work builds on an earlier study …": that one's words, not its own
    return c.context + " " + text[hi:after]


def _name_words(key: str) -> frozenset[str]:
    """A folded name's words as a post's words are read (stemmed) and as a card's profile holds
    them (as written): the words that name an author, not a topic."""
    written = key.split()
    return frozenset(written) | frozenset(stem(w) for w in written)


def _titles_holding(index: AtlasIndex, word: str) -> Sequence[str]:
    """The titles holding a word, or, when none does, the word without a past tense's ending
    ("repeated rounds" for a title's "Repeat …"; the stemmer leaves "-ed" on)."""
    held = index.by_title_stem.get(word, ())
    if held or not word.endswith("ed") or len(word) < 6:
        return held
    return index.by_title_stem.get(word[:-2], ()) or index.by_title_stem.get(word[:-1], ())


def _told_words(post: PostText, c: Citation, named: frozenset[str]) -> tuple[set[str], set[str]]:
    """The words of a mention's sentence (``_told_of``) and of the whole post, less ``named``
    (the mention's own words, a journal's or an author's, which say nothing about which paper):
    what a paper's fit is weighed on."""
    return content_words(_told_of(post.text, c)) - named, post.content - named


def _around(text: str, span: tuple[int, int]) -> str:
    """A mention's sentence with the ones either side of it: the words a rival paper is weighed
    on when the whole post may be about another paper. Not the sentence after when it tells
    another work ("Also I found the later observational study of …", "Stein and colleagues' 2023
    paper …")."""
    mid = (span[0] + span[1]) // 2  # (a span may be its whole sentence, end stop included)
    before, hi = with_sentence_before(text, (mid, mid + 1))
    lo, after = sentence_bounds(text, min(len(text), hi + 1), min(len(text), hi + 2))
    if (
        _ANOTHER_WORK.search(text, lo, after)
        or _LATER.search(text, lo, after)
        or _NAMED_WORK.search(text, lo, after)
    ):
        return text[before:hi]
    return text[before:after]


# A journal in a list of names: another capitalised name right after it or right before it,
# joined by a comma or "and".
_NAME_LISTED_AFTER = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:[Tt]he\s+)?[A-Z][a-z]")
_NAME_LISTED_BEFORE = re.compile(r"[A-Z][\w&-]*(?:,\s*(?:and\s+)?|\s+and\s+)(?:[Tt]he\s+)?$")


def _several(text: str, start: int, end: int) -> set[int] | None:
    """How many papers a journal-and-year mention at ``start:end`` speaks of, when it speaks of
    more than one: a plural work word or "pair" beside it ("the … papers", "studies in …",
    "the … pair"), with the count said before it ("the two …", "both …"), else two or three;
    None for one paper (a count elsewhere in the sentence, "two groups", says nothing here)."""
    lo, hi = sentence_bounds(text, start, end)
    before, after = text[max(lo, start - 60) : start], text[end : min(hi, end + 50)]
    if _NAME_LISTED_AFTER.match(after) or _NAME_LISTED_BEFORE.search(before):
        return None  # "the three PACE papers, in The Lancet, Psychological Medicine and …": one each
    after = _BRACKET_OR_LINK.split(after, maxsplit=1)[0]  # ("(jci.org/articles/…)" is a link)
    published = _JOURNAL_PUBLISHED_SEVERAL.match(text, end, hi)
    if published:
        return {_COUNTED[published.group(1).lower()]}  # "… Microbe published two papers"
    if _ONE_WORK.search(before[-25:]) or _ONE_WORK_OF_SEVERAL.search(before):
        return None  # "a study in … reports": one paper ("reports" is its verb)
    if not (
        _SEVERAL_AFTER.match(after)
        or (_SEVERAL_AFTER_TOPIC.match(after) and _SEVERAL_COUNT.search(before))
        or _SEVERAL_WORKS.search(before[-25:])
        or _SEVERAL_IN.search(before)  # "two papers from 2023, both in …", "the same issue of …"
        or _SEVERAL_PUBLISHED.search(before)  # "two studies published side by side in …"
    ):
        return None
    if "pair" in after[:20].lower():
        return {2}
    counted = _SEVERAL_COUNT.findall(before)
    if counted and _ONE_OF.search(before):
        return None  # "one of the two … papers": one paper, which is not said
    return {_COUNTED[counted[-1].lower()]} if counted else {2, 3}


# A medicine's international nonproprietary name, told by the stem its class ends in (the WHO's
# INN stems: "-mab" antibodies, "-imod" immunomodulators, "-vir" antivirals, …): a name,
# though written in lower case ("the daratumumab pilot"), unlike a plain word ("the sleep paper").
# (Three letters at least before the stem, and no stem that ends common words: "April",
# "concept" and "peptide" are no medicines.)
_DRUG_NAME = re.compile(
    r"^\w{3,}(?:mab|nib|vir|imod|stigmine|trexone|statin|afil|olol|pril|sartan|prazole|"
    r"oxacin|cycline|mycin|cillin|dronate|azepam|azolam|coxib|platin|rubicin|tidine|vudine|"
    r"semide|gliflozin|gliptin|glitazone|lukast|setron|triptan|fetol|piprazole|floxacin)$"
)


def _written_as_name(word: str, written: str) -> bool:
    """Whether a naming word stands in ``written`` as a name: in capitals ("RAPID") or in
    mixed capitals ("ResetME"), not as a plain word ("the rapid recovery trial")."""
    at = written.lower().find(word)
    if at < 0:
        return False
    form = written[at : at + len(word)]
    return form.isupper() or any(ch.isupper() for ch in form[1:])


def _first_author_of_year(indexes: Sequence[AtlasIndex], written: str, word: str, year: int) -> bool:
    """Whether ``word`` stands capitalised in ``written`` and is the surname of a first author of
    a paper of ``year`` in one of the indexes."""
    if not re.search(rf"\b{re.escape(word[:1].upper() + word[1:])}", written):
        return False
    return any(index.cards[cid].year == year for index in indexes for cid in index.by_surname.get(word, ()))


def _first_author_in_sentence(
    text: str, span: tuple[int, int], index: AtlasIndex, cands: Sequence[str]
) -> str | None:
    """Of a journal's papers of one year, the one whose first author the journal's sentence
    names ("Rostami-Afshari and colleagues published two papers in 2025, one in JTM and one in
    IJMS"): a named author says which paper more surely than the words around do. None when
    no candidate's, or several candidates', first author is named."""
    if span == (0, 0):
        return None
    lo, hi = sentence_bounds(text, *span)
    said = {ids.fold(w) for w in _CAPITALISED_NAME.findall(text, lo, hi)}
    named = [
        cid
        for cid in cands
        if index.cards[cid].authors and author_surname(index.cards[cid].authors[0]) in said
    ]
    return named[0] if len(named) == 1 else None


def _author_year_left_open(r: _Resolved) -> bool:
    """Whether a surname and year was read as several listed papers (no identifier chosen): a
    journal beside it then says which, and is read on its own ("Rostami-Afshari … in 2025, one
    in the Journal of Translational Medicine and one in IJMS")."""
    p = r.paper
    return r.citation.kind == "author_year" and p is not None and not (p.doi or p.pmid or p.pmcid)
