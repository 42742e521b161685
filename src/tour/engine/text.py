"""Normalising text for matching: case, Unicode, punctuation, aliases, light stemming.

The same steps run over the author's examples and over what the user types, so the
two meet in one vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

_PUNCT_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})
_POSSESSIVE = re.compile(r"(\w)'s\b")
_NON_WORD = re.compile(r"[^\w]+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")

# Words that carry no topic: function words, question words, and the small talk of a
# question ("I was wondering if you could tell me about ...").
STOP_WORDS = frozenset("""
a about above after again against all also am an and any anyone anything are aren around as
at be because been before being below between both but by can could couldn d did didn do does
doesn doing don down during each else even ever every few for from further get got had has
have having he her here hers herself him himself his how i if in into is isn it its itself
just know let ll like ll m ma me might more most much must my myself no nor not now o of off
on once only or other our ours ourselves out over own please re really s same she should so
some such t than that the their theirs them themselves then there these they this those
through to too under until up upon us ve very was wasn we were weren what whatever when
where whether which while who whom whose why will with won would wouldn y you your yours
yourself yourselves tell told say said explain describe show give find want wanted need
thing things something stuff anybody somebody someone everyone people person kind sort lot
lots bit hi hey hello thanks thank ok okay yes yeah well wondering wonder curious interested
question questions ask asking answer info information detail details learn learning know
knew read reading article text page student project homework teacher
doing done going go went gonna wanna maybe actually basically exactly quite pretty many
much one ones way ways happen happened happens
didnt dont doesnt isnt wasnt werent arent cant couldnt wouldnt shouldnt havent hasnt hadnt
wont im ive youre theyre thats whats wheres hows hadn hasn haven shouldn mightn mustn needn
""".split())
"""Function words, and the contractions people type without an apostrophe ("didnt")."""

# Function words that are nonetheless small talk on their own.
GREETING_WORDS = frozenset("hi hey hello thanks thank ok okay yes yeah bye".split())

# Words that tie a question to the previous topic ("when was it built?").
ANAPHORA = frozenset("it its it's that this there he him his she her they them their those these "
                     "then".split())
OTHER_WORDS = frozenset("else other another besides also".split())
LATER_WORDS = frozenset("then after afterwards afterward later next once eventually ever finally".split())
"""Words that ask what came after the last topic ("where did he go *once* he walked out?")."""


def fold(text: str) -> str:
    """Case-fold, unify quotes and dashes, drop possessives and punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).casefold()
    text = _DIGIT_GROUP.sub("", text)  # 1,400 -> 1400; 15,000 -> 15000
    text = _POSSESSIVE.sub(r"\1", text)
    return " ".join(_NON_WORD.sub(" ", text).split()).replace("_", " ").strip()


# Irregular English forms a suffix stripper cannot join to their root.
IRREGULAR = {
    "built": "build", "ate": "eat", "eaten": "eat", "wrote": "write", "written": "write",
    "sent": "send", "took": "take", "taken": "take", "held": "hold", "grew": "grow",
    "grown": "grow", "fought": "fight", "came": "come", "gave": "give", "given": "give",
    "brought": "bring", "began": "begin", "begun": "begin", "kept": "keep", "slept": "sleep",
    "died": "die", "dies": "die", "dying": "die", "dead": "die", "death": "die", "left": "leave",
    "caught": "catch", "stayed": "stay", "chose": "choose", "chosen": "choose", "lived": "live",
    "life": "live", "lives": "live", "men": "man", "women": "woman", "children": "child",
    "bought": "buy", "fed": "feed", "food": "food", "felt": "feel", "made": "make",
    "paid": "pay", "ran": "run", "sold": "sell", "stood": "stand", "thought": "think",
    "worn": "wear", "wore": "wear", "won": "win", "lost": "lose", "met": "meet",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: plurals and the commonest verb endings, nothing clever."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
        if len(word) > 2 and word[-1] == word[-2]:  # stopped -> stopp -> stop
            word = word[:-1]
    # "mine", "mines" and "mining" all end as "min"; a stop word is not made ("note").
    if word.endswith("e") and len(word) > 3 and word[:-1] not in STOP_WORDS:
        word = word[:-1]
    return word


def analyse(text: str) -> str:
    """Folded text with every topic word stemmed (function words kept as they are)."""
    return " ".join(w if w in STOP_WORDS else stem(w) for w in fold(text).split())


class AliasTable:
    """Replaces every way of writing a term by its canonical form, longest first.

    Works on analysed text, word by word, so "prisoner of war" also catches
    "prisoners of war", and "war" alone is left alone.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]]):
        pairs: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, variants in aliases.items():
            canonical = tuple(analyse(term).split())
            for variant in (term, *variants):
                key = tuple(analyse(variant).split())
                if key and key != canonical:
                    pairs.setdefault(key, canonical)
        self.pairs = pairs
        self._longest = max((len(k) for k in pairs), default=0)
        self._starts = frozenset(k[0] for k in pairs)

    def apply(self, analysed: str) -> str:
        words = analysed.split()
        if not self.pairs:
            return " ".join(words)
        out: list[str] = []
        i = 0
        while i < len(words):
            if words[i] in self._starts:
                for n in range(min(self._longest, len(words) - i), 0, -1):
                    canonical = self.pairs.get(tuple(words[i:i + n]))
                    if canonical is not None:
                        out.extend(canonical)
                        i += n
                        break
                else:
                    out.append(words[i])
                    i += 1
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


def content_tokens(analysed: str) -> list[str]:
    """The words of analysed text that carry the topic, in order."""
    return [w for w in analysed.split() if w not in STOP_WORDS]
