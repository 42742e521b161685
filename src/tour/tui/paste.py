"""A bracketed paste kept whole, even when it holds an escape character.

A terminal sends a paste between ESC[200~ and ESC[201~. Textual's input parser
(XTermParser, a private class: see textual_private/xterm_parser.py) reads an escape
character inside a paste as the start of a key sequence: "abc<ESC>def" arrives as the keys ^, d, e, f and then
a paste of "abc", so the box shows "^defabc". PasteParser hands the parser each
paste with its escape characters already replaced by their picture (␛), so the
paste arrives as one Paste event, in order; the question box shows the rest of its
control characters as pictures too.

`install()` makes the terminal and web drivers use PasteParser. It is done once,
before the app runs, and only where they still use Textual's own parser.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.message import Message

from ..visible import PICTURES
from .textual_private.xterm_parser import XTermParser, use_parser

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


class PasteParser(XTermParser):
    """XTermParser, with every escape character inside a bracketed paste made visible."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._in_paste = False
        self._recent = ""
        """The last few characters passed on outside a paste (a start split across reads)."""
        self._held = ""
        """The end of a read inside a paste that may be the start of PASTE_END."""

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            held = self._take_held()
            return [*super().feed(held), *super().feed("")] if held else super().feed("")
        guarded = self._guard(data)
        return super().feed(guarded) if guarded else ()

    def _take_held(self) -> str:
        held, self._held = self._held, ""
        return held

    def _guard(self, data: str) -> str:
        """`data` with the escape characters inside a paste replaced by ␛."""
        text, out = self._take_held() + data, []
        while text:
            if not self._in_paste:
                seen = self._recent + text
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(text)
                    self._recent = seen[-(len(PASTE_START) - 1):]
                    break
                cut = start + len(PASTE_START) - len(self._recent)
                out.append(text[:cut])
                text, self._in_paste, self._recent = text[cut:], True, ""
                continue
            end = text.find(PASTE_END)
            if end < 0:
                kept = _partial_end(text)
                self._held = text[len(text) - kept:] if kept else ""
                out.append(_pictured(text[:len(text) - kept]))
                break
            out.append(_pictured(text[:end]) + PASTE_END)
            text, self._in_paste = text[end + len(PASTE_END):], False
        return "".join(out)


def _pictured(text: str) -> str:
    return text.replace(ESC, chr(PICTURES[ord(ESC)]))


def _partial_end(text: str) -> int:
    """How many characters at the end of `text` could begin PASTE_END (0 if none)."""
    for size in range(min(len(PASTE_END) - 1, len(text)), 0, -1):
        if text.endswith(PASTE_END[:size]):
            return size
    return 0


def install() -> None:
    """Make the terminal and web drivers parse input with PasteParser."""
    use_parser(PasteParser)
