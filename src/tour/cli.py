"""The `tour` command line.

Each sub-command imports what it needs when it runs, so `tour ask` and `tour play`
never load Textual. Diagnostics go to stderr, data to stdout. Every error meant for a
person is a TourError, printed here in main() in one place, with its exit code
(errors.ExitCode: 0 success, 1 a `tour test` expectation failed, 2 a bad script, a
file that cannot be read or bad usage, 130 interrupted).

A new sub-command: a `cmd_NAME(args, settings) -> int` function and a few lines in
build_parser(); main() reads the settings (tour.settings: the options that every
command shares, and the environment) once and passes them in. Every sub-command takes
`--script PATH` (before or after its name); one that has no use for a script refuses it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import ExitCode, TourError, UsageError
from .settings import SCRIPT_NAME, Settings
from .visible import json_text, visible, visible_text

MAX_PACE = 3600
"""The longest --pace (seconds between two steps of a lesson)."""


def _load(script: str | None):
    """Load a tour; a script with errors, or a file that cannot be read, raises a
    TourError that main() prints."""
    from .cache import load

    return load(script).tour


def read_playback(path: str):
    """Read a playback file; FileError or PlaybackError (TourErrors) if it is bad."""
    from .playback import read

    return read(path)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from .cache import router as cached_router
    from .engine.session import Session
    from .render import reply_text

    tour = _load(settings.script)
    if args.question == ["-"]:
        from .terminal import lines, stdin_text

        questions = lines(stdin_text())  # one reply per line, whatever bytes it holds
    else:
        questions = iter([" ".join(args.question)])
    router = None  # built at the first question, then shared by every fresh session
    for question in questions:
        session = Session(tour, router, router_factory=cached_router)
        reply = session.ask(question)
        router = session.router
        if args.json:
            print(json_text(reply.to_dict()), flush=True)
        else:
            print(reply_text(reply))
    return ExitCode.OK


def cmd_play(args: argparse.Namespace, settings: Settings) -> int:
    args.file = playback_file(args, settings)
    if args.tui or args.pace is not None:
        return play_in_app(args, settings)
    from .engine.session import Session
    from .render import markdown_escape, reply_markdown, reply_text

    tour = _load(settings.script)
    inputs = [line.text for line in read_playback(args.file) if not line.directive]
    from .cache import router as cached_router

    session = Session(tour, router_factory=cached_router)
    from .records.commands import attach_recorder

    attach_recorder(session, tour, settings, "play")
    fmt = "json" if args.json else args.format
    welcome = session.welcome()
    if fmt == "text":
        print(reply_text(welcome))
    elif fmt == "md":
        print(f"# {visible(markdown_escape(tour.title))}\n\n{reply_markdown(welcome)}")
    for line in inputs:
        reply = session.ask(line)
        if fmt == "json":
            print(json_text(reply.to_dict()), flush=True)
        elif fmt == "md":
            print(f"\n---\n\n**You:** {visible(markdown_escape(line))}\n\n{reply_markdown(reply)}", flush=True)
        else:
            print(f"\nyou> {visible(line)}\n{reply_text(reply)}", flush=True)
    return ExitCode.OK


def playback_file(args: argparse.Namespace, settings: Settings) -> str:
    """The file `tour play` plays: FILE, or the lesson named by --lesson."""
    if args.lesson and args.file:
        raise UsageError("give a FILE or --lesson NAME, not both")
    if args.lesson:
        return str(find_lesson(args.lesson, settings.script))
    if not args.file:
        raise UsageError("give a FILE to play (or '-' for stdin), or --lesson NAME "
                         "(`tour lessons` lists them)")
    return args.file


def play_in_app(args: argparse.Namespace, settings: Settings) -> int:
    """`tour play FILE --tui`: present the lesson in the app (the only path that loads Textual)."""
    if not args.tui:
        raise UsageError("--pace plays a lesson in the app; add --tui")
    if args.file == "-":
        raise UsageError("--tui needs a lesson file (the terminal is the app's, not stdin's)")
    if args.pace is not None and not 0 < args.pace <= MAX_PACE:
        raise UsageError(f"--pace takes a number of seconds above 0, at most {MAX_PACE}")
    lines = read_playback(args.file)
    tour = _load(settings.script)
    from .tui.app import run_app
    from .tui.lesson import Lesson

    return run_app(tour, settings, lesson=Lesson(lines, args.pace))


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a script: errors and warnings as file:line:col, a summary line."""
    from .check_report import run_check

    path = args.path or settings.script
    if args.path and settings.script_origin == "option" and Path(args.path) != Path(settings.script or ""):
        raise UsageError(f"two scripts given ({args.path} and --script {settings.script}): give one")
    return run_check(path, strict=args.strict, lines=args.lines, coverage=args.coverage, every=args.all)


