"""The plan of a starter tour: chapters from the headings, a topic per body paragraph
and per caption, each titled and given keywords, linked by `next` in reading order.

A paragraph is one topic, however long, unless it runs past SPLIT_WORDS: then it is
cut at sentence ends into parts of some LONG_PART_WORDS each, each cut where the
sentences on either side share the fewest nouns (where the subject changes), and
init says which lines it split.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..engine.source import Paragraph, Source
from .grammar import names, sentence_spans
from .titles import choose
from .words import Reading, Weigher, key

SPLIT_WORDS = 300
"""A paragraph longer than this is split into parts."""
LONG_PART_WORDS = 200
"""Words per part that a split paragraph is cut towards."""
SHORTEST_PART = 0.5
"""A part is at least this share of the even cut's length."""
SHORT_WORDS = 25
"""A line of dialogue of fewer words joins the topic before it."""
MAX_QUOTES = 3
"""Paragraphs a topic quotes, at most (a focused answer is a better answer)."""
TITLE_CHARS = 60
"""A caption's title longer than this is cut at a word."""


@dataclass
class Topic:
    id: str
    title: str
    quotes: list[str]
    keywords: list[str]
    lines: list[int]
    """The line of each quote."""
    section: str
    next: list[str] = field(default_factory=list)


@dataclass
class ChapterPlan:
    id: str
    title: str
    section: str
    """The heading the chapter follows (the source title before the first heading)."""
    topics: list[Topic] = field(default_factory=list)


@dataclass
class Plan:
    chapters: list[ChapterPlan]
    split: dict[int, list[str]]
    """Line -> the topics a long paragraph was split into."""
    joined: dict[int, list[int]]
    """Line -> the short lines after it that its topic quotes too."""
    unquoted: list[int]
    """Lines no topic could quote (they stand twice in their section, word for word)."""

    def topics(self) -> list[Topic]:
        return [t for c in self.chapters for t in c.topics]


def parts(text: str, target: int = LONG_PART_WORDS, longest: int = SPLIT_WORDS) -> list[tuple[int, int]]:
    """(start, end) of the parts of a paragraph: the whole of it up to `longest` words,
    else about len/target parts cut at sentence ends where the subject changes."""
    sentences = sentence_spans(text)
    if not sentences:
        return [(0, len(text))]
    words = [len(text[a:b].split()) for a, b in sentences]
    total = sum(words)
    n = min(len(sentences), max(2, round(total / target))) if total > longest else 1
    if n == 1:
        return [(sentences[0][0], sentences[-1][1])]
    nouns = [_noun_keys(text[a:b]) for a, b in sentences]
    cuts = _cuts(words, nouns, n)
    bounds = [0, *cuts, len(sentences)]
    return [(sentences[a][0], sentences[b - 1][1]) for a, b in zip(bounds, bounds[1:])]


def _noun_keys(sentence: str) -> set[str]:
    return {key(t.bare) for _, t in Reading(sentence).nouns()}


def _cuts(words: list[int], nouns: list[set[str]], n: int) -> list[int]:
    """The sentence numbers that start parts 2..n: each near its even share of the
    words, where the sentences either side share fewest nouns, and every part at least
    SHORTEST_PART of the even length."""
    total = sum(words)
    share = total / n
    starts = [0] * (len(words) + 1)
    for i, w in enumerate(words):
        starts[i + 1] = starts[i] + w
    cuts: list[int] = []
    for k in range(1, n):
        goal = share * k
        before = starts[cuts[-1]] if cuts else 0
        options = [c for c in range(cuts[-1] + 1 if cuts else 1, len(words))
                   if abs(starts[c] - goal) <= share / 2 and starts[c] - before >= SHORTEST_PART * share
                   and total - starts[c] >= SHORTEST_PART * share]
        if options:
            cuts.append(min(options, key=lambda c: (_link(nouns, c) + abs(starts[c] - goal) / share, c)))
    return cuts


def _link(nouns: list[set[str]], c: int) -> float:
    """How much the two sentences before a cut share with the two after (0 to 1)."""
    before = set().union(*nouns[max(0, c - 2):c])
    after = set().union(*nouns[c:c + 2])
    if not before or not after:
        return 0.0
    return len(before & after) / math.sqrt(len(before) * len(after))


