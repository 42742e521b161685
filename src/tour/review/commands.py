"""The command line of `tour review`: its options, `--json` and `--apply`.

cli.build_parser calls register(sub); cli.cmd_review runs `--json` and `--apply` here,
the app (tui/review_app.py) without them, and the app in a browser tab with `--serve`
(serve_review.py). Each command imports what it needs when it runs, so that building
the parser costs the other commands nothing. Diagnostics go to stderr, data to stdout;
nothing here imports Textual. A ReviewError, DecisionsError, FileError or ScriptError is not caught here:
cli.main prints it and exits 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExitCode
from ..settings import Settings
from ..visible import json_text, visible_text

if TYPE_CHECKING:
    from .questions import Review

DATA_DIR_HELP = "the directory of the class's session files (default: $TOUR_DATA_DIR, else the user data directory)"
PORT = 8001
"""The port `tour review --serve` listens on by default (`tour serve` takes 8000)."""


def register(subparsers) -> argparse.ArgumentParser:
    """Add `tour review` to the `tour` parser's sub-parsers; its parser."""
    review = subparsers.add_parser(
        "review", help="review the questions a class asked that the tour did not answer well",
        description="The questions a class asked (the session records in --data-dir) that the "
        "tour declined, answered \u201cnot exactly\u201d, asked which was meant, or answered with "
        "low confidence, grouped, each with the topics the tour suggests now. "
        "Without options, opens the review app: one key adds a question as an example of a "
        "topic, or marks it as one the text does not answer; the decisions are written into "
        "the script, its comments and layout kept, and checked.")
    mode = review.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true",
                      help="print the groups as a JSON list (question, suggested, count, members, replied, now)")
    mode.add_argument("--apply", metavar="FILE",
                      help="write the decisions in FILE (a YAML list of {question, topic} or "
                      "{question, unanswered: true}) into the script, then check it")
    mode.add_argument("--serve", action="store_true",
                      help="serve the review app to a browser on this machine only (127.0.0.1)")
    review.add_argument("--port", type=int, default=PORT,
                        help=f"with --serve, the port to listen on (default: {PORT})")
    review.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    return review


def load_review(settings: Settings) -> Review:
    """The class's questions to review for the settings' script, from their data dir."""
    from ..cache import load, router
    from .questions import gather

    tour = load(settings.script).tour
    return gather(tour, settings.data_dir, router(tour))


def cmd_json(settings: Settings) -> int:
    """`tour review --json`: every group as a JSON object, the most asked first."""
    review = load_review(settings)
    for note in review.notes:
        _stderr(f"note: {note}")
    if not review.groups:
        _stderr(nothing_to_review(review))
    print(json_text([g.to_dict() for g in review.groups], indent=2))
    return ExitCode.OK


def nothing_to_review(review: Review) -> str:
    s = "s" * (review.sessions != 1)
    return (f"nothing to review: in {review.sessions} session{s} of this tour, the tour answered "
            "every question with confidence (or the script already holds them)")


def cmd_apply(path: str, settings: Settings) -> int:
    """`tour review --apply FILE`: the decisions written into the script, then checked."""
    from ..cache import load
    from ..check_report import run_check
    from .decisions import read_decisions
    from .script_edit import writable, write_decisions

    script = writable(script_path(settings))
    decisions = read_decisions(path, load(script).tour)
    written = write_decisions(script, decisions)
    for decision, line in written.added:
        print(visible_text(f"{script}:{line}: added \u201c{decision.question}\u201d as {decision.describe()}"))
    for decision, why in written.skipped:
        _stderr(f"{path}:{decision.line}: not added \u201c{decision.question}\u201d: {why}")
    if not written.added:
        _stderr(f"nothing written: {script} is unchanged")
        return ExitCode.OK
    return run_check(str(script), strict=False, lines=False, coverage=False, every=False)


def _stderr(message: str) -> None:
    print(visible_text(f"tour review: {message}"), file=sys.stderr)


def script_path(settings: Settings) -> Path:
    """The script the review reads and writes: --script, else the bundled tour."""
    from ..engine.files import bundled_script

    return Path(settings.script) if settings.script else bundled_script()
