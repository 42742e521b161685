"""`tour serve`: the tour in students' browsers, one app process per browser tab.

textual-serve runs a command once for each tab that connects and relays its terminal
over a websocket; every tab is its own Session, recorded under the front-end name
"serve". The command hands the tab to an app that the pool (serve_pool.py) started
ahead of demand, so a class connecting at once is not kept waiting; with --no-pool
it is `python -m tour` itself. cli.build_parser calls register(sub); textual-serve
is imported only when `tour serve` runs, so the other commands stay light.

The page is textual-serve's, with two changes (templates/app_index.html): its font
comes from textual-serve's own static files instead of a web font service, so no
request leaves this machine, and the terminal takes the keyboard focus as soon as
it shows, so students can type without clicking first.

Who may open a session (serve_access.py): a tab on the served address (its Origin),
with the join code when other machines can reach the tour, while places are left
(--max-sessions); beyond that a page says why. textual-serve's site is rebuilt without
its directory listings, and a download goes only to the tab that made it. What this
takes of textual-serve's private parts is in web_protocol.py.

Stopping: on Ctrl+C or SIGTERM, textual-serve alone takes about 20 s to close the
open sessions, and an app that does not quit when asked is left running after the
server exits (and holds the server for a minute first). TourServer (serve_site.py)
keeps its live sessions, asks each app to quit, then sends SIGTERM and finally SIGKILL to any app
still running, QUIT_GRACE seconds apart; then it stops the pool. Ctrl+C in a terminal
signals the whole foreground process group: the tabs' commands ignore it (the server
ends their apps), and the pool runs in a process group of its own, so that only the
server decides when the pool stops; a second Ctrl+C does not cut the clean-up short.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from .processes import child_pids, process_name

# logging, socket, signal and the rest are imported where they are used, so that
# registering this command costs the other commands nothing at start-up.

EXIT_OK, EXIT_USAGE = 0, 2
FRONT_END = "serve"
"""The front-end name each served session is recorded under."""
READY = 32
"""Apps the pool keeps started and waiting (--ready): a class connecting at once."""
POOL_START_TIMEOUT = 120.0
"""Seconds the pool may take to load the tour before `tour serve` gives up on it."""
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def whole_number(low: int, high: int, what: str, example: str = ""):
    """An argparse type: a whole number from `low` to `high`, else a usage error that
    says so ('99999 is not a port: use 1 to 65535 (e.g. 8000)')."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= number <= high:
            hint = f" (e.g. {example})" if example else ""
            raise argparse.ArgumentTypeError(
                f"{number} is not a {what}: use {low} to {high}{hint}")
        return number

    return parse


port_number = whole_number(1, 65535, "port", "8000")
"""--port: a TCP port."""
ready_count = whole_number(0, 500, "count of apps", "32")
"""--ready: how many apps to keep waiting."""
session_count = whole_number(1, 10000, "count of sessions", "40")
"""--max-sessions: how many sessions may be open at once."""


