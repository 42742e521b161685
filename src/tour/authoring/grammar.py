"""Parts of speech and noun phrases, enough to title a passage: "the hidden treasures",
"the shrine of San Jago", "Stortebeker and Godeke Michelson".

Each word's possible parts of speech come from tour/lang/pos-en.txt (a table made from
WordNet by tools/make_pos_table.py; a word it leaves out is a noun); the word before
picks one where several are possible ("the search" is a noun, "they search" a verb).
A capitalised word inside a sentence is a name. A noun phrase is an optional
determiner, modifiers (adjectives, nouns, names, numbers, possessives, participles
between a determiner and a noun) and a noun at its head, with an "of" phrase after
it and names joined by "and". This is a tagger by rule, right often enough for
titles and keywords; nothing here is used to answer a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..engine.language import parts_of_speech

TAGS = {"n": "NOUN", "v": "VERB", "d": "PAST", "g": "ING", "a": "ADJ", "r": "ADV",
        "t": "DET", "o": "PRON", "p": "PREP", "c": "CONJ", "x": "AUX"}
"""The table's letters and the tags they stand for."""
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million half dozen score first second third fourth fifth sixth seventh "
    "eighth ninth tenth".split())
SUBJECTS = frozenset("i he she it we they who which that".split())
"""Pronouns after which a word that may be a verb is one ("they search")."""
LISTED_ZIPF = 2.0
"""The table was made from the words at least this common (wordfreq's Zipf frequency)."""
MODIFIERS = frozenset({"ADJ", "NOUN", "NAME", "NUM", "POSS"})
HEADS = frozenset({"NOUN", "NAME"})

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|(?:[A-Z]|St|Mt|Ft|Mr|Mrs|Dr|Jr|Sr|Capt|Gen|Col|Lt|Rev|Gov)\.(?=\s[A-Z])"
                    r"|\d+(?:st|nd|rd|th)\b|\d[\d,.]*\d|\d+|[^\W\d_](?:[\w]|[-'’](?=\w))*|[^\w\s]")
"""A word (with its inner hyphens and apostrophes), an abbreviation or initial ("B.C.",
"St.", "J."), a number ("1,400", "14th") or a mark."""
_ROMAN = re.compile(r"[IVXLC]+")
COMMON_ZIPF = 3.0
"""A word in capitals this common in English ("THE", "FAITHFUL") is a word set in
capitals, not an acronym ("NHK")."""
_OPENERS = frozenset("\"'“‘([—–-:;")


@dataclass(frozen=True)
class Token:
    text: str
    tag: str
    start: int
    end: int
    shouted: bool = False
    """A common word set in capitals beside others ("THE greatest"), not an acronym."""

    @property
    def bare(self) -> str:
        """The word without a possessive ending: "Stortebeker's" -> "Stortebeker"."""
        return re.sub(r"['’]s$", "", self.text)


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of a sentence: its tokens (the determiner first, if any) and where
    its head noun stands among them."""

    tokens: tuple[Token, ...]
    head: int

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def table() -> dict[str, str]:
    """word -> its parts of speech as the table's letters, most likely first."""
    return parts_of_speech("en")


def _guess(word: str) -> str:
    """The letters of a word the table does not list, from its ending."""
    if word.endswith("ly") and len(word) > 4:
        return "r"
    if word.endswith("ed") and len(word) > 4:
        return "da"
    if word.endswith("ing") and len(word) > 5:
        return "gn"
    if word.endswith(("ous", "ful", "ive", "able", "ible", "ical", "ish", "less", "ary", "ic")):
        return "an"
    return "n"


