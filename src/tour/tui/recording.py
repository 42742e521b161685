"""The app's session record: started before the welcome, exported on a key.

Every app session is recorded (front-end "tui", or "serve" when `tour serve` started
the app), unless --no-record or TOUR_RECORD=0 says not to. A recorder that cannot
start, or stops (a full disk), is reported; the tour goes on without it. A served
session's file is made at its first input (defer): a tab opened and left leaves none.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ..engine.script import Tour
from ..engine.session import Session
from ..records.store import RecordsError, SessionRecorder


class Recording:
    """The recorder of one app session, if any, and what went wrong with it."""

    def __init__(self, tour: Tour, front_end: str, directory: str | None, *,
                 enabled: bool, defer: bool = False) -> None:
        """defer: make the file at the first input (SessionRecorder's defer)."""
        self.tour = tour
        self.front_end = front_end
        self.directory = directory
        self.enabled = enabled
        self.defer = defer
        self.recorder: SessionRecorder | None = None
        self.problem: str | None = None
        """Why the session is not recorded, when it should be."""

    def start(self, session: Session, on_error: Callable[[str], None]) -> None:
        """Listen to `session` from its first reply on (call before the welcome)."""
        if not self.enabled:
            return
        try:
            self.recorder = SessionRecorder(self.tour, self.front_end, self.directory,
                                            on_error=on_error, defer=self.defer)
        except RecordsError as exc:
            self.problem = f"This session is not recorded: {exc}"
            return
        session.listeners.append(self.recorder)

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()

    def session_path(self) -> Path:
        """The session file; RecordsError when the session is not recorded."""
        if self.recorder is None:
            why = self.problem or "the tour was started with --no-record"
            raise RecordsError(f"There is no transcript to export: {why}.")
        if not self.recorder.created:
            why = self.recorder.error or "nothing has been asked yet"
            raise RecordsError(f"There is no transcript to export: {why}.")
        return self.recorder.path

    def export(self, directory: Path | None = None) -> Path:
        """Write the transcript as HTML in `directory` (default: the current one)."""
        from ..records.export import export

        path = self.session_path()
        target = (directory or Path.cwd()) / f"{path.stem}.html"
        return export(path, target, fmt="html")

    def html(self) -> io.StringIO:
        """The transcript as HTML in memory, for a browser to download."""
        from ..records.export import to_html
        from ..records.store import read_session

        return io.StringIO(to_html(read_session(self.session_path())))
