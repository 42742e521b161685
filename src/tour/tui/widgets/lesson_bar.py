"""The lesson bar: which step of the prepared lesson, and what the lesson is doing."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..lesson import Lesson


class LessonBar(Static):
    """One line over the footer, e.g. 'Lesson: step 3 of 16 · paused · Space to go on'."""

    def show(self, lesson: Lesson, *, typing: bool = False, waiting: bool = False) -> None:
        """Show the lesson's state: typing a step, waiting for the teacher's question,
        playing, paused or finished (the classes -typing, -waiting, -playing, -paused
        and -finished style it)."""
        finished = lesson.finished and not typing
        state = ("typing" if typing else "waiting" if waiting else "finished" if finished
                 else "playing" if lesson.playing else "paused")
        for name in ("typing", "waiting", "playing", "paused", "finished"):
            self.set_class(state == name, f"-{name}")
        mark = {"typing": "\u270e ", "waiting": "\u23f8 ", "playing": "\u25b6 ",
                "paused": "\u23f8 ", "finished": "\u2713 "}[state]
        self.update(Content.assemble((mark, "bold"), lesson.status(typing=typing, waiting=waiting)))
