"""`tour serve`'s app pool: Textual imported and the tour loaded once, apps started
ahead of demand, one handed to each browser tab.

Starting `python -m tour` for every tab costs each one the whole start-up (Python,
Textual, the tour, its router, the first screen): about a second of CPU, so thirty
tabs opened at once on two cores queue for fifteen seconds. The pool pays the shared
part once, before the first student connects: it imports the app, loads the tour,
builds the router, and runs the app once without a screen, so that what Textual loads
lazily is loaded too. Then it forks `ready` apps that start up fully (first screen
drawn, content note shown) and wait; a tab that connects gets one of them, which only
has to draw itself again at the tab's size. `ready` counts the tabs open too: with 30
students in, a pool of 32 keeps 2 waiting for late-comers, and the apps of those who
leave are replaced for the next class, one at a time, once the machine is quiet
(REFILL_QUIET seconds without a tab connecting, and a load average below its CPU
count). A tab that finds none waiting gets a fork started for it; and while fewer
than SPARES wait, one starts at once (one at a time), so that a tab coming after a
rush (late-comers, tabs opened and left) finds one waiting.

textual-serve still runs one command per tab and still speaks its own protocol with
the app over that command's standard streams. The command is this file run as a
script by the same Python, isolated and without site-packages (`python -I -S
serve_pool.py SOCKET FALLBACK...`): a few milliseconds. It hands its standard input,
output and error to the pool over a Unix socket, with the terminal size, and exits;
the app writes to the tab's output from then on, and reads the tab's input through
its own pipe (a thread copies it over). If the pool cannot take the streams, the
command becomes FALLBACK (`python -m tour ...`), as without a pool.

`tour serve` starts the pool with `python -m tour.serve_pool SOCKET [options]`, in a
process group of its own (Ctrl+C in the terminal is the server's), and stops it by
closing its standard input; the pool then ends every app it started. On Linux each process names itself (see
`ps`): tour-pool, tour-starting, tour-standby (started, waiting for a tab), tour-tab
(a tab's app).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time

if __package__:  # the pool (a tab's command runs this file alone, with the standard library only)
    from .processes import MESSAGE_LIMIT, child_pids, name_process
    from .web_protocol import APP_ENVIRONMENT

HANDOFF_TIMEOUT = 30.0
"""Seconds a tab's command waits for the pool before starting the app itself (the
pool is slow only when the machine is swamped, when an app started from scratch
would only make it worse)."""
HANDOFF_REPLY_LIMIT = 4096
"""The most a tab's command reads of the pool's answer ({"pid": N})."""
SIZE_VARIABLES = ("COLUMNS", "ROWS")
"""What a tab's command tells the pool beside its streams: the terminal's size."""
STANDBY_SIZE = (132, 40)
"""The size a waiting app is laid out at, before a tab gives it its own: a laptop's
browser window. A tab of about that size (100 to 149 columns: the same layout, the
map beside the conversation) only moves things; a narrow one restyles the screen."""
SPARES = 2
"""Apps kept waiting whatever the load, started one at a time as they are taken: the
pool is never empty for long (a tab handed a waiting app draws in a fraction of a
second; one forked for it takes a second or two)."""
REFILL_QUIET = 20.0
"""Seconds without a tab connecting before the pool starts apps to replace those taken:
starting one costs half a second of CPU, which a class that has just sat down and
begun to type needs more."""


# -- the tab's command (run without site-packages: the standard library only) ---------------
def hand_over(path: str, fallback: list[str]) -> None:
    """Give this process's standard streams to the pool listening at `path`, then exit;
    if it cannot take them, become `fallback` (the app started the ordinary way)."""
    message = json.dumps({name: os.environ.get(name, "") for name in SIZE_VARIABLES})
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as pool:
            pool.settimeout(HANDOFF_TIMEOUT)
            pool.connect(path)
            socket.send_fds(pool, [message.encode()], [0, 1, 2])
            reply = json.loads(pool.recv(HANDOFF_REPLY_LIMIT) or b"{}")
    except (OSError, ValueError):
        reply = {}
    if reply.get("pid"):
        os._exit(0)  # the app holds the streams now
    os.execv(fallback[0], fallback)


# -- the pool ------------------------------------------------------------------------------
class Pool:
    """Keeps `ready` apps waiting and hands one to every tab that connects."""

    def __init__(self, path: str, options: dict, ready: int) -> None:
        """path: the socket to listen on; options: the app's (script, theme,
        content_note); ready: how many apps to keep waiting."""
        self.path = path
        self.options = options
        self.ready = ready
        self.tour = None
        self.router = None
        self.theme: str | None = None
        self.waiting: dict[socket.socket, int] = {}
        """Apps started and waiting for a tab: their control socket, their pid."""
        self.starting: dict[socket.socket, int] = {}
        """Apps starting up (one at a time), until they say they are ready."""
        self.last_taken = float("-inf")
        """When a tab last connected (time.monotonic)."""
        self.tabs: set[int] = set()
        """The pids of the tabs' apps (pruned as they end)."""

    def prepare(self) -> None:
        """Import the app, load the tour and its router, and run the app once unseen."""
        self.load()
        self.rehearse()

    def load(self) -> None:
        """The tour, its theme and the router every tab's app shares (a question asked
        once, so that what the first question pays is paid here)."""
        from .cache import router as cached_router
        from .engine.loader import load_tour
        from .engine.session import Session
        from .records import export, store  # noqa: F401  (what a session imports)
        from .settings import Settings
        from .tui.app import choose_theme

        self.theme = choose_theme(Settings(theme=self.options.get("theme")))
        self.tour = load_tour(self.options.get("script")).tour
        session = Session(self.tour, router_factory=cached_router)
        session.welcome()
        session.ask("who built the house of scientists")
        self.router = session.router

    def rehearse(self) -> None:
        """Run the app once, unseen, so that each fork starts with what a first run loads."""
        import asyncio

        from .tui.app import TourApp

        app = TourApp(self.tour, theme=self.theme, content_note=True, record=False,
                      router=self.router)

        async def rehearse() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("enter")
                await pilot.press(*"who built", "backspace", "enter")  # keys, the suggester
                await app.screen.ask("who built the house of scientists")
                await pilot.pause()

        asyncio.run(rehearse())

    # -- the loop ---------------------------------------------------------------------
    def serve(self) -> None:
        """Hand apps to tabs until standard input closes (the server has gone)."""
        import selectors
        import signal

        name_process("tour-pool")
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the apps
        if os.path.exists(self.path):
            os.unlink(self.path)
        self.listener = listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.path)
        listener.listen(64)
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ, self._accept)
        self.selector.register(sys.stdin, selectors.EVENT_READ, None)
        print("ready", flush=True)
        self._top_up()
        try:
            while True:
                pending = len(self.waiting) + len(self.starting) + len(self.tabs) < self.ready
                for key, _ in self.selector.select(1.0 if pending else None):
                    if key.data is None:  # standard input: the server
                        if not sys.stdin.buffer.read1(MESSAGE_LIMIT):
                            return
                    else:
                        key.data(key.fileobj)
                self._top_up()
        finally:
            self._stop_apps()
            listener.close()
            if os.path.exists(self.path):
                os.unlink(self.path)

    def _accept(self, listener: socket.socket) -> None:
        connection, _ = listener.accept()
        with connection:
            self._take(connection)

    def _take(self, connection: socket.socket) -> None:
        """One tab: its streams and size in, an app out (its pid sent back)."""
        connection.settimeout(HANDOFF_TIMEOUT)
        try:
            message, fds, _, _ = socket.recv_fds(connection, MESSAGE_LIMIT, 3)
            size = json.loads(message or b"{}")
        except (OSError, ValueError):
            return
        try:
            if len(fds) != 3 or _closed(connection):
                return  # the tab's command has given up waiting, and started the app itself
            pid = self._hand_to_waiting(fds, size) or self._fork(fds, size)
            self.tabs.add(pid)
            connection.sendall(json.dumps({"pid": pid}).encode())
        except OSError:
            pass
        finally:
            for fd in fds:
                os.close(fd)
            self.last_taken = time.monotonic()

    def _hand_to_waiting(self, fds: list[int], size: dict) -> int | None:
        """Give the streams to a waiting app; its pid (None if none could take them)."""
        while self.waiting:
            control, pid = self.waiting.popitem()
            self.selector.unregister(control)
            try:
                socket.send_fds(control, [json.dumps(size).encode()], fds)
                return pid
            except OSError:
                continue  # it died meanwhile: try the next
            finally:
                control.close()
        return None

    def _top_up(self) -> None:
        """Start the next waiting apps while fewer than `ready` wait: before the first
        tab, one per CPU at a time; after it, one at a time, when the machine is quiet;
        and, whatever the tabs open, one at a time while fewer than SPARES wait."""
        before_class = self.last_taken == float("-inf")
        at_once = (os.cpu_count() or 1) if before_class else 1
        self.tabs = {pid for pid in self.tabs if _running(pid)}
        wanted = self.ready - len(self.tabs)
        while (len(self.starting) < at_once and len(self.waiting) + len(self.starting) < wanted
               and (before_class or self._quiet())):
            self._start_one()
        if self.ready and not self.starting and len(self.waiting) < min(SPARES, self.ready):
            self._start_one()

    def _start_one(self) -> None:
        import selectors

        ours, theirs = socket.socketpair()
        pid = self._fork(None, {}, control=theirs)
        theirs.close()
        self.starting[ours] = pid
        self.selector.register(ours, selectors.EVENT_READ, self._started)

    def _quiet(self) -> bool:
        """No tab has connected for REFILL_QUIET seconds, and the CPUs are not all busy
        (the 1-minute load average, where there is one)."""
        if time.monotonic() - self.last_taken < REFILL_QUIET:
            return False
        try:
            return os.getloadavg()[0] < (os.cpu_count() or 1)
        except OSError:  # no load average here
            return True

    def _started(self, control: socket.socket) -> None:
        """A starting app says it is ready (or, closing, that it died)."""
        import selectors

        if control not in self.starting:  # handled already, earlier in the same round
            return
        pid = self.starting.pop(control)
        try:
            ready = control.recv(MESSAGE_LIMIT) == b"ready"
        except OSError:
            ready = False
        if ready:
            self.waiting[control] = pid
            self.selector.modify(control, selectors.EVENT_READ, self._ended_waiting)
        else:
            self.selector.unregister(control)
            control.close()
        self._top_up()

    def _ended_waiting(self, control: socket.socket) -> None:
        """A waiting app's control socket closed: it died (nothing else comes that way)."""
        if control not in self.waiting:  # handed to a tab earlier in the same round
            return
        del self.waiting[control]
        self.selector.unregister(control)
        control.close()
        self._top_up()

    def _stop_apps(self) -> None:
        """End every app this pool started and that still runs: waiting, starting, and
        the tabs' (the server has ended those already, unless it was killed)."""
        import signal

        for pid in child_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    # -- an app --------------------------------------------------------------------------
    def _fork(self, fds: list[int] | None, size: dict, control: socket.socket | None = None) -> int:
        """Fork an app: on a tab's streams `fds`, or (control given) to wait for a tab."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid:
            return pid
        code = 1
        try:
            self.listener.close()
            self.selector.close()
            for other in [*self.waiting, *self.starting]:
                other.close()
            code = self._run_app(fds, size, control)
        except BaseException:  # a child must never return into the pool's loop
            import traceback

            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)

    def _run_app(self, fds: list[int] | None, size: dict, control: socket.socket | None) -> int:
        """In a forked child: run the app, on `fds` at once or after a hand-over."""
        import signal

        from .settings import Settings
        from .tui.standby import StandbyApp

        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        feeder = None
        if fds is not None:
            name_process("tour-tab")
            _take_streams(fds)
            size_given = size
        else:
            name_process("tour-starting")  # "tour-standby" once it is ready
            null = os.open(os.devnull, os.O_RDWR)
            reader, feeder = os.pipe()
            _take_streams([reader, null, 2])  # input through our own pipe, for good; errors to the log
            size_given = {"COLUMNS": STANDBY_SIZE[0], "ROWS": STANDBY_SIZE[1]}
        os.environ.update({k: str(v) for k, v in size_given.items() if k in SIZE_VARIABLES})
        settings = Settings.from_env()  # as `tour serve` set it for its apps
        app = StandbyApp(self.tour, theme=self.theme,
                         content_note=self.options.get("content_note", True),
                         record=settings.record, data_dir=settings.data_dir,
                         front_end=settings.front_end or "serve", router=self.router,
                         control=control, feeder=feeder)
        app.run()
        sys.stdout.flush()
        return app.return_code or 0


def _closed(connection: socket.socket) -> bool:
    """Whether the other end has closed `connection`, without waiting or reading."""
    import select

    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _running(pid: int) -> bool:
    """Whether process `pid` still runs (the kernel reaps the pool's children)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_streams(fds: list[int]) -> None:
    """Make fds this process's standard input, output and error."""
    for target, fd in enumerate(fds):
        if fd != target:
            os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import signal

    parser = argparse.ArgumentParser(prog="python -m tour.serve_pool")
    parser.add_argument("socket")
    parser.add_argument("--script")
    parser.add_argument("--theme")
    parser.add_argument("--no-content-note", action="store_true")
    parser.add_argument("--ready", type=int, default=8)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle: it stops the pool
    os.environ.update(APP_ENVIRONMENT)
    pool = Pool(args.socket, {"script": args.script, "theme": args.theme,
                              "content_note": not args.no_content_note}, ready=args.ready)
    pool.prepare()
    pool.serve()
    return 0


if __name__ == "__main__":
    if __package__:  # python -m tour.serve_pool: the pool
        raise SystemExit(main())
    hand_over(sys.argv[1], sys.argv[2:])  # python -I -S serve_pool.py SOCKET FALLBACK...
