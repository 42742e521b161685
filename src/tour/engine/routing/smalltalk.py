"""Small talk: telling "thanks!", "hi", "who are you?" from a question about the text.

The tour's `chat:` intents (hello, thanks, help, about, topics, bye) each come with
example phrases. An input is small talk when it is close to one example as a whole
("thank you!" ~ "thank you"), or when it uses an intent's words and little else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from .script import ChatIntent
from .text import GREETING_WORDS, STOP_WORDS, fold, stem

MAX_INPUT = 200
"""Characters of an input looked at; small talk is short."""
QUESTION_WORDS = frozenset("what when where who whom whose why how which".split())


class SmallTalk:
    """Built once per tour from its chat intents."""

    def __init__(self, intents: Iterable[ChatIntent], topical: Callable[[str], bool]):
        """`topical` says whether a (stemmed) word is one the tour uses for its topics."""
        self._topical = topical
        self._examples = [(i.id, fold(e)) for i in intents for e in i.examples]
        self._texts = [text for _, text in self._examples]
        self._vocab = {
            intent_id: frozenset(w for i, text in self._examples if i == intent_id for w in text.split())
            for intent_id, _ in self._examples
        }
        # The words only one intent uses ("thanks", "bye", "ask"): the telling ones.
        self._own = {
            intent_id: frozenset(
                w for w in vocab
                if sum(w in v for v in self._vocab.values()) == 1
                and (w not in STOP_WORDS or w in GREETING_WORDS)
            )
            for intent_id, vocab in self._vocab.items()
        }
        # Whole examples of one or two letters ("hi", "ty") still count as words.
        self._short = frozenset(t for t in self._texts if len(t) <= 2)

    def score(self, text: str) -> tuple[str | None, float]:
        """The intent an input is, and how sure (0-100).

        Either the whole input is close to one example ("thank you!" ~ "thank you"), or
        it shares words with an intent's examples and has little else: each word of the
        input that is not an intent's word counts against it, a word the tour uses for
        its topics twice as much. Words of one or two letters count for nothing, so "a"
        or "it" alone is not small talk.
        """
        folded = fold(text[:MAX_INPUT])
        if not folded or not self._examples:
            return None, 0.0
        _, whole, i = process.extractOne(folded, self._texts, scorer=fuzz.ratio)
        best_id, best = self._examples[i][0], float(whole)
        words = [w for w in folded.split() if len(w) >= 3 or w in self._short]
        for intent_id, vocab in self._vocab.items():
            own = self._own[intent_id]
            shared = sum(1.5 for w in words if w in vocab and w in own)
            shared_stop = sum(1 for w in words if w in vocab and w not in own)
            against = sum(2.0 if self._topical(stem(w)) else 0.5
                          for w in words if w not in vocab and w not in STOP_WORDS)
            against += sum(0.25 for w in words if w not in vocab and w in STOP_WORDS)
            if not shared and (shared_stop < 3 or against):
                continue  # "where is it?" shares only common words with the examples
            shared += 0.5 * shared_stop
            score = 100.0 * shared / (shared + against)
            if score > best:
                best_id, best = intent_id, score
        return best_id, best

    def whole(self, text: str) -> float:
        """How close the whole input is to one example (0-100)."""
        folded = fold(text[:MAX_INPUT])
        if not folded or not self._texts:
            return 0.0
        return process.extractOne(folded, self._texts, scorer=fuzz.ratio)[1]

    def says_only(self, intent: str | None, text: str) -> bool:
        """Whether an input uses a word only this intent uses ("thanks", "bye") and asks
        nothing: no question mark, no question word ("thanks, that was interesting")."""
        words = fold(text[:MAX_INPUT]).split()
        own = self._own.get(intent or "", frozenset())
        return (any(w in own for w in words) and "?" not in text
                and not any(w in QUESTION_WORDS for w in words))
