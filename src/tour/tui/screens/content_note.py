"""The content note, shown in a modal before the tour starts."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Markdown, Static

from ..literal import literal


class ContentNoteScreen(ModalScreen[list[str]]):
    """The tour's content note, read before the first passage.

    A reader who starts typing a question at once has read it too: the first letter
    closes the note and goes to the question box, so nothing typed is lost.
    """

    BINDINGS = [
        Binding("enter", "dismiss", "Continue", tooltip="Close the note and start the tour"),
        Binding("escape", "dismiss", "Continue", show=False),
    ]

    def __init__(self, note: str, title: str = "") -> None:
        """note: the tour's content note (Markdown); title: the tour's, shown above it."""
        super().__init__()
        self.note = note
        self.tour_title = title
        self.typed: list[str] = []
        """Letters typed over the note: the start of the first question."""
        self.typed_delivered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.tour_title:
                yield Static(literal(self.tour_title), classes="dialog-over")
            yield Static(Content("Content note"), classes="dialog-title")
            with VerticalScroll():
                yield Markdown(self.note)
            yield Static(Content("Press Enter to continue"), classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable and event.character):
            return
        if not self.typed:
            if event.character.isalpha():
                event.stop()
                self.typed.append(event.character)
                self.dismiss(self.typed)
            return
        # Keys typed fast can still reach the note while it closes: keep them in order.
        event.stop()
        screen = self.app.screen
        if screen is not self and self.typed_delivered:
            screen.query_one("#question", Input).insert_text_at_cursor(event.character)
        else:
            self.typed.append(event.character)
