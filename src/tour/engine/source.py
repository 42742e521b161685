"""The source text as numbered paragraphs, and finding quotes in it.

A source file holds one paragraph, heading or photo caption per line. Paragraph
numbers are 1-based line numbers of the file. Each paragraph knows its kind, its
section (the heading above it) and whether the original carried a footnote link at
its end, which the copied text shows as a stray marker ("statesi", "1950i").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .files import split_lines

Kind = Literal["heading", "caption", "body"]

# A photo credit after a spaced slash at the end of a line: "... 1946 / Wikimedia
# Commons". A slash inside words ("French and Indian War/Seven Years' War") is no credit.
_CAPTION_CREDIT = re.compile(r"\s/\s?[^/]{2,40}$")
_SENTENCE_END = ".!?:;\"'’”»)…"
HEADING_WORDS = 14
"""A line of at most this many words with no sentence end is taken as a heading."""
DOUBTFUL_HEADING_WORDS = 12
"""A heading of this many words or more may be a sentence or a caption: a warning."""
DOUBTFUL_CAPTION_WORDS = 25
"""A caption of more words than this, amid body paragraphs, may be body text: a warning."""
# A narrator speaking of themselves ("I was transferred", "my father").
# It starts with a class of letters so that the search skips ahead to them (a book's text
# is searched line by line at load time).
_FIRST_PERSON = re.compile(r"[IMm](?<![\w.-][IMm])(?:(?<=I)|(?<=[Mm])(?:e|y|yself))(?![\w-])")
_BYLINE = re.compile(r"^(?:(?:written|translated|edited)\s+)?by\s+\S", re.IGNORECASE)
"""A line naming who wrote the text ("By Orville Wright"): short and verbless, it looks
like a heading, and taken for one it would head the whole text as a chapter."""
_ENDS_IN_NUMBER = re.compile(r"\d\W*$")
_INNER_SENTENCE_END = re.compile(r"[.!?;:]\s")


@dataclass(frozen=True)
class SourceInfo:
    """What a citation says about where the text comes from."""

    title: str
    publisher: str = ""
    url: str = ""

    def label(self) -> str:
        """'Title (Publisher)' for a citation line."""
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


@dataclass(frozen=True)
class Paragraph:
    """One line of the source file."""

    number: int
    """1-based line number in the source file."""
    text: str
    """The text as shown: without the footnote marker."""
    kind: Kind
    section: str
    """The heading this paragraph stands under (the source title before the first)."""
    footnote: bool = False
    """True where the original ended in a footnote link (the stripped marker)."""
    first_person: bool = False
    """A body paragraph in a witness's own words ("I walked out of the gates")."""
    confirmed: bool = False
    """The kind was set by the script (`source.headings`, `captions` or `body`), not guessed."""


