"""What the tour could not answer: declined and unclear questions, grouped by similarity.

A question counts when its reply declined it (kind 'fallback') or asked which topic
was meant (kind 'clarify'). Questions are normalised the way the router sees them
(folded, stemmed, aliases replaced, function words dropped) and grouped greedily:
each joins the first group whose first question it matches with rapidfuzz's
token_set_ratio at or above THRESHOLD, or starts a new group. Groups come most
frequent first, each with the topic the tour found nearest, so an author sees what
to write next.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..engine.routing.query import Analyser
from ..engine.text import fold
from .store import SessionFile, Turn

THRESHOLD = 85.0
"""token_set_ratio (0-100) at or above which two questions share a group."""
KINDS = ("fallback", "clarify")


@dataclass(frozen=True)
class Asked:
    """One question the tour declined, could not place, or answered unsure (`tour review`)."""

    question: str
    kind: str
    """'fallback' (declined), 'clarify' (asked which was meant), or 'answer'."""
    session: str
    time: str
    nearest: str | None = None
    """The node the tour offered first, if any."""
    nearest_title: str = ""
    intent: str = ""
    score: float = 0.0
    node: str | None = None
    """The topic answered with, for an answer."""
    title: str = ""
    offered: tuple[str, ...] = ()
    """Every topic offered with a decline or a clarification, in order."""


@dataclass
class Group:
    """Similar questions, with the first one as the group's key."""

    key: str
    """The normalised text of the first question."""
    items: list[Asked] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def wordings(self) -> list[tuple[str, int]]:
        """Each distinct wording (case and punctuation aside) with how often it came, commonest first."""
        counts = Counter(fold(a.question) for a in self.items)
        first = {}
        for a in self.items:
            first.setdefault(fold(a.question), a.question)
        return [(first[k], n) for k, n in counts.most_common()]

    @property
    def nearest(self) -> tuple[str, str] | None:
        """(node id, title) offered most often for these questions, or None."""
        offered = Counter((a.nearest, a.nearest_title) for a in self.items if a.nearest)
        return offered.most_common(1)[0][0] if offered else None

    def kinds(self) -> dict[str, int]:
        return {kind: sum(a.kind == kind for a in self.items) for kind in KINDS}

    def to_dict(self) -> dict[str, Any]:
        near = self.nearest
        return {
            "count": self.count,
            "declined": self.kinds()["fallback"],
            "clarify": self.kinds()["clarify"],
            "nearest": {"node": near[0], "title": near[1]} if near else None,
            "questions": [{"text": text, "count": n} for text, n in self.wordings],
            "sessions": sorted({a.session for a in self.items}),
        }


def unanswered(records: list[SessionFile]) -> list[Asked]:
    """Every declined or unclear question in these sessions, in order."""
    return [_asked(turn, record.id) for record in records for turn in record.turns
            if turn.kind in KINDS and turn.input.strip()]


def _asked(turn: Turn, session: str) -> Asked:
    near = nearest_choice(turn)
    return Asked(turn.input.strip(), turn.kind, session, turn.time,
                 near.target.id if near else None, near.label if near else "")


def nearest_choice(turn: Turn):
    """The first topic offered with the reply; none for a decline that found nothing close."""
    if turn.kind == "fallback" and turn.score <= 0:
        return None
    return next((c for c in turn.choices if c.target.kind == "node"), None)


def normalise(text: str, analyser: Analyser | None = None) -> str:
    """The topic words of a question, as the router reads them (the tour's analyser,
    or plain English without one); the folded text if none."""
    if analyser is None:
        analyser = english_analyser()
    return " ".join(analyser.tokens(text)) or fold(text)


def english_analyser() -> Analyser:
    """An analyser of English with the shared lexicon and no tour terms."""
    from ..engine.language import english_language

    return Analyser(english_language())


def group(asked: list[Asked], *, analyser: Analyser | None = None,
          threshold: float = THRESHOLD) -> list[Group]:
    """Greedy grouping by similarity; the biggest group first (ties: first asked first)."""
    groups: list[Group] = []
    analyser = analyser or english_analyser()
    for item in asked:
        key = normalise(item.question, analyser)
        scores = [fuzz.token_set_ratio(key, g.key) for g in groups]
        best = max(range(len(groups)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= threshold:
            groups[best].items.append(item)
        else:
            groups.append(Group(key, [item]))
    return sorted(groups, key=lambda g: -g.count)


def report_dict(groups: list[Group], sessions: int) -> dict[str, Any]:
    """The --json shape."""
    return {
        "sessions": sessions,
        "questions": sum(g.count for g in groups),
        "threshold": THRESHOLD,
        "groups": [g.to_dict() for g in groups],
    }


def report_text(groups: list[Group], sessions: int) -> str:
    """The report for people, most frequent group first."""
    total = sum(g.count for g in groups)
    s = "s" * (sessions != 1)
    if not groups:
        return f"No declined or unclear questions in {sessions} session{s}."
    lines = [f"{total} question{'s' * (total != 1)} the tour declined or could not place, "
             f"in {sessions} session{s}, {len(groups)} group{'s' * (len(groups) != 1)}:"]
    for n, g in enumerate(groups, 1):
        lines += ["", f"{n}. {_counts(g)}"]
        lines += [f"   - {text}" + (f"  (\u00d7{n})" if n > 1 else "") for text, n in g.wordings]
        near = g.nearest
        lines.append(f"   nearest topic: {near[1]} [{near[0]}]" if near else "   nearest topic: none")
    return "\n".join(lines)


def _counts(g: Group) -> str:
    kinds = g.kinds()
    parts = [f"{kinds['fallback']} declined" if kinds["fallback"] else "",
             f"{kinds['clarify']} unclear" if kinds["clarify"] else ""]
    return f"asked {g.count} time{'s' * (g.count != 1)} ({', '.join(p for p in parts if p)})"
