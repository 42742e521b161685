"""Calibration: the decision thresholds, derived from each tour's own data.

When a router is built, it asks itself questions whose right outcome it knows:

* positives: a few of each topic's example questions, held out of a second index
  built without them, so they are questions the tour has never seen. (A positive
  answered with another topic is a ranking miss and is left out. Questions made from
  the passages' own sentences were tried as positives for topics with few examples:
  they explain themselves wholly, bound nothing, and changed no figure, so they went.)
* negatives: the script's `unanswered` questions (on topic, but the text is silent)
  and the language's off-topic questions (the same for every tour).

The answer threshold sits just above what all but a few negatives reach, unless that
would decline more than a few positives (see `_threshold`). So one code path fits a
tour with 0, 3 or 40 examples per topic; a script's `routing:` values override what
is derived.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..script import Tour
from .index import Reading, build_index
from .model import Model
from .query import Analyser
from .scoring import Scorer
from .verify import Verifier

if TYPE_CHECKING:
    from .decision import Router

_T = TypeVar("_T")

@dataclass(frozen=True)
class Thresholds:
    """What decides, on the confidence scale (0-100)."""

    answer: float
    """At or above: answer."""
    near: float
    """Below `answer` but at or above this: declined as a near miss."""
    chat: float
    """Small talk at or above this."""
    unanswered: float
    """Percent of an `unanswered` question's new words a question must share."""
    margin: float
    """Rivals within this share of the best ranking may be offered together."""
    positives: int = 0
    negatives: int = 0
    """How many questions the calibration asked (0 where the script set the value)."""


@dataclass(frozen=True)
class Sample:
    """One calibration question: the confidence it was answered with, and whether answering is right."""

    confidence: float
    right: bool
    """Answering would be right."""
    weight: float = 1.0


def needs_samples(tour: Tour, model: Model) -> bool:
    """Whether calibrating this tour asks itself questions (the script sets no answer threshold)."""
    return tour.routing.answer is None and model.use_calibration


def calibrate(router: Router, held: Callable[[], list[Sample]]) -> Thresholds:
    """The thresholds for a router's tour: the script's where it sets them, the rest
    derived from the tour's own data. `held` gives the held-out examples' samples
    (held_out_samples), which the build may have started in another process; it is
    called only where the tour needs samples."""
    m, tour = router.model, router.tour
    set_by_script = tour.routing
    answer = set_by_script.answer
    positives = negatives = 0
    if needs_samples(tour, m):
        off = _negatives(router)  # first: meanwhile another process may take the positives
        samples = held() + off
        positives = sum(s.right for s in samples)
        negatives = len(samples) - positives
        answer = _threshold(samples, m)
    elif answer is None:
        answer = m.fallback_answer
    near = set_by_script.near if set_by_script.near is not None else max(0.0, answer - 100 * m.near_band)
    return Thresholds(
        answer=answer,
        near=min(near, answer),
        chat=set_by_script.chat if set_by_script.chat is not None else m.chat_threshold,
        unanswered=(set_by_script.unanswered if set_by_script.unanswered is not None
                    else m.unanswered_fit),
        margin=set_by_script.margin / 100.0 if set_by_script.margin is not None else m.clarify_margin,
        positives=positives,
        negatives=negatives,
    )


def _spread(items: list[_T], limit: int) -> list[_T]:
    """At most `limit` items, spread evenly over the list."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def held_out(tour: Tour, model: Model) -> dict[str, frozenset[int]]:
    """Which examples of each topic to hold out: up to `held_out_per_topic`, evenly
    spaced, and never more than half of a topic's examples (rounded up)."""
    k = model.held_out_per_topic
    out = {}
    for node in tour.nodes.values():
        n = len(node.examples)
        take = min(k, (n + 1) // 2)
        if take:
            out[node.id] = frozenset(int((j + 0.5) * n / take) for j in range(take))
    return out


def held_out_samples(tour: Tour, analyser: Analyser, reading: Reading, english: Mapping[str, int],
                     m: Model, related: Mapping[str, tuple[str, ...]] | None = None) -> list[Sample]:
    """The positives: held-out examples, ranked by an index built without them (a
    positive ranked wrong is left out). Needs only the tour read (and the analyser
    taught the tour's words), so a build may start it before its own index."""
    hold = held_out(tour, m)
    if not hold:
        return []
    index = build_index(tour, analyser, m, held_out=hold, reading=reading, related=related)
    scorer = Scorer(tour, index, analyser, english, m)
    verifier = Verifier(index, scorer, m)
    held = [(node.examples[j], node.id) for node in tour.nodes.values() for j in sorted(hold.get(node.id, ()))]
    asked = _spread(held, m.calibration_limit)  # before reading them: a big tour holds out thousands
    samples = []
    for text, topic in asked:
        q = analyser.analyse(text)
        ranked = scorer.rank(q)
        if ranked and index.same_passage(ranked[0].topic, topic):  # a positive ranked wrong is left out
            samples.append(Sample(100.0 * verifier.confidence(verifier.read(q, ranked)), True))
    return samples


def _negatives(router: Router) -> list[Sample]:
    """The script's `unanswered` questions and the language's off-topic ones, ranked
    by the router's own index."""
    m, tour, analyser = router.model, router.tour, router.analyser
    negatives = [(q, m.unanswered_weight) for _, q in tour.unanswered_questions()]
    if m.use_offtopic and tour.language is not None:
        negatives += [(q, 1.0) for q in tour.language.offtopic]
    samples = []
    verifier = router.verifier
    for text, weight in _spread(negatives, m.calibration_limit):
        q = analyser.analyse(text)
        confidence = verifier.confidence(verifier.read(q, router.scorer.rank(q)))
        samples.append(Sample(100.0 * confidence, False, weight))
    return samples


def _quantile(samples: list[Sample], share: float) -> float:
    """The confidence below which `share` of the samples' weight lies."""
    ordered = sorted(samples, key=lambda s: s.confidence)
    total = sum(s.weight for s in ordered)
    seen = 0.0
    for s in ordered:
        seen += s.weight
        if seen >= share * total:
            return s.confidence
    return ordered[-1].confidence


def _threshold(samples: list[Sample], m: Model) -> float:
    """The answer threshold: just above what all but a few negatives reach, and never
    above what all but a few positives reach.

    Off-topic and unanswered questions seldom explain as much of themselves as the
    text's own questions do; the threshold is set where only `negative_share` of them
    would be answered, unless that would decline more than `positive_share` of the
    held-out positives.
    """
    pos = [s for s in samples if s.right]
    neg = [s for s in samples if not s.right and s.weight > 0]
    if not pos and not neg:
        return m.fallback_answer
    if not neg:
        return max(m.answer_floor, min(100.0, _quantile(pos, m.positive_share)))
    threshold = _quantile(neg, 1.0 - m.negative_share) + m.threshold_step
    if not pos:  # nothing to weigh the off-topic questions' long tail against
        threshold = min(threshold, m.answer_ceiling)
    else:
        # A few positives say little: their bound moves the threshold as far as their
        # number warrants (all the way with many).
        bound = _quantile(pos, m.positive_share)
        if bound < threshold:
            trust = len(pos) / (len(pos) + m.positive_prior)
            threshold -= trust * (threshold - bound)
    return max(m.answer_floor, min(100.0, threshold))