@dataclass(frozen=True)
class Location:
    """Where a quote stands: paragraph number and character span in its shown text."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """A whole source text."""

    info: SourceInfo
    paragraphs: tuple[Paragraph, ...]
    raw_lines: tuple[str, ...] = field(repr=False, default=())

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """Every paragraph's text, one per line, and where each starts in it (a needle
        never holds a line break, so no match spans two paragraphs)."""
        starts, at = [], 0
        for p in self.paragraphs:
            starts.append(at)
            at += len(p.text) + 1
        return "\n".join(p.text for p in self.paragraphs), starts

    def __getstate__(self) -> dict[str, object]:
        """What is pickled (by the tour cache): the fields, not what was computed from
        them (the joined text would double a long text's entry)."""
        return {name: value for name, value in self.__dict__.items() if name != "_joined"}

    def paragraph(self, number: int) -> Paragraph:
        """The paragraph of a 1-based line number."""
        return self.paragraphs[number - 1]

    @property
    def headings(self) -> tuple[Paragraph, ...]:
        """The paragraphs that are headings, in order."""
        return tuple(p for p in self.paragraphs if p.kind == "heading")

    def find(self, quote: str, section: str | None = None) -> list[Location]:
        """Every place the quote stands verbatim: only those in `section` when there
        are any, and of those only the whole lines when the quote is a whole line (a
        caption quoted whole is that caption, not the same words inside a paragraph).

        Matching is exact, except that runs of white space in the quote match runs
        of white space in the text (authors wrap long quotes in YAML).
        """
        needle = " ".join(quote.split())
        if not needle:
            return []
        joined, starts = self._joined
        found = []
        for at in _occurrences(joined, needle):  # one search of the whole text, at C speed
            i = bisect.bisect_right(starts, at) - 1
            found.append(Location(i + 1, at - starts[i], at - starts[i] + len(needle)))
        if not found:  # the text itself may hold runs of white space: match them too
            pattern = _quote_pattern(quote)
            assert pattern is not None  # the quote has words: the needle is not empty
            found = [
                Location(p.number, m.start(), m.end())
                for p in self.paragraphs
                for m in pattern.finditer(p.text)
            ]
        if section is not None:
            in_section = [loc for loc in found if self.paragraph(loc.paragraph).section == section]
            if in_section:
                found = in_section
        whole = [loc for loc in found
                 if loc.start == 0 and loc.end == len(self.paragraph(loc.paragraph).text)]
        return whole or found

    def doubts(self) -> list[tuple[int, str]]:
        """Guessed line kinds that may well be wrong: (line number, why), in line order.

        A line whose kind the script sets is never doubted.
        """
        out = []
        paragraphs = self.paragraphs
        empty = _empty_after(paragraphs)
        for i, p in enumerate(paragraphs):
            if p.confirmed or not p.text:
                continue
            why = _doubt(p, paragraphs[i - 1] if i else None,
                         paragraphs[i + 1] if i + 1 < len(paragraphs) else None, empty[i])
            if why:
                out.append((p.number, why))
        return out

    def closest(self, quote: str) -> tuple[int, str, float]:
        """The paragraph and passage nearest to a quote that was not found.

        Returns (paragraph number, passage, similarity 0-100), using rapidfuzz's
        partial-ratio alignment to pick the best-matching stretch of each paragraph.
        """
        from rapidfuzz import fuzz

        best = (0, "", -1.0)
        needle = " ".join(quote.split())
        for p in self.paragraphs:
            if len(p.text) < len(needle):  # a short line would "contain" part of the quote
                score = fuzz.ratio(needle, p.text)
                if score > best[2]:
                    best = (p.number, p.text, score)
                continue
            al = fuzz.partial_ratio_alignment(needle, p.text)
            if al is not None and al.score > best[2]:
                best = (p.number, p.text[al.dest_start : al.dest_end], al.score)
        return best


def _occurrences(text: str, needle: str) -> Iterator[int]:
    """Start of every (non-overlapping) occurrence of needle in text."""
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + len(needle))


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def parse_source(
    text: str,
    info: SourceInfo,
    *,
    footnote_marker: str = "",
    headings: frozenset[str] = frozenset(),
    captions: frozenset[str] = frozenset(),
    body: frozenset[str] = frozenset(),
) -> Source:
    """Split a source text into paragraphs, one per line, and classify each.

    `headings`, `captions` and `body` are exact lines whose kind the author sets; every
    other line's kind is guessed (see classify).
    """
    raw_lines = tuple(split_lines(text))
    paragraphs: list[Paragraph] = []
    section = info.title
    for number, raw in enumerate(raw_lines, start=1):
        line = raw.strip()
        kind = classify(line, headings=headings, captions=captions, body=body)
        confirmed = line in headings or line in captions or line in body
        shown, footnote = line, False
        if kind == "body" and footnote_marker and _has_marker(line, footnote_marker):
            shown, footnote = line[: -len(footnote_marker)], True
        if kind == "heading":
            section = line
        first_person = kind == "body" and speaks_in_first_person(shown)
        paragraphs.append(Paragraph(number, shown, kind, section, footnote, first_person, confirmed))
    return Source(info, tuple(paragraphs), raw_lines)


