"""benchmarks/review.py decides as a teacher who knows the text: a question becomes an
example of a topic quoting its lines (a suggested one first), or unanswered; the
figures are the benchmark's job."""

from __future__ import annotations

import sys
from pathlib import Path

from tour.evaluation import Question
from tour.review.decisions import Decision
from tour.review.questions import Asked, Group, Suggestion

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import review as bench  # noqa: E402


def group(question: str, *suggested: str) -> Group:
    return Group([Asked(question, "fallback", "s", "")], tuple(Suggestion(n, n, 50.0) for n in suggested))


def test_a_teacher_decides_from_the_answering_lines(lighthouse):
    known = {q.q: q for q in [Question("who painted it", frozenset({2}), "paraphrase"),
                              Question("what did they grow", frozenset({5}), "paraphrase"),
                              Question("was there a cat", frozenset(), "oos_near")]}
    groups = [group("who painted it", "photo", "cape"), group("what did they grow", "cape"),
              group("was there a cat", "cape"), group("not one of the class's", "cape")]
    assert bench.decide(lighthouse, groups, known) == [
        Decision("who painted it", "cape"),  # the suggested topic that quotes line 2
        Decision("what did they grow", "keepers-food"),  # none suggested quotes line 5: the one that does
        Decision("was there a cat", unanswered=True)]


def test_the_halves_are_alike_in_style():
    questions = [Question(f"q{i}", frozenset({i}), style) for i, style in enumerate("aabbbc")]
    taught, measured = bench.halves(questions)
    assert [q.style for q in taught] == ["a", "b", "b"] and [q.style for q in measured] == ["a", "b", "c"]
