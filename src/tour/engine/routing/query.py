"""Query analysis: an input read once, into everything routing and the session need.

`Analyser.analyse(text)` folds the text, mends phone spellings, stems its words,
applies the aliases (the script's terms, then the shared lexicon), mends typos
against the tour's vocabulary, and reads the kind of question, whether it leans on
what was said last, and whether it asks to go on or for something else. Small talk,
commands, scoring and the unanswered check all read the one Query it returns.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..language import Command, Language
from ..text import AliasTable, Stemmer, fold
from .model import MODEL, Model

_CHOICE = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")


@dataclass(frozen=True)
class Query:
    """One input, analysed."""

    text: str
    """What was typed, without control characters, cut to the longest input routed."""
    folded: str
    """Folded, phone spellings mended ("wat is" -> "what is")."""
    words: tuple[str, ...]
    """The folded words."""
    tokens: tuple[str, ...]
    """Topic words: stems, aliases applied, typos mended, function words dropped."""
    written: tuple[str, ...]
    """For each token, the word as typed (its English frequency says how telling it is)."""
    kinds: frozenset[str]
    """Kinds of question: "count", "when", "who", "expand" ..."""
    cues: frozenset[str] = frozenset()
    """Tokens that only say the kind of question here ("how *long*", "*stand* for")."""
    leans: bool = False
    """Leans on the last topic: "when was *it* built?", "and the school?", "what about ...?"."""
    asks_other: bool = False
    """Asks for something besides the last topic: "what *else* ...?"."""
    asks_later: bool = False
    """Asks what came after: "what did he do *then*?"."""
    asks_next: bool = False
    """Asks only to go on: "what happened next?", "and then?"."""
    command: Command | None = None
    """The navigation command the input gives ("next", "back", ...), if it is one."""
    choice: int | None = None
    """The number of a choice, when the input is only that."""
    acknowledges: bool = False
    """Only acknowledges ("ok", "yes", "i see")."""
    asks: bool = True
    """Asks something: a question mark anywhere, a question word or a request, an
    auxiliary first, a follow-up "and ..."; not "no way" nor "never heard of this"."""

    @property
    def topic(self) -> list[str]:
        """Tokens that are about something, not only what kind of question it is."""
        return [t for t in self.tokens if t not in self.cues]


def clean(text: str, limit: int = MODEL.max_input) -> str:
    """Drop control characters (terminal escapes among them); keep all printable text."""
    text = text[:limit * 2]
    if not text.isprintable():  # (checked at once: most inputs have nothing to drop)
        text = "".join(ch for ch in text if ch.isprintable() or ch in " \t")
    return text.strip()[:limit]


def _never_english(word: str) -> bool:
    """`is_english` before a router gives its own (Analyser.learn)."""
    return False


class Analyser:
    """Reads inputs for one tour. Built once; analysing is then read-only."""

    def __init__(self, language: Language, aliases: Iterable[tuple[str, Iterable[str]]] = (),
                 model: Model = MODEL):
        self.language = language
        self.model = model
        self.stem = Stemmer(language.forms)
        entries = [*aliases, *language.synonyms]
        self.aliases = AliasTable.build(entries, self.words, self._plain_stems)
        self._vocabulary: list[str] = []
        self._by_initial: dict[str, list[str]] = {}
        self._known: Collection[str] = frozenset()
        self._is_english: Callable[[str], bool] = _never_english
        self._repairs: dict[str, str | None] = {}

    def __getstate__(self) -> dict[str, object]:
        """What a compiled router keeps: not `is_english` (a router's method, which would
        pickle the router and its English word list with it; `learn` gives it again),
        nor the repairs made so far."""
        state = dict(self.__dict__)
        state["_is_english"] = None
        state["_repairs"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if self._is_english is None:
            self._is_english = _never_english

    def learn(self, known: Collection[str], words: Collection[str],
              is_english: Callable[[str], bool]) -> None:
        """Mend typos from now on: a word whose stem is not `known` is mended into the
        nearest of `words` (the tour's words as written); a word spelt as English is
        never mended into another."""
        self._known = frozenset(known)
        self._vocabulary = sorted(words)
        self._by_initial = {}
        for word in self._vocabulary:  # a mended word keeps its first letter
            self._by_initial.setdefault(word[:1], []).append(word)
        self._is_english = is_english
        self._repairs = {}

    # -- the steps -----------------------------------------------------------------
    def words(self, text: str) -> list[str]:
        """Folded words, phone spellings and abbreviations mended."""
        spell = self.language.spellings
        return [spell.get(w, w) for w in fold(text).split()]

    def _stem_word(self, word: str) -> str:
        return word if word in self.language.stop_words else self.stem(word)

    def _plain_stems(self, text: str) -> list[str]:
        return [self._stem_word(w) for w in self.words(text)]

    def stems(self, text: str) -> list[str]:
        """Each word stemmed with aliases applied, function words kept as they are."""
        return [t for t, _ in self.aliases.apply(self.words(text), self._stem_word)]

    def tokens(self, text: str) -> list[str]:
        """The topic words of a text with aliases applied (no typo repair)."""
        stop = self.language.stop_words
        return [w for w in self.stems(text) if w not in stop]

    def read(self, text: str) -> tuple[list[str], list[str], list[str]]:
        """A text's folded words, its topic words with aliases applied, and its topic
        words as written (stemmed, no aliases): the three in one pass."""
        stop = self.language.stop_words
        words = self.words(text)
        aliased = [t for t, _ in self.aliases.apply(words, self._stem_word) if t not in stop]
        written = [self.stem(w) for w in words if w not in stop]
        return words, aliased, written

    def kinds(self, words: list[str]) -> frozenset[str]:
        """The kinds of question folded words ask ("how many" -> "count")."""
        return self.kinds_and_cues(words)[0]

    def kinds_and_cues(self, words: list[str]) -> tuple[frozenset[str], frozenset[str]]:
        """The kinds of question folded words ask, and the (stemmed) words that only
        say so: "how long" asks "long" and "long" is no topic there."""
        padded = f" {' '.join(words)} "
        stop = self.language.stop_words
        kinds: set[str] = set()
        cues: set[str] = set()
        for phrase, kind in self.language.kinds:
            if phrase in padded:
                kinds.add(kind)
                cues.update(self.stem(w) for w in phrase.split() if w not in stop)
        return frozenset(kinds), frozenset(cues)

    # -- the whole analysis --------------------------------------------------------
    def analyse(self, text: str) -> Query:
        """Everything about one input, read once."""
        lang = self.language
        text = clean(text, self.model.max_input)
        words = self.words(text)
        folded = " ".join(words)
        stop = lang.stop_words
        tokens, written = [], []
        for token, word in self.aliases.apply(words, self._stem_word):
            if token in stop:
                continue
            if self._known and token not in self._known and word not in stop:
                mended = self.repair(word)
                if mended is not None:
                    token, word = self._stem_word(mended), mended
            tokens.append(token)
            written.append(word)
        kinds, cues = self.kinds_and_cues(words)
        choice = _CHOICE.match(text)
        command = self.command(folded) or lang.command_of(text.strip().lower())
        topic = [t for t in tokens if t not in cues]
        asks_next = (command is None and bool(set(words) & lang.next_words)
                     and (not topic or set(topic) <= {self.stem(w) for w in lang.next_words}))
        return Query(
            text=text,
            folded=folded,
            words=tuple(words),
            tokens=tuple(tokens),
            written=tuple(written),
            kinds=kinds,
            cues=cues,
            leans=(any(w in lang.anaphora for w in words) or words[:1] == ["and"]
                   or words[:2] in (["what", "about"], ["how", "about"])),
            asks_other=any(w in lang.other_words for w in words),
            asks_later=any(w in lang.later_words for w in words),
            asks_next=asks_next,
            command=command,
            choice=int(choice.group(1)) if choice else None,
            acknowledges=bool(words) and (all(w in lang.acknowledgements for w in words)
                                          or not text.rstrip().endswith("?") and lang.reacts(folded)),
            asks=("?" in text or bool(kinds) or not words or words[0] in lang.auxiliaries
                  or words[0] == "and" or any(w in lang.question_words or w in lang.request_words for w in words)),
        )

    def command(self, folded: str) -> Command | None:
        """The command an input gives, after any courtesy before or after it
        ("thanks, tell me more", "ok next please")."""
        lang = self.language
        words = folded.split()
        start, end = 0, len(words)
        while start < end and lang.command_of(" ".join(words[start:end])) is None \
                and words[start] in lang.courtesy:
            start += 1
        while start < end and lang.command_of(" ".join(words[start:end])) is None \
                and words[end - 1] in lang.courtesy:
            end -= 1
        return lang.command_of(" ".join(words[start:end])) if start < end else None

    def repair(self, written: str) -> str | None:
        """The tour's word a misspelt one stands for, or None.

        Only a word of five letters or more is mended, to a word of the tour that
        keeps its first letter and is close (rapidfuzz ratio at least
        `model.typo_ratio`, one slip per five letters). A word spelt as English
        ("regard", "medals") is no misspelling: it may only become another form of
        itself ("australian" -> "australia").
        """
        if written in self._repairs:
            return self._repairs[written]
        found = self._repair(written)
        if len(self._repairs) < 50_000:
            self._repairs[written] = found
        return found

    def _repair(self, written: str) -> str | None:
        m = self.model
        if len(written) < m.typo_min_length or not written.isalpha() or not self._vocabulary:
            return None
        if self._is_english(written):
            return self._other_form(written)
        for word, _, _ in process.extract(written, self._by_initial.get(written[:1], ()),
                                          scorer=fuzz.ratio, score_cutoff=m.typo_ratio,
                                          limit=m.typo_choices):
            if _same_word(written, word, m.form_prefix):
                return word
            if Levenshtein.distance(written, word) <= max(1, len(written) // m.typo_letters) + 1:
                return word
        return None

    def _other_form(self, written: str) -> str | None:
        """The tour's word that is another form of an English word ("australian" for
        "australia"): the nearest in spelling among those one starts the other."""
        prefix = self.model.form_prefix
        words = self._vocabulary
        found = []
        # The tour's words that start with the written word ...
        at = bisect.bisect_left(words, written)
        while at < len(words) and words[at].startswith(written):
            found.append(words[at])
            at += 1
        # ... and those the written word starts with.
        for n in range(max(prefix, len(written) - 1), len(written)):
            head = written[:n]
            at = bisect.bisect_left(words, head)
            if at < len(words) and words[at] == head:
                found.append(head)
        found = [w for w in found if w != written and _same_word(w, written, prefix)]
        return min(found, key=lambda w: (abs(len(w) - len(written)), w)) if found else None


def _same_word(a: str, b: str, prefix: int) -> bool:
    """Whether two words are forms of one: one starts the other, they differ by one
    letter, and the shorter is long enough to mean something alone ("storm",
    "stormy"; "australia", "australian"; not "architect", "architecture")."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 1 and len(short) >= prefix
