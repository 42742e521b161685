"""What the session says back: a Reply, with its citations and choices.

A Reply is plain data. Front-ends render it (the TUI as widgets, `tour play` as text
or Markdown, `tour ask --json` as JSON); none of them decides anything.

`Reply.to_dict()` is the one serialisation of a reply: the JSON of `tour ask --json`
and `tour play --json` (the keys the README documents, plus a few more) and each turn
line of a session file. `Reply.from_dict()` reads it back, and reads the turn lines
that session files of format 1 hold too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

if TYPE_CHECKING:
    from .source import SourceInfo

Kind = Literal["answer", "fallback", "clarify", "chat"]
KINDS: tuple[str, ...] = get_args(Kind)

VERSION = 3
"""The version of the shape to_dict() writes. 1 was the turn line of session files of
format 1 (no text, no citation span or source, "choices" for "suggestions"); 2 had no
`focus` in its citations; from_dict() reads them all."""


class Intent(StrEnum):
    """What kind of turn a reply is: the one typed list front-ends and records read."""

    WELCOME = "welcome"
    QUESTION = "question"
    """A question answered with a passage."""
    AGAIN = "again"
    """A follow-up that lands on the passage just shown."""
    DETOUR = "detour"
    """A question answered in the middle of a sequence, which waits to be resumed."""
    NOT_EXACTLY = "not-exactly"
    """The text touches the question but does not say what was asked: the nearest
    passage is quoted as what the text does say (kind 'fallback')."""
    UNANSWERED = "unanswered"
    """A question the script lists as one the text does not answer (kind 'fallback')."""
    FALLBACK = "fallback"
    """Declined: the text has nothing on it; the nearest topics are offered."""
    CLARIFY = "clarify"
    CHOICE = "choice"
    GOTO = "goto"
    CHAPTER = "chapter"
    NEXT = "next"
    BACK = "back"
    MORE = "more"
    CHAPTERS = "chapters"
    LEAVE = "leave"
    RESTART = "restart"
    SEQUENCE_END = "sequence-end"
    ACK = "ack"
    """A bare "ok" or "yes" outside a sequence."""
    EMPTY = "empty"
    NO_SUCH_CHOICE = "no-such-choice"
    HELLO = "hello"
    THANKS = "thanks"
    HELP = "help"
    ABOUT = "about"
    TOPICS = "topics"
    BYE = "bye"


CHAT_INTENTS = (Intent.HELLO, Intent.THANKS, Intent.HELP, Intent.ABOUT, Intent.TOPICS, Intent.BYE)
"""The small talk a language or a script may phrase (its `chat:` ids)."""


@dataclass(frozen=True)
class Focus:
    """The sentences of a passage that answer (the verifier finds them): which of the
    topic's quotes, and the span within that quote's text."""

    quote: int
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """A quoted passage and where it stands in the source."""

    quote: str
    """Verbatim source text (without the footnote marker)."""
    paragraph: int
    """1-based line of the source file."""
    section: str
    start: int
    """Character span of the quote within the paragraph's shown text (0 and 0 when read
    from a session file of format 1, which did not record it)."""
    end: int
    source: str
    """The source's title."""
    publisher: str = ""
    url: str = ""
    footnote: bool = False
    """The original cites a reference at the end of this passage."""
    voice: str = "narration"
    """'first-person' where the passage is a witness's own words."""
    focus: tuple[int, int] | None = None
    """The character span, within the paragraph and inside [start, end], of the sentence
    or sentences that answer the question; None where none stands out (or the reply
    answers no question)."""

    def parts(self) -> tuple[str, str, str]:
        """The quote as (before, focus, after): the answering sentences apart from the
        words around them ('', quote, '' where no focus stands out). Joined, the three
        are the quote, word for word."""
        if self.focus is None:
            return "", self.quote, ""
        a = min(max(self.focus[0] - self.start, 0), len(self.quote))
        b = min(max(self.focus[1] - self.start, a), len(self.quote))
        return self.quote[:a], self.quote[a:b], self.quote[b:]

    def label(self) -> str:
        """'¶23 · The Legacy of the Samurai · The story of ... (Qalam)': the one citation
        line every front-end shows. The section is left out where it is the source's
        own title (the lead)."""
        by = f" ({self.publisher})" if self.publisher else ""
        section = "" if self.section == self.source else f" \u00b7 {self.section}"
        return f"\u00b6{self.paragraph}{section} \u00b7 {self.source}{by}"

    def to_dict(self) -> dict[str, Any]:
        """The citation as JSON data (the shape from_dict() reads)."""
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
            "focus": list(self.focus) if self.focus else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: SourceInfo | None = None) -> Citation:
        """A citation from to_dict()'s shape; `source` names the source where the data
        does not (format 1 recorded it in the session header only)."""
        def named(key: str, fallback: str) -> str:
            return str(data[key]) if data.get(key) is not None else fallback

        return cls(
            quote=str(data["quote"]), paragraph=int(data["paragraph"]),
            section=str(data.get("section") or ""),
            start=int(data.get("start") or 0), end=int(data.get("end") or 0),
            source=named("source", source.title if source else ""),
            publisher=named("publisher", source.publisher if source else ""),
            url=named("url", source.url if source else ""),
            footnote=bool(data.get("footnote")), voice=str(data.get("voice") or "narration"),
            focus=_span(data.get("focus")),
        )