@lru_cache(maxsize=65536)
def letters(word: str) -> str:
    """The parts of speech a word can be, as the table's letters, most likely first: as
    the table says, else a noun where the word is common enough to be in the table's
    word list (it lists no word that can only be a noun), else a guess from its ending."""
    low = word.casefold().replace("’", "'")
    low = re.sub(r"'s$", "", low) if low not in table() else low
    found = table().get(low)
    if found:
        return found
    if "-" in low.strip("-"):  # "re-echoed" as "echoed", "so-called" as "called"
        return table().get(low.rsplit("-", 1)[1]) or "n"
    return "n" if zipf(low) >= LISTED_ZIPF else _guess(low)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a word is in English, 0 (unknown) to about 8 ("the"): wordfreq's Zipf
    frequency."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def names(text: str) -> frozenset[str]:
    """The words written capitalised inside a sentence somewhere in the text, as names."""
    out = set()
    for sentence in sentences(text):
        tokens = [m.group() for m in _TOKEN.finditer(sentence)]
        for i, (before, word) in enumerate(zip(tokens, tokens[1:]), 1):
            if word[:1].isupper() and before not in _OPENERS and before not in ".!?" and not shouted(tokens, i):
                out.add(re.sub(r"['’]s$", "", word))
    return frozenset(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, covering it without gaps between
    sentences except white space. A sentence ends at . ! or ? (and any closing quote or
    bracket), before a space and a capital, digit or opening quote; not after an
    initial or a short abbreviation ("E.I. du Pont", "St. Louis")."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start:m.start()].rstrip("\"'’”)]").rstrip(".!?")
        last = before.split()[-1] if before.split() else ""
        if len(last.strip("(\"'")) < 3 or "." in last:  # "E.I." "St." "U.S." "c."
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def tag(sentence: str, known_names: Iterable[str] = (), offset: int = 0) -> list[Token]:
    """The sentence's tokens with a part of speech each (NAME for a name, POSS for a
    possessive noun, NUM, PUNCT and the table's tags)."""
    known = set(known_names)
    out: list[Token] = []
    prev = "START"
    matches = list(_TOKEN.finditer(sentence))
    words = [m.group() for m in matches]
    for i, m in enumerate(matches):
        loud = shouted(words, i)
        out.append(Token(m.group(), _tag_of(m.group(), prev, out, matches, i, known, loud),
                         m.start() + offset, m.end() + offset, loud))
        prev = out[-1].tag
    for i in range(len(out) - 2):  # "step by step", "day after day": an adverb
        if out[i + 1].text.casefold() in ("by", "after", "to") and out[i].text.casefold() == out[i + 2].text.casefold():
            out[i:i + 3] = [Token(t.text, "ADV", t.start, t.end) for t in out[i:i + 3]]
    return out


def _capitals(word: str) -> bool:
    return len(word) > 1 and word.isupper() and not _ROMAN.fullmatch(word)


def shouted(words: list[str], i: int) -> bool:
    """Whether words[i] is a common word set in capitals, as old books begin a chapter
    ("THE greatest benefactor"): at the start of the sentence or beside another word in
    capitals. A word in capitals alone inside a sentence is an acronym ("the POW camp")."""
    word = words[i]
    if not _capitals(word) or zipf(re.sub(r"['’]s$", "", word.casefold())) < COMMON_ZIPF:
        return False
    return i == 0 or _capitals(words[i - 1]) or (i + 1 < len(words) and _capitals(words[i + 1]))


