"""The tour model: chapters, nodes, quotes, small talk and routing settings.

These are plain frozen dataclasses built by the loader from a dialogue script. They
hold no behaviour beyond simple look-ups, so every front-end can read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .reply import Citation, Focus
from .source import Source

if TYPE_CHECKING:
    from .language import Language

DEFAULT_NOUN = "story"
"""What a sequence chapter is called in messages when its script names nothing else."""


@dataclass(frozen=True)
class Quote:
    """A located quotation: text exactly as in the source, and where it stands."""

    text: str
    paragraph: int
    start: int
    end: int
    section: str
    footnote: bool = False
    """The quoted paragraph ended in a footnote link in the original."""
    voice: str = "narration"
    """'first-person' for a witness's own words, else 'narration'."""


@dataclass(frozen=True)
class Node:
    """A topic (or, in a sequence chapter, a step): what routes to it and what it says."""

    id: str
    title: str
    chapter: str
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    say: str = ""
    quotes: tuple[Quote, ...] = ()
    after: str = ""
    next: tuple[str, ...] = ()
    content_note: str = ""
    unanswered: tuple[str, ...] = ()
    """Questions on this topic that the text does not answer: asked, the tour declines."""


@dataclass(frozen=True)
class Review:
    """A review question whose answer is a located quote."""

    question: str
    answer: Quote


@dataclass(frozen=True)
class Chapter:
    """A chapter: its nodes in order, and what is shown around them."""

    id: str
    title: str
    nodes: tuple[str, ...]
    """Node ids in the order written."""
    section: str = ""
    intro: str = ""
    sequence: bool = False
    """Steps play in order with 'next' (a testimony)."""
    noun: str = DEFAULT_NOUN
    """What a sequence chapter is, in the words of messages: "testimony", "diary",
    "journey" (the script's `noun`; "story" when it names none)."""
    discussion: tuple[str, ...] = ()
    """Prompts for a class discussion at the end of the chapter."""
    review: tuple[Review, ...] = ()
    """Questions whose answers are in the text."""


@dataclass(frozen=True)
class ChatIntent:
    """Small talk: hello, thanks, help, about, topics, bye."""

    id: str
    examples: tuple[str, ...]
    say: str


@dataclass(frozen=True)
class Routing:
    """Thresholds a script may set, on a 0-100 scale. Each one left unset is derived
    from the tour's own data when its router is built (routing/calibration.py)."""

    answer: float | None = None
    """Confidence at or above which the best topic is the answer."""
    near: float | None = None
    """Confidence below `answer` but at or above this: declined gently, as a near miss."""
    margin: float | None = None
    """Percent of the best ranking within which rivals from other passages are offered
    together ("which did you mean?")."""
    chat: float | None = None
    """Small talk at or above this."""
    unanswered: float | None = None
    """Decline when the words a question's best passage does not explain are, at least
    this percent either way, the new words of an `unanswered` question."""


@dataclass(frozen=True)
class Tour:
    """A whole loaded tour: its source text, chapters, nodes, small talk and settings."""

    id: str
    title: str
    welcome: str
    source: Source
    chapters: tuple[Chapter, ...]
    nodes: dict[str, Node]
    chat: tuple[ChatIntent, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    routing: Routing = Routing()
    content_note: str = ""
    start: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    """On-topic questions that no passage of the text answers."""
    path: str = ""
    """The script file this tour was loaded from."""
    language: Language | None = None
    """The words and sentences of the tour's language, with the script's own laid over
    them (its small talk is `chat`, merged)."""

    def node(self, node_id: str) -> Node:
        """The node of an id (KeyError for an unknown one)."""
        return self.nodes[node_id]

    def chapter(self, chapter_id: str) -> Chapter:
        """The chapter of an id (KeyError for an unknown one)."""
        for chapter in self.chapters:
            if chapter.id == chapter_id:
                return chapter
        raise KeyError(chapter_id)

    def chapter_of(self, node_id: str) -> Chapter:
        """The chapter a node stands in."""
        return self.chapter(self.nodes[node_id].chapter)

    def citation(self, quote: Quote) -> Citation:
        """A located quote as a citation of this tour's source (its title, publisher, link)."""
        info = self.source.info
        return Citation(quote.text, quote.paragraph, quote.section, quote.start, quote.end,
                        info.title, info.publisher, info.url, quote.footnote, quote.voice)

    def citations(self, node: Node, focus: Focus | None = None) -> tuple[Citation, ...]:
        """A node's quotes as citations, the answering sentences (`focus`) marked in the
        one they stand in: their span in the paragraph, inside the quote's."""
        out = []
        for k, quote in enumerate(node.quotes):
            citation = self.citation(quote)
            if focus is not None and focus.quote == k:
                citation = replace(citation, focus=(quote.start + focus.start, quote.start + focus.end))
            out.append(citation)
        return tuple(out)

    def unanswered_questions(self) -> list[tuple[str | None, str]]:
        """Every `unanswered` question with the node it is listed under (None for the
        tour's own list): each topic's in script order, then the tour's."""
        listed: list[tuple[str | None, str]] = [
            (node.id, q) for node in self.nodes.values() for q in node.unanswered]
        return listed + [(None, q) for q in self.unanswered]

    def chat_intent(self, intent_id: str) -> ChatIntent | None:
        """The small-talk intent of an id, or None."""
        return next((c for c in self.chat if c.id == intent_id), None)

    @property
    def sequences(self) -> tuple[Chapter, ...]:
        """The sequence chapters, in order."""
        return tuple(c for c in self.chapters if c.sequence)
