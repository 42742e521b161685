"""Playback files: prepared inputs for `tour play`, `tour test` and the presenter.

One input per line. Blank lines and lines starting with '#' are skipped. A line may
end with an expectation after '=>', which `tour test` checks and everything else
ignores:

    who was Ahiko?              => ahiko-interned
    what did they eat           => camps-separate-diet, camps-rice-photo
    will it snow tomorrow       => declined
    hello                       => chat
    is it true they built a road => clarify, legacy-japanese-road

A line starting with '!' is a directive for a presenter (the app's playback):
`!pause`, `!map`, `!source`, `!note TEXT`. Plain playback skips directives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .engine.files import MAX_BYTES, FileError, read_text, split_lines
from .engine.reply import Reply
from .errors import LocatedError

DIRECTIVES = ("pause", "map", "source", "note")


@dataclass(frozen=True)
class Line:
    """One meaningful line of a playback file."""

    number: int
    """1-based line number in the file."""
    text: str
    """The input (empty for a directive)."""
    expect: tuple[str, ...] = ()
    """Acceptable outcomes: node ids, 'declined', 'chat', 'chat:ID' or 'clarify'."""
    directive: str = ""
    argument: str = ""


OUTCOMES = ("declined", "chat", "clarify")
"""Expectations that name no topic; 'chat:ID' names a small-talk id."""


class PlaybackError(LocatedError):
    """A malformed playback line; str() is 'path:line: message'."""

    title = "A bad playback file"


def parse(text: str, path: str = "<input>") -> list[Line]:
    lines: list[Line] = []
    for number, raw in enumerate(split_lines(text), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("!"):
            name, _, argument = stripped[1:].partition(" ")
            if name not in DIRECTIVES:
                raise PlaybackError(f"{path}:{number}: unknown directive '!{name}' "
                                    f"(known: {', '.join('!' + d for d in DIRECTIVES)})")
            lines.append(Line(number, "", directive=name, argument=argument.strip()))
            continue
        said, arrow, expected = raw.partition("=>")
        expect = tuple(e.strip() for e in expected.split(",") if e.strip()) if arrow else ()
        if arrow and not expect:
            raise PlaybackError(f"{path}:{number}: nothing after '=>'")
        lines.append(Line(number, said.strip(), expect))
    return lines


def read(path: str | Path) -> list[Line]:
    """Read a playback file ('-' for standard input); FileError or PlaybackError if bad."""
    if str(path) == "-":
        from .terminal import BOM, stdin_text

        text = stdin_text().read(MAX_BYTES + 1).removeprefix(BOM)
        if len(text) > MAX_BYTES:
            raise FileError("<stdin>", f"more than {MAX_BYTES:,} characters: give a smaller playback file",
                            what="playback file")
        return parse(text, "<stdin>")
    return parse(read_text(path, "playback file"), str(path))


def unknown_expectations(lines: list[Line], nodes) -> list[tuple[Line, str]]:
    """(line, expectation) for each expected outcome that names no topic of the tour
    and no outcome ('declined', 'chat', 'chat:ID', 'clarify')."""
    return [(line, wanted) for line in lines for wanted in line.expect
            if wanted not in OUTCOMES and wanted not in nodes and not wanted.startswith("chat:")]


def outcome(reply: Reply) -> str:
    """How a reply reads against expectations: a node id, 'declined', 'chat:ID', 'clarify'."""
    if reply.kind == "answer":
        return reply.node or "answer"
    if reply.kind == "fallback":
        return "declined"
    if reply.kind == "clarify":
        return "clarify"
    return f"chat:{reply.intent}"


def meets(reply: Reply, expect: tuple[str, ...]) -> bool:
    """Whether a reply is one of the acceptable outcomes."""
    got = outcome(reply)
    for wanted in expect:
        if wanted == got or (wanted == "chat" and got.startswith("chat:")):
            return True
        if wanted == "clarify" and got == "clarify":
            return True
    return False
