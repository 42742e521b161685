"""A chapter's review questions, in a modal screen (F8, or the end of a chapter).

One question at a time: the class thinks, then a key reveals the passage that
answers it, quoted with its citation.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...engine.language import language_of
from ...engine.reply import Citation
from ...engine.script import Chapter, Review, Tour
from ..literal import literal
from ..widgets.conversation import Quotation


def review_citation(tour: Tour, review: Review) -> Citation:
    """A review question's answer as a citation of the source."""
    q, info = review.answer, tour.source.info
    return Citation(q.text, q.paragraph, q.section, q.start, q.end, info.title, info.publisher,
                    info.url, q.footnote, q.voice)


class ReviewScreen(ModalScreen[None]):
    """A chapter's review questions: each asked, then its answer revealed on a key."""

    BINDINGS = [
        Binding("space,enter,right", "go_on", "Reveal / next",
                tooltip="Reveal the answer, then go to the next question"),
        Binding("escape", "dismiss", "Close", tooltip="Close the review"),
    ]

    def __init__(self, tour: Tour, chapter: Chapter) -> None:
        super().__init__(classes="classroom")
        self.tour = tour
        self.chapter = chapter
        self.index = 0
        """The question shown (0-based)."""
        self.revealed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(classes="dialog-title")
            with VerticalScroll(id="review"):
                yield Static(classes="question")
            yield Static(classes="dialog-hint")

    def on_mount(self) -> None:
        self.show_question()

    @property
    def total(self) -> int:
        return len(self.chapter.review)

    def show_question(self) -> None:
        """The current question, its answer hidden."""
        review = self.chapter.review[self.index]
        self.revealed = False
        where = f"question {self.index + 1} of {self.total}"
        title = f"Review \u00b7 {self.chapter.title} \u00b7 {where}"
        self.query_one(".dialog-title", Static).update(literal(title))
        self.query_one(".question", Static).update(literal(review.question))
        self.query(".answer").remove()
        self.hint("Think about it, then press Space to see what the text says")

    def reveal(self) -> None:
        """The passage that answers the question, quoted with its citation."""
        citation = review_citation(self.tour, self.chapter.review[self.index])
        self.revealed = True
        self.query_one("#review").mount(Vertical(
            Static(literal("The text says:"), classes="says"),
            Quotation(citation, first_person=citation.voice == "first-person",
                      footnote_note=language_of(self.tour).message("footnote") if citation.footnote else ""),
            classes="answer",
        ))
        last = self.index + 1 == self.total
        self.hint("Press Escape to close" if last else "Space: next question \u00b7 Escape: close")

    def hint(self, text: str) -> None:
        self.query_one(".dialog-hint", Static).update(literal(text))

    def action_go_on(self) -> None:
        if not self.revealed:
            self.reveal()
        elif self.index + 1 < self.total:
            self.index += 1
            self.show_question()
        else:
            self.dismiss()
