"""Going through a review's groups one decision at a time: the review screen's state,
kept in a plain class so that it is tested without an app.

Each step decides the current group (an example of a suggested topic, a question the
text does not answer, or skipped) and moves to the next; undo takes the last step back.
Decisions are pending until written; a step already written cannot be undone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .decisions import Decision
from .questions import Group


@dataclass(frozen=True)
class Step:
    """One group decided: how (None: skipped)."""

    group: Group
    decision: Decision | None


class Walk:
    """The groups of a review, the steps taken through them, and which are written."""

    def __init__(self, groups: list[Group]) -> None:
        self.groups = groups
        self.steps: list[Step] = []
        self.written = 0
        """How many of the steps are written into the script."""

    @property
    def index(self) -> int:
        """The group shown now (0-based); len(groups) once every group is decided."""
        return len(self.steps)

    @property
    def current(self) -> Group | None:
        return self.groups[self.index] if self.index < len(self.groups) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def example(self, number: int) -> Decision | None:
        """The current question as an example of its suggested topic `number` (1-based);
        None (nothing done) where there is no such topic."""
        group = self.current
        if group is None or not 1 <= number <= len(group.suggested):
            return None
        return self._take(Decision(group.question, group.suggested[number - 1].node))

    def unanswered(self) -> Decision | None:
        """The current question as one the text does not answer (the tour's own list)."""
        group = self.current
        return None if group is None else self._take(Decision(group.question, unanswered=True))

    def skip(self) -> bool:
        """Leave the current question as it is; False when there is none."""
        if self.current is None:
            return False
        self.steps.append(Step(self.current, None))
        return True

    def undo(self) -> Step | None:
        """Take the last step back (not one already written); the step, or None."""
        if len(self.steps) <= self.written:
            return None
        return self.steps.pop()

    def _take(self, decision: Decision) -> Decision:
        assert self.current is not None
        self.steps.append(Step(self.current, decision))
        return decision

    def pending(self) -> list[Decision]:
        """The decisions not written yet, in the order taken."""
        return [s.decision for s in self.steps[self.written:] if s.decision is not None]

    def mark_written(self) -> None:
        """Every step so far is written."""
        self.written = len(self.steps)

    def counts(self) -> dict[str, int]:
        """How many steps made examples, unanswered questions, or skipped."""
        decided = [s.decision for s in self.steps]
        return {"examples": sum(1 for d in decided if d and not d.unanswered),
                "unanswered": sum(1 for d in decided if d and d.unanswered),
                "skipped": sum(1 for d in decided if d is None)}