TargetKind = Literal["node", "next", "back", "chapters", "leave", "chapter"]
MOVES: tuple[str, ...] = ("next", "back", "chapters", "leave")
"""The moves a target names with '@' alone: '@next', '@back', '@chapters', '@leave'."""


class Target(str):
    """Where a choice leads: a node id, or '@next', '@back', '@chapters', '@leave',
    '@chapter:<id>'.

    A Target is the string the JSON shows, so it compares, hashes and prints as that
    string ("@next" == Target.NEXT); this is the one place that string is parsed.
    `kind` says what it is ('node', 'chapter', or the move) and `id` names the node or
    chapter ('' for a move). Build one with Target.node(id), Target.chapter(id) or the
    constants NEXT, BACK, CHAPTERS, LEAVE; Target(text) parses text and raises
    ValueError for an empty one or an unknown '@' move.
    """

    __slots__ = ()
    NEXT: Target
    BACK: Target
    CHAPTERS: Target
    LEAVE: Target

    def __new__(cls, text: str) -> Target:
        text = str(text)
        if not text:
            raise ValueError("an empty choice target")
        if text.startswith("@"):
            move, colon, rest = text[1:].partition(":")
            if not (move == "chapter" and rest) and not (move in MOVES and not colon):
                raise ValueError(f"an unknown choice target {text!r} (known: a node id, "
                                 f"{', '.join('@' + m for m in MOVES)}, @chapter:<id>)")
        return super().__new__(cls, text)

    @classmethod
    def node(cls, node_id: str) -> Target:
        """The target that shows a node."""
        if node_id.startswith("@"):
            raise ValueError(f"a node id cannot start with '@': {node_id!r}")
        return cls(node_id)

    @classmethod
    def chapter(cls, chapter_id: str) -> Target:
        """The target that opens a chapter at its first node."""
        return cls(f"@chapter:{chapter_id}")

    @property
    def kind(self) -> TargetKind:
        """'node', 'chapter', or the move ('next', 'back', 'chapters', 'leave')."""
        if not self.startswith("@"):
            return "node"
        return cast(TargetKind, self[1:].partition(":")[0])

    @property
    def id(self) -> str:
        """The node id or chapter id; '' for a move."""
        if not self.startswith("@"):
            return str(self)
        return self.partition(":")[2]


Target.NEXT, Target.BACK, Target.CHAPTERS, Target.LEAVE = (Target(f"@{m}") for m in MOVES)


