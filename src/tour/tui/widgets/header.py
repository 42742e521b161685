"""The header: the tour's title, cut with an ellipsis when the terminal is narrow, and
the reader's progress, which always stays whole on the right."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ..literal import literal


class TourHeader(Horizontal):
    """'¶ Japanese prisoners of war in Kazakhstan          3 of 54 topics seen'."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title

    def compose(self) -> ComposeResult:
        icon = Static(literal("\u00b6"), classes="icon")
        icon.tooltip = "Open the command palette (Ctrl+P)"
        yield icon
        yield Static(literal(self.title_text), classes="title")
        yield Static(classes="progress")

    def show_progress(self, text: str) -> None:
        self.query_one(".progress", Static).update(literal(text))

    def on_click(self, event: events.Click) -> None:
        """A click on the icon opens the command palette, as on Textual's own header."""
        if event.widget is not None and event.widget.has_class("icon"):
            self.app.action_command_palette()
