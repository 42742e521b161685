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

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .engine.files import read_text
from .engine.reply import Reply
from .engine.routing import Router
from .engine.script import Tour
from .engine.session import Session
from .errors import LocatedError

MAX_CITED = 3
RELIABILITY_BINS = 5
"""Bands of confidence in the reliability table (0-20, 20-40, ...)."""


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


class QuestionsError(LocatedError):
    """A question set that is not in the format above."""

    title = "Bad question set"


def load_questions(path: str | Path) -> QuestionSet:
    """A question set from YAML; a file that cannot be read or is not in the format
    raises a TourError saying where and what."""
    text = read_text(path, "question set")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise QuestionsError(f"{where}: not YAML ({getattr(exc, 'problem', exc)})") from None
    except (ValueError, TypeError, AttributeError, LookupError, ArithmeticError) as exc:
        raise QuestionsError(f"{path}: a value that does not fit its YAML tag ({exc}): "
                             "write it without the tag") from None
    if (not isinstance(data, dict) or not (data.get("single") or data.get("multi"))
            or not all(isinstance(data.get(k) or [], list) for k in ("single", "multi"))):
        raise QuestionsError(f"{path}: a question set needs a 'single:' list of questions "
                             "(each with 'q', 'lines' and 'style') or a 'multi:' list of dialogues")

    def question(item: Any, where: str, style: str = "") -> Question:
        if not isinstance(item, dict) or "q" not in item:
            raise QuestionsError(f"{path}: {where} needs a 'q' (the question) and 'lines' "
                                 "(the lines that answer it; [] for none)")
        try:
            lines = frozenset(int(n) for n in item.get("lines") or ())
            partial = frozenset(int(n) for n in item.get("partial") or ())
        except (TypeError, ValueError, OverflowError):
            raise QuestionsError(f"{path}: {where} ({item['q']!r}): 'lines' should be a list of "
                                 "line numbers") from None
        return Question(str(item["q"]), lines, str(item.get("style", style)), partial)

    single = tuple(question(item, f"single question {i + 1}")
                   for i, item in enumerate(data.get("single") or ()))
    multi = tuple(
        Dialogue(str(d.get("name", f"dialogue-{i}")) if isinstance(d, dict) else f"dialogue-{i}",
                 tuple(question(t, f"turn {j + 1} of dialogue {i + 1}")
                       for j, t in enumerate(_listed(d.get("turns")) if isinstance(d, dict) else ())))
        for i, d in enumerate(data.get("multi") or ())
    )
    return QuestionSet(Path(path).stem, single, multi)


def _listed(value: Any) -> list[Any]:
    """A list given in a question set; anything else (a number, a text) as no items."""
    return value if isinstance(value, list) else []


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
    rank: int | None = None
    """1-based rank, among the router's candidates, of the first topic citing an
    acceptable line (in-scope questions); None where none does."""


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
        unanswerable = [o for o in self.singles if o.question.group == "out_of_scope"]
        by_style: dict[str, list[Outcome]] = defaultdict(list)
        for o in ins:
            if o.question.style:  # a question set need not give styles
                by_style[o.question.style].append(o)
        return {
            "set": self.name,
            "in_scope": self.rate(ins),
            "in_scope_n": len(ins),
            "by_style": {s: self.rate(v) for s, v in sorted(by_style.items())},
            "oos_far_declined": self.rate(far),
            "oos_near_declined": self.rate(near),
            "oos_declined": self.rate(unanswerable),
            "oos_n": len(unanswerable),
            "false_declines": (sum(o.reply.kind == "fallback" for o in ins) / len(ins)) if ins else None,
            "clarify_rate": (sum(o.reply.kind == "clarify" for o in ins) / len(ins)) if ins else None,
            "chat": self.rate(chat),
            "chat_n": len(chat),
            "ranking": (sum(o.rank == 1 for o in ins) / len(ins)) if ins else None,
            "followups": self.rate(self.turns),
            "followups_n": len(self.turns),
            "auc": self.auc(),
        }

    def confidences(self) -> list[tuple[float, bool]]:
        """(confidence, whether answering with the best passage is right) for every single
        question not taken as small talk: the pairs the AUC and the reliability table read."""
        out = []
        for o in self.singles:
            if o.question.style == "chat" or o.reply.kind == "chat":
                continue
            out.append((o.reply.score, o.question.in_scope and o.rank == 1))
        return out

    def auc(self) -> float | None:
        """ROC AUC of the confidence, right answers against questions to decline: the
        chance that an answerable question whose best passage is right scores above a
        question the text does not answer (ties count half)."""
        right = [o.reply.score for o in self.singles if o.question.in_scope and o.rank == 1
                 and o.reply.kind != "chat"]
        decline = [o.reply.score for o in self.singles if o.question.group == "out_of_scope"
                   and o.reply.kind != "chat"]
        if not right or not decline:
            return None
        ordered = sorted(decline)
        wins = 0.0
        for score in right:
            below = bisect.bisect_left(ordered, score)
            ties = bisect.bisect_right(ordered, score) - below
            wins += below + ties / 2
        return wins / (len(right) * len(decline))

    def reliability(self, bins: int = RELIABILITY_BINS) -> list[tuple[float, float, int, float | None]]:
        """(low, high, questions, share right) for each band of confidence: how often the
        best passage is right for the questions whose confidence falls in it. A confidence
        that means what it says has a share right near the band's middle."""
        width = 100.0 / bins
        rows = []
        pairs = self.confidences()
        for b in range(bins):
            low, high = b * width, (b + 1) * width
            inside = [right for score, right in pairs
                      if low <= score < high or (b == bins - 1 and score == 100.0)]
            rows.append((low, high, len(inside), sum(inside) / len(inside) if inside else None))
        return rows

    def failures(self) -> list[Outcome]:
        return [o for o in self.singles + self.turns if not o.right]


