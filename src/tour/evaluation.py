"""Measuring routing on question sets (the dev set and our own).

A question set is YAML: `single:` questions, each with the source `lines` that answer
it (`[]` for out of scope or chat), a `style`, and optional `partial` lines; and
`multi:` dialogues whose turns go through one session. The rules:

* in scope: right when the reply is an answer citing an acceptable line, and citing
  at most three paragraphs (an answer citing more proves nothing);
* out of scope: right when declined (a fallback); an answer citing a `partial` line
  is right too;
* chat: right when the reply is small talk.

Used by the test suite (regression floors) and by benchmarks/ (the full table).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .engine.reply import Reply
from .engine.routing import Router
from .engine.script import Tour
from .engine.session import Session

MAX_CITED = 3


@dataclass(frozen=True)
class Question:
    q: str
    lines: frozenset[int]
    style: str
    partial: frozenset[int] = frozenset()

    @property
    def in_scope(self) -> bool:
        return bool(self.lines)

    @property
    def group(self) -> str:
        if self.in_scope:
            return "in_scope"
        return "chat" if self.style == "chat" else "out_of_scope"


@dataclass(frozen=True)
class Dialogue:
    name: str
    turns: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    name: str
    single: tuple[Question, ...]
    multi: tuple[Dialogue, ...]


def load_questions(path: str | Path) -> QuestionSet:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}

    def question(item: dict[str, Any], style: str = "followup") -> Question:
        return Question(str(item["q"]), frozenset(item.get("lines") or ()),
                        str(item.get("style", style)), frozenset(item.get("partial") or ()))

    single = tuple(question(item) for item in data.get("single") or ())
    multi = tuple(
        Dialogue(str(d.get("name", f"dialogue-{i}")), tuple(question(t) for t in d["turns"]))
        for i, d in enumerate(data.get("multi") or ())
    )
    return QuestionSet(Path(path).stem, single, multi)


def cited(reply: Reply) -> set[int]:
    return {c.paragraph for c in reply.citations}


def is_right(question: Question, reply: Reply) -> bool:
    """Whether a reply is right for a question, by the rules above."""
    paragraphs = cited(reply)
    answered = reply.kind == "answer" and 0 < len(paragraphs) <= MAX_CITED
    if question.in_scope:
        return answered and bool(paragraphs & question.lines)
    if question.style == "chat":
        return reply.kind == "chat"
    if reply.kind == "fallback":
        return True
    return answered and bool(paragraphs & question.partial)


@dataclass
class Outcome:
    question: Question
    reply: Reply
    right: bool


@dataclass
class Report:
    """Results of one question set."""

    name: str
    singles: list[Outcome] = field(default_factory=list)
    turns: list[Outcome] = field(default_factory=list)

    def rate(self, outcomes: list[Outcome]) -> float | None:
        return sum(o.right for o in outcomes) / len(outcomes) if outcomes else None

    def metrics(self) -> dict[str, Any]:
        ins = [o for o in self.singles if o.question.in_scope]
        far = [o for o in self.singles if o.question.style == "oos_far"]
        near = [o for o in self.singles if o.question.style == "oos_near"]
        chat = [o for o in self.singles if o.question.style == "chat"]
        by_style: dict[str, list[Outcome]] = defaultdict(list)
        for o in ins:
            by_style[o.question.style].append(o)
        return {
            "set": self.name,
            "in_scope": self.rate(ins),
            "in_scope_n": len(ins),
            "by_style": {s: self.rate(v) for s, v in sorted(by_style.items())},
            "oos_far_declined": self.rate(far),
            "oos_near_declined": self.rate(near),
            "oos_declined": self.rate(far + near),
            "oos_n": len(far) + len(near),
            "false_declines": (sum(o.reply.kind == "fallback" for o in ins) / len(ins)) if ins else None,
            "clarify_rate": (sum(o.reply.kind == "clarify" for o in ins) / len(ins)) if ins else None,
            "chat": self.rate(chat),
            "followups": self.rate(self.turns),
            "followups_n": len(self.turns),
        }

    def failures(self) -> list[Outcome]:
        return [o for o in self.singles + self.turns if not o.right]


def evaluate(tour: Tour, questions: QuestionSet, router: Router | None = None) -> Report:
    """Ask every single question in a fresh session, and play every dialogue."""
    if router is None:
        from .cache import router as cached_router

        router = cached_router(tour)
    report = Report(questions.name)
    for q in questions.single:
        reply = Session(tour, router).ask(q.q)
        report.singles.append(Outcome(q, reply, is_right(q, reply)))
    for dialogue in questions.multi:
        session = Session(tour, router)
        for i, turn in enumerate(dialogue.turns):
            reply = session.ask(turn.q)
            if i:  # the first turn sets the context; the later ones are the follow-ups
                report.turns.append(Outcome(turn, reply, is_right(turn, reply)))
    return report
