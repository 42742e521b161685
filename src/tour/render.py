"""Replies as plain text or Markdown, for `tour play`, `tour ask` and transcripts.

No Textual and no Rich here: the command line must start fast.
"""

from __future__ import annotations

import re
import textwrap

from .engine.reply import FOOTNOTE_NOTE, Reply
from .visible import visible_text


_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def plain(text: str) -> str:
    """Markdown emphasis dropped and code quoted, for a plain terminal."""
    def unmark(m: re.Match[str]) -> str:
        if m.group(1) == "`":
            return f"\u2018{m.group(2)}\u2019"  # `next` -> ‘next’: still reads as a word to type
        return m.group(2) or m.group(3)

    return _EMPHASIS.sub(unmark, text)


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
    if reply.step is not None:
        lines.append(f"  [step {reply.step.index} of {reply.step.total}]")
    if reply.content_note and reply.intent != "welcome":
        lines.append(_wrap(f"Content note: {reply.content_note}", width, "  "))
    if reply.say:
        lines.append(_wrap(reply.say, width, "  "))
    for c in reply.citations:
        lines.append(_wrap(f"\u201c{c.quote}\u201d", width, "    "))
        lines.append(f"      \u2014 {c.label()}")
        if c.footnote:
            lines.append(f"      ({FOOTNOTE_NOTE})")
    if reply.after:
        lines.append(_wrap(reply.after, width, "  "))
    for n, choice in enumerate(reply.choices, 1):
        lines.append(f"   {n}. {choice.label}")
    return visible_text("\n".join(lines))


def reply_markdown(reply: Reply) -> str:
    """A reply as Markdown (the reply's text plus its numbered choices)."""
    parts = []
    if reply.step is not None:
        parts.append(f"*Step {reply.step.index} of {reply.step.total}*")
    if reply.content_note and reply.intent != "welcome":
        parts.append(f"*Content note: {reply.content_note}*")
    parts.append(reply.text)
    if reply.choices:
        parts.append("\n".join(f"{n}. {c.label}" for n, c in enumerate(reply.choices, 1)))
    return visible_text("\n\n".join(p for p in parts if p))
