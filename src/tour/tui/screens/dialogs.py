"""The content note, shown in a modal before the tour starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static


class ContentNoteScreen(ModalScreen[None]):
    """The tour's content note, read before the first passage."""

    BINDINGS = [
        Binding("enter", "dismiss", "Continue", tooltip="Close the note and start the tour"),
        Binding("escape", "dismiss", "Continue", show=False),
    ]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Content note"), classes="dialog-title")
            with VerticalScroll():
                yield Markdown(self.note)
            yield Static(Content("Press Enter to continue"), classes="dialog-hint")
