"""Session files: one JSON Lines file per session, written turn by turn.

The first line is a header (the tour, its script, the start time, the front-end);
each further line is one turn: the Reply's own to_dict(), with its place in the
session and its time. SessionRecorder is a Session listener: it writes,
flushes and syncs each turn before the Session hands the Reply to the front-end, so
killing the terminal loses nothing that was already on screen. Reading is forgiving:
a damaged line (a half-written last line, a number too large for any type, nesting
too deep to read) is skipped and reported, never raised, and the other lines read; a
file of which no line is a session record is not taken for an empty session.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..engine.files import FileError, read_bytes, split_lines
from ..engine.language import english_language
from ..engine.reply import Reply
from ..engine.script import Tour
from ..engine.source import SourceInfo
from ..errors import TourError
from ..settings import DATA_DIR_VAR, Settings

FORMAT = 2
"""The session file format version, written in every header. Format 2 writes each
turn as Reply.to_dict(); format 1 files (a shorter turn line of their own) still read."""
ENV_VAR = DATA_DIR_VAR
"""The variable that names the session directory (read in tour.settings; kept here for
the callers that set it)."""
SUFFIX = ".jsonl"
LATEST = "latest"
SHOWN_DAMAGED = 10
"""Damaged lines of one file reported one by one; the rest are counted in one line."""


class RecordsError(TourError):
    """A session file or directory that cannot be used; the message says why."""

    title = "Session records"


def data_dir(explicit: str | Path | None = None) -> Path:
    """Where session files live: the explicit path, else the settings' data_dir
    ($TOUR_DATA_DIR, else the user data directory; see tour.settings)."""
    if explicit:
        return Path(explicit).expanduser()
    return Settings.from_env().data_dir


def now_utc() -> datetime:
    return datetime.now(UTC)


def session_name(tour_id: str, started: datetime) -> str:
    """A file stem sortable by start time and unique: 20261130T112233Z-<tour id>-<random>."""
    stamp = started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", tour_id).strip("-")[:40] or "tour"
    return f"{stamp}-{safe}-{secrets.token_hex(3)}"


def header_record(tour: Tour, front_end: str, started: datetime, session_id: str) -> dict[str, Any]:
    """The first line of a session file."""
    info = tour.source.info
    return {
        "type": "session", "format": FORMAT, "id": session_id, "started": _iso(started),
        "front_end": front_end, "tour_id": tour.id, "tour_title": tour.title, "script": tour.path,
        "source_title": info.title, "source_publisher": info.publisher, "source_url": info.url,
    }


class SessionRecorder:
    """A Session listener that appends every Reply to a new session file, synced to disk.

        recorder = SessionRecorder(tour, "play")
        session.listeners.append(recorder)

    Raises RecordsError when the file cannot be created. A later write failure (a full
    disk) stops the recording and is reported once through on_error (by default a
    warning); the conversation goes on.

    defer=True creates the file only at the first reply to an input (the welcome is
    held until then, with its time): a session nobody typed in leaves no file (`tour
    serve`'s tabs opened and left). The folder is checked at once instead, and a file
    that cannot be created then is reported through on_error.
    """

    def __init__(self, tour: Tour, front_end: str, directory: str | Path | None = None, *,
                 on_error: Callable[[str], None] | None = None,
                 clock: Callable[[], datetime] = now_utc, defer: bool = False):
        self.directory = data_dir(directory)
        self.turns = 0
        self.error: str | None = None
        self._on_error = on_error or _warn
        self._clock = clock
        started = clock()
        stem = session_name(tour.id, started)
        self.path = self.directory / f"{stem}{SUFFIX}"
        self._header = header_record(tour, front_end, started, stem)
        self._file = None
        self._created = False
        self._held: list[dict[str, Any]] | None = [] if defer else None
        """The turns held until the first reply to an input (defer=True), else None."""
        if defer:
            self._check_folder()
        else:
            self._begin()

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def created(self) -> bool:
        """Whether the session file exists (made at once, unless deferred)."""
        return self._created

    def __call__(self, reply: Reply) -> None:
        """Record one reply; return only once it is on disk (or, deferred, held)."""
        if self._file is None and self._held is None:
            return  # stopped
        self.turns += 1
        record = {"type": "turn", "turn": self.turns, "time": _iso(self._clock()), **reply.to_dict()}
        if self._held is not None:
            self._held.append(record)
            if reply.intent == "welcome":
                return
            held, self._held = self._held, None
            try:
                self._begin()
            except RecordsError as exc:
                self._stop(f"This session is not recorded: {exc}")
                return
        else:
            held = [record]
        try:
            for line in held:
                self._write(line)
        except OSError as exc:
            self._stop(f"recording stopped: cannot write {self.path}: {_reason(exc)}")

    def _begin(self) -> None:
        """Create the session file and write its header."""
        self._file = self._create()
        self._created = True
        try:
            self._write(self._header)
            _sync_dir(self.directory)
        except OSError as exc:
            self.close()
            _remove(self.path)  # an empty or half header would pass for a session of its own
            raise RecordsError(f"cannot write the session file {self.path}: {_reason(exc)}") from None

    def _check_folder(self) -> None:
        """RecordsError unless the session folder exists (made if need be) and is writable."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordsError(f"cannot record the session in {self.directory}: {_reason(exc)}") from None
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise RecordsError(f"cannot record the session in {self.directory}: permission denied")

    def _stop(self, message: str) -> None:
        self.error = message
        self._held = None
        self.close()
        self._on_error(message)

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None

    def __enter__(self) -> SessionRecorder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _create(self):
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # backslashreplace: a lone surrogate (undecodable input) is written as a JSON
            # escape, "\udcff", instead of failing the write.
            return open(self.path, "x", encoding="utf-8", errors="backslashreplace", newline="\n")
        except OSError as exc:
            raise RecordsError(f"cannot record the session in {self.directory}: {_reason(exc)}") from None

    def _write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())