def register(subparsers) -> None:
    """Add `tour serve` to the `tour` parser's sub-parsers."""
    serve = subparsers.add_parser(
        "serve", help="serve the tour to web browsers, one session per tab",
        description="Serve the tour to web browsers: each tab that opens the address "
        "runs its own tour session. Binds to this machine only unless --host says otherwise.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default: 127.0.0.1, this machine only; "
                       "0.0.0.0 for every network this machine is on)")
    serve.add_argument("--port", type=port_number, default=8000,
                       help="the port to listen on, 1 to 65535 (default: 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address browsers use, when behind a proxy (e.g. https://tour.example.org)")
    serve.add_argument("--script", metavar="PATH", default=argparse.SUPPRESS)
    serve.add_argument("--ready", type=ready_count, default=READY, metavar="N",
                       help=f"apps to keep started and waiting for students (default: {READY}); "
                       "each takes some memory, and a tab that finds none waiting starts "
                       "one, which takes a second of CPU")
    serve.add_argument("--no-pool", dest="pool", action="store_false",
                       help="start every tab's app from scratch (no apps waiting; slower)")
    serve.add_argument("--max-sessions", type=session_count, metavar="N",
                       help="sessions open at once, at most; a tab beyond them is asked to come "
                       "back later (default: what this machine's free memory holds, at about "
                       "40 MiB a session, from 4 to 200)")
    serve.add_argument("--no-code", dest="code", action="store_false",
                       help="with --host or --public-url, let browsers in without the join code "
                       "(only on a network you trust)")
    from .records.commands import add_record_options

    add_record_options(serve)
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the script, then serve it until Ctrl+C."""
    from .cache import load

    script = getattr(args, "script", None)
    tour = load(script).tour  # a bad script raises ScriptError, printed by cli.main
    if getattr(args, "theme", None):
        from .tui.app import theme_names

        if args.theme not in theme_names():
            print(f"tour: unknown theme {args.theme!r}; choose one of: {', '.join(theme_names())}",
                  file=sys.stderr)
            return EXIT_USAGE
    try:
        from .serve_site import server_class

        server_type = server_class()
    except ImportError:
        print("tour serve needs textual-serve; from the tour's folder: "
              "pip install '.[serve]'", file=sys.stderr)
        return EXIT_USAGE
    problem = cannot_listen(args.host, args.port)
    if problem:
        print(f"tour serve: cannot listen on {args.host}:{args.port}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    os.environ.update(app_environment(args))
    access = server_access(args)
    pool = None
    try:
        if getattr(args, "pool", True):
            pool = AppPool.start(args, ready=min(getattr(args, "ready", READY), access.max_sessions))
        server = server_type(
            app_command(args, pool.socket if pool else None), access=access, pool=pool,
            proxied=bool(args.public_url), host=args.host, port=args.port, title=tour.title,
            templates_path=TEMPLATES, public_url=public_url(args))
        server.serve()
    except OSError as exc:  # taken between the check and now
        print(f"tour serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    finally:
        _ignore_interrupts()  # stopping now: a second Ctrl+C must not cut the clean-up short
        if pool is not None:
            pool.stop()
    return EXIT_OK


def server_access(args: argparse.Namespace):
    """Who may open a session: tabs on the served address, with the join code when other
    machines can reach the tour (unless --no-code), up to --max-sessions at once."""
    from .serve_access import Access, code_needed, default_max_sessions, new_join_code, origin_of

    needed = getattr(args, "code", True) and code_needed(args.host, args.public_url)
    return Access(origin_of(public_url(args)),
                  max_sessions=getattr(args, "max_sessions", None) or default_max_sessions(),
                  code=new_join_code() if needed else None)


def public_url(args: argparse.Namespace) -> str:
    """The address browsers use: --public-url, else this machine's on the host's network."""
    if args.public_url:
        return args.public_url.rstrip("/")
    return default_public_url(args.host, args.port)


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (the port is taken, the host is not
    this machine's), or None. Checked first, so that no address is announced in vain."""
    import socket

    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind(address)
    except socket.gaierror as exc:
        return f"unknown host ({exc.strerror})"
    except OverflowError:  # a port out of range, where the option's check was bypassed
        return "not a port: use 1 to 65535"
    except OSError as exc:
        if exc.errno == errno.EADDRNOTAVAIL:
            return "that address is not this machine's (see --host)"
        if exc.errno == errno.EADDRINUSE:
            return f"the port is in use (is another `tour serve` running? try --port {port + 1})"
        return exc.strerror or str(exc)
    return None


def app_options(args: argparse.Namespace) -> list[str]:
    """The app's options `tour serve` was given: --script, --theme, --no-content-note."""
    options = []
    if getattr(args, "script", None):
        options += ["--script", os.path.abspath(args.script)]
    if getattr(args, "theme", None):
        options += ["--theme", args.theme]
    if getattr(args, "no_content_note", False):
        options.append("--no-content-note")
    return options


