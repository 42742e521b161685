"""The presenter's bar: which step of the prepared lesson, playing or paused."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..lesson import Lesson


class LessonBar(Static):
    """One line over the question box, e.g. 'Lesson: step 3 of 16 · paused · Space to go on'."""

    def show(self, lesson: Lesson) -> None:
        """Show the lesson's status; the classes -playing, -paused, -finished style it."""
        self.set_class(lesson.playing, "-playing")
        self.set_class(not lesson.playing and not lesson.finished, "-paused")
        self.set_class(lesson.finished, "-finished")
        mark = "\u25b6 " if lesson.playing else ("\u2713 " if lesson.finished else "\u23f8 ")
        self.update(Content.assemble((mark, "bold"), lesson.status()))
