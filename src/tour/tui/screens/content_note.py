"""The content note, shown in a modal before the tour starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ..literal import literal


class ContentNoteScreen(ModalScreen[None]):
    """The tour's content note, read before the first passage.

    A reader who starts typing a question at once has read it too: the first letter
    closes the note and begins the question. The app (TourApp.on_event) sees to that,
    and holds every key that comes while the note closes, so that all of them reach
    the question box in the order they were typed.
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
        self.closing = False
        """Dismissed, though it is still on screen until the app has taken it away."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.tour_title:
                yield Static(literal(self.tour_title), classes="dialog-over")
            yield Static(Content("Content note"), classes="dialog-title")
            with VerticalScroll():
                yield Markdown(self.note)
            yield Static(Content("Press Enter to continue"), classes="dialog-hint")

    def dismiss(self, result: None = None):
        """Close the note, once (Enter and a letter can both arrive before it has gone)."""
        if self.closing:
            return None
        self.closing = True
        return super().dismiss(result)
