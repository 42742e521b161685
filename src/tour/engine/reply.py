"""What the session says back: a Reply, with its citations and choices.

A Reply is plain data. Front-ends render it (the TUI as widgets, `tour play` as text
or Markdown, `tour ask --json` as JSON); none of them decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["answer", "fallback", "clarify", "chat"]


@dataclass(frozen=True)
class Citation:
    """A quoted passage and where it stands in the source."""

    quote: str
    """Verbatim source text (without the footnote marker)."""
    paragraph: int
    """1-based line of the source file."""
    section: str
    start: int
    """Character span of the quote within the paragraph's shown text."""
    end: int
    source: str
    """The source's title."""
    publisher: str = ""
    url: str = ""
    footnote: bool = False
    """The original cites a reference at the end of this passage."""
    voice: str = "narration"
    """'first-person' where the passage is a witness's own words."""

    def label(self) -> str:
        """'¶23 · The Legacy of the Samurai · The story of ... (Qalam)'.

        The section is left out where it is the source's own title (the lead).
        """
        by = f" ({self.publisher})" if self.publisher else ""
        section = "" if self.section == self.source else f" \u00b7 {self.section}"
        return f"\u00b6{self.paragraph}{section} \u00b7 {self.source}{by}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "paragraph": self.paragraph,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "publisher": self.publisher,
            "url": self.url,
            "footnote": self.footnote,
            "voice": self.voice,
        }


@dataclass(frozen=True)
class Choice:
    """One numbered option: a label to show and where it leads.

    target is a node id, or one of '@next', '@back', '@chapters', '@leave',
    '@chapter:<id>'.
    """

    label: str
    target: str

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "target": self.target}


@dataclass(frozen=True)
class Step:
    """Where a reply stands in a sequence chapter (1-based)."""

    chapter: str
    index: int
    total: int


FOOTNOTE_NOTE = "The original article cites a reference at the end of this passage."


def quote_block(quote: str, label: str) -> str:
    """A quote as a Markdown block quote, its citation line closing it."""
    body = "\n".join(f"> {line}" for line in quote.splitlines() or [""])
    return f"{body}\n>\n> \u2014 {label}"


@dataclass(frozen=True)
class Reply:
    input: str
    kind: Kind
    text: str
    """The whole reply as Markdown (narration, quotes with their citation lines)."""
    node: str | None = None
    score: float = 0.0
    say: str = ""
    """The guide's words before the quotes."""
    after: str = ""
    """The guide's words after the quotes."""
    citations: tuple[Citation, ...] = ()
    choices: tuple[Choice, ...] = ()
    intent: str = ""
    """What kind of turn this was: 'question', 'next', 'back', 'choice', 'welcome',
    'chapters', a chat intent id ('hello', 'help', ...), 'detour', 'empty', ..."""
    title: str = ""
    """The node's title, for an answer."""
    chapter: str | None = None
    step: Step | None = None
    detour: bool = False
    """Answered in the middle of a sequence, which waits to be resumed."""
    content_note: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def suggestions(self) -> tuple[Choice, ...]:
        return self.choices

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in the README (stable for scripts)."""
        return {
            "input": self.input,
            "kind": self.kind,
            "intent": self.intent,
            "node": self.node,
            "title": self.title,
            "chapter": self.chapter,
            "score": round(self.score, 1),
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": [c.to_dict() for c in self.choices],
            "step": (
                {"chapter": self.step.chapter, "index": self.step.index, "total": self.step.total}
                if self.step else None
            ),
            "detour": self.detour,
            "content_note": self.content_note,
        }
