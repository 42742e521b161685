"""A teacher's note in the conversation: a prepared lesson's !note line."""

from __future__ import annotations

from functools import partial

from textual.containers import Vertical
from textual.widgets import Static

from ..literal import literal


class TeacherNote(Vertical):
    """A note from the prepared lesson (!note), set apart from the guide's words."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def recipe(self):
        """How to show this note again (see Conversation)."""
        return partial(TeacherNote, self.text)

    def compose(self):
        yield Static(literal("Teacher's note"), classes="label")
        yield Static(literal(self.text), classes="text")
