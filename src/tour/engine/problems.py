"""Problems found in a dialogue script, reported as `path:line:col: severity: message`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..errors import LocatedError

Severity = Literal["error", "warning"]

SHOWN_PER_KIND = 10
"""Problems of one kind printed before the rest are summed up in one line."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located in the script file (1-based line and column)."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"
    kind: str = ""
    """What sort of problem ('unoffered', 'example-elsewhere', ...), for grouping; the
    message says it to a person."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


def grouped(problems: Iterable[Problem], limit: int | None = SHOWN_PER_KIND) -> list[str]:
    """Problems as printed lines, at most `limit` of each kind (None: every one); the
    rest of a kind as one line saying how many more there are."""
    problems = list(problems)
    if limit is None:
        return [str(p) for p in problems]
    shown: Counter[tuple[str, str]] = Counter()
    lines: list[str] = []
    hidden: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Problem] = {}
    for p in problems:
        key: tuple[str, str] = (p.severity, p.kind or p.message)
        first.setdefault(key, p)
        shown[key] += 1
        if shown[key] <= limit:
            lines.append(str(p))
        else:
            hidden[key] += 1
    for key, n in hidden.items():
        p = first[key]
        lines.append(f"{p.path}: {p.severity}: {n} more like \u201c{_clip(p.message)}\u201d "
                     "(`tour check --all` shows every one)")
    return lines


class ScriptError(LocatedError):
    """A script that cannot be loaded; carries every problem found at once."""

    title = "The script has errors"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors (not warnings)."""
        return [p for p in self.problems if p.severity == "error"]

    def lines(self, command: str = "", *, everything: bool = False) -> list[str]:
        """The problems as printed lines, grouped by kind unless `everything`, then the count of errors."""
        n = len(self.errors)
        return [*grouped(self.problems, None if everything else SHOWN_PER_KIND),
                f"{n} error{'s' * (n != 1)}: the script cannot be used until fixed"]


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