def cmd_test(args: argparse.Namespace, settings: Settings) -> int:
    """Play golden transcripts and compare each reply with its expectation."""
    from .cache import router as cached_router
    from .engine.session import Session
    from .playback import meets, outcome, unknown_expectations

    tour = _load(settings.script)
    router = cached_router(tour)
    named = [str(find_lesson(name, settings.script)) for name in args.lesson]
    files = [*args.files, *named] or [str(p) for p in golden_files(settings.script)]
    if not files:
        raise UsageError(f"no transcript files given, and no golden/*.txt beside the script "
                         f"in {_tour_folder(settings.script)}")
    played = [(path, read_playback(path)) for path in files]
    unchecked = [path for path, lines in played if not any(line.expect for line in lines)]
    if unchecked:
        raise UsageError("\n".join(
            f"{path}: nothing to check: end an input line with '=> ' and its expected outcome "
            "(a node id, declined, chat or clarify)" for path in unchecked),
            title="Nothing to check")
    unknown = [(path, line, wanted) for path, lines in played
               for line, wanted in unknown_expectations(lines, tour.nodes)]
    if unknown:
        from .engine.loader import _did_you_mean

        raise UsageError("\n".join(
            f"{path}:{line.number}: unknown topic '{wanted}' in the expectation"
            f"{_did_you_mean(wanted, tour.nodes)}; expect a node id, declined, chat or clarify"
            for path, line, wanted in unknown), title="Unknown topics in expectations")
    passed = failed = 0
    for path, lines in played:
        session = Session(tour, router)
        for line in lines:
            if line.directive:
                continue
            reply = session.ask(line.text)
            if not line.expect:
                continue
            if meets(reply, line.expect):
                passed += 1
                continue
            failed += 1
            got = outcome(reply)
            title = f" \u201c{reply.title}\u201d" if reply.title else ""
            print(visible_text(f"{path}:{line.number}: \u201c{line.text}\u201d\n"
                  f"    expected: {' or '.join(line.expect)}\n"
                  f"    got:      {got}{title} (score {reply.score:.1f})"))
    print(f"{passed} passed, {failed} failed")
    return ExitCode.FAILED if failed else ExitCode.OK


def _tour_folder(script: str | None) -> Path:
    """The folder of the dialogue script (the bundled tour's when none is given)."""
    from .engine.files import bundled_script

    return (Path(script) if script else bundled_script()).parent


GOLDEN_FOLDERS = ("golden", "tests")
"""Where golden transcripts lie beside a script: golden/, or tests/ as tours written
before version 0.2 keep them."""


def golden_files(script: str | None) -> list[Path]:
    """The golden transcripts beside the script: its golden/*.txt (or tests/*.txt)."""
    folder = _tour_folder(script)
    for name in GOLDEN_FOLDERS:
        found = sorted((folder / name).glob("*.txt"))
        if found:
            return found
    return []


def lesson_files(script: str | None) -> list[Path]:
    """The lessons beside the script: its lessons/*.txt."""
    return sorted((_tour_folder(script) / "lessons").glob("*.txt"))


def lesson_name(path: Path) -> str:
    """'ahiko' for lessons/lesson-ahiko.txt."""
    return path.stem.removeprefix("lesson-")


def find_lesson(name: str, script: str | None) -> Path:
    """The lesson of that name (or file name) beside the script, or UsageError."""
    lessons = lesson_files(script)
    for path in lessons:
        if name in (lesson_name(path), path.stem, path.name):
            return path
    from .engine.loader import _did_you_mean

    known = [lesson_name(p) for p in lessons]
    listed = f"; the lessons are: {', '.join(known)}" if known else "; this tour has no lessons/ folder"
    raise UsageError(f"no lesson '{name}'{_did_you_mean(name, known) if known else ''}{listed}")


