"""A chapter's discussion prompts, in a modal screen (F7, or the end of a chapter)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...engine.script import Chapter
from ..literal import literal


class DiscussionScreen(ModalScreen[None]):
    """A chapter's prompts for a class discussion, numbered."""

    BINDINGS = [
        Binding("escape,enter", "dismiss", "Close", tooltip="Close the discussion prompts"),
    ]

    def __init__(self, chapter: Chapter) -> None:
        super().__init__(classes="classroom")
        self.chapter = chapter

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(f"Discussion \u00b7 {self.chapter.title}"), classes="dialog-title")
            with VerticalScroll():
                for number, prompt in enumerate(self.chapter.discussion, 1):
                    yield Static(literal(f"{number}. {prompt}"), classes="prompt")
            yield Static(literal("Press Escape to close"), classes="dialog-hint")