# -- reading ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Turn(Reply):
    """One recorded reply: the Reply as it was shown, with its place and time."""

    turn: int = 0
    """1-based place in the session (the welcome is turn 1)."""
    time: str = ""
    """When it was given, as ISO 8601 in UTC."""

    @classmethod
    def of(cls, reply: Reply, turn: int, time: str = "") -> Turn:
        """The reply as the given turn of a session."""
        return cls(**{f.name: getattr(reply, f.name) for f in fields(Reply)}, turn=turn, time=time)

    @classmethod
    def from_record(cls, record: dict[str, Any], source: SourceInfo | None = None) -> Turn:
        """A turn line read back (Reply.from_dict, either format); ValueError if it is not one."""
        try:
            turn = int(record["turn"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a turn record (no turn number: {exc})") from None
        note = english_language().message("footnote")  # for replies recorded before they carried it
        return cls.of(Reply.from_dict(record, source=source, footnote_note=note), turn, str(record.get("time", "")))

    @property
    def asked(self) -> bool:
        """A turn that answered an input (not the welcome)."""
        return self.intent != "welcome"


@dataclass(frozen=True)
class Header:
    """What a session file says about itself; empty strings where it says nothing."""

    id: str
    started: str = ""
    front_end: str = ""
    tour_id: str = ""
    tour_title: str = ""
    script: str = ""
    source_title: str = ""
    source_publisher: str = ""
    source_url: str = ""

    @classmethod
    def from_dict(cls, session_id: str, data: dict[str, Any]) -> Header:
        names = [f for f in cls.__dataclass_fields__ if f != "id"]
        return cls(session_id, **{n: str(data.get(n) or "") for n in names})

    @property
    def source(self) -> SourceInfo:
        """The source the session's citations cite."""
        return SourceInfo(self.source_title, self.source_publisher, self.source_url)


@dataclass
class SessionFile:
    """A session file read back: its header, its turns, and the lines that were skipped."""

    path: Path
    header: Header
    turns: list[Turn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One message per damaged line, 'path:line: ...', for the command line to print."""

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def asked(self) -> list[Turn]:
        return [t for t in self.turns if t.asked]

    @property
    def declined(self) -> list[Turn]:
        return [t for t in self.turns if t.kind == "fallback"]


def read_session(path: str | Path) -> SessionFile:
    """Read a session file, skipping (and reporting) damaged lines; RecordsError if it
    cannot be read, or if no line of it is a session record (not a session file)."""
    path = Path(path)
    try:
        data = read_bytes(path, "session file").decode("utf-8", errors="replace")
    except FileError as exc:
        raise RecordsError(f"cannot read the session file {exc}") from None
    header: Header | None = None
    turns: list[Turn] = []
    damaged: list[str] = []
    # Split at line breaks only: a recorded text may hold U+2028, which splitlines() would cut.
    for number, line in enumerate(split_lines(data), 1):
        if not line.strip():
            continue
        try:
            record = _decode(line)
            if record.get("type") == "session" and header is None:
                header = Header.from_dict(path.stem, record)
            elif record.get("type") == "turn":
                turns.append(Turn.from_record(record, header.source if header else None))
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with a line, it alone is lost
            damaged.append(f"{path}:{number}: damaged line skipped ({_why(exc)})")
    if header is None and not turns:
        raise RecordsError(f"{path}: not a session file: no line of it is a session record"
                           + (f" ({len(damaged)} damaged)" if damaged else ""))
    problems = damaged[:SHOWN_DAMAGED]
    if len(damaged) > SHOWN_DAMAGED:
        problems.append(f"{path}: {len(damaged) - SHOWN_DAMAGED} more damaged lines skipped")
    if header is None:
        problems.insert(0, f"{path}: no session header; the tour and source are unknown")
        header = Header(path.stem)
    return SessionFile(path, header, turns, problems)


def session_folder(directory: str | Path | None = None) -> Path:
    """The folder of session files to read (default: data_dir()); RecordsError where there
    is no such folder, or it is a file."""
    folder = data_dir(directory)
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        raise RecordsError(f"{folder}: no such folder: no session has been recorded there; "
                           "give the folder of session files with --data-dir") from None
    except OSError as exc:
        raise RecordsError(f"{folder}: cannot be read ({_reason(exc)})") from None
    if not stat.S_ISDIR(mode):
        raise RecordsError(f"{folder}: a file, not a folder of session files: give the folder "
                           "with --data-dir")
    return folder


def list_sessions(directory: str | Path | None = None) -> list[Path]:
    """The session files in a directory (default: data_dir()), oldest first; none where
    there is no such directory. An empty file (one whose header was never written)
    holds no session and is left out."""
    folder = data_dir(directory)
    try:
        files = [p for p in folder.iterdir() if p.suffix == SUFFIX and p.is_file() and _size(p)]
    except OSError:
        return []
    return sorted(files, key=lambda p: (p.name[:16], _mtime(p), p.name))


def resolve_session(ref: str, directory: str | Path | None = None) -> Path:
    """A session named by 'latest', a path to a file, its id (the file stem) or a unique
    prefix; RecordsError naming what was not found."""
    if ref != LATEST and Path(ref).is_file():
        return Path(ref)
    folder = session_folder(directory)
    sessions = list_sessions(folder)
    if ref == LATEST:
        if not sessions:
            raise RecordsError(f"no sessions recorded in {folder}")
        return sessions[-1]
    stem = ref.removesuffix(SUFFIX)
    matches = ([p for p in sessions if p.stem == stem]
               or [p for p in sessions if p.stem.startswith(stem)])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise RecordsError(f"no session '{ref}' in {folder}; `tour sessions` lists them")
    names = ", ".join(p.stem for p in matches[:5]) + (", ..." if len(matches) > 5 else "")
    raise RecordsError(f"'{ref}' matches {len(matches)} sessions ({names}); give more of the id")


def _decode(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg}, column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return record


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _sync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable too (POSIX; a no-op where unsupported)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _why(exc: Exception) -> str:
    """What is wrong with a damaged line, in a few words."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, OverflowError):
        return "a number too large to read"
    return str(exc) if isinstance(exc, ValueError) else f"not a record ({exc.__class__.__name__})"


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _warn(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)
