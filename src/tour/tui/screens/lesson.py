"""The tour screen playing a prepared lesson: `tour play FILE --tui [--pace SECONDS]`.

Each input of the lesson is typed into the question box and asked, as if the
teacher had typed it; directives show a teacher's note (!note), the chapter map
(!map) or the source at the latest citation (!source). Space (or Right) plays the
next step while the question box is empty; with a pace the lesson plays by itself
and Space pauses and resumes it. The teacher can ask a student's question at any
moment: the lesson waits while the box holds text, and goes on after the answer.
The Lesson (plain logic) keeps the lesson's place; this screen acts on it.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input

from ...engine.reply import Reply
from ...engine.script import Tour
from ...engine.session import Session
from ..lesson import Lesson
from ..widgets.teacher_note import TeacherNote
from ..widgets.lesson_bar import LessonBar
from .tour import EMPTY, TourScreen

RETRY = 0.5
"""Seconds before a paced step tries again when the teacher is busy (typing, a dialog)."""
ENTER_PAUSE = 0.15
"""Seconds a typed input stays in the box before it is asked, as if Enter were pressed."""


class LessonScreen(TourScreen):
    """The tour screen with a lesson to play and the lesson bar."""

    BINDINGS = [
        Binding("space", "lesson('space')", "Lesson: go on / pause", priority=True, show=False,
                id="lesson-space", tooltip="Play the lesson's next step; with --pace, pause or "
                "resume it. " + EMPTY),
        Binding("right", "lesson('right')", "Lesson: next step", priority=True, show=False,
                id="lesson-next", tooltip="Play the lesson's next step now. " + EMPTY),
        # Once the lesson is over, Space and Right step through a testimony again.
        *(b for b in TourScreen.BINDINGS
          if isinstance(b, Binding) and b.key in ("space", "right")),
    ]

    def __init__(self, tour: Tour, session: Session | None = None, *, lesson: Lesson,
                 present: bool = False) -> None:
        super().__init__(tour, session, present=present)
        self.lesson = lesson
        self.stepping = False
        """A step is being played (typed, asked, shown)."""
        self.timer: Timer | None = None
        self.shown_source = False
        """The last step opened the source panel beside the conversation."""

    def compose_status(self) -> ComposeResult:
        yield LessonBar(id="lesson")

    def on_mount(self) -> None:
        self.update_lesson()

    def on_screen_resume(self) -> None:
        """Back from a dialog (the content note first): a full pace before the next step."""
        self.schedule()

    def on_screen_suspend(self) -> None:
        self.cancel_timer()

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Lesson keys while the lesson lasts and the box is empty.

        Space typed in the question box reaches take_key instead, in the order keys
        arrive, so a fast typist's space is never taken for the lesson's.
        """
        if action == "lesson":
            if self.lesson.finished or not self.keys_free():
                return False
            return parameters[0] == "right" or not isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def take_key(self, key: str) -> bool:
        if key == "space" and not self.lesson.finished:
            self.call_later(self.action_lesson, "space")
            return True
        return super().take_key(key)

    def action_lesson(self, key: str) -> None:
        """Space: the next step, or with a pace pause / resume; Right: the next step now."""
        lesson = self.lesson
        if key == "space" and lesson.playing:
            lesson.pause()
            self.cancel_timer()
            self.update_lesson()
            return
        if key == "space":
            lesson.resume()
        self.play_next()

    # -- playing -------------------------------------------------------------------
    def play_next(self) -> None:
        """Play the next step in a worker (one step at a time)."""
        if self.stepping or self.lesson.finished:
            return
        self.stepping = True
        self.cancel_timer()
        self.run_worker(self._play_step(), group="lesson")

    async def _play_step(self) -> None:
        try:
            line = self.lesson.take()
            self.update_lesson()
            if line is not None:
                await self.perform(line.directive, line.argument or line.text)
        finally:
            self.stepping = False
            self.update_lesson()
            self.schedule()

    async def perform(self, directive: str, text: str) -> None:
        """One step: an input ('' directive) or a directive with its argument."""
        self.close_shown()
        if directive == "note":
            await self.conversation.add_message(TeacherNote(text))
        elif directive == "map":
            self.show_map()
        elif directive == "source":
            answer = self.latest_answer
            await self.open_source(answer.citations[0] if answer and answer.citations else None)
            self.shown_source = True
        else:
            await self.type_in(text)
            await self.ask(text)

    async def type_in(self, text: str) -> None:
        """Type `text` into the question box character by character, then clear it.

        The completion is off meanwhile, so the box shows exactly what is asked.
        """
        box = self.question
        delay = self.lesson.typing_delay(text)
        if not delay:
            return
        suggester, box.suggester = box.suggester, None
        try:
            for end in range(1, len(text) + 1):
                box.value = text[:end]
                box.cursor_position = end
                await asyncio.sleep(delay)
            await asyncio.sleep(ENTER_PAUSE)
        finally:
            box.value = ""
            box.suggester = suggester

    def close_shown(self) -> None:
        """The map or source the last step opened gives way to the next step."""
        if self.panel is not None:
            self.set_panel(None)
        elif self.shown_source and self.source_shown():
            self.close_source()
        self.shown_source = False

    def show_map(self) -> None:
        """Show the chapter map: in place of the conversation when the panels are hidden,
        else beside it (the focus stays in the question box, for the class's questions)."""
        if self.narrow:
            self.set_panel("map")
        else:
            self.remove_class("-map-hidden")
            if self.has_class("-medium") and self.source_shown():
                self.close_source()

    def player_keys(self) -> str | None:
        """While the lesson lasts, Space and Right are the lesson's, not the testimony's."""
        return None if self.lesson.finished else "Esc leave"

    # -- pace ------------------------------------------------------------------------
    async def show(self, reply: Reply, *, step: bool = False) -> None:
        """Every reply (the lesson's or the teacher's own) restarts the pace."""
        await super().show(reply, step=step)
        if not self.stepping:
            self.schedule()

    def schedule(self, delay: float | None = None) -> None:
        """Play the next step after the pace (or `delay`), if the lesson plays by itself."""
        self.cancel_timer()
        lesson = self.lesson
        if lesson.playing and lesson.pace is not None and not self.stepping:
            self.timer = self.set_timer(lesson.pace if delay is None else delay, self._tick)

    def cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def _tick(self) -> None:
        self.timer = None
        busy = (self.app.screen is not self or self.question.value or self.turn.locked()
                or self.stepping)
        if busy:
            self.schedule(min(RETRY, self.lesson.pace or RETRY))
        elif self.lesson.playing:
            self.play_next()

    def update_lesson(self) -> None:
        """Show the lesson's status (not while the app is closing and the bar is gone)."""
        for lesson_bar in self.query(LessonBar):
            lesson_bar.show(self.lesson)
        self.refresh_bindings()
