"""Verifying: whether the passage ranking found says what was asked.

Ranking finds the topic most like a question, with a confidence of its own (`ranking`:
the share of the question its words explain, or its closeness to an example); it
cannot tell "when was the House of Scientists built?" (the passage gives the year)
from "how tall is the House of Scientists?" (it gives no height). The verifier reads
the best candidate against the question and weighs, besides the ranking's confidence,
the signals that earned their place on held-out tuning tours (benchmarks/fit_verifier.py
--ablate):

* whether the question's own words stand together in one sentence of the passage
  (`together`): an answer usually stands in one;
* what the question names that the text never mentions, "wifi", "president"
  (`unknown`; the language's related words count for their share);
* closeness to an authored example (`example`) or to a question the script lists as
  `unanswered` (`listed`);
* whether it speaks to the guide ("can you keep a secret?": `addressed`) or of the
  reader ("what should I buy my dad?": `personal`), as questions about a text seldom do.

Tried and dropped, each for no gain in held-out AUC (benchmarks/README.md, "The verifier's
signals"): whether the passage holds the kind of answer asked for (a year for "when",
a size for "how tall"; it still guides the focus), how much the question says at all,
whether it leans on the last topic, the margin to the next passage and its ranking,
the share the passage says apart from its examples, the share its title and keywords
say, the raw similarity to the nearest example, the share of a follow-up's own
words said; later (2026-12-07) the heaviest question word the passage or its best
sentence lacks, the share of the question's words missing, `said` itself, question
word pairs standing together, and whether the first question word stands in the best
sentence. (The crisp form of "the kind of answer asked for" does help, as a rule rather
than a signal: decision.py's `needs`.)

One logistic model combines them into the probability that the passage answers; each
tour then calibrates where it answers (calibration.py). The verifier also marks the
answering sentences (`focus`), which front-ends emphasise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..reply import Focus
from .index import TopicIndex, phrase_of
from .model import MODEL, Model
from .query import Query
from .scoring import Scored, Scorer, Sentence

SIGNALS = ("ranking", "together", "unknown", "example", "listed", "addressed", "personal")
"""The verifier's signals, in the order of the model's weights."""

SIGNAL_SWITCH = {"together": "together", "unknown": "unknown", "example": "closeness", "listed": "closeness",
                 "addressed": "addressed", "personal": "addressed"}
"""Which `use_*` switch of the model turns each signal off (for the ablation); the
ranking's confidence is always read."""


@dataclass(frozen=True)
class Evidence:
    """What the verifier read of one question against its best candidate."""

    topic: str
    signals: tuple[float, ...]
    """In SIGNALS order."""
    focus: Focus | None
    said: float
    """Share (0-1) of the question's information the passage, title and chapter say
    (what decides between "not exactly" and a plain decline)."""
    information: float
    """The question's information, in unseen words."""
    plain: bool = False
    """A question with no information of its own ("what is this all about?"): only the
    ranking's confidence (its closeness to an example) speaks for the passage."""

    def signal(self, name: str) -> float:
        """One signal by name."""
        return self.signals[SIGNALS.index(name)]


