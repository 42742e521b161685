"""Which words of a passage say what it is about: for the titles and keywords `tour init` writes.

A word is informative when it is rare in English (wordfreq's Zipf frequency: about 7
for "the", 5 for "war", under 3 for "Normans") and rare among the tour's passages (a
word in every passage picks none out). Very common words (and the router's own stop
words) are never keywords; inside a name they may join two capitalised words
("Battle of Hastings").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..engine.text import Stemmer, fold

COMMON_ZIPF = 6.0
"""At or above this Zipf frequency a word is a function word ("which", "from", "their")."""
JOINER_ZIPF = 7.0
"""A word this common ("of", "the", "and") may stand inside a name: "Battle of Hastings"."""
RARE_ZIPF = 6.5
"""Rarity is measured down from here: a word at 6.5 weighs nothing, an unknown one most."""
KEYWORDS = 5
"""Keywords written per topic."""
NAME_BOOST = 1.5
"""A phrase with a capitalised word inside a sentence (a name) weighs this much more."""
TITLE_WORDS = 6
"""Words of one phrase of a title, at most."""

_TOKEN = re.compile(r"[^\W_][\w'’-]*")
_BREAK = re.compile(r"[,.;:!?()\[\]\"“”«»—–]|\s-\s")
"""Punctuation that ends a phrase."""


@lru_cache(maxsize=1)
def _english():
    """The language's function words and stemmer (the router's own)."""
    from ..engine.language import english_language

    language = english_language()
    return language.stop_words, Stemmer(language.forms)


def stem(word: str) -> str:
    return _english()[1](word)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a word is in English, 0 (unknown) to about 8 ("the")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def is_common(word: str) -> bool:
    """A function word or nearly: never a keyword, and it ends a phrase."""
    folded = fold(word)
    return not folded or folded in _english()[0] or zipf(folded) >= COMMON_ZIPF


def key(word: str) -> str:
    """What two spellings of one word share ("Normans", "Norman" -> "norman")."""
    return stem(fold(word).replace(" ", ""))


@dataclass
class Weigher:
    """Weighs words against a whole text's passages."""

    passages: list[str]

    def __post_init__(self) -> None:
        self.df: Counter[str] = Counter()
        for text in self.passages:
            self.df.update({key(w) for w in _TOKEN.findall(text) if not is_common(w)})
        self.n = max(len(self.passages), 1)

    def weight(self, word: str) -> float:
        """How much a word of a passage says about that passage (0 for a common word)."""
        if is_common(word):
            return 0.0
        folded = fold(word)
        rarity = max(RARE_ZIPF - zipf(folded), 0.3) / RARE_ZIPF
        idf = math.log((self.n + 1) / (self.df.get(key(word), 0) + 0.5))
        if folded.isdigit():
            rarity *= 0.5  # a year is worth a keyword, seldom a title
        return rarity * max(idf, 0.05)

    def keywords(self, text: str, limit: int = KEYWORDS) -> list[str]:
        """The passage's most informative words, as written (a name keeps its capital)."""
        counts: Counter[str] = Counter()
        written: dict[str, str] = {}
        for w in _TOKEN.findall(text):
            if is_common(w) or len(w) < 3:
                continue
            k = key(w)
            counts[k] += 1
            # the capitalised form where the word is a name, else the lowercase one
            if k not in written or (w[:1].isupper() and not written[k][:1].isupper()):
                written[k] = w if w[:1].isupper() and not _sentence_initial(text, w) else w.lower()
        scored = sorted(counts, key=lambda k: (-math.sqrt(counts[k]) * self.weight(written[k]), k))
        return [written[k].strip("'’-") for k in scored[:limit] if self.weight(written[k]) > 0]

    def phrases(self, text: str) -> list[tuple[float, str]]:
        """Runs of informative words in the passage ("Treaty of Saint-Clair-sur-Epte"),
        best first, with their weight."""
        out: dict[str, float] = {}
        for chunk in _BREAK.split(text):
            run: list[str] = []
            words = chunk.split()
            for i, w in enumerate(words + [""]):
                joins = (run and w and w.islower() and zipf(fold(w)) >= JOINER_ZIPF and i + 1 < len(words)
                         and run[-1][:1].isupper() and words[i + 1][:1].isupper()
                         and not is_common(words[i + 1]))
                if w and (not is_common(w) or joins) and len(run) < TITLE_WORDS:
                    run.append(w)
                    continue
                while run and is_common(run[-1]):
                    run.pop()  # "Charles III of" -> "Charles III"
                if run:
                    phrase = " ".join(run).strip("'’-")
                    weight = sum(self.weight(x) for x in run)
                    if any(x[:1].isupper() for x in run[1:]) or (run[0][:1].isupper() and i > len(run)):
                        weight *= NAME_BOOST  # a name says what a passage is about
                    if phrase and weight > 0 and not phrase.isdigit():
                        out[phrase] = max(out.get(phrase, 0.0), weight / (1 + 0.1 * len(run)))
                run = [w] if w and not is_common(w) else []
        return sorted(((w, p) for p, w in out.items()), key=lambda wp: (-wp[0], wp[1]))


def _sentence_initial(text: str, word: str) -> bool:
    """Whether the word is written capitalised only where a sentence starts."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
        before = text[:m.start()].rstrip()
        if before and before[-1] not in ".!?\"“”":
            return False
    return True