def right_rank(tour: Tour, router: Router, question: Question, last: str | None = None) -> int | None:
    """Where the router ranks the first topic that cites an acceptable line."""
    if not question.in_scope:
        return None
    for i, c in enumerate(router.route(question.q, last=last).candidates, 1):
        paragraphs = {q.paragraph for q in tour.node(c.node).quotes}
        if paragraphs & question.lines and len(paragraphs) <= MAX_CITED:
            return i
    return None


def evaluate(tour: Tour, questions: QuestionSet, router: Router | None = None) -> Report:
    """Ask every single question in a fresh session, and play every dialogue."""
    if router is None:
        from .cache import router as cached_router

        router = cached_router(tour)
    report = Report(questions.name)
    for q in questions.single:
        reply = Session(tour, router).ask(q.q)
        report.singles.append(Outcome(q, reply, is_right(q, reply), right_rank(tour, router, q)))
    for dialogue in questions.multi:
        session = Session(tour, router)
        for i, turn in enumerate(dialogue.turns):
            last = session.last
            reply = session.ask(turn.q)
            if i:  # the first turn sets the context; the later ones are the follow-ups
                report.turns.append(Outcome(turn, reply, is_right(turn, reply),
                                            right_rank(tour, router, turn, last)))
    return report


def summary(report: Report, *, verbose: bool = False) -> str:
    """The metrics as a table a person reads, and with `verbose` every miss."""
    m = report.metrics()

    def pct(key: str) -> str:
        v = m[key]
        return "—" if v is None else f"{100 * v:5.1f}%"

    rows = [
        ("in scope, answered with the right passage", pct("in_scope"), m["in_scope_n"]),
        *((f"  {style}", "—" if v is None else f"{100 * v:5.1f}%",
           sum(o.question.style == style for o in report.singles if o.question.in_scope))
          for style, v in m["by_style"].items()),
        ("  right passage ranked first (never declining)", pct("ranking"), m["in_scope_n"]),
        ("declined when the text does not answer", pct("oos_declined"), m["oos_n"]),
        ("  on topic, unanswered (near)", pct("oos_near_declined"),
         sum(o.question.style == "oos_near" for o in report.singles)),
        ("  off topic (far)", pct("oos_far_declined"),
         sum(o.question.style == "oos_far" for o in report.singles)),
        ("answerable but declined (false declines)", pct("false_declines"), m["in_scope_n"]),
        ("asked which was meant (clarify)", pct("clarify_rate"), m["in_scope_n"]),
        ("small talk recognised", pct("chat"), m["chat_n"]),
        ("follow-ups", pct("followups"), m["followups_n"]),
    ]
    lines = [f"{report.name}:"] + [f"  {label:<48} {value:>6}   n={n}" for label, value, n in rows if n]
    if m["auc"] is not None:
        lines.append(f"  {'confidence ROC AUC (right answers vs to decline)':<48} {m['auc']:6.3f}")
    table = [(low, high, n, share) for low, high, n, share in report.reliability() if n]
    if table:
        lines.append("  reliability: how often the best passage is right, by confidence")
        lines += [f"    {low:3.0f}-{high:3.0f}  {'—' if share is None else f'{100 * share:5.1f}%':>6}   n={n}"
                  for low, high, n, share in table]
    if verbose:
        misses = report.failures()
        lines.append(f"\n{len(misses)} {'miss' if len(misses) == 1 else 'misses'}:")
        for o in misses:
            q, r = o.question, o.reply
            want = ", ".join(map(str, sorted(q.lines))) or "declined" if q.style != "chat" else "chat"
            got = f"{r.kind} {r.node}" if r.node else r.kind
            rank = f"; right passage ranked {o.rank}" if o.rank else (
                "; right passage not among the candidates" if q.in_scope else "")
            style = f"[{q.style}] " if q.style else ""
            lines.append(f"  {style}{q.q!r}\n      want {want}; got {got} "
                         f"(score {r.score:.0f}){rank}")
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    """The metrics and every miss, for `tour eval --json`."""
    def miss(o: Outcome) -> dict[str, Any]:
        return {"q": o.question.q, "style": o.question.style, "lines": sorted(o.question.lines),
                "kind": o.reply.kind, "node": o.reply.node, "score": round(o.reply.score, 1),
                "cited": sorted(cited(o.reply)), "right_rank": o.rank}

    reliability = [{"low": low, "high": high, "n": n, "right": share}
                   for low, high, n, share in report.reliability()]
    return {"metrics": report.metrics(), "reliability": reliability,
            "misses": [miss(o) for o in report.failures()]}
