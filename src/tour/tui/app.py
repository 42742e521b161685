"""The Textual app: `tour` with no command opens it; `tour play FILE --tui` presents a lesson.

A thin layer over the engine: TourScreen holds a Session and shows its Replies. The
app records the session (a SessionRecorder listens to it from before the welcome)
and exports it as an HTML transcript on a key.
"""

from __future__ import annotations

import collections

from textual import events
from textual.app import App
from textual.theme import BUILTIN_THEMES

from ..engine.routing import Router
from ..engine.script import Tour
from ..engine.session import Session
from ..errors import ExitCode, UsageError
from ..records.store import RecordsError
from ..settings import SERVE, Settings
from .lesson import Lesson
from .paste import install as install_paste_parser
from .recording import Recording
from .screens import class_review
from .screens.content_note import ContentNoteScreen
from .screens.lesson import LessonScreen
from .screens.tour import TourScreen
from .themes import DEFAULT_THEME, PRESENT_THEME, THEMES


class TourApp(App[None]):
    """A guided tour over one text, as a conversation."""

    CSS_PATH = "tour.tcss"

    def __init__(self, tour: Tour, *, theme: str | None = None, content_note: bool = True,
                 present: bool = False, lesson: Lesson | None = None,
                 record: bool = False, data_dir: str | None = None,
                 front_end: str = "tui", router: Router | None = None) -> None:
        """Open `tour`.

        theme: by name (Textual's or ours); content_note=False skips the note;
        present: the projector layout; lesson: a prepared lesson to play;
        record: record the session (in data_dir, else the default) as `front_end`;
        router: one already built for `tour` (`tour serve`'s fork server shares its own).
        """
        super().__init__()
        install_paste_parser()
        self.tour = tour
        self.show_content_note = content_note
        self.present = present
        self.lesson = lesson
        self.router = router
        self._held_keys: collections.deque[events.Key] | None = None
        """Keys that came while the content note closed, for the question box."""
        self.recording = Recording(tour, front_end, data_dir, enabled=record, defer=front_end == SERVE)
        for registered in THEMES:
            self.register_theme(registered)
        if theme:
            self.theme = theme
        self.title = tour.title

    def get_default_screen(self) -> TourScreen:
        from ..cache import router as cached_router

        session = Session(self.tour, self.router, router_factory=cached_router)
        self.session = session
        self.recording.start(session, on_error=self._recording_failed)
        if self.lesson is not None:
            return LessonScreen(self.tour, session, lesson=self.lesson, present=self.present)
        return TourScreen(self.tour, session, present=self.present)

    def on_mount(self) -> None:
        if self.session.router is None:
            # Built in a thread, so the first screen shows at once; a question asked
            # before it is ready builds it (or waits for it) in the session.
            self.run_worker(self._build_router, thread=True, exclusive=True, group="router")
        if self.recording.problem:
            self._recording_failed(self.recording.problem)
        if self.show_content_note and self.tour.content_note:
            self.push_screen(ContentNoteScreen(self.tour.content_note, self.tour.title))

    def _build_router(self) -> None:
        router = self.session.router_factory(self.tour) if self.session.router_factory else None
        if router is not None and self.session.router is None:
            self.session.router = router

    # -- keys, in the order they arrive --------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        """Route each key as it arrives, before Textual passes it on (see route_key).

        Textual hands a key to whatever has the focus when it arrives, and each widget
        reads its own queue: a key that moves the focus, or closes a dialog, could be
        overtaken by the keys typed after it. Deciding here, in arrival order, keeps a
        question's letters (and its Enter) in order.
        """
        if isinstance(event, events.Key) and not event.is_forwarded and not self.route_key(event):
            return
        await super().on_event(event)

    def route_key(self, event: events.Key) -> bool:
        """Whether to pass `event` on now (False: held for later, or dropped)."""
        screen = self.screen
        if self._held_keys is not None or (isinstance(screen, ContentNoteScreen) and screen.closing):
            self._hold(event)
            return False
        if isinstance(screen, ContentNoteScreen):
            if event.key in ("enter", "escape"):
                screen.dismiss()  # here, not by its bindings: see on_event
                return False
            if event.is_printable and event.character and event.character.isalpha():
                screen.dismiss()  # a letter closes the note and begins the question
                self._hold(event)
                return False
            return True
        if isinstance(screen, TourScreen):
            return screen.route_key(event)
        return True

    def _hold(self, event: events.Key) -> None:
        if self._held_keys is None:
            self._held_keys = collections.deque()
        self._held_keys.append(event)

    async def release_held_keys(self) -> None:
        """The note has gone: pass on the keys held meanwhile, in order, to the question
        box; keys that arrive during this join the end of the line."""
        held = self._held_keys
        if held is None or not isinstance(self.screen, TourScreen):
            return
        screen = self.screen
        screen.set_focus(screen.question)
        while held:
            event = held.popleft()
            if screen.route_key(event):
                await super().on_event(event)
        self._held_keys = None

    def on_unmount(self) -> None:
        self.recording.close()

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        yield from class_review.palette_commands(self)  # not in a student's browser tab

    def _recording_failed(self, message: str) -> None:
        self.notify(message, title="Not recording", severity="warning", timeout=12, markup=False)

    def action_export(self) -> None:
        """Write the session's transcript as HTML and say where (or why not).

        Under `tour serve` the browser downloads it instead: the current folder
        would be on the server.
        """
        try:
            if self.recording.front_end == "serve":
                name = f"{self.recording.session_path().stem}.html"
                self.deliver_text(self.recording.html(), save_filename=name, mime_type="text/html")
                where = f"Your browser is downloading {name}."
            else:
                where = f"Wrote {self.recording.export()}"
        except (RecordsError, OSError) as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=12, markup=False)
            return
        self.notify(where, title="Transcript exported", timeout=12, markup=False)


def theme_names() -> list[str]:
    """Every theme --theme accepts: Textual's own and ours."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in THEMES)})


def choose_theme(settings: Settings) -> str:
    """--theme ($TEXTUAL_THEME), else high-contrast for --present, else textual-dark."""
    return settings.theme or (PRESENT_THEME if settings.present else DEFAULT_THEME)


def run_app(tour: Tour, settings: Settings, lesson: Lesson | None = None) -> int:
    """Run the app on a loaded tour (presenting `lesson`, if given); 2 for an unknown theme."""
    theme = choose_theme(settings)
    names = theme_names()
    if theme not in names:
        raise UsageError(f"unknown theme {theme!r}; choose one of: {', '.join(names)}")
    app = TourApp(
        tour, theme=theme, content_note=settings.content_note, present=settings.present,
        lesson=lesson, record=settings.record, data_dir=settings.data_dir,
        front_end=settings.front_end or "tui",
    )
    app.run()
    return app.return_code or ExitCode.OK