def cmd_lessons(args: argparse.Namespace, settings: Settings) -> int:
    """List the lessons and golden transcripts that come with the tour; one that cannot
    be read is named with what is wrong, the others still listed (exit status 2)."""
    from .playback import read

    lessons, golden = lesson_files(settings.script), golden_files(settings.script)
    if not lessons and not golden:
        print(visible(f"no lessons/ or golden/ folder beside the script in {_tour_folder(settings.script)}"),
              file=sys.stderr)
        return ExitCode.OK
    bad = False
    for title, paths, how in (("Lessons", lessons, "tour play --lesson {name} --tui; tour test --lesson {name}"),
                              ("Golden transcripts", golden, "tour test {path}")):
        if not paths:
            continue
        print(f"{title}:")
        for path in paths:
            try:
                lines = read(path)
            except TourError as exc:
                bad = True
                print(visible(f"tour lessons: {exc}"), file=sys.stderr)
                continue
            steps = sum(1 for line in lines if not line.directive)
            print(visible(f"  {lesson_name(path):<16} {steps:>3} input{'s' * (steps != 1)} "
                          f"{' ' * (steps == 1)} {how.format(name=lesson_name(path), path=path)}"))
    return ExitCode.USAGE if bad else ExitCode.OK


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    """Make a starter tour from a plain text."""
    from .authoring.init import run_init

    return run_init(args)


def cmd_tui(args: argparse.Namespace, settings: Settings) -> int:
    try:
        from .tui.app import run_app
    except ImportError:
        raise UsageError("the terminal app cannot start here: try `tour ask QUESTION` or "
                         "`tour play FILE`") from None
    tour = _load(settings.script)
    return run_app(tour, settings)


SCRIPT_HELP = "a dialogue script (default: ./dialogue.yaml, else the bundled tour)"


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    """`tour review`: the app; `--json` and `--apply` (review/commands.py); `--serve`."""
    if args.serve:
        from .serve_review import serve_review

        return serve_review(args, settings)
    from .review import commands

    if args.json:
        return commands.cmd_json(settings)
    if args.apply:
        return commands.cmd_apply(args.apply, settings)
    from .tui.review_app import run_review_app

    return run_review_app(settings)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """The benchmark's metrics for this tour on a question set of the author's."""
    from .cache import router as cached_router
    from .evaluation import as_json, evaluate, load_questions, summary

    tour = _load(settings.script)
    questions = load_questions(args.questions)
    report = evaluate(tour, questions, cached_router(tour))
    if args.json:
        print(json_text(as_json(report), indent=1))
    else:
        print(summary(report, verbose=args.verbose))
    return ExitCode.OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tour",
        description="A guided tour, in the terminal, over one historical text. "
        "With no command, opens the tour in the terminal app.",
    )
    parser.add_argument("--script", metavar="PATH", help=SCRIPT_HELP)
    parser.add_argument("--theme", help="the app's colour theme (e.g. textual-dark, textual-light, high-contrast)")
    parser.add_argument("--no-content-note", action="store_true",
                        help="do not show the tour's content note at start")
    parser.add_argument("--present", action="store_true",
                        help="the projector layout: no side panels or footer, roomy, "
                        "high-contrast theme (unless --theme)")
    parser.set_defaults(func=cmd_tui, command="")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer one question (or each line of stdin with '-')")
    ask.add_argument("question", nargs="+", help="the question, or '-' to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.set_defaults(func=cmd_ask)

    play = sub.add_parser("play", help="play a file of inputs (or a lesson) through one session")
    play.add_argument("file", nargs="?", help="one input per line; '#' comments and blank lines skipped; '-' for stdin")
    play.add_argument("--lesson", metavar="NAME",
                      help="play a lesson that comes with the tour, by name (`tour lessons` lists them)")
    group = play.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="one JSON object per input line")
    group.add_argument("--format", choices=("text", "md"), default="text")
    play.add_argument("--tui", action="store_true",
                      help="present the lesson in the app: Space plays each step (directives "
                      "!pause, !map, !source, !note TEXT act there)")
    play.add_argument("--pace", type=float, metavar="SECONDS",
                      help="with --tui, play a step every SECONDS by itself; Space pauses")
    play.add_argument("--present", action="store_true", default=argparse.SUPPRESS,
                      help="with --tui, the projector layout (as `tour --present`)")
    play.add_argument("--theme", default=argparse.SUPPRESS, help="with --tui, the colour theme")
    play.add_argument("--no-content-note", action="store_true", default=argparse.SUPPRESS,
                      help="with --tui, do not show the tour's content note at start")
    play.set_defaults(func=cmd_play)

    test = sub.add_parser("test", help="play golden transcripts and check their expected outcomes")
    test.add_argument("files", nargs="*", help="transcript files (default: the golden/*.txt beside the script)")
    test.add_argument("--lesson", metavar="NAME", action="append", default=[],
                      help="also check a lesson that comes with the tour, by name (repeatable)")
    test.set_defaults(func=cmd_test)

    check = sub.add_parser("check", help="validate a dialogue script")
    check.add_argument("path", nargs="?",
                       help="the script (default: --script, else ./dialogue.yaml, else the bundled tour)")
    check.add_argument("--coverage", action="store_true", help="list the paragraphs quoted and never quoted")
    check.add_argument("--lines", action="store_true",
                       help="list every line of the source text with its kind and section")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--all", action="store_true",
                       help="print every warning (by default a kind repeated many times is counted)")
    check.set_defaults(func=cmd_check)

    evaluate = sub.add_parser("eval", help="measure the tour on a file of questions of your own")
    evaluate.add_argument("questions", help="a question set (YAML: single: - q, lines, style; docs/authoring.md)")
    evaluate.add_argument("--json", action="store_true", help="the metrics and every miss as JSON")
    evaluate.add_argument("-v", "--verbose", action="store_true",
                          help="also list every miss, with what was got and the right passage's rank")
    evaluate.set_defaults(func=cmd_eval)

    lessons = sub.add_parser("lessons", help="list the lessons and golden transcripts of the tour")
    lessons.set_defaults(func=cmd_lessons)

    init = sub.add_parser("init", help="make a starter tour from a plain text (one paragraph per line)")
    from .authoring.commands import add_arguments

    add_arguments(init)
    init.set_defaults(func=cmd_init, takes_script=False)

    from . import serve
    from .records.commands import add_record_options, register

    add_record_options(parser)
    parser.set_defaults(record=True, data_dir=None)
    add_record_options(play)
    register(sub)
    from .review.commands import register as register_review

    register_review(sub).set_defaults(func=cmd_review)
    serve.register(sub)
    # serve.cmd_serve still takes the arguments alone (and reads what it needs there).
    sub.choices["serve"].set_defaults(func=_arguments_only(serve.cmd_serve))
    _script_everywhere(sub)
    return parser


