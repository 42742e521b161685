"""Titles for a tour's topics: a noun phrase of each passage that names what it is
about, as a reader would pick it from a list ("The hidden treasures", "The shrine of
San Jago"), 2 to 6 words, no two alike.

Every noun phrase of a passage is a candidate, weighed by the words in it (words.py:
how much each says what the passage is about), its head noun most; a phrase of the
first sentence, where a passage says what it is about, weighs more. Each topic then
takes its best candidate that no earlier topic took.
"""

from __future__ import annotations

import re

from ..engine.text import fold
from .grammar import Phrase, Token
from .words import Reading, Weigher, is_vague, key

MAX_WORDS = 6
"""Words of a title, at most."""
FIRST_SENTENCE = 1.3
"""How much more a phrase of the first sentence weighs."""
SUBJECT = 1.5
"""How much more the subject of the first sentence weighs ("The landing was rebuilt")."""
MORE_WORDS = 0.3
"""The share of its weight a third word and beyond adds to a title."""
AS_HEADING = 0.5
"""How much a title weighs that only repeats its section heading ("A storm" under "The Storm")."""
MODIFIER = 0.6
"""A modifier's share of the weight its word carries ("hidden" in "the hidden treasures")."""
OF_PHRASE = 0.8
"""The share of a word in an "of" phrase ("San Jago" in "the shrine of San Jago")."""
ONE_NAME = 0.5
"""A title of one word weighs this much of it where it is a name ("Stortebeker")..."""
ONE_WORD = 0.35
"""... this much where it is a noun alone ("Piracy"): a title of two words or more says more ...
"""
WITH_ARTICLE = 0.5
"""... and this much where it is a noun after "the" or "a" ("The lighthouse")."""
CALENDAR = frozenset("""
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday century centuries north south
    east west
""".split())
"""Words that date a passage without saying what it is about."""
DROPPED = frozenset("""
    a an this that these those his her its their our my your thy some any every each all
    both few several many much more most such another either neither no other same certain
    various so-called said whole entire own former latter following above which what whose
    whatever particular
""".split())
"""Words a title does not start with ("his ships" -> "Ships"; "the so-called goblet" ->
"The goblet")."""


def candidates(reading: Reading, weights: dict[str, float]) -> list[tuple[float, str]]:
    """The passage's noun phrases as titles, best first, with their weight."""
    out: dict[str, float] = {}
    subject = reading.subject()
    heading = {key(w) for w in reading.heading.split()}
    for s, phrases in enumerate(reading.phrases):
        for phrase in phrases:
            for title, score in _forms(phrase, weights):
                score *= FIRST_SENTENCE if s == 0 else 1.0
                score *= SUBJECT if phrase is subject else 1.0
                if {key(w) for w in title.split()} - {"the", "a", "an"} <= heading:
                    score *= AS_HEADING  # the chapter says it already
                prior = out.get(title)
                if prior is None or score > prior:
                    out[title] = score
    return sorted(((w, t) for t, w in out.items()), key=lambda wt: (-wt[0], wt[1]))