def _tag_of(word: str, prev: str, done: list[Token], matches: list[re.Match[str]], i: int,
            known: set[str], loud: bool) -> str:
    if not (word[:1].isalnum()):
        return "PUNCT"
    if word[:1].isdigit():
        return "NUM"
    if re.search(r"n['’]t$", word):
        return "AUX"  # "didn't"
    if word.endswith(".") and word[:1].isupper():
        return "NAME"  # "St." "B.C."
    if loud and word.title() not in known:
        word = word.lower()
    low = word.casefold()
    if low in NUMBER_WORDS:
        return "NUM"
    possessive = bool(re.search(r"['’]s$", word)) and low.replace("’", "'") not in table()
    found = letters(word)
    closed = found[0] in "topcx"
    initial = i == 0 or done[-1].text in _OPENERS or done[-1].text in ".!?"
    bare = re.sub(r"['’]s$", "", word)
    if word[:1].isupper() and not closed and (not initial or bare in known):
        return "POSS" if possessive else "NAME"
    if closed:
        return TAGS[found[0]]
    if possessive:
        return "POSS"
    chosen = found[0]
    before = done[-1].text.casefold() if done else ""
    if chosen == "g" and prev in ("DET", "POSS"):
        return "NOUN"  # "his wandering"
    if len(found) > 1:
        if prev in ("DET", "ADJ", "POSS", "NUM") and "n" in found:
            nxt = matches[i + 1].group() if i + 1 < len(matches) else ""
            chosen = "a" if "a" in found and nxt[:1].isalpha() and letters(nxt)[0] in "n" else "n"
        elif before == "to" and "v" in found:
            chosen = "v"
        elif (prev == "AUX" or before in SUBJECTS) and any(c in found for c in "vdg"):
            chosen = next(c for c in found if c in "vdg")
    return TAGS[chosen]


def noun_phrases(tokens: list[Token]) -> list[Phrase]:
    """The noun phrases of a tagged sentence, in order, none inside another."""
    out: list[Phrase] = []
    i = 0
    while i < len(tokens):
        found = _phrase_at(tokens, i)
        if found is None:
            i += 1
            continue
        end, head = found
        last = head
        # "the shrine of San Jago", "Stortebeker and Godeke Michelson"
        while end < len(tokens) and tokens[end].text.casefold() in ("of", "and") and end + 1 < len(tokens):
            joined = tokens[end].text.casefold()
            more = _phrase_at(tokens, end + 1)
            if more is None:
                break
            if joined == "and" and not (tokens[last].tag == "NAME" and tokens[more[1]].tag == "NAME"):
                break
            end, last = more
        out.append(Phrase(tuple(tokens[i:end]), head - i))
        i = end
    return out


def _phrase_at(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """(end, head) of the simple noun phrase starting at token i, if one does."""
    j = i
    if tokens[j].tag == "DET":
        j += 1
    start = j
    head = -1
    while j < len(tokens):
        t = tokens[j]
        if t.tag == "NAME" and j > start and _plural(tokens[j - 1]):
            break  # "his companions Stortebeker and ...": two phrases side by side
        if t.tag in MODIFIERS or (t.tag in ("PAST", "ING") and _participle(tokens, j, start)) \
                or (t.tag == "ADV" and "-" in t.text and j + 1 < len(tokens) and tokens[j + 1].tag in MODIFIERS):
            if t.tag in HEADS or (t.tag == "POSS" and _last_possessive(tokens, j)):
                head = j
            j += 1
            continue
        break
    if head < start:
        return None
    return head + 1, head


def _plural(token: Token) -> bool:
    """A common noun in the plural ("companions")."""
    return token.tag == "NOUN" and token.text.endswith("s") and not token.text.endswith("ss")


def _participle(tokens: list[Token], j: int, start: int) -> bool:
    """A participle standing as an adjective, after a determiner or an adjective and
    before a noun: "the hidden treasures", "the so-called Stortebeker goblet"."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    before = tokens[j - 1].tag if j > 0 else ""
    return nxt is not None and ((nxt.tag in ("NOUN", "ADJ") and before in ("DET", "POSS", "ADJ"))
                                or (nxt.tag == "NAME" and before == "DET"))


def _last_possessive(tokens: list[Token], j: int) -> bool:
    """A possessive that ends the phrase stands as its head: "Stortebeker's" in
    "the ships were Stortebeker's"."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or nxt.tag not in MODIFIERS


def has_verb(sentence: str, known_names: Iterable[str] = ()) -> bool:
    """Whether a sentence has a verb that is not an -ing form ("Prosecution of the
    Voyage, till the Death of Magellan." has none)."""
    return any(t.tag in ("VERB", "PAST", "AUX") for t in tag(sentence, known_names))
