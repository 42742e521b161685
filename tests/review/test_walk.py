"""Going through the groups: one decision a step, undo, and what is pending."""

from __future__ import annotations

from tour.review.decisions import Decision
from tour.review.questions import Asked, Group, Suggestion
from tour.review.walk import Walk


def groups() -> list[Group]:
    def one(question: str, *topics: str) -> Group:
        return Group([Asked(question, "fallback", "s", "", intent="fallback", score=10.0)],
                     tuple(Suggestion(t, t.title(), 50.0) for t in topics))

    return [one("who painted it", "cape", "photo"), one("was there a cat"), one("how tall", "cape")]


def test_each_key_decides_one_group_and_moves_on():
    walk = Walk(groups())
    assert walk.example(2) == Decision("who painted it", "photo")
    assert walk.example(1) is None  # the second group suggests no topic: nothing done
    assert walk.index == 1
    assert walk.unanswered() == Decision("was there a cat", unanswered=True)
    assert walk.skip()
    assert walk.done and walk.current is None
    assert not walk.skip() and walk.unanswered() is None
    assert walk.pending() == [Decision("who painted it", "photo"), Decision("was there a cat", unanswered=True)]
    assert walk.counts() == {"examples": 1, "unanswered": 1, "skipped": 1}


def test_undo_takes_back_the_last_step_but_never_a_written_one():
    walk = Walk(groups())
    walk.example(1)
    walk.mark_written()
    walk.skip()
    assert walk.undo().decision is None and walk.index == 1
    assert walk.undo() is None and walk.index == 1  # written
    walk.unanswered()
    assert walk.pending() == [Decision("was there a cat", unanswered=True)]
    assert walk.undo().decision == Decision("was there a cat", unanswered=True)
    assert walk.pending() == []
