"""The questions a class asked that the tour could not answer well: picked from the
session records, grouped, each group with the topics the tour suggests now.

A turn is reviewed when the tour declined it (kind 'fallback': a decline, an answer
"not exactly", a question the script lists as one the text does not answer), asked
which topic was meant ('clarify'), or answered a question (intent 'question', 'detour'
or 'again') with a score below LOW_CONFIDENCE. Small talk, commands and choices are
never reviewed, nor a question the script already holds (as an example or an
`unanswered` entry, wording folded).

Alike questions share a group: the same wording once folded (case, accents,
punctuation), or close by rapidfuzz's ratio (a typo, a word more or less). Groups come
most asked first. Each is routed again by the tour as it is now: its best candidates
are the suggested topics.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from ..engine.reply import Citation, Reply
from ..engine.routing import Router
from ..engine.script import Tour
from ..engine.text import fold
from ..errors import TourError
from ..records.report import Asked
from ..records.store import RecordsError, SessionFile, Turn, list_sessions, read_session

LOW_CONFIDENCE = 60.0
"""An answer to a question scored below this (the router's 0-100) is reviewed."""
CLOSE = 90.0
"""rapidfuzz ratio (0-100) of two folded wordings at or above which they share a group."""
SUGGESTED = 5
"""Topics suggested for a group, best first."""
ASKED = ("question", "detour", "again")
"""The intents of an answer to a question typed by the reader (not a command or a choice)."""
NAMED = 5
"""Ids named in a note before the rest are counted."""


class ReviewError(TourError):
    """Nothing to review, or a review that cannot be written; the message says why."""

    title = "Review"


def asked(turn: Turn, session: str) -> Asked:
    """A recorded turn as a question to review."""
    offered = tuple(c.target.id for c in turn.choices if c.target.kind == "node") if turn.kind != "answer" else ()
    return Asked(clean(turn.input), turn.kind, session, turn.time, offered[0] if offered else None,
                 intent=turn.intent, score=turn.score, node=turn.node, title=turn.title, offered=offered)


def clean(text: str) -> str:
    """A question as one line: control characters dropped, runs of spaces made one."""
    kept = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return " ".join(kept.split())


def to_review(turn: Reply) -> bool:
    """Whether a recorded reply is one the teacher should see."""
    if not clean(turn.input):
        return False
    if turn.kind in ("fallback", "clarify"):
        return True
    return turn.kind == "answer" and turn.intent in ASKED and turn.score < LOW_CONFIDENCE


@dataclass(frozen=True)
class Replied:
    """What the tour replied to some of a group's questions, and how often."""

    kind: str
    intent: str
    node: str | None
    title: str
    score: float
    """The mean score of those replies."""
    count: int
    offered: tuple[str, ...] = ()
    """The topics offered the first time (for a decline or a clarification)."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "intent": self.intent, "node": self.node, "title": self.title,
                "score": round(self.score, 1), "count": self.count, "offered": list(self.offered)}

    def describe(self, titles: dict[str, str]) -> str:
        """In words: 'declined', 'asked which was meant: A, B', 'answered with “T” (45)'."""
        named = ", ".join(f"\u201c{titles.get(n, n)}\u201d" for n in self.offered[:3])
        if self.kind == "clarify":
            said = f"asked which was meant: {named}" if named else "asked which was meant"
        elif self.kind == "fallback":
            said = {"unanswered": "declined (a question the script lists as unanswered)",
                    "not-exactly": "answered \u201cnot exactly\u201d"}.get(self.intent, "declined")
            said += f", offering {named}" if named else ""
        else:
            said = f"answered with \u201c{titles.get(self.node or '', self.title)}\u201d (score {self.score:.0f})"
        return said + (f" \u00d7{self.count}" if self.count > 1 else "")


@dataclass(frozen=True)
class Suggestion:
    """A topic the tour suggests for a question now."""

    node: str
    title: str
    score: float


@dataclass
class Group:
    """Alike questions, with the topics the tour suggests for them now."""

    items: list[Asked]
    suggested: tuple[Suggestion, ...] = ()
    now: str = ""
    """What the tour decides for the question now: 'answer', 'clarify', 'fallback',
    'chat' ('' before suggest())."""
    now_node: str | None = None
    """The topic it would answer with now, for 'answer'."""
    now_score: float = 0.0
    now_quote: Citation | None = None
    """For 'answer': the passage it would quote now, the sentences that answer marked
    (Citation.focus), for the teacher to judge."""

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def sessions(self) -> int:
        return len({a.session for a in self.items})

    @property
    def wordings(self) -> list[tuple[str, int]]:
        """Each distinct wording (folded alike) as first typed, with how often; commonest
        first, then first asked first."""
        counts = Counter(_key(a.question) for a in self.items)
        first: dict[str, str] = {}
        for a in self.items:
            first.setdefault(_key(a.question), a.question)
        order = list(first)
        return [(first[k], counts[k]) for k in sorted(order, key=lambda k: (-counts[k], order.index(k)))]

    @property
    def question(self) -> str:
        """The group's question: its commonest wording."""
        return self.wordings[0][0]

    def replies(self) -> list[Replied]:
        """What the tour replied, by kind, intent and topic; the commonest first."""
        seen: dict[tuple[str, str, str | None], list[Asked]] = {}
        for a in self.items:
            seen.setdefault((a.kind, a.intent, a.node), []).append(a)
        out = [Replied(kind, intent, node, same[0].title, sum(a.score for a in same) / len(same),
                       len(same), same[0].offered)
               for (kind, intent, node), same in seen.items()]
        return sorted(out, key=lambda r: -r.count)

    def to_dict(self) -> dict[str, Any]:
        """One object of `tour review --json`."""
        return {
            "question": self.question,
            "count": self.count,
            "sessions": self.sessions,
            "members": [{"question": text, "count": n} for text, n in self.wordings],
            "replied": [r.to_dict() for r in self.replies()],
            "suggested": [s.node for s in self.suggested],
            "topics": [{"id": s.node, "title": s.title, "score": round(s.score, 1)} for s in self.suggested],
            "now": {"kind": self.now, "node": self.now_node, "score": round(self.now_score, 1)},
        }


def _key(question: str) -> str:
    """A wording folded (case, accents, punctuation), for telling wordings apart."""
    return fold(question) or question.casefold()


def picked(records: list[SessionFile]) -> list[Asked]:
    """Every question to review in these sessions, in the order asked."""
    return [asked(turn, record.id) for record in records for turn in record.turns if to_review(turn)]


def group(asked: list[Asked]) -> list[Group]:
    """Alike questions together (greedily, each against the first wording of each group);
    the most asked group first, then the first asked first."""
    groups: list[Group] = []
    keys: list[str] = []
    exact: dict[str, int] = {}
    for item in asked:
        key = _key(item.question)
        index = exact.get(key)
        if index is None:
            near = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=CLOSE)
            index = near[2] if near else None
        if index is None:
            index = len(groups)
            groups.append(Group([]))
            keys.append(key)
        exact.setdefault(key, index)
        groups[index].items.append(item)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(groups, key=lambda g: (-g.count, order[id(g)]))


