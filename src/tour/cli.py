"""The `tour` command line.

Each sub-command imports what it needs when it runs, so `tour ask` and `tour play`
never load Textual. Diagnostics go to stderr, data to stdout.

Exit status: 0 success, 1 a `tour test` expectation failed, 2 a bad script or bad
usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MAX_PACE = 3600
"""The longest --pace (seconds between two steps of a lesson)."""


def _load(script: str | None):
    """Load a tour or print every problem and exit 2."""
    from .engine.loader import load_tour
    from .engine.problems import ScriptError

    try:
        return load_tour(script).tour
    except ScriptError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.errors)
        print(f"{n} error{'s' * (n != 1)}: the script cannot be used until fixed", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def read_playback(path: str):
    """Read a playback file, or print why not and exit 2."""
    from .playback import PlaybackError, read

    try:
        return read(path)
    except OSError as exc:
        print(f"tour: cannot read {path}: {exc.strerror}", file=sys.stderr)
    except (PlaybackError, UnicodeDecodeError) as exc:
        from .visible import visible_text

        print(visible_text(f"tour: {exc}"), file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def cmd_ask(args: argparse.Namespace) -> int:
    from .engine.session import Session
    from .render import reply_text
    from .visible import json_text

    tour = _load(args.script)
    if args.question == ["-"]:
        questions = (line.rstrip("\r\n") for line in sys.stdin)
    else:
        questions = iter([" ".join(args.question)])
    router = None  # built at the first question, then shared by every fresh session
    for question in questions:
        session = Session(tour, router)
        reply = session.ask(question)
        router = session.router
        if args.json:
            print(json_text(reply.to_dict()), flush=True)
        else:
            print(reply_text(reply))
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    if args.tui or args.pace is not None:
        return play_in_app(args)
    from .engine.session import Session
    from .render import reply_markdown, reply_text
    from .visible import json_text, visible

    tour = _load(args.script)
    inputs = [line.text for line in read_playback(args.file) if not line.directive]
    session = Session(tour)
    from .records.commands import attach_recorder

    attach_recorder(session, tour, args, "play")
    fmt = "json" if args.json else args.format
    welcome = session.welcome()
    if fmt == "text":
        print(reply_text(welcome))
    elif fmt == "md":
        print(f"# {tour.title}\n\n{reply_markdown(welcome)}")
    for line in inputs:
        reply = session.ask(line)
        if fmt == "json":
            print(json_text(reply.to_dict()), flush=True)
        elif fmt == "md":
            print(f"\n---\n\n**You:** {visible(line)}\n\n{reply_markdown(reply)}", flush=True)
        else:
            print(f"\nyou> {visible(line)}\n{reply_text(reply)}", flush=True)
    return EXIT_OK


def play_in_app(args: argparse.Namespace) -> int:
    """`tour play FILE --tui`: present the lesson in the app (the only path that loads Textual)."""
    if not args.tui:
        print("tour play: --pace plays a lesson in the app; add --tui", file=sys.stderr)
        return EXIT_USAGE
    if args.file == "-":
        print("tour play: --tui needs a lesson file (the terminal is the app's, not stdin's)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.pace is not None and not 0 < args.pace <= MAX_PACE:
        print(f"tour play: --pace takes a number of seconds above 0, at most {MAX_PACE}",
              file=sys.stderr)
        return EXIT_USAGE
    lines = read_playback(args.file)
    tour = _load(args.script)
    from .tui.app import run_app
    from .tui.lesson import Lesson

    return run_app(tour, args, lesson=Lesson(lines, args.pace))


def cmd_check(args: argparse.Namespace) -> int:
    from .engine.loader import load_tour
    from .engine.problems import ScriptError

    try:
        loaded = load_tour(args.path, check_examples=True)
    except ScriptError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.errors)
        print(f"{n} error{'s' * (n != 1)}", file=sys.stderr)
        return EXIT_USAGE
    for problem in loaded.warnings:
        print(problem, file=sys.stderr)
    tour = loaded.tour
    quotes = sum(len(n.quotes) for n in tour.nodes.values())
    print(f"{tour.path}: ok: {len(tour.chapters)} chapters, {len(tour.nodes)} nodes, "
          f"{quotes} quotes, {len(loaded.warnings)} warnings")
    if args.coverage:
        print(coverage_report(tour))
    if args.strict and loaded.warnings:
        return EXIT_USAGE
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    """Play golden transcripts and compare each reply with its expectation."""
    from .engine.router import Router
    from .engine.session import Session
    from .playback import meets, outcome
    from .visible import visible_text

    tour = _load(args.script)
    router = Router(tour)
    files = args.files or sorted(str(p) for p in _golden_dir(args.script).glob("*.txt"))
    if not files:
        print("tour test: no transcript files given or found", file=sys.stderr)
        return EXIT_USAGE
    passed = failed = 0
    for path in files:
        session = Session(tour, router)
        for line in read_playback(path):
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
    return EXIT_FAILED if failed else EXIT_OK


def _golden_dir(script: str | None) -> Path:
    """The tests/ folder beside the dialogue script."""
    from .engine.loader import bundled_script

    return (Path(script) if script else bundled_script()).parent / "tests"


def coverage_report(tour) -> str:
    quoted: dict[int, list[str]] = {}
    for node in tour.nodes.values():
        for q in node.quotes:
            quoted.setdefault(q.paragraph, []).append(node.id)
    lines, missing = [], []
    for p in tour.source.paragraphs:
        if p.kind == "heading":
            continue
        mark = "quoted" if p.number in quoted else "NEVER QUOTED"
        by = ", ".join(quoted.get(p.number, []))
        lines.append(f"  \u00b6{p.number:<3} {p.kind:<7} {mark:<12} {by}")
        if p.number not in quoted:
            missing.append(p.number)
    total = sum(1 for p in tour.source.paragraphs if p.kind != "heading")
    head = (f"coverage: {total - len(missing)} of {total} paragraphs and captions quoted"
            + (f"; never quoted: {', '.join(map(str, missing))}" if missing else ""))
    return "\n".join([head, *lines])


def cmd_tui(args: argparse.Namespace) -> int:
    try:
        from .tui.app import run_app
    except ImportError:
        print("The terminal app is not built yet. Try `tour ask QUESTION` or `tour play FILE`.",
              file=sys.stderr)
        return EXIT_USAGE
    tour = _load(args.script)
    return run_app(tour, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tour",
        description="A guided tour, in the terminal, over one historical text. "
        "With no command, opens the tour in the terminal app.",
    )
    parser.add_argument("--script", metavar="PATH", help="a dialogue script (default: the bundled tour)")
    parser.add_argument("--theme", help="the app's colour theme (e.g. textual-dark, textual-light, high-contrast)")
    parser.add_argument("--no-content-note", action="store_true",
                        help="do not show the tour's content note at start")
    parser.add_argument("--present", action="store_true",
                        help="the projector layout: no side panels or footer, roomy, "
                        "high-contrast theme (unless --theme)")
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer one question (or each line of stdin with '-')")
    ask.add_argument("question", nargs="+", help="the question, or '-' to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS)
    ask.set_defaults(func=cmd_ask)

    play = sub.add_parser("play", help="play a file of inputs through one session")
    play.add_argument("file", help="one input per line; '#' comments and blank lines skipped; '-' for stdin")
    group = play.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="one JSON object per input line")
    group.add_argument("--format", choices=("text", "md"), default="text")
    play.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS)
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
    test.add_argument("files", nargs="*", help="transcript files (default: the bundled scripts/tests/*.txt)")
    test.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS)
    test.set_defaults(func=cmd_test)

    check = sub.add_parser("check", help="validate a dialogue script")
    check.add_argument("path", nargs="?", help="the script (default: the bundled tour)")
    check.add_argument("--coverage", action="store_true", help="list the paragraphs quoted and never quoted")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)

    from .records.commands import add_record_options, register
    from . import serve

    add_record_options(parser)
    parser.set_defaults(record=True, data_dir=None)
    add_record_options(play)
    register(sub)
    serve.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
