"""Replies as plain text or Markdown, for `tour play`, `tour ask` and transcripts.

Both walk the blocks of blocks.reply_blocks(). No Textual and no Rich here: the
command line must start fast.
"""

from __future__ import annotations

import re
import textwrap

from .blocks import Choices, ContentNote, FootnoteNote, Guide, Quote, StepLabel, reply_blocks
from .engine.reply import Reply, quote_block
from .terminal import width as terminal_width
from .visible import visible_text as visible

_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&!~$])")
"""What makes markup anywhere in a line: emphasis, code, links, images, raw HTML, entities,
headings, tables, strikethrough, maths (escaped everywhere, as CommonMark allows)."""
_MD_LINE_START = re.compile(r"^(\d*)([-+=]|(?<=\d)[.)])")
"""What makes markup at the start of a line: a list item, a block quote, a heading's
underline ("1." or "1)" starts a numbered list)."""


def plain(text: str) -> str:
    """Markdown emphasis dropped and code quoted, for a plain terminal."""
    def unmark(m: re.Match[str]) -> str:
        if m.group(1) == "`":
            return f"\u2018{m.group(2)}\u2019"  # `next` -> ‘next’: still reads as a word to type
        return m.group(2) or m.group(3)

    return _EMPHASIS.sub(unmark, text)


def markdown_escape(text: str) -> str:
    """Plain text (a reader's input, a title, a quote), literal in Markdown: rendered, it
    reads as written, with no emphasis, link, list, entity or raw HTML; runs of white
    space become one space (as Markdown shows them)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(r"\1\\\2", escaped)


def escaped_parts(parts: tuple[str, str, str]) -> tuple[str, str, str]:
    """A quote's (before, focus, after) escaped as markdown_escape escapes the whole: joined,
    they are markdown_escape of the joined quote."""
    escaped = [_MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", part)) for part in parts]
    for k in range(3):  # leading space goes
        escaped[k] = escaped[k].lstrip()
        if escaped[k]:
            break
    for k in (2, 1, 0):
        escaped[k] = escaped[k].rstrip()
        if escaped[k]:
            break
    for k in (1, 2):  # one space where two parts meet, as in the whole
        if escaped[k].startswith(" ") and "".join(escaped[:k]).endswith(" "):
            escaped[k] = escaped[k][1:]
    start = _MD_LINE_START.match("".join(escaped))
    if start:  # the first words are kept from starting a list, wherever the parts meet
        at = start.start(2)
        for k, part in enumerate(escaped):
            if at < len(part):
                escaped[k] = f"{part[:at]}\\{part[at:]}"
                break
            at -= len(part)
    return escaped[0], escaped[1], escaped[2]


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    """Text wrapped to `width` columns at spaces only (a word longer than a line stands
    whole on its own), each paragraph (line of the text) on its own: its first line
    starts with `indent`, the others with `hang` (default: `indent`; two more spaces
    under a list item's "- "). Control characters are shown as symbols (tour.visible)
    before the text is wrapped, so none is taken for a space."""
    out = []
    for para in visible(text).split("\n"):
        if not para.strip():
            out.append("")
            continue
        lead = hang if hang is not None else indent + ("  " if para.lstrip().startswith(("- ", "* ")) else "")
        out.append(textwrap.fill(para.strip(), width, initial_indent=indent, subsequent_indent=lead,
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def reply_text(reply: Reply, width: int | None = None) -> str:
    """A reply as the guide would say it in a plain terminal, wrapped to `width` columns
    (default: the terminal's, tour.terminal.width), citation lines and choices too."""
    width = terminal_width() if width is None else width
    lines: list[str] = []
    for block in reply_blocks(reply):
        match block:
            case StepLabel(index=index, total=total):
                lines.append(f"  [step {index} of {total}]")
            case ContentNote():
                lines.append(wrap(plain(block.text), width, "  "))
            case Guide(markdown=markdown):
                lines.append(wrap(plain(markdown), width, "  "))
            case Quote():  # the source's words as they are: no Markdown is taken out of them
                lines.append(wrap(f"\u201c{block.text}\u201d", width, "    "))
                lines.append(wrap(f"\u2014 {block.label}", width, "      ", "        "))
            case FootnoteNote(text=note):
                lines.append(wrap(f"({note})", width, "      ", "       "))
            case Choices():
                lines += [wrap(f"{n}. {choice.label}", width, "   ", "      ") for n, choice in block.numbered()]
    return visible("\n".join(lines))


def reply_markdown(reply: Reply, *, choices: bool = True) -> str:
    """A reply as Markdown: the guide's words as written, each quote a block quote closed
    by its citation line, the numbered choices (unless choices=False)."""
    parts: list[str] = []
    for block in reply_blocks(reply):
        match block:
            case StepLabel() | ContentNote():
                parts.append(f"*{markdown_escape(block.text)}*")
            case Guide(markdown=markdown):
                parts.append(markdown)
            case Quote():  # escaped, so that rendered it reads word for word as the source
                parts.append(quote_block(markdown_escape(block.text), markdown_escape(block.label),
                                         escaped_parts(block.parts) if block.focused else None))
            case FootnoteNote(text=note):
                parts.append(f"*{markdown_escape(note)}*")
            case Choices() if choices:
                parts.append("\n".join(f"{n}. {markdown_escape(c.label)}" for n, c in block.numbered()))
    return visible("\n\n".join(parts))
