"""A prepared lesson's place and pace, for presenter playback (`tour play FILE --tui`).

Plain logic, no Textual: LessonScreen drives the app with it and LessonBar shows
its status. A step is one line of the playback file: an input (typed into the
question box, then asked), or a directive (!note, !map, !source). A !pause line is
not a step: it stops a paced lesson where it stands, until the teacher goes on.

Without a pace the teacher advances every step. With one, the lesson plays by itself,
one step every `pace` seconds after the last reply, until the teacher pauses it.

The teacher's own questions come first: a step being typed when the teacher asks
one is put back (`put_back`) and played again after the answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..playback import Line

TYPING = 0.03
"""Seconds per character when an input is typed into the question box."""
TYPING_LIMIT = 1.2
"""The longest an input takes to type, however long it is (seconds)."""


class Lesson:
    """Where a lesson stands: the next line to play, the steps done, playing or paused."""

    def __init__(self, lines: Iterable[Line], pace: float | None = None, *,
                 typing: float = TYPING) -> None:
        """lines: a playback file's lines; pace: seconds between steps (None: the teacher
        advances each one); typing: seconds per character typed (0: shown at once)."""
        self.lines = tuple(lines)
        self.pace = pace
        self.typing = typing
        self.position = 0
        """Index in `lines` of the next line to play."""
        self.done = 0
        """Steps played so far."""
        self.total = sum(1 for line in self.lines if line.directive != "pause")
        self.playing = pace is not None
        """Advancing by itself (only ever True with a pace)."""
        self._before_take: tuple[int, int, bool] | None = None
        self._skip_pauses()

    @property
    def paced(self) -> bool:
        return self.pace is not None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.lines)

    def take(self) -> Line | None:
        """The next step to play (None once the lesson is over); a !pause after it holds."""
        if self.finished:
            return None
        line = self.lines[self.position]
        self._before_take = (self.position, self.done, self.playing)
        self.position += 1
        self.done += 1
        self._skip_pauses()
        return line

    def put_back(self) -> None:
        """Undo the last take(): the step was interrupted and will be played again."""
        if self._before_take is not None:
            self.position, self.done, self.playing = self._before_take
            self._before_take = None

    def pause(self) -> None:
        self.playing = False

    def resume(self) -> None:
        """Play on by itself (with a pace; without one there is nothing to resume)."""
        self.playing = self.paced and not self.finished

    def typing_delay(self, text: str) -> float:
        """Seconds between two typed characters of `text` (0: show it at once)."""
        if self.typing <= 0 or not text:
            return 0.0
        return min(self.typing, TYPING_LIMIT / len(text))

    def status(self, *, typing: bool = False, waiting: bool = False) -> str:
        """'Lesson: step 3 of 16 · paused · Space to go on', and the like.

        typing: the step is being typed; waiting: the teacher is typing a question of
        their own, which the lesson waits for.
        """
        if self.finished and not typing:
            return f"Lesson: all {self.total} steps played \u00b7 the class can keep asking"
        where = f"Lesson: step {self.done} of {self.total}" if self.done else (
            f"Lesson: {self.total} step{'s' * (self.total != 1)}")
        if typing:
            return f"{where} \u00b7 typing the lesson's question \u00b7 Enter asks yours first"
        if waiting:
            then = "the lesson goes on" if self.playing else "Space goes on"
            return f"{where} \u00b7 waiting for your question \u00b7 Enter asks it, then {then}"
        if self.playing:
            return f"{where} \u00b7 playing, every {self.pace:g} s \u00b7 Space to pause"
        return f"{where} \u00b7 paused \u00b7 Space to {'go on' if self.done else 'begin'}"

    def _skip_pauses(self) -> None:
        """Pass over !pause lines at the cursor; each stops a lesson that plays by itself."""
        while not self.finished and self.lines[self.position].directive == "pause":
            self.position += 1
            self.playing = False
        if self.finished:
            self.playing = False