def app_command(args: argparse.Namespace, pool_socket: str | None = None) -> str:
    """The shell command each browser tab runs: this Python, `-m tour`, the same options;
    with a pool, the hand-over to it (serve_pool.py), which falls back to that.

    `exec` makes the app (or the hand-over) the shell's replacement, so the process
    textual-serve holds is it, and a signal to it reaches it. `trap '' INT` first: Ctrl+C
    in the terminal reaches every process of the server's group, and the server ends
    the apps itself (an app interrupted while it starts would print a traceback).
    """
    import shlex

    argv = [sys.executable, "-m", "tour", *app_options(args)]
    if pool_socket is not None:
        from . import serve_pool

        argv = [sys.executable, "-I", "-S", os.path.abspath(serve_pool.__file__), pool_socket, *argv]
    return "trap '' INT; exec " + shlex.join(argv)


class AppPool:
    """The pool process (serve_pool.py) `tour serve` runs beside the server."""

    def __init__(self, process, socket_path: str, folder: str) -> None:
        self.process = process
        self.socket = socket_path
        self.folder = folder

    @classmethod
    def start(cls, args: argparse.Namespace, ready: int = READY) -> AppPool | None:
        """Start the pool, keeping `ready` apps waiting, and wait until it listens; None
        (said on stderr) if it fails, and then every tab starts its own app.

        The pool runs in a process group of its own: Ctrl+C in the terminal is the
        server's alone, which stops the pool when it has ended the tabs' apps."""
        import subprocess
        import tempfile

        folder = tempfile.mkdtemp(prefix="tour-serve-")
        path = os.path.join(folder, "pool.sock")
        argv = [sys.executable, "-m", "tour.serve_pool", path, *app_options(args),
                "--ready", str(ready)]
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   process_group=0)
        pool = cls(process, path, folder)
        try:
            started = pool._wait_ready()
        except BaseException:  # Ctrl+C while the pool loads the tour
            _ignore_interrupts()
            pool.stop(at_once=True)
            raise
        if started:
            return pool
        pool.stop()
        print("tour serve: warning: the app pool did not start; every tab starts its own app",
              file=sys.stderr)
        return None

    def _wait_ready(self) -> bool:
        import selectors

        with selectors.DefaultSelector() as ready:
            ready.register(self.process.stdout, selectors.EVENT_READ)
            if not ready.select(POOL_START_TIMEOUT):
                return False
        return self.process.stdout.readline().strip() == b"ready"

    def pids(self) -> set[int]:
        """The pool process and the apps waiting or starting in it: every process of
        the pool's but the tabs' apps (a fork is named once it runs: one not yet named
        is starting, as the pool forks a tab's app only while the server serves)."""
        apps = {pid for pid in child_pids(self.process.pid) if process_name(pid) != "tour-tab"}
        return {self.process.pid, *apps}

    def stop(self, at_once: bool = False) -> None:
        """Close the pool's input (it stops the apps it started and exits); kill it if
        need be. `at_once`: the pool has not begun to serve (it is loading the tour)."""
        import shutil
        import subprocess

        from .serve_site import QUIT_GRACE

        try:
            if at_once:
                self.process.terminate()
            self.process.stdin.close()
            self.process.wait(QUIT_GRACE)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def app_environment(args: argparse.Namespace) -> dict[str, str]:
    """What each app process inherits: where and whether to record, and under what name."""
    from .settings import DATA_DIR_VAR as ENV_VAR
    from .settings import FRONT_END_VAR, RECORD_VAR

    env = {FRONT_END_VAR: FRONT_END}
    if not getattr(args, "record", True):
        env[RECORD_VAR] = "0"
    if getattr(args, "data_dir", None):
        env[ENV_VAR] = os.path.abspath(os.path.expanduser(args.data_dir))
    return env


def default_public_url(host: str, port: int) -> str:
    """The address to give students: the host itself, or this machine's address on the
    network when the host is a wildcard (0.0.0.0 or ::) that no browser can open."""
    import socket

    from .serve_access import is_wildcard

    if is_wildcard(host):
        host = _lan_address() or socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _lan_address() -> str | None:
    """The address this machine uses to reach other machines (no packet is sent)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            return probe.getsockname()[0]
        except OSError:
            return None
