"""The end of a chapter in the conversation: its discussion prompts and review questions."""

from __future__ import annotations

from functools import partial

from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from ...engine.script import Chapter
from ..literal import literal


class ChapterOffer(Vertical):
    """'End of <chapter>': buttons for its discussion prompts and review questions."""

    class Open(Message):
        """The reader asked for a chapter's 'discussion' or 'review'."""

        def __init__(self, kind: str, chapter: str) -> None:
            super().__init__()
            self.kind = kind
            self.chapter = chapter

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter

    def recipe(self):
        """How to show this offer again (see Conversation)."""
        return partial(ChapterOffer, self.chapter)

    def compose(self):
        chapter = self.chapter
        yield Static(literal(f"End of {chapter.title}. For the class:"), classes="label")
        with Horizontal(classes="buttons"):
            if chapter.discussion:
                yield Button("Discussion prompts (F7)", id="discussion", compact=True)
            if chapter.review:
                yield Button("Review questions (F8)", id="review", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Open(event.button.id or "", self.chapter.id))
