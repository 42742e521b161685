"""A teacher's decision on a question, and the decisions file `tour review --apply` reads.

The file is a YAML list; each item is one decision:

    - question: how did magellan die
      topic: p30                 # add it as an example of this topic
    - question: what was the name of magellan's wife
      unanswered: true           # a question the text does not answer (the tour's list)
    - question: how old was magellan when he died
      topic: p30
      unanswered: true           # ... listed under that topic, as one near it

Every problem is reported at once as `file:line: message`; a topic the script does not
have is one of them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..engine.files import read_text
from ..engine.language import YAML_LOADER
from ..engine.script import Tour
from ..errors import LocatedError
from .questions import clean

KEYS = ("question", "topic", "unanswered")


@dataclass(frozen=True)
class Decision:
    """Add `question` to the script: as an example of `topic`, or (`unanswered`) as a
    question the text does not answer, under `topic` or, without one, the tour's own."""

    question: str
    topic: str | None = None
    unanswered: bool = False
    line: int = 0
    """Where a decisions file states it (1-based; 0 when it comes from elsewhere)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "question", clean(self.question))
        if not self.question:
            raise ValueError("a decision needs a question")
        if not self.unanswered and not self.topic:
            raise ValueError("a decision needs a topic, or unanswered: true")

    @property
    def key(self) -> str:
        """The script's list it goes into: 'examples' or 'unanswered'."""
        return "unanswered" if self.unanswered else "examples"

    def describe(self) -> str:
        """'an example of 'p30'', 'unanswered (the tour's list)', 'unanswered near 'p30''."""
        if not self.unanswered:
            return f"an example of '{self.topic}'"
        return f"unanswered near '{self.topic}'" if self.topic else "unanswered (the tour's list)"

    def to_dict(self) -> dict[str, object]:
        """As an item of a decisions file."""
        out: dict[str, object] = {"question": self.question}
        if self.topic:
            out["topic"] = self.topic
        if self.unanswered:
            out["unanswered"] = True
        return out


class DecisionsError(LocatedError):
    """A decisions file that cannot be applied; every problem as `file:line: message`."""

    title = "Bad decisions file"


def read_decisions(path: str | Path, tour: Tour) -> list[Decision]:
    """The decisions in a file, each checked against the tour; DecisionsError listing
    every problem (a FileError where the file cannot be read)."""
    text = read_text(path, "decisions file")
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else f"{path}:1"
        raise DecisionsError(f"{where}: not YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(root, SequenceNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise DecisionsError(f"{path}:{line}: a decisions file is a list of "
                             "{question, topic} or {question, unanswered: true}")
    reader = _Reader(str(path), tour)
    decisions = [d for d in (reader.decision(n, item) for n, item in enumerate(root.value, 1)) if d]
    if reader.problems:
        raise DecisionsError("\n".join(reader.problems))
    return decisions


class _Reader:
    """Reads each item of a decisions file, collecting its problems."""

    def __init__(self, path: str, tour: Tour) -> None:
        self.path = path
        self.tour = tour
        self.problems: list[str] = []

    def problem(self, node: Node, number: int, message: str) -> None:
        self.problems.append(f"{self.path}:{node.start_mark.line + 1}: decision {number}: {message}")

    def decision(self, number: int, item: Node) -> Decision | None:
        """One item as a Decision, or None (its problems noted)."""
        if not isinstance(item, MappingNode):
            self.problem(item, number, "should be a mapping: question, and topic or unanswered: true")
            return None
        values: dict[str, ScalarNode] = {}
        for key_node, value_node in item.value:
            key = str(key_node.value)
            if key not in KEYS:
                self.problem(key_node, number, f"unknown key '{key}'{_did_you_mean(key, KEYS)}; "
                             f"the keys are {', '.join(KEYS)}")
            elif not isinstance(value_node, ScalarNode):
                self.problem(value_node, number, f"'{key}' should be a single value")
            else:
                values[key] = value_node
        question = _written(values.get("question"))
        if not question:
            self.problem(values.get("question", item), number, "needs a question (the question as asked)")
            return None
        topic_node = values.get("topic")
        topic = _written(topic_node)
        unanswered = False
        if "unanswered" in values:
            flag = SafeConstructor().construct_object(values["unanswered"])
            if not isinstance(flag, bool):
                self.problem(values["unanswered"], number, "'unanswered' should be true or false")
                return None
            unanswered = flag
        if topic and topic not in self.tour.nodes:
            self.problem(topic_node, number, f"unknown topic '{topic}'{_did_you_mean(topic, self.tour.nodes)}: "
                         f"{self.tour.path or 'the script'} has no such topic (has it changed since?)")
            return None
        if not topic and not unanswered:
            self.problem(item, number, "needs a topic (to add it as an example) or unanswered: true")
            return None
        return Decision(question, topic or None, unanswered, item.start_mark.line + 1)


def _written(node: ScalarNode | None) -> str:
    """A scalar as written (a number stays as its digits); '' for none or null."""
    if node is None or node.tag == "tag:yaml.org,2002:null":
        return ""
    return clean(str(node.value))


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
