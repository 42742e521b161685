"""What a passage is about, word by word: for the titles and keywords `tour init` writes.

A passage's nouns and names are weighed by how often it uses them (a word said three
times is its subject more than a word said once), where they stand (the first
sentence says what a passage is about; a word its section heading shares weighs
more), how few other passages use them (a word in every passage picks none out),
and how plain they are: a vague noun ("part", "manner", "time") says little, and a
word rare in English (wordfreq's Zipf frequency: about 7 for "the", 5 for "war",
under 2 for "gunwale") used once is a detail a reader would not ask by, unless it
is a name.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..engine.text import Stemmer, fold
from .grammar import Phrase, Token, noun_phrases, sentence_spans, tag, zipf

KEYWORDS = 5
"""Keywords written per topic."""
RARE_ZIPF = 2.5
"""Below this Zipf frequency a word is rare in English: said once, it is a detail."""
VAGUE_ZIPF = 6.0
"""At or above this a noun is too common to say what a passage is about ("time")."""
FIRST_SENTENCE = 1.5
"""How much more a word of the first sentence weighs."""
HEADING = 1.4
"""How much more a word the section heading shares weighs."""
VAGUE = frozenset("""
    part parts manner kind kinds sort sorts fact facts way ways thing things means case cases
    side sides order time times place places number numbers account matter matters respect
    reason degree extent instance point use form piece set lot deal bit course end rest
    remainder half whole length fashion mode condition conditions circumstance circumstances
    occasion result results effect effects purpose sake view interest day days year years
    moment spirit spirits hand hands name names other others one ones date dates shape idea
    ideas example beginning hour week month season while period combination range lack
    body species cluster group variety amount series stage majority bulk portion share
    quantity multitude couple pair
""".split())
"""Nouns that name no subject by themselves ("the rest", "a number of", "in this manner")."""


@lru_cache(maxsize=1)
def _english() -> tuple[frozenset[str], Stemmer]:
    """The language's function words and stemmer (the router's own)."""
    from ..engine.language import english_language

    language = english_language()
    return language.stop_words, Stemmer(language.forms)


def key(word: str) -> str:
    """What two spellings of one word share ("Normans", "Norman's" -> "norman")."""
    return _english()[1](fold(word).replace(" ", ""))


@lru_cache(maxsize=1)
def _vague_keys() -> frozenset[str]:
    return frozenset(key(w) for w in VAGUE)


def is_vague(word: str) -> bool:
    """A noun that names no subject by itself ("part", "quantities")."""
    return key(word) in _vague_keys()


def is_common(word: str) -> bool:
    """A function word: never a keyword."""
    folded = fold(word)
    return not folded or folded in _english()[0]


@dataclass
class Reading:
    """One passage, tagged: its sentences' tokens and noun phrases."""

    text: str
    heading: str = ""
    names: frozenset[str] = frozenset()
    sentences: list[list[Token]] = field(init=False)
    phrases: list[list[Phrase]] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = [tag(self.text[a:b], self.names, a) for a, b in sentence_spans(self.text)]
        self.phrases = [noun_phrases(tokens) for tokens in self.sentences]

    def subject(self) -> Phrase | None:
        """The subject of the first sentence: its first noun phrase before a verb, not
        after a preposition ("In the winter of 1899 a storm destroyed ..." -> "a storm")."""
        tokens = self.sentences[0] if self.sentences else []
        verb = next((t.start for t in tokens if t.tag in ("VERB", "PAST", "AUX")), None)
        before = {t.end: t for t in tokens}
        for phrase in self.phrases[0] if self.phrases else []:
            if verb is None or phrase.start > verb:
                return None
            previous = max((e for e in before if e <= phrase.start), default=None)
            if previous is None or before[previous].tag not in ("PREP", "VERB", "PAST", "ING"):
                return phrase
        return None

    def nouns(self) -> list[tuple[int, Token]]:
        """(sentence number, token) of every noun and name."""
        return [(i, t) for i, tokens in enumerate(self.sentences) for t in tokens
                if t.tag in ("NOUN", "NAME", "POSS") and not is_common(t.bare)]


class Weigher:
    """Weighs the nouns and names of every passage of a text against the others."""

    def __init__(self, readings: list[Reading]):
        self.readings = readings
        self.df: Counter[str] = Counter()
        for reading in readings:
            self.df.update({key(t.bare) for _, t in reading.nouns()})
        self.n = max(len(readings), 1)

    def idf(self, k: str) -> float:
        return math.log((self.n + 1) / (self.df.get(k, 0) + 0.5))

    def salience(self, i: int) -> dict[str, float]:
        """key -> how much the word says what passage i is about."""
        reading = self.readings[i]
        counts: Counter[str] = Counter()
        first: set[str] = set()
        written: dict[str, Token] = {}
        for s, t in reading.nouns():
            k = key(t.bare)
            counts[k] += 1
            written.setdefault(k, t)
            if s == 0:
                first.add(k)
        heading = {key(w) for w in reading.heading.split()} if reading.heading else set()
        out = {}
        for k, n in counts.items():
            t = written[k]
            out[k] = (n * math.sqrt(max(self.idf(k), 0.05)) * self.plainness(t, n)
                      * (FIRST_SENTENCE if k in first else 1.0) * (HEADING if k in heading else 1.0))
        return out

    @staticmethod
    def plainness(token: Token, count: int) -> float:
        """How well a word can name a subject: a vague noun little, a rare one said once less."""
        low = fold(token.bare)
        if is_vague(low) or (token.tag != "NAME" and zipf(low) >= VAGUE_ZIPF):
            return 0.15
        if token.tag == "NAME" or token.text[:1].isupper():
            return 1.0
        if zipf(low) < RARE_ZIPF and count == 1:
            return 0.5
        return 1.0

    def keywords(self, i: int, limit: int = KEYWORDS) -> list[str]:
        """The words that say what passage i is about, as written (a name keeps its capital)."""
        weights = self.salience(i)
        written: dict[str, str] = {}
        for _, t in self.readings[i].nouns():
            k = key(t.bare)
            name = t.tag == "NAME" or (t.tag == "POSS" and t.bare in self.readings[i].names)
            form = t.bare if name else t.bare.lower()
            if k not in written or (name and not written[k][:1].isupper()):
                written[k] = form
        best = sorted(weights, key=lambda k: (-weights[k], k))
        return [written[k] for k in best[:limit] if weights[k] > 0]
