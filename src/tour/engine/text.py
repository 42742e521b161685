"""Text for matching: folding, stemming, and the table of other ways to write a term.

These are mechanical steps with no word lists of their own: what counts as a stop
word, a synonym or an irregular form comes from the language (language.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import snowballstemmer

_PUNCT_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
_POSSESSIVE = re.compile(r"(\w)'s\b")
_NON_WORD = re.compile(r"[^\w]+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-fold, drop accents, unify quotes and dashes, drop possessives and punctuation.

    "Ahiko's 1,400 km" -> "ahiko 1400 km"; words are separated by single spaces.
    """
    if text.isascii() and text.isalnum():  # one plain word: nothing but its case to fold
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).casefold()
    if not text.isascii():  # "Beyoncé" is found by "beyonce", "Öskemen" by "oskemen"
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _DIGIT_GROUP.sub("", text)  # 1,400 -> 1400; 15,000 -> 15000
    text = _POSSESSIVE.sub(r"\1", text)
    return " ".join(_NON_WORD.sub(" ", text).split()).replace("_", " ").strip()


class Stemmer:
    """A word's stem: its irregular root where the language lists one ("built" ->
    "build"), else the Snowball (Porter 2) stem ("prisoners" -> "prison").

    Stems are remembered, so each distinct word is stemmed once.
    """

    def __init__(self, forms: Mapping[str, str] | None = None):
        self._snowball = snowballstemmer.stemmer("english")
        self._forms = dict(forms or {})
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self._memo.get(word)
        if stem is None:
            root = self._forms.get(word, word)
            stem = root if root.isdigit() or len(root) <= 2 else self._snowball.stemWord(root)
            if len(self._memo) < 200_000:
                self._memo[word] = stem
        return stem

    def __getstate__(self) -> dict[str, dict[str, str]]:
        return {"forms": self._forms}

    def __setstate__(self, state: dict[str, dict[str, str]]) -> None:
        Stemmer.__init__(self, state["forms"])


class AliasTable:
    """Replaces every way of writing a term by the term's own stems, longest first.

    Keys are folded words as written (with the last word's regular plural or
    singular also taken: "prisoners of war" for "prisoner of war"), not stems: a
    variant "nationality" must not catch "national". Words no entry claims are
    stemmed as usual.
    """

    def __init__(self, pairs: Mapping[tuple[str, ...], tuple[str, ...]]):
        self.pairs = dict(pairs)
        lengths: dict[str, set[int]] = {}
        for key in self.pairs:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {start: sorted(ns, reverse=True) for start, ns in lengths.items()}
        """For each word that starts a key, the lengths of its keys, longest first."""

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str]]], words: Callable[[str], Iterable[str]],
              stems: Callable[[str], Iterable[str]]) -> AliasTable:
        """From (term, variants) entries. `words` folds a text into words, `stems` into
        analysed words (stems, function words kept).

        Earlier entries win where two claim the same variant, so a tour's own terms
        (given first) override the shared lexicon.
        """
        pairs: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, variants in entries:
            canonical = tuple(stems(term))
            if not canonical:
                continue
            for variant in (term, *variants):
                if tuple(stems(variant)) == canonical:
                    continue  # another form of the term itself: stemming joins them
                for key in _numbers(tuple(words(variant))):
                    pairs.setdefault(key, canonical)
        return cls(pairs)

    def apply(self, words: list[str], stem: Callable[[str], str]) -> list[tuple[str, str]]:
        """(analysed word, word as written) for a text's folded words: every variant
        replaced by its term's stems, the other words through `stem`."""
        out: list[tuple[str, str]] = []
        pairs, starts = self.pairs, self._lengths
        i, end = 0, len(words)
        while i < end:
            word = words[i]
            for n in starts.get(word, ()):
                canonical = pairs.get(tuple(words[i:i + n])) if i + n <= end else None
                if canonical is not None:
                    out.extend((c, word) for c in canonical)
                    i += n
                    break
            else:
                out.append((stem(word), word))
                i += 1
        return out


def _numbers(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A key as written and with its last word in the other grammatical number."""
    if not key:
        return []
    *head, last = key
    forms = {last}
    if last.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.add(last[:-1])
    elif last.endswith("y") and len(last) > 3 and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif len(last) > 2 and not last[-1].isdigit():
        forms.add(last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s"))
    return [(*head, f) for f in sorted(forms)]
