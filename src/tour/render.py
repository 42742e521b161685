"""Replies as plain text or Markdown, for `tour play`, `tour ask` and transcripts.

Both walk the blocks of blocks.reply_blocks(). No Textual and no Rich here: the
command line must start fast.
"""

from __future__ import annotations

import re
import textwrap

from .blocks import Choices, ContentNote, FootnoteNote, Guide, Quote, StepLabel, reply_blocks
from .engine.reply import Reply, quote_block

_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
# Characters a terminal or an XML parser must not be handed as they are: C0 controls
# but tab, newline and carriage return; DEL; C1 controls; lone surrogates (an
# undecodable byte, recorded as such); the two non-characters XML forbids.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain(text: str) -> str:
    """Markdown emphasis dropped and code quoted, for a plain terminal."""
    def unmark(m: re.Match[str]) -> str:
        if m.group(1) == "`":
            return f"\u2018{m.group(2)}\u2019"  # `next` -> ‘next’: still reads as a word to type
        return m.group(2) or m.group(3)

    return _EMPHASIS.sub(unmark, text)


def visible(text: str) -> str:
    """Control characters shown as what they are, never acted on: C0 controls and DEL
    as their Unicode control pictures (ESC as U+241B), C1 controls as '⟨U+009B⟩', a
    lone surrogate or an XML non-character as U+FFFD."""
    def show(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        if code <= 0x9F:
            return f"\u27e8U+{code:04X}\u27e9"
        return "\ufffd"

    return _INVISIBLE.sub(show, text)


def markdown_escape(text: str) -> str:
    """Plain text (a reader's input, a title), literal in Markdown: no emphasis, links
    or raw HTML; runs of white space become one space."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _wrap(text: str, width: int, indent: str) -> str:
    text = plain(text)
    out = []
    for para in text.split("\n"):
        if not para.strip():
            out.append("")
            continue
        lead = indent + ("  " if para.lstrip().startswith(("- ", "* ")) else "")
        out.append(textwrap.fill(para.strip(), width, initial_indent=indent, subsequent_indent=lead))
    return "\n".join(out)


def reply_text(reply: Reply, width: int = 88) -> str:
    """A reply as the guide would say it in a plain terminal."""
    lines: list[str] = []
    for block in reply_blocks(reply):
        match block:
            case StepLabel(index=index, total=total):
                lines.append(f"  [step {index} of {total}]")
            case ContentNote():
                lines.append(_wrap(block.text, width, "  "))
            case Guide(markdown=markdown):
                lines.append(_wrap(markdown, width, "  "))
            case Quote():
                lines.append(_wrap(f"\u201c{block.text}\u201d", width, "    "))
                lines.append(f"      \u2014 {block.label}")
            case FootnoteNote(text=note):
                lines.append(f"      ({note})")
            case Choices():
                lines += [f"   {n}. {choice.label}" for n, choice in block.numbered()]
    return "\n".join(lines)


def reply_markdown(reply: Reply, *, choices: bool = True) -> str:
    """A reply as Markdown: the guide's words as written, each quote a block quote closed
    by its citation line, the numbered choices (unless choices=False)."""
    parts: list[str] = []
    for block in reply_blocks(reply):
        match block:
            case StepLabel() | ContentNote():
                parts.append(f"*{block.text}*")
            case Guide(markdown=markdown):
                parts.append(markdown)
            case Quote():
                parts.append(quote_block(block.text, block.label))
            case FootnoteNote(text=note):
                parts.append(f"*{note}*")
            case Choices() if choices:
                parts.append("\n".join(f"{n}. {markdown_escape(c.label)}" for n, c in block.numbered()))
    return "\n\n".join(parts)
