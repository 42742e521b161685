"""The tour screen playing a prepared lesson: `tour play FILE --tui [--pace SECONDS]`.

Each input of the lesson is typed out in the conversation, as the teacher's own
question would appear, then asked; directives show a teacher's note (!note), the
chapter map (!map) or the source at the latest citation (!source). Space (or Right)
plays the next step from the empty question box; with a pace the lesson plays by
itself and Space pauses and resumes it.

The question box is the teacher's alone: the lesson never types into it. A question
the teacher types at any moment is kept whole. While the box holds text the lesson
waits; Enter asks the question, at once (a lesson step being typed just then is put
back and typed again later), and after the answer the lesson goes on (with a pace,
a full pace later). The lesson bar says which of these is happening. The Lesson
(plain logic) keeps the lesson's place; this screen acts on it.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.worker import Worker

from ...engine.reply import Reply
from ...engine.script import Tour
from ...engine.session import Session
from ..lesson import Lesson
from ..widgets.conversation import UserMessage
from ..widgets.lesson_bar import LessonBar
from ..widgets.question import QuestionInput
from ..widgets.teacher_note import TeacherNote
from .tour import TourScreen

RETRY = 0.5
"""Seconds before a paced step tries again when the teacher is busy (typing, a dialog)."""
ENTER_PAUSE = 0.15
"""Seconds a typed input stays on screen before it is asked, as if Enter were pressed."""


class LessonScreen(TourScreen):
    """The tour screen with a lesson to play and the lesson bar."""

    BINDINGS = [
        Binding("space", "lesson('space')", "Lesson: next step, or pause and resume",
                show=False, id="lesson-space",
                tooltip="Play the lesson's next step; with --pace, pause or resume it"),
        Binding("right", "lesson('right')", "Lesson: the next step now", show=False,
                id="lesson-next", tooltip="Play the lesson's next step at once"),
    ]

    def __init__(self, tour: Tour, session: Session | None = None, *, lesson: Lesson,
                 present: bool = False) -> None:
        super().__init__(tour, session, present=present)
        self.lesson = lesson
        self.stepping = False
        """A step is being played (typed, asked, shown)."""
        self.typing: UserMessage | None = None
        """The lesson's input being typed out in the conversation, if one is."""
        self.step_worker: Worker | None = None
        self.timer: Timer | None = None
        self.shown_source = False
        """The last step opened the source panel beside the conversation."""

    def compose_status(self) -> ComposeResult:
        yield LessonBar(id="lesson")

    def on_mount(self) -> None:
        self.update_lesson()

    def on_screen_resume(self) -> None:
        """Back from a dialog (the content note first): a full pace before the next step.
        (TourScreen's handler runs too: Textual calls each class's.)"""
        self.schedule()

    def on_screen_suspend(self) -> None:
        self.cancel_timer()

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The lesson's keys while it lasts, from the empty question box."""
        if action == "lesson" and self.lesson.finished:
            return False
        return super().check_action(action, parameters)

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

    async def submit(self, text: str) -> None:
        """The teacher's question comes first: a step being typed is put back."""
        if self.typing is not None and self.step_worker is not None:
            self.step_worker.cancel()
        await super().submit(text)

    def question_started(self) -> None:
        self.update_lesson()

    def question_emptied(self) -> None:
        self.update_lesson()

    # -- playing -------------------------------------------------------------------
    def play_next(self) -> None:
        """Play the next step in a worker (one step at a time)."""
        if self.stepping or self.lesson.finished:
            return
        self.stepping = True
        self.cancel_timer()
        self.step_worker = self.run_worker(self._play_step(), group="lesson")

    async def _play_step(self) -> None:
        try:
            line = self.lesson.take()
            self.update_lesson()
            if line is not None:
                await self.perform(line.directive, line.argument or line.text)
        except asyncio.CancelledError:
            self.lesson.put_back()  # the teacher asked first; this step plays again later
            raise
        except NoMatches:
            if self.app.is_running:
                raise
            # else the app is closing, its widgets already gone, mid-step: nothing to show
        finally:
            self.stepping = False
            self.step_worker = None
            if self.app.is_running:
                self.update_lesson()
                self.schedule()

    async def perform(self, directive: str, text: str) -> None:
        """One step: an input ('' directive) or a directive with its argument."""
        self.close_shown()
        if directive == "note":
            await self.conversation.add_message(TeacherNote(text))
        elif directive == "map":
            self.show_map(focus=False)
        elif directive == "source":
            await self.open_source(self.latest_citation(), focus=False)
            self.shown_source = True
        else:
            message = await self.type_in(text)
            await self.ask(text, message=message)

    async def type_in(self, text: str) -> UserMessage:
        """Type `text` out in the conversation, character by character, as the reader's
        words; the message it becomes. Cancelled (the teacher asked first), it is removed."""
        message = await self.conversation.add_user("", typing=True)
        self.typing = message
        self.update_lesson()
        delay = self.lesson.typing_delay(text)
        try:
            for end in range(1, len(text) + 1) if delay else ():
                message.show_text(text[:end])
                await asyncio.sleep(delay)
            message.show_text(text)
            if delay:
                await asyncio.sleep(ENTER_PAUSE)
        except asyncio.CancelledError:
            await self.conversation.withdraw(message)
            raise
        finally:
            self.typing = None
        message.typed()
        return message

    def close_shown(self) -> None:
        """The map or source the last step opened gives way to the next step."""
        if self.panel is not None:
            self.set_panel(None)
        elif self.shown_source and self.source_shown():
            self.close_source()
        self.shown_source = False

    def player_keys(self) -> str | None:
        """While the lesson lasts, Space and Right are the lesson's, not the testimony's."""
        return None if self.lesson.finished else "Esc leave"

    # -- pace ------------------------------------------------------------------------
    def reply_shown(self, reply: Reply) -> None:
        """Every reply (the lesson's or the teacher's own) restarts the pace."""
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
        busy = (self.app.screen is not self or self.question.value or self.bridge.turn.locked()
                or self.stepping)
        if busy:
            self.schedule(min(RETRY, self.lesson.pace or RETRY))
        elif self.lesson.playing:
            self.play_next()

    def update_lesson(self) -> None:
        """Show the lesson's true state (not while the app is closing and the bar is gone)."""
        boxes = self.query(QuestionInput)
        waiting = bool(boxes and boxes.first().value) and not self.lesson.finished
        for lesson_bar in self.query(LessonBar):
            lesson_bar.show(self.lesson, typing=self.typing is not None, waiting=waiting)