def _forms(phrase: Phrase, weights: dict[str, float]) -> list[tuple[str, float]]:
    """The phrase as titles: whole, without its "of" phrase, and the "of" phrase alone
    where the head says little ("the names of Moltke and Manteuffel")."""
    tokens = _trimmed(list(phrase.tokens))
    of = next((i for i, t in enumerate(tokens) if t.text.casefold() == "of" and i > 0), None)
    variants = [tokens]
    if of is not None:
        head = _head(tokens[:of])
        if head is None or is_vague(head.bare):  # "the names of Moltke and Manteuffel"
            owned = any(t.tag in ("NAME", "POSS") for t in tokens[:of])  # "Fulton's idea of a steamboat"
            variants = [*([tokens] if owned else []), _trimmed(tokens[of + 1:])]
        else:
            variants.append(tokens[:of])
    out = []
    for part in variants:
        words = [t for t in part if t.tag not in ("DET", "PUNCT")]
        head = _head(part)
        if not words or len(part) > MAX_WORDS or head is None or not _can_head(head):
            continue
        inner = next((i for i, t in enumerate(part) if t.text.casefold() == "of" and i > 0), None)
        shares = []
        for i, t in enumerate(part):
            w = weights.get(key(t.bare), 0.0) if t.tag in ("NOUN", "NAME", "POSS") else 0.0
            if inner is not None and i > inner:
                w *= OF_PHRASE
            elif t is not head:
                w *= MODIFIER
            shares.append(w)
        # the head and the best other word count; each further word adds less
        ranked = sorted(shares, reverse=True)
        score = ranked[0] + sum(ranked[1:2]) + MORE_WORDS * sum(ranked[2:])
        if len(words) == 1:
            score *= ONE_NAME if head.tag == "NAME" else ONE_WORD if len(part) == 1 else WITH_ARTICLE
        if score > 0:
            out.append((_written(part), score))
    return out


def _trimmed(tokens: list[Token]) -> list[Token]:
    """Without the words a title does not start with; "the" kept where it stood, and
    "a" before a single word ("A storm")."""
    first = tokens[0].text.casefold() if tokens else ""
    rest = tokens[1:] if first in ("the", "a", "an") else tokens
    while rest and (rest[0].text.casefold() in DROPPED or rest[0].tag == "DET"):
        rest = rest[1:]
    if rest and (first == "the" or (first in ("a", "an") and len(rest) == 1 and rest[0].tag == "NOUN")):
        return [tokens[0], *rest]
    return rest


def _can_head(token: Token) -> bool:
    """A word that can name a subject: not a number, a date, an initial or an abbreviation."""
    word = token.bare
    return not (token.tag == "NUM" or fold(word) in CALENDAR or len(word) < 2 or word.endswith("."))


def _head(tokens: list[Token]) -> Token | None:
    """The head noun of a phrase: its last noun or name before any "of"."""
    head = None
    for t in tokens:
        if t.text.casefold() == "of":
            break
        if t.tag in ("NOUN", "NAME", "POSS"):
            head = t
    return head


def _written(tokens: list[Token]) -> str:
    """The phrase as the text writes it (a common word set in capitals in small
    letters), its first letter a capital."""
    words = []
    for i, t in enumerate(tokens):
        word = t.text
        if t.shouted:
            word = word.title() if t.tag == "NAME" else word.lower()
        elif i == 0 and t.tag not in ("NAME", "POSS"):
            word = word[:1].lower() + word[1:]
        words.append((" " if i and tokens[i - 1].end < t.start else "") + word)
    title = "".join(words).strip(" \"'“”‘’()[]")
    return title[:1].upper() + title[1:]


def choose(readings: list[Reading], weigher: Weigher, given: dict[int, str]) -> list[str]:
    """A title for each passage, no two alike (ignoring case); `given` holds the titles
    some passages have already (a caption's own text)."""
    seen = {_same(t) for t in given.values()}
    out = []
    for i, reading in enumerate(readings):
        if i in given:
            out.append(given[i])
            continue
        ranked = candidates(reading, weigher.salience(i))
        title = next((t for _, t in ranked if _same(t) not in seen), None)
        if title is None:
            title = _fallback(reading, seen)
        seen.add(_same(title))
        out.append(title)
    return out


def _same(title: str) -> str:
    """What two titles that read alike share: "The Black Death", "Black death"."""
    return re.sub(r"^(the|an?) ", "", title.casefold())


def _fallback(reading: Reading, seen: set[str]) -> str:
    words = reading.text.split()[:4]
    base = " ".join(words).strip(",;:.") or "Passage"
    title, n = base, 2
    while _same(title) in seen:
        title, n = f"{base} ({n})", n + 1
    return title
