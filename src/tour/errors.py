"""Exit codes and the one base of every error a person is meant to read.

Each domain (scripts, files, playback files, records, the quiz) raises a subclass of
TourError with a message that says what went wrong and, where there is one, the fix.
The edge (cli.main) prints it in one place and exits with its code; the app can show
its title and message in a dialog. This module imports nothing of the package, so any
layer may use it.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `tour` exits with."""

    OK = 0
    FAILED = 1
    """A `tour test` expectation was not met."""
    USAGE = 2
    """A bad script, a missing or unreadable file, or bad usage (always with a message)."""
    INTERRUPTED = 130
    """Ctrl+C."""


class TourError(Exception):
    """An error with a short title and a message a person can act on."""

    title = "Error"
    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, title: str | None = None):
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message

    def lines(self, command: str = "", *, everything: bool = False) -> list[str]:
        """What the command line prints: `tour COMMAND: message` unless overridden.

        `everything` asks for every line where a subclass would shorten a long list.
        """
        prefix = f"tour {command}" if command else "tour"
        return [f"{prefix}: {self.message}"]


class LocatedError(TourError):
    """An error whose message starts with where it is (`path: ...` or `path:line: ...`),
    printed as it stands."""

    def lines(self, command: str = "", *, everything: bool = False) -> list[str]:
        return self.message.split("\n")  # a path or a text in it may hold U+2028


class UsageError(TourError):
    """A command given options that do not go together, or a name that is not known."""

    title = "Bad usage"
