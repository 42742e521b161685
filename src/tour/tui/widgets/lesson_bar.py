"""The presenter's bar: which step of the prepared lesson, playing or paused."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..presenter import Presenter


class LessonBar(Static):
    """One line over the question box, e.g. 'Lesson: step 3 of 16 · paused · Space to go on'."""

    def show(self, presenter: Presenter) -> None:
        """Show the presenter's status; the classes -playing, -paused, -finished style it."""
        self.set_class(presenter.playing, "-playing")
        self.set_class(not presenter.playing and not presenter.finished, "-paused")
        self.set_class(presenter.finished, "-finished")
        mark = "\u25b6 " if presenter.playing else ("\u2713 " if presenter.finished else "\u23f8 ")
        self.update(Content.assemble((mark, "bold"), presenter.status()))
