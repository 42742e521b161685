"""The source text as numbered paragraphs, and finding quotes in it.

A source file holds one paragraph, heading or photo caption per line. Paragraph
numbers are 1-based line numbers of the file. Each paragraph knows its kind, its
section (the heading above it) and whether the original carried a footnote link at
its end, which the copied text shows as a stray marker ("statesi", "1950i").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["heading", "caption", "body"]

# A photo credit after a slash at the end of a line: "... 1946 / Wikimedia Commons".
_CAPTION_CREDIT = re.compile(r"\s?/\s?[^/]{2,40}$")
_SENTENCE_END = ".!?:;\"'’”»)…"
# A narrator speaking of themselves ("I was transferred", "my father"), not "World War I".
_FIRST_PERSON = re.compile(r"(?<![\w-])(?:I(?! [A-Z])|me|my|myself)(?![\w-])")


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

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    @property
    def headings(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "heading")

    def find(self, quote: str, section: str | None = None) -> list[Location]:
        """Every place the quote stands verbatim; those in `section` first.

        Matching is exact, except that runs of white space in the quote match runs
        of white space in the text (authors wrap long quotes in YAML).
        """
        needle = " ".join(quote.split())
        if not needle:
            return []
        found = [
            Location(p.number, start, start + len(needle))
            for p in self.paragraphs
            for start in _occurrences(p.text, needle)
        ]
        if not found:  # the text itself may hold runs of white space: match them too
            pattern = _quote_pattern(quote)
            found = [
                Location(p.number, m.start(), m.end())
                for p in self.paragraphs
                for m in pattern.finditer(p.text)  # type: ignore[union-attr]
            ]
        if section is not None:
            in_section = [loc for loc in found if self.paragraph(loc.paragraph).section == section]
            if in_section:
                return in_section
        return found

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


def _occurrences(text: str, needle: str):
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
) -> Source:
    """Split a source text into paragraphs, one per line, and classify each."""
    raw_lines = tuple(text.splitlines())
    paragraphs: list[Paragraph] = []
    section = info.title
    for number, raw in enumerate(raw_lines, start=1):
        line = raw.strip()
        kind = classify(line, headings=headings, captions=captions)
        shown, footnote = line, False
        if kind == "body" and footnote_marker and _has_marker(line, footnote_marker):
            shown, footnote = line[: -len(footnote_marker)], True
        if kind == "heading":
            section = line
        first_person = kind == "body" and bool(_FIRST_PERSON.search(shown))
        paragraphs.append(Paragraph(number, shown, kind, section, footnote, first_person))
    return Source(info, tuple(paragraphs), raw_lines)


def classify(
    line: str, *, headings: frozenset[str] = frozenset(), captions: frozenset[str] = frozenset()
) -> Kind:
    """Guess a line's kind; explicit lists in the script win."""
    if line in headings:
        return "heading"
    if line in captions:
        return "caption"
    if len(line) < 300 and _CAPTION_CREDIT.search(line):
        return "caption"
    if line and len(line.split()) <= 14 and line[-1] not in _SENTENCE_END:
        return "heading"
    return "body"


def _has_marker(line: str, marker: str) -> bool:
    """A body line ending in the marker glued to a word, with no sentence end before it."""
    if not line.endswith(marker) or len(line) <= len(marker):
        return False
    before = line[-len(marker) - 1]
    return before.isalnum()