@dataclass(frozen=True)
class Choice:
    """One numbered option: a label to show and where it leads (a Target; a string
    given here is parsed into one)."""

    label: str
    target: Target

    def __post_init__(self) -> None:
        if type(self.target) is not Target:
            object.__setattr__(self, "target", Target(self.target))

    def to_dict(self) -> dict[str, str]:
        """The choice as JSON data: its label and target."""
        return {"label": self.label, "target": str(self.target)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Choice:
        """A choice from to_dict()'s shape."""
        return cls(str(data["label"]), Target(data["target"]))


@dataclass(frozen=True)
class Step:
    """Where a reply stands in a sequence chapter (1-based)."""

    chapter: str
    index: int
    total: int

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON data."""
        return {"chapter": self.chapter, "index": self.index, "total": self.total}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        """A step from to_dict()'s shape."""
        return cls(str(data["chapter"]), int(data["index"]), int(data["total"]))


def quote_block(quote: str, label: str, focus: tuple[str, str, str] | None = None) -> str:
    """A quote as a Markdown block quote, its citation line closing it; with `focus`
    (Citation.parts) the answering sentences in bold, the words unchanged."""
    if focus is not None and focus[1].strip():
        before, middle, after = focus
        lead = len(middle) - len(middle.lstrip())
        trail = len(middle.rstrip())
        quote = f"{before}{middle[:lead]}**{middle[lead:trail]}**{middle[trail:]}{after}"
    body = "\n".join(f"> {line}" for line in quote.split("\n"))
    return f"{body}\n>\n> \u2014 {label}"


def answer_markdown(say: str, citations: tuple[Citation, ...], after: str,
                    footnote_note: str = "") -> str:
    """A reply's text as Markdown: the guide's words, each quote with its citation line
    (and the footnote note where the original cites a reference), the words after."""
    parts = [say] if say else []
    for c in citations:
        parts.append(quote_block(c.quote, c.label(), c.parts() if c.focus else None))
        if c.footnote and footnote_note:
            parts.append(f"*{footnote_note}*")
    if after:
        parts.append(after)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Reply:
    """One turn of the guide: what was typed, and everything a front-end shows for it."""

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
    intent: Intent = Intent.QUESTION
    """What kind of turn this was (Intent)."""
    title: str = ""
    """The node's title, for an answer."""
    chapter: str | None = None
    step: Step | None = None
    detour: bool = False
    """Answered in the middle of a sequence, which waits to be resumed."""
    content_note: str = ""
    chapter_ended: str | None = None
    """The id of the chapter this reply ends, if it ends one: a sequence chapter when
    the reader goes on past its last step, any other chapter the first time every one
    of its topics has been seen (once per chapter until a restart)."""
    footnote_note: str = ""
    """The sentence shown under a quote whose original cites a reference (the language's
    `footnote` message, or the script's); '' when no quote has one."""

    @property
    def suggestions(self) -> tuple[Choice, ...]:
        """The choices, by the name the JSON gives them."""
        return self.choices

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in the README (stable for scripts), which is also a
        turn line of a session file."""
        return {
            "input": self.input,
            "kind": self.kind,
            "intent": str(self.intent),
            "node": self.node,
            "title": self.title,
            "chapter": self.chapter,
            "score": round(self.score, 1),
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": [c.to_dict() for c in self.choices],
            "step": self.step.to_dict() if self.step else None,
            "detour": self.detour,
            "content_note": self.content_note,
            "say": self.say,
            "after": self.after,
            "chapter_ended": self.chapter_ended,
            "footnote_note": self.footnote_note,
            "version": VERSION,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: SourceInfo | None = None,
                  footnote_note: str = "") -> Reply:
        """A Reply from to_dict()'s shape, or from a turn line of a format-1 session file
        (its text is rebuilt from the guide's words and the quotes; `source` names what
        its citations cite; `footnote_note` is the sentence for a quote that cites a
        reference, for replies recorded before they carried it). Raises ValueError where
        the shape is wrong."""
        try:
            version = int(data.get("version", 1))
            if version > VERSION:
                raise ValueError(f"version {version}; this tour reads up to {VERSION}")
            kind = str(data["kind"])
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            citations = tuple(Citation.from_dict(c, source) for c in data.get("citations") or ())
            listed = data["suggestions"] if "suggestions" in data else data.get("choices")
            say, after = str(data.get("say") or ""), str(data.get("after") or "")
            note = str(data.get("footnote_note") or "")
            if "footnote_note" not in data and any(c.footnote for c in citations):
                note = footnote_note  # written before replies carried it
            text = data.get("text")
            return cls(
                input=str(data["input"]), kind=cast(Kind, kind),
                text=str(text) if text is not None else answer_markdown(say, citations, after, note),
                node=_optional(data.get("node")), score=float(data.get("score") or 0.0),
                say=say, after=after, citations=citations,
                choices=tuple(Choice.from_dict(c) for c in listed or ()),
                intent=Intent(str(data.get("intent") or "question")), title=str(data.get("title") or ""),
                chapter=_optional(data.get("chapter")),
                step=Step.from_dict(data["step"]) if data.get("step") else None,
                detour=bool(data.get("detour")), content_note=str(data.get("content_note") or ""),
                chapter_ended=_optional(data.get("chapter_ended")),
                footnote_note=note,
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
            raise ValueError(f"not a reply ({exc.__class__.__name__}: {exc})") from None


def _span(value: Any) -> tuple[int, int] | None:
    """A [start, end] pair read back, or None."""
    if not value:
        return None
    start, end = (int(v) for v in value)
    return start, end


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)