def plan(source: Source, title: str) -> Plan:
    """Chapters from the headings, topics from body paragraphs and captions."""
    passages: list[tuple[Paragraph, str]] = []
    for p in source.paragraphs:
        if not p.text or p.kind == "heading":
            continue
        if p.kind == "caption":
            passages.append((p, p.text))
        else:
            passages.extend((p, p.text[a:b]) for a, b in parts(p.text))
    quotes = [_quote(source, para, text) for para, text in passages]
    groups: list[list[tuple[Paragraph, str]]] = []
    for (para, _), quote in zip(passages, quotes):
        if quote is None:
            continue
        if groups and _joins(groups[-1], para, quote, source):
            groups[-1].append((para, quote))
        else:
            groups.append([(para, quote)])
    known = names("\n".join(p.text for p in source.paragraphs if p.kind != "heading"))
    readings = [Reading(" ".join(q for _, q in group), group[0][0].section, known) for group in groups]
    weigher = Weigher(readings)
    titles = choose(readings, weigher, {i: _caption_title(group[0][0].text) for i, group in enumerate(groups)
                                        if group[0][0].kind == "caption"})
    out = Plan([], {}, {}, sorted({para.number for (para, _), q in zip(passages, quotes) if q is None}))
    current = ChapterPlan(slug(title) or "opening", title, source.info.title)
    i = 0
    for p in source.paragraphs:
        if p.kind == "heading" and p.text:
            if current.topics:
                out.chapters.append(current)
            current = ChapterPlan(_unique(slug(p.text) or "chapter", {c.id for c in out.chapters}),
                                  p.text, p.text)
            continue
        mine = []
        while i < len(groups) and groups[i][0][0].number == p.number:
            group = groups[i]
            mine.append(Topic("", titles[i], [q for _, q in group], weigher.keywords(i),
                              [para.number for para, _ in group], p.section))
            if len(group) > 1:
                out.joined[p.number] = [para.number for para, _ in group[1:]]
            i += 1
        for n, topic in enumerate(mine, 1):
            topic.id = f"p{p.number}" if len(mine) == 1 else f"p{p.number}-{n}"
        if len(mine) > 1:
            out.split[p.number] = [t.id for t in mine]
        current.topics += mine
    if current.topics:
        out.chapters.append(current)
    topics = out.topics()
    for topic, following in zip(topics, topics[1:]):
        topic.next = [following.id]
    return out


def _joins(group: list[tuple[Paragraph, str]], para: Paragraph, quote: str, source: Source) -> bool:
    """Whether a paragraph joins the topic before it: a short line of dialogue ("'Ah,'
    says the King. 'Why?'") is no topic by itself. It joins a topic of whole body
    paragraphs of its section, next to it, of fewer than MAX_QUOTES."""
    last = group[-1][0]
    return (para.kind == "body" and len(quote.split()) < SHORT_WORDS and len(group) < MAX_QUOTES
            and quote[:1] in "'\"‘“"
            and all(p.kind == "body" and q == p.text for p, q in group) and quote == para.text
            and last.section == para.section
            and all(not source.paragraph(n).text for n in range(last.number + 1, para.number)))


def _quote(source: Source, para: Paragraph, quote: str) -> str | None:
    """The part, or the whole paragraph where the part's words stand in another paragraph
    of the same section too (the loader could not tell which is meant); None where
    even the whole paragraph does."""
    for text in (quote, para.text):
        if {loc.paragraph for loc in source.find(text, para.section)} == {para.number}:
            return text
    return None


def _caption_title(text: str) -> str:
    """A caption titles its topic itself, without its credit ("... / Wikimedia Commons")."""
    shown = re.sub(r"\s/\s?[^/]{2,40}$", "", text).strip()
    return _cut(shown[:1].upper() + shown[1:])


def _cut(text: str, width: int = TITLE_CHARS) -> str:
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return "-".join(words)[:40].strip("-")


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name}-{n}", n + 1
    return out
