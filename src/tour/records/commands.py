"""The record commands: `tour sessions`, `tour transcript`, `tour report`, `tour quiz`.

cli.build_parser calls register(sub); `tour play` takes add_record_options(play) and
calls attach_recorder(...) before its first reply. Each command is called with the
parsed arguments and the run's Settings (where the session files are, whether to
record). The work is done in store.py, export.py, report.py and quiz.py; these
functions parse, print and exit.
Diagnostics go to stderr, data to stdout; a session that cannot be found or read
exits 2 with a message, never a traceback. No Textual and no Rich here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ExitCode, TourError
from ..settings import Settings
from ..visible import json_text, visible_text

# store (and what it imports) loads when a command runs, not when the parser is built.
# A RecordsError or QuizError is not caught here: cli.main prints it, as every TourError.

DATA_DIR_HELP = "the directory of session files (default: $TOUR_DATA_DIR, else the user data directory)"


def register(subparsers) -> None:
    """Add the record commands to the `tour` parser's sub-parsers."""
    sessions = subparsers.add_parser("sessions", help="list the recorded sessions")
    _data_dir(sessions)
    sessions.set_defaults(func=cmd_sessions)

    transcript = subparsers.add_parser("transcript", help="export a session as Markdown or HTML")
    transcript.add_argument("session", help="a session id from `tour sessions` (or a unique prefix), "
                            "a session file, or 'latest'")
    transcript.add_argument("--format", choices=("md", "html"),
                            help="md or html (default: from the -o file name, else md)")
    transcript.add_argument("--handout", action="store_true",
                            help="add the discussion prompts of the chapters visited")
    transcript.add_argument("-o", "--output", metavar="PATH", help="write to a file (default: stdout)")
    _data_dir(transcript)
    transcript.set_defaults(func=cmd_transcript)

    report = subparsers.add_parser("report", help="the questions the tour declined or could not place")
    report.add_argument("sessions", nargs="*", metavar="SESSION",
                        help="session ids, files or 'latest' (default: every recorded session)")
    report.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    _data_dir(report)
    report.set_defaults(func=cmd_report)

    quiz = subparsers.add_parser("quiz", help="ask the chapters' review questions in the terminal")
    quiz.add_argument("--chapter", metavar="ID", help="only this chapter's questions")
    quiz.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS)
    quiz.set_defaults(func=cmd_quiz)


def add_record_options(parser: argparse.ArgumentParser) -> None:
    """--record/--no-record and --data-dir, for a command that runs a session.

    Unset, they leave the values `tour` itself was given (`tour --no-record play ...`);
    build_parser sets the defaults (record, no data dir) on the top-level parser.
    """
    parser.add_argument("--record", action=argparse.BooleanOptionalAction,
                        default=argparse.SUPPRESS,
                        help="record the session to a session file (default: on)")
    _data_dir(parser)


def attach_recorder(session, tour, settings: Settings, front_end: str):
    """Start recording a session as the settings ask (under `front_end`, unless they name
    another); say why on stderr and go on if it cannot."""
    from .store import RecordsError, SessionRecorder

    if not settings.record:
        return None
    try:
        recorder = SessionRecorder(tour, settings.front_end or front_end, settings.data_dir,
                                   on_error=_stderr)
    except RecordsError as exc:
        _stderr(f"not recording this session: {exc}")
        return None
    session.listeners.append(recorder)
    return recorder


# -- the commands ------------------------------------------------------------------------
def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    from .export import started
    from .store import list_sessions, session_folder

    paths = list_sessions(session_folder(settings.data_dir))
    if not paths:
        _stderr(f"no sessions recorded in {settings.data_dir}")
        return ExitCode.OK
    rows = [("ID", "STARTED", "TOUR", "TURNS", "DECLINED")]
    for path in paths:
        record = _read(path)
        if record is None:
            continue
        rows.append((record.id, started(record.header) or "?", record.header.tour_id or "?",
                     str(len(record.asked)), str(len(record.declined))))
    print(visible_text(_table(rows)))
    return ExitCode.OK


def cmd_transcript(args: argparse.Namespace, settings: Settings) -> int:
    from .export import format_of, to_html, to_markdown, tour_for, write_whole
    from .store import read_session, resolve_session

    fmt = args.format or format_of(args.output)
    record = read_session(resolve_session(args.session, settings.data_dir))
    _problems(record.problems)
    tour = tour_for(record.header) if args.handout else None
    if args.handout and tour is None:
        _stderr("the tour's script could not be loaded; the handout has no discussion prompts")
    text = (to_html if fmt == "html" else to_markdown)(record, tour, handout=args.handout)
    if not args.output:
        sys.stdout.write(text)
        return ExitCode.OK
    try:
        write_whole(Path(args.output), text)
    except OSError as exc:
        raise TourError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    _stderr(f"wrote {args.output}")
    return ExitCode.OK


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from .report import group, report_dict, report_text, unanswered
    from .store import list_sessions, read_session, resolve_session, session_folder

    if args.sessions:  # each one named must be there and be a session
        records = [read_session(resolve_session(s, settings.data_dir)) for s in args.sessions]
        for record in records:
            _problems(record.problems)
    else:
        records = [r for r in map(_read, list_sessions(session_folder(settings.data_dir))) if r is not None]
    groups = group(unanswered(records), analyser=_analyser(records))
    if args.json:
        print(json_text(report_dict(groups, len(records)), indent=2))
    else:
        print(visible_text(report_text(groups, len(records))))
    return ExitCode.OK


def cmd_quiz(args: argparse.Namespace, settings: Settings) -> int:
    from ..terminal import stdin_text
    from .quiz import run_quiz

    return run_quiz(settings.script, args.chapter, stdin_text(), sys.stdout)


# -- helpers -----------------------------------------------------------------------------
def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=DATA_DIR_HELP)


def _read(path: Path):
    """A session file, with its damaged lines reported; None (reported) if unreadable."""
    from .store import RecordsError, read_session

    try:
        record = read_session(path)
    except RecordsError as exc:
        _stderr(f"warning: {exc}")
        return None
    _problems(record.problems)
    return record


def _analyser(records):
    """The analyser of the tour these sessions share, if it loads (its terms group
    better); else None, for plain English."""
    from ..engine.routing.query import Analyser
    from .export import tour_for

    ids = {r.header.tour_id for r in records}
    if len(ids) != 1:
        return None
    tour = tour_for(records[0].header)
    if tour is None or tour.language is None:
        return None
    return Analyser(tour.language, tour.aliases.items())


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {3, 4}
    lines = []
    for row in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _problems(problems: list[str]) -> None:
    for problem in problems:
        _stderr(f"warning: {problem}")


def _stderr(message: str) -> None:
    print(visible_text(f"tour: {message}"), file=sys.stderr)
