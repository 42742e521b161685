"""A reply as the blocks every front-end shows, in order: one walk of a Reply.

    for block in reply_blocks(reply):
        match block:
            case StepLabel():    ...  # "Step 2 of 9", for a step of a sequence chapter
            case ContentNote():  ...  # "Content note: ...", above a distressing passage
            case Guide():        ...  # the guide's words: the author's Markdown
            case Quote():        ...  # a passage verbatim, with its one citation label
            case FootnoteNote(): ...  # under a quote whose original cites a reference
            case Choices():      ...  # the numbered choices

The text and Markdown renderers (render.py) and the transcript's Markdown and HTML
(records/export.py) are each one such match. A front-end decides how a block looks,
never which blocks a reply has. Blocks are small frozen dataclasses; nothing here
imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .engine.reply import Choice, Citation, Reply


@dataclass(frozen=True)
class StepLabel:
    """Where a step stands in its sequence chapter (1-based)."""

    chapter: str
    """The chapter's id (a front-end that knows the tour may show its title)."""
    index: int
    total: int

    @property
    def text(self) -> str:
        """'Step 2 of 9'."""
        return f"Step {self.index} of {self.total}"


@dataclass(frozen=True)
class ContentNote:
    """The author's note on distressing content, shown above the passage."""

    note: str

    @property
    def text(self) -> str:
        """'Content note: ...'."""
        return f"Content note: {self.note.strip()}"


@dataclass(frozen=True)
class Guide:
    """The guide's own words: Markdown written by the tour's author."""

    markdown: str
    after: bool = False
    """True for the words after the quotes (the first Guide block introduces the reply)."""


@dataclass(frozen=True)
class Quote:
    """A passage quoted verbatim from the source, to be shown literally, never as markup."""

    citation: Citation
    """Where it stands (paragraph, span): what a front-end opens the source at."""

    @property
    def text(self) -> str:
        """The source's words exactly."""
        return self.citation.quote

    @property
    def parts(self) -> tuple[str, str, str]:
        """The quote as (before, focus, after): the sentences that answer apart from the
        words around them (Citation.parts); joined, the source's words exactly."""
        return self.citation.parts()

    @property
    def focused(self) -> bool:
        """Whether some sentences of the quote answer the question (and are to be marked)."""
        return bool(self.citation.focus) and bool(self.citation.parts()[1].strip())

    @property
    def label(self) -> str:
        """The citation line: '¶23 · section · source (publisher)'."""
        return self.citation.label()

    @property
    def first_person(self) -> bool:
        """A witness's own words (a front-end may set them apart)."""
        return self.citation.voice == "first-person"


@dataclass(frozen=True)
class FootnoteNote:
    """Follows a Quote whose original cites a reference at its end."""

    text: str
    """The reply's footnote_note: the language's sentence, or the script's."""


@dataclass(frozen=True)
class Choices:
    """The numbered choices on offer, in order."""

    choices: tuple[Choice, ...]

    def numbered(self) -> Iterator[tuple[int, Choice]]:
        """(1, first choice), (2, second choice), ..."""
        return enumerate(self.choices, 1)


Block = StepLabel | ContentNote | Guide | Quote | FootnoteNote | Choices


def reply_blocks(reply: Reply) -> list[Block]:
    """The blocks of a reply, in the order to show them: the step label, the content note
    (except at the welcome, which front-ends show as a notice of its own), the guide's
    words, each quote (and its footnote note), the guide's words after, the choices.
    Blocks with nothing to show are left out."""
    blocks: list[Block] = []
    if reply.step is not None:
        blocks.append(StepLabel(reply.step.chapter, reply.step.index, reply.step.total))
    if reply.content_note.strip() and reply.intent != "welcome":
        blocks.append(ContentNote(reply.content_note))
    if reply.say:
        blocks.append(Guide(reply.say))
    for citation in reply.citations:
        blocks.append(Quote(citation))
        if citation.footnote and reply.footnote_note:
            blocks.append(FootnoteNote(reply.footnote_note))
    if reply.after:
        blocks.append(Guide(reply.after, after=True))
    if reply.choices:
        blocks.append(Choices(reply.choices))
    return blocks
