"""What the plain command line reads from and writes to a terminal or a pipe: standard
input as lines of UTF-8 text, whatever the locale, and the width to wrap text to.

No Textual and no Rich here: `tour ask`, `play` and `quiz` import this.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

BOM = "\ufeff"
MAX_LINE = 1_000_000
"""Characters of one line of standard input that are read; the rest of a longer line
(`/dev/zero` piped in has no end) is dropped. A question is read up to 2,000."""
WIDTH = 88
"""The width to wrap to where the terminal's is not known (output to a file or a pipe)."""
MIN_WIDTH = 20
"""The narrowest width text is wrapped to, however narrow the terminal says it is."""


def stdin_text(raw: BinaryIO | None = None) -> TextIO:
    """Standard input as text: UTF-8 whatever the locale, every byte that is not UTF-8
    shown as the replacement symbol (\ufffd);
    lines end at "\\n", "\\r\\n" or "\\r" and nowhere else, each read as it comes. A
    standard input that is already text alone (set by a program that runs `tour` in
    itself) is taken as it is. `raw`: another stream of bytes to read so."""
    raw = getattr(sys.stdin, "buffer", None) if raw is None else raw
    if raw is None:
        return sys.stdin
    # Not "utf-8-sig": its decoder drops a lone b"\xef" at the end of the input (a byte-order
    # mark's first byte) instead of showing it. lines() drops the mark itself.
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=None)


def never_fail_to_print() -> None:
    """Standard output and error, where they would fail on a character they cannot
    encode (PYTHONIOENCODING=ascii, or =utf-8 and a file name that is not UTF-8), print
    a replacement symbol for it instead."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def lines(stream: TextIO, limit: int = MAX_LINE) -> Iterator[str]:
    """Each line of a text stream without its line break, as it comes, every line one
    item (an empty line too); a line longer than `limit` is cut there. A byte-order mark
    at the start is dropped."""
    first = True
    while True:
        line = stream.readline(limit)
        if first:
            line, first = line.removeprefix(BOM), False
        if not line:
            return
        if not line.endswith("\n") and len(line) >= limit:
            while (rest := stream.readline(limit)) and not rest.endswith("\n"):
                pass  # the rest of an overlong line
        yield line.removesuffix("\n")


def width() -> int:
    """The width to wrap plain text to: $COLUMNS, else the terminal's (standard output's),
    else WIDTH (output to a file or a pipe); never under MIN_WIDTH."""
    return max(MIN_WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)
