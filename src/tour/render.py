"""Replies as plain text or Markdown, for `tour play`, `tour ask` and transcripts.

Both walk the blocks of blocks.reply_blocks(). No Textual and no Rich here: the
command line must start fast.
"""

from __future__ import annotations

import re
import textwrap

from .blocks import Choices, ContentNote, FootnoteNote, Guide, Quote, StepLabel, reply_blocks
from .engine.reply import Reply, quote_block
from .visible import visible_text as visible

_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def plain(text: str) -> str:
    """Markdown emphasis dropped and code quoted, for a plain terminal."""
    def unmark(m: re.Match[str]) -> str:
        if m.group(1) == "`":
            return f"\u2018{m.group(2)}\u2019"  # `next` -> ‘next’: still reads as a word to type
        return m.group(2) or m.group(3)

    return _EMPHASIS.sub(unmark, text)


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
    return visible("\n".join(lines))


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
    return visible("\n\n".join(parts))