def suggest(groups: list[Group], tour: Tour, router: Router, limit: int = SUGGESTED) -> None:
    """Route each group's question with the tour as it is now: its best candidates (that
    the tour still has) become the group's suggested topics."""
    for g in groups:
        route = router.route(g.question)
        topics = [c for c in route.candidates if c.node in tour.nodes and c.score > 0]
        g.suggested = tuple(Suggestion(c.node, tour.nodes[c.node].title, c.score) for c in topics[:limit])
        g.now, g.now_score = route.decision, route.score
        g.now_node = route.best.node if route.decision == "answer" and route.best else None
        if g.now_node is not None:
            cited = tour.citations(tour.nodes[g.now_node], route.focus)
            g.now_quote = next((c for c in cited if c.focus), cited[0] if cited else None)


def known(tour: Tour) -> dict[str, str]:
    """Every question the script already holds, folded, with where it stands
    ('an example of \u2018x\u2019', 'an unanswered question')."""
    where: dict[str, str] = {}
    for node in tour.nodes.values():
        for text in node.examples:
            where.setdefault(_key(text), f"an example of '{node.id}'")
        for text in node.unanswered:
            where.setdefault(_key(text), f"an unanswered question of '{node.id}'")
    for text in tour.unanswered:
        where.setdefault(_key(text), "an unanswered question of the tour")
    for intent in tour.chat:
        for text in intent.examples:
            where.setdefault(_key(text), f"an example of the small talk '{intent.id}'")
    return where


@dataclass
class Review:
    """What a class left to review for one tour."""

    tour: Tour
    data_dir: Path
    groups: list[Group] = field(default_factory=list)
    sessions: int = 0
    notes: list[str] = field(default_factory=list)
    """For people: damaged lines skipped, sessions of other tours, topics gone since."""


def gather(tour: Tour, data_dir: str | Path, router: Router) -> Review:
    """Read the class's sessions of this tour from `data_dir` and group what to review.

    ReviewError when there is no session of this tour to read (the message says what
    was found instead); damaged lines and sessions of other tours are noted.
    """
    folder = Path(data_dir)
    review = Review(tour, folder)
    paths = list_sessions(folder)
    if not paths:
        raise ReviewError(f"no sessions recorded in {folder}: give --data-dir the folder the class "
                          "was recorded in (`tour serve --data-dir DIR` puts them there)")
    records, others = [], Counter()
    for path in paths:
        try:
            record = read_session(path)
        except RecordsError as exc:
            review.notes.append(f"skipped: {exc}")
            continue
        review.notes += record.problems
        if record.header.tour_id == tour.id:
            records.append(record)
        else:
            others[record.header.tour_id or "an unknown tour"] += 1
    if others:
        listed = ", ".join(f"{name} ({n})" for name, n in others.most_common(NAMED))
        review.notes.append(f"{sum(others.values())} sessions of other tours skipped: {listed}")
    if not records:
        raise ReviewError(f"none of the {len(paths)} sessions in {folder} is of the tour '{tour.id}' "
                          f"({tour.path}): give --script the tour the class used")
    review.sessions = len(records)
    asked = picked(records)
    gone = sorted({n for a in asked for n in (a.node, *a.offered) if n and n not in tour.nodes})
    if gone:
        review.notes.append(f"the script has changed since the class: {_named(gone)} "
                            f"{'is' if len(gone) == 1 else 'are'} no longer in it; the suggested "
                            "topics come from the script as it is now")
    held = known(tour)
    fresh = [a for a in asked if _key(a.question) not in held]
    if len(fresh) < len(asked):
        n = len(asked) - len(fresh)
        review.notes.append(f"{n} question{'s' * (n != 1)} already in the script (as examples or "
                            "unanswered) left out")
    review.groups = group(fresh)
    suggest(review.groups, tour, router)
    return review


def _named(ids: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:NAMED])
    more = len(ids) - NAMED
    return f"topic{'s' * (len(ids) != 1)} {shown}" + (f" and {more} more" if more > 0 else "")
