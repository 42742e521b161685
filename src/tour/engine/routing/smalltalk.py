"""Small talk: telling "thanks!", "hi", "who are you?" from a question about the text.

The chat intents (hello, thanks, help, about, topics, bye: the language's, with the
script's laid over them) each come with example phrases. An input is small talk when
it is close to one example as a whole ("thank you!" ~ "thank you"), or when it uses
an intent's words and little else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from ..language import Language
from ..script import ChatIntent
from ..text import fold
from .model import MODEL, Model
from .query import Query

OPENERS = ("hello", "thanks")
"""Small talk that may open a longer input ("Hi! Who built the road?")."""
CLOSERS = ("thanks", "bye")
"""Small talk that may close a longer input ("that was so interesting, thank you")."""
_CLAUSE_END = re.compile(r"[.!?;,:]+\s*|\s+-+\s+")
_SMILEY = re.compile(r"(?<!\w)(?:[:;=][-'^]?[()\[\]DPpOo3/\\|*]+|[xX][Dd]+|<3+)(?!\w)")
"""Smileys (":)", ";-D", "xD", "<3"): they say nothing an opening's rest needs."""


class SmallTalk:
    """Built once per tour from its chat intents."""

    def __init__(self, intents: Iterable[ChatIntent], language: Language,
                 topical: Callable[[str], bool], model: Model = MODEL):
        """`topical` says whether a (stemmed) token is one the tour uses for its topics."""
        self._language = language
        self._model = model
        self._topical = topical
        self._examples = [(i.id, fold(e)) for i in intents for e in i.examples]
        self._texts = [text for _, text in self._examples]
        words: dict[str, set[str]] = {}
        for intent_id, text in self._examples:
            words.setdefault(intent_id, set()).update(text.split())
        self._vocab = {intent_id: frozenset(found) for intent_id, found in words.items()}
        stop, greeting = language.stop_words, language.greeting_words
        # The words only one intent uses ("thanks", "bye", "ask"): the telling ones.
        self._own = {
            intent_id: frozenset(
                w for w in vocab
                if sum(w in v for v in self._vocab.values()) == 1 and (w not in stop or w in greeting)
            )
            for intent_id, vocab in self._vocab.items()
        }
        self._short = frozenset(t for t in self._texts if len(t) <= model.chat_short)
        self._closing = frozenset().union(*(self._own.get(i, frozenset()) for i in CLOSERS))

    def score(self, query: Query, stem: Callable[[str], str],
              telling: Callable[[str], float] = lambda word: 0.0) -> tuple[str | None, float]:
        """The intent an input is, and how sure (0-100).

        Either the whole input is close to one example ("thank you!" ~ "thank you"), or
        it shares words with an intent's examples and has little else: each word of the
        input that is not an intent's word counts against it, a word the tour uses for
        its topics most. Words of one or two letters count for nothing, so "a" or "it"
        alone is not small talk.
        """
        folded = query.folded
        if not folded or not self._examples:
            return None, 0.0
        m = self._model
        stop = self._language.stop_words
        _, whole, i = process.extractOne(folded, self._texts, scorer=fuzz.ratio)
        best_id: str | None = self._examples[i][0]
        best = float(whole)
        # Close to an example as a whole, but naming what the example does not ("where did
        # the *stone* come from?" ~ "where does this text come from?"): a question, not talk.
        heavy: dict[str, bool] = {}

        def names(w: str) -> bool:
            """Whether a word names something: the tour's topic word, or telling in English."""
            found = heavy.get(w)
            if found is None:
                found = heavy[w] = self._topical(stem(w)) or telling(w) >= m.chat_telling
            return found

        example = set(self._texts[i].split())
        if any(w not in example and w not in stop and names(w) for w in folded.split()):
            best_id, best = None, 0.0
        words = [w for w in folded.split() if len(w) > m.chat_short or w in self._short]
        asks = self._language.question_words
        for intent_id, vocab in self._vocab.items():
            own = self._own[intent_id]
            shared = sum(m.chat_own_word for w in words if w in vocab and w in own)
            shared_stop = sum(1 for w in words if w in vocab and w not in own)
            against = sum(m.chat_topic_word if names(w) else m.chat_other_word
                          for w in words if w not in vocab and w not in stop)
            # A question word the intent's examples never use asks something of the
            # text ("*when* was it finished?" is no "I'm finished").
            against += sum(m.chat_topic_word if w in asks else m.chat_function_word
                           for w in words if w not in vocab and w in stop)
            if not shared and (shared_stop < m.chat_min_shared or against):
                continue  # "where is it?" shares only common words with the examples
            shared += m.chat_shared_word * shared_stop
            score = 100.0 * shared / (shared + against)
            if score > best:
                best_id, best = intent_id, score
        return best_id, best

    def opening(self, text: str) -> tuple[str, str] | None:
        """A greeting or thanks that opens a longer input, apart from the rest:
        ("hello", "who was Ahiko?") for "Hello! Who was Ahiko?". A clause in which the
        reader introduces themselves ("I'm a student from Almaty") goes with the
        opening (the rest is "" where nothing else follows, or only signs such as ":)").
        None where the input opens with neither, or is nothing else."""
        intent: str | None = None
        start = 0
        text = _SMILEY.sub(" ", text).strip()
        for match in _CLAUSE_END.finditer(text):
            head, rest = text[start:match.start()], text[match.end():].strip()
            words = fold(head).split()
            said = self._opener(words)
            if said is not None:
                intent = intent or said
            elif not (intent and self._introduces(words)):
                break
            start = match.end()
            if not rest:
                return None
        if intent is None or start >= len(text):
            return None
        rest = text[start:].strip()
        words = fold(rest).split()  # nothing but signs follow: nothing follows
        return intent, "" if not words or self._introduces(words) else rest

    def closing(self, text: str) -> tuple[str, str] | None:
        """Thanks or a goodbye that closes a longer input, apart from what comes before
        it: ("thanks", "that was so interesting") for "that was so interesting, thank
        you!". None where the input closes with neither, or is nothing else."""
        if not any(w in self._closing for w in fold(text).split()):
            return None  # no word of thanks or a goodbye anywhere: the common case, at once
        text = _SMILEY.sub(" ", text).strip()
        ends = [m for m in _CLAUSE_END.finditer(text) if text[m.end():].strip()]
        if not ends:
            return None
        last = ends[-1]
        said = self._opener(fold(text[last.end():]).split(), CLOSERS)
        head = text[:last.start()].strip()
        return (said, head) if said is not None and fold(head) else None

    def _opener(self, words: list[str], intents: tuple[str, ...] = OPENERS) -> str | None:
        """The greeting or thanks a short clause is, if it is only that."""
        if not words or len(words) > self._model.opening_words:
            return None
        for intent in intents:
            own = self._own.get(intent, frozenset())
            vocab = self._vocab.get(intent, frozenset())
            if any(w in own for w in words) and all(w in vocab or w in self._language.courtesy for w in words):
                return intent
        return None

    def _introduces(self, words: list[str]) -> bool:
        """Whether a clause introduces the reader ("i am a student from almaty")."""
        said = " ".join(words)
        return (not any(w in self._language.question_words for w in words)
                and any(said.startswith(p) for p in self._language.introductions))

    def whole(self, query: Query) -> float:
        """How close the whole input is to one example (0-100)."""
        if not query.folded or not self._texts:
            return 0.0
        return process.extractOne(query.folded, self._texts, scorer=fuzz.ratio)[1]

    def says_only(self, intent: str | None, query: Query) -> bool:
        """Whether an input uses a word only this intent uses ("thanks", "bye") and asks
        nothing: no question mark, no question word ("thanks, that was interesting")."""
        own = self._own.get(intent or "", frozenset())
        return (any(w in own for w in query.words) and "?" not in query.text
                and not any(w in self._language.question_words for w in query.words))