class Verifier:
    """Built once per router; reading a question is then cheap (one topic's sentences)."""

    def __init__(self, index: TopicIndex, scorer: Scorer, model: Model = MODEL):
        self.index = index
        self.scorer = scorer
        self.model = model
        on = {name: getattr(model, f"use_{switch}") for name, switch in SIGNAL_SWITCH.items()}
        self._weights = tuple(w if on.get(name, True) else 0.0 for name, w in zip(SIGNALS, model.verifier))
        self._listed: tuple[str, tuple[float, int] | None] | None = None

    def read(self, q: Query, ranked: Sequence[Scored], extra: Mapping[str, float] | None = None) -> Evidence | None:
        """The evidence for the best of `ranked` (None where nothing was ranked)."""
        if not ranked:
            return None
        idx, m = self.index, self.model
        best = ranked[0]
        ranking = best.confidence / 100.0
        i = idx.position(best.topic)
        weights = self.scorer.informed(q, extra)
        total = sum(weights.values())
        if total <= 0 or best.whole:
            return Evidence(best.topic, (ranking,) + (0.0,) * (len(SIGNALS) - 1), None, 0.0, 0.0, plain=True)
        related = idx.related
        alternatives = {t: related.get(t, ()) for t in weights}

        def degree(t: str, present: Callable[[str], bool]) -> float:
            """How far a question word is there: 1 as itself, else its nearest related word's share."""
            if present(t):
                return 1.0
            return max((f for r, f in alternatives[t] if present(r)), default=0.0)

        explained = idx.explained
        said = sum(w * degree(t, lambda x: i in explained.get(x, ())) for t, w in weights.items()) / total
        # What the question says itself (a follow-up's own words, without the last topic's)
        # is what must stand in the passage, together.
        own = {t: w for t, w in weights.items() if t in q.tokens} if extra else weights
        own = own or weights
        own_total = sum(own.values())
        unknown = sum(w * (1.0 - degree(t, idx.idf.__contains__)) for t, w in own.items()) / own_total
        sentences = self.scorer.sentences(i) if m.use_passages else []

        own_alternatives = [(t, w, alternatives[t]) for t, w in own.items()]
        read: dict[int, dict[str, float]] = {}

        def found(s: Sentence) -> dict[str, float]:
            """Each of the question's own words' weight times how far sentence `s` holds it."""
            out = read.get(id(s))
            if out is None:
                counts = s.counts
                out = read[id(s)] = {
                    t: w * (1.0 if t in counts else max((f for r, f in alts if r in counts), default=0.0))
                    for t, w, alts in own_alternatives}
            return out

        shares = [sum(found(s).values()) / own_total for s in sentences]
        together = max(shares, default=0.0)
        asked = q.kinds & self.scorer.analyser.language.answers.keys()
        focus = _focus(sentences, shares, found, own_total, asked, m)
        example = max(0.0, best.phrase - m.example_floor) / (1.0 - m.example_floor)
        listed = 0.0
        if idx.gap_phrases and m.use_phrase:
            # as close to a listed question as an example would be, and closer than any is
            floor = max(best.phrase, m.example_floor)
            near = self.nearest_listed(phrase_of(q.tokens, q.kinds))
            if near is not None and near[0] >= 100.0 * floor:
                listed = max(0.0, near[0] / 100.0 - floor) / (1.0 - m.example_floor)
        information = total / idx.unseen_idf
        language = self.scorer.analyser.language
        words = set(q.words)
        signals = (ranking, together, unknown, example, listed, 1.0 if words & language.guide_words else 0.0,
                   1.0 if words & language.self_words else 0.0)
        return Evidence(best.topic, signals, focus, said, information)

    def nearest_listed(self, phrase: str) -> tuple[float, int] | None:
        """The question listed as `unanswered` nearest a question's phrase (phrase_of):
        its similarity (0-100) and position in the index's `gaps`, where it is at least
        as close as the verifier or the decision reads (`example_floor`, `gap_example`).
        Remembered for the last phrase: the verifier and the decision both ask."""
        memo = self._listed
        if memo is not None and memo[0] == phrase:
            return memo[1]
        m = self.model
        found = process.extractOne(phrase, self.index.gap_phrases, scorer=fuzz.ratio,
                                   score_cutoff=min(100.0 * m.example_floor, m.gap_example))
        near = (found[1], found[2]) if found is not None else None
        self._listed = (phrase, near)
        return near

    def confidence(self, evidence: Evidence | None) -> float:
        """The probability (0-1) that the passage answers the question."""
        if evidence is None:
            return 0.0
        if evidence.plain or not self.model.use_verifier:
            return evidence.signal("ranking")
        z = self.model.verifier_bias + sum(w * x for w, x in zip(self._weights, evidence.signals))
        return 1.0 / (1.0 + math.exp(-z))


def _focus(sentences: list[Sentence], shares: list[float], found: Callable[[Sentence], dict[str, float]],
           total: float, asked: frozenset[str], m: Model) -> Focus | None:
    """The sentence that answers, where one stands out: it holds at least `focus_share`
    of the question, more than any other sentence; with the sentence before or after it
    where that one holds what it lacks ("One example is the House of Scientists. Built
    in 1950 by ..."): a further `focus_gain` of the question, or the answer asked for.
    A passage of one sentence has no focus (it is all answer)."""
    if len(sentences) < 2:
        return None
    order = sorted(range(len(shares)), key=lambda k: (-shares[k], k))
    top = order[0]
    if shares[top] < m.focus_share or shares[top] <= shares[order[1]]:
        return None
    first = last = top
    mine = found(sentences[top])

    def gain(k: int) -> float:
        return sum(max(0.0, w - mine.get(t, 0.0)) for t, w in found(sentences[k]).items()) / total

    lacks = bool(asked) and not (sentences[top].answers & asked)
    near = [k for k in (top - 1, top + 1) if 0 <= k < len(sentences) and sentences[k].quote == sentences[top].quote]
    best = max(near, key=lambda k: (gain(k), -abs(k - top)), default=None)
    if best is not None and (gain(best) >= m.focus_gain or (lacks and sentences[best].answers & asked)):
        first, last = min(top, best), max(top, best)
    return Focus(sentences[top].quote, sentences[first].start, sentences[last].end)