def _arguments_only(command: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """A `cmd(args)` called as `cmd(args, settings)` (the settings unused)."""
    def call(args: argparse.Namespace, settings: Settings) -> int:
        return command(args)

    return call


SCRIPTLESS = ("sessions", "transcript", "report", "init")
"""Commands that take no script: `--script` there is refused, not ignored."""


def _script_everywhere(sub) -> None:
    """Give every sub-command `--script PATH` (so it works after the command name too),
    and note for main() which ones have no use for it."""
    for name, parser in sub.choices.items():
        takes = parser.get_default("takes_script")
        takes = name not in SCRIPTLESS if takes is None else takes
        try:  # parsed everywhere, so that main() can refuse it; in the help only where it is used
            parser.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS,
                                help=SCRIPT_HELP if takes else argparse.SUPPRESS)
        except argparse.ArgumentError:
            pass  # the command declared its own
        parser.set_defaults(command=name, takes_script=takes)


def _say_which_script(args: argparse.Namespace, settings: Settings) -> None:
    """Say on stderr when the bundled tour stands in for the reader's own (no --script
    and no dialogue.yaml here), so that `tour check` in the wrong folder never reads as
    the reader's tour passing; hand a script found here to commands that read
    `args.script` themselves (serve)."""
    if settings.script_origin == "folder":
        args.script = settings.script
        return
    if settings.script_origin == "bundled" and not getattr(args, "path", None):
        doing = "checking" if args.command == "check" else "using"
        print(f"tour{' ' + args.command if args.command else ''}: no {SCRIPT_NAME} in this folder: "
              f"{doing} the bundled tour (give --script PATH for your own)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from .terminal import never_fail_to_print

    never_fail_to_print()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "script", None) and not getattr(args, "takes_script", True):
            raise UsageError(f"--script does not apply to `tour {args.command}`: it uses no script")
        settings = Settings.from_args(args)
        if getattr(args, "takes_script", True):
            _say_which_script(args, settings)
        return args.func(args, settings)
    except TourError as exc:
        for line in exc.lines(args.command, everything=getattr(args, "all", False)):
            print(visible(line), file=sys.stderr)  # a path or a text may hold control characters
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return ExitCode.OK


if __name__ == "__main__":
    raise SystemExit(main())