def classify(
    line: str, *, headings: frozenset[str] = frozenset(), captions: frozenset[str] = frozenset(),
    body: frozenset[str] = frozenset(),
) -> Kind:
    """A line's kind: as the script sets it, else guessed.

    A caption ends in a photo credit after a spaced slash; a heading is a short line
    with no sentence end, or one in capitals ending in a full stop; everything else
    (and an empty line) is body.
    """
    if line in headings:
        return "heading"
    if line in captions:
        return "caption"
    if line in body:
        return "body"
    if len(line) < 300 and "/" in line and _CAPTION_CREDIT.search(line):
        return "caption"
    if line and len(line.split()) <= HEADING_WORDS and (line[-1] not in _SENTENCE_END or _capital_title(line)):
        return "heading"
    return "body"


def _capital_title(line: str) -> bool:
    """A line in capitals ending in one full stop, as old books set their chapter titles
    ("THE VICTUAL BROTHERS."): a heading, though it ends as a sentence does."""
    letters = [ch for ch in line if ch.isalpha()]
    return (line.endswith(".") and not line.endswith("..") and len(letters) >= 3
            and all(ch.isupper() for ch in letters) and not _INNER_SENTENCE_END.search(line[:-1]))


def speaks_in_first_person(text: str) -> bool:
    """Whether a passage is told by an "I" ("In 1949, I was transferred", "my father").

    A capital I after a capitalised word inside a sentence is a numeral ("Richard I of
    Normandy", "World War I"), and one among initials is a name ("E.I. du Pont").
    """
    for m in _FIRST_PERSON.finditer(text):
        if m.group() != "I":
            return True
        after = text[m.end():m.end() + 2]
        if after[:1] == "." and after[1:2].isalpha():
            continue  # "I.M. Pei"
        before = text[:m.start()].rstrip()
        previous = before.split()[-1] if before.split() else ""
        at_sentence_start = len(before.split()) < 2 or before.split()[-2][-1:] in ".!?:;\"”"
        if previous[:1].isupper() and previous[-1:].isalpha() and not at_sentence_start:
            continue  # "Richard I", "War I", "Charles I of England"
        if text[m.end():m.end() + 4] == " of " and previous[:1].isupper():
            continue  # "Richard I of Normandy" at the start of a sentence
        return True
    return False


def _doubt(p: Paragraph, before: Paragraph | None, after: Paragraph | None, empty: bool) -> str:
    """Why a guessed kind may be wrong, or ''."""
    words = len(p.text.split())
    fix = "list the line under source.headings, source.captions or source.body to set its kind"
    if p.kind == "heading":
        if _BYLINE.match(p.text):
            return (f"taken as a heading, but it reads as a byline (who wrote the text): body, so "
                    f"that it is a topic readers can ask about, not a chapter? {fix}")
        if "/" in p.text:
            return (f"taken as a heading, but it holds a slash: a photo caption with its credit? {fix}")
        if ". " in p.text:
            return f"taken as a heading, but it holds a full stop, as captions often do: {fix}"
        if words >= DOUBTFUL_HEADING_WORDS:
            return f"taken as a heading, but it has {words} words: a sentence or a caption? {fix}"
        if empty:
            return (f"taken as a heading, but no body paragraph follows it: a caption without a "
                    f"credit? {fix}")
        if _ENDS_IN_NUMBER.search(p.text):
            return f"taken as a heading, but it ends in a number, as captions often do: {fix}"
    if p.kind == "caption" and words > DOUBTFUL_CAPTION_WORDS and all(
            q is not None and q.kind == "body" for q in (before, after)):
        return (f"taken as a caption (it ends in a '/ credit'), but it has {words} words and "
                f"stands amid body paragraphs: body text? {fix}")
    return ""


def _empty_after(paragraphs: tuple[Paragraph, ...]) -> list[bool]:
    """For each index, whether no body paragraph follows it before the next heading (or
    the end): for a heading, that its section is empty. One pass, from the end."""
    out = [True] * len(paragraphs)
    empty = True
    for i in range(len(paragraphs) - 1, -1, -1):
        out[i] = empty
        p = paragraphs[i]
        if p.kind == "heading":
            empty = True
        elif p.kind == "body" and p.text:
            empty = False
    return out


def _has_marker(line: str, marker: str) -> bool:
    """A body line ending in the marker glued to a word, with no sentence end before it."""
    if not line.endswith(marker) or len(line) <= len(marker):
        return False
    before = line[-len(marker) - 1]
    return before.isalnum()
