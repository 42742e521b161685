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

Stopping: on Ctrl+C or SIGTERM, textual-serve alone takes about 20 s to close the
open sessions, and an app that does not quit when asked is left running after the
server exits (and holds the server for a minute first). TourServer keeps its live
sessions, asks each app to quit, then sends SIGTERM and finally SIGKILL to any app
still running, QUIT_GRACE seconds apart; then it stops the pool.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import sys
import time

from .processes import child_pids, process_name

# logging, socket, signal and the rest are imported where they are used, so that
# registering this command costs the other commands nothing at start-up.

EXIT_OK, EXIT_USAGE = 0, 2
FRONT_END = "serve"
"""The front-end name each served session is recorded under."""
QUIT_GRACE = 5.0
"""Seconds an app is given to quit when asked, and again after SIGTERM, before SIGKILL."""
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
    pool = AppPool.start(args) if getattr(args, "pool", True) else None
    server = server_type(
        app_command(args, pool.socket if pool else None), host=args.host, port=args.port,
        title=tour.title, templates_path=TEMPLATES,
        public_url=args.public_url or default_public_url(args.host, args.port))
    server.pool = pool
    try:
        server.serve()
    except OSError as exc:  # taken between the check and now
        print(f"tour serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    finally:
        if pool is not None:
            pool.stop()
    return EXIT_OK


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
    textual-serve holds is it, and a signal to it reaches it.
    """
    import shlex

    argv = [sys.executable, "-m", "tour", *app_options(args)]
    if pool_socket is not None:
        from . import serve_pool

        argv = [sys.executable, "-I", "-S", os.path.abspath(serve_pool.__file__), pool_socket, *argv]
    return "exec " + shlex.join(argv)


class AppPool:
    """The pool process (serve_pool.py) `tour serve` runs beside the server."""

    def __init__(self, process, socket_path: str, folder: str) -> None:
        self.process = process
        self.socket = socket_path
        self.folder = folder

    @classmethod
    def start(cls, args: argparse.Namespace) -> AppPool | None:
        """Start the pool and wait until it listens; None (said on stderr) if it fails,
        and then every tab starts its own app."""
        import subprocess
        import tempfile

        folder = tempfile.mkdtemp(prefix="tour-serve-")
        path = os.path.join(folder, "pool.sock")
        argv = [sys.executable, "-m", "tour.serve_pool", path, *app_options(args),
                "--ready", str(getattr(args, "ready", READY))]
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        pool = cls(process, path, folder)
        if pool._wait_ready():
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
        """The pool process and the apps waiting in it (not the tabs' apps)."""

        waiting = {pid for pid in child_pids(self.process.pid)
                   if process_name(pid) in ("tour-starting", "tour-standby")}
        return {self.process.pid, *waiting}

    def stop(self) -> None:
        """Close the pool's input (it stops its waiting apps and exits); kill it if need be."""
        import shutil
        import subprocess

        try:
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


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host`."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_public_url(host: str, port: int) -> str:
    """The address to give students: the host itself, or this machine's address on the
    network when the host is a wildcard (0.0.0.0 or ::) that no browser can open."""
    import socket

    if host in ("0.0.0.0", "::", ""):
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


@functools.cache
def server_class():
    """TourServer, defined on first use so that importing this module never loads textual-serve."""
    import asyncio
    import logging
    import signal

    from textual_serve.server import Server

    log = logging.getLogger("textual-serve")

    class TourServer(Server):
        """textual-serve's Server, which ends every app process it started when it stops."""

        def __init__(self, command: str, **kwargs) -> None:
            super().__init__(command, **kwargs)
            self.sessions: set[asyncio.Task] = set()
            self.pool: AppPool | None = None

        async def handle_websocket(self, request):
            """One browser tab: its app runs for as long as this handler does."""
            task = asyncio.current_task()
            self.sessions.add(task)
            log.info("a session started (%d open)", len(self.sessions))
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)
                log.info("a session ended (%d open)", len(self.sessions))

        def initialize_logging(self) -> None:
            """textual-serve's log, without a line for every file each browser fetches."""
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app) -> None:
            print(f"Serving the tour: students open {self.public_url}  (Ctrl+C to stop)", flush=True)
            if not is_loopback(self.host):
                print(f"warning: anyone on a network this machine is on can open it "
                      f"(listening on {self.host})", flush=True)

        async def on_shutdown(self, app) -> None:
            """Ask every live app to quit, then make sure each has: SIGTERM, then SIGKILL."""
            sessions = list(self.sessions)
            if sessions:
                print(f"Stopping {len(sessions)} session{'s' * (len(sessions) != 1)}...", flush=True)
            for task in sessions:
                task.cancel()  # the handler's own clean-up sends its app "quit"
            if sessions:
                await asyncio.wait(sessions, timeout=QUIT_GRACE)
            # A handler can finish before its app has (cancelling it stops the wait), and
            # an app can hang: what counts is the processes. The pool goes last.
            spared = self.pool.pids() if self.pool else set()
            for sig in (None, signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
                if sig is not None:
                    _signal_apps(sig, spared)
                if await _apps_gone(QUIT_GRACE, spared):
                    return

    return TourServer


def app_pids(spared: set[int] = frozenset()) -> list[int]:
    """The tabs' apps: every process below this one (the apps, and the apps the pool
    forked), but those in `spared` (the pool and its waiting apps)."""
    return [pid for pid in child_pids(recursive=True) if pid not in spared]


async def _apps_gone(timeout: float, spared: set[int]) -> bool:
    """Wait up to `timeout` seconds for every tab's app to have ended."""
    import asyncio

    deadline = time.monotonic() + timeout
    while app_pids(spared):
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


def _signal_apps(sig: int, spared: set[int]) -> None:
    """Send `sig` to the tabs' apps (the web driver quits on SIGTERM)."""
    for pid in app_pids(spared):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
