"""Driving `tour serve` from headless Chromium: shared by the browser test, the load
check (benchmarks/serve_load.py) and the screenshot script (docs/screenshot_browser.py).

The browser is Debian's chromium at /usr/bin/chromium, driven by Playwright's Python
package (never `playwright install`: its browser downloads fail here). textual-serve
draws the terminal with xterm.js on a canvas, so there is no text in the DOM; to read
the screen, the page's copy of textual.js is patched on its way in to keep a reference
to each xterm Terminal, and the screen is read from the terminal's own buffer, row by
row, exactly as xterm.js holds it. Nothing else about the page changes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tour.engine.reply import Reply
from tour.processes import child_pids, process_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}

_TERMINAL_OPENED = "this.terminal.open(e),"
_KEEP_TERMINAL = "window.__xterms=(window.__xterms||[]).concat(this.terminal),"
_SCREEN_JS = """() => {
  const terms = window.__xterms || [];
  if (!terms.length) return "";
  const buffer = terms[0].buffer.active, rows = [];
  for (let y = 0; y < buffer.length; y++) rows.push(buffer.getLine(y).translateToString(true));
  return rows.join("\\n");
}"""
_SCREEN_HAS_JS = f"(text) => ({_SCREEN_JS})().includes(text)"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_in_a_terminal() -> None:
    """In the child before it runs the command: Ctrl+C (SIGINT) at its default, as a
    terminal's foreground command has it. A test run started in the background
    (`cmd &` in a script) inherits SIGINT ignored, and Python then never turns it
    into KeyboardInterrupt: the tests of Ctrl+C would test nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class ServedTour:
    """`tour serve` on a free loopback port, in a subprocess with its own process group.

        with ServedTour(tmp_path) as served:
            ... open served.url ...
        served.returncode, served.output
    """

    workdir: Path
    extra_args: list[str] = field(default_factory=lambda: ["--ready", "2"])
    """Options for `tour serve` (default: a pool of two apps waiting, not a class's worth)."""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    returncode: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def origin(self) -> str:
        """What a browser on the served page sends as Origin."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def data_dir(self) -> Path:
        return self.workdir / "sessions"

    @property
    def log_path(self) -> Path:
        return self.workdir / "serve.log"

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def launch(self) -> ServedTour:
        """Start the server, in a session of its own (as a terminal starts a command), and
        return at once."""
        argv = [sys.executable, "-m", "tour", "serve", "--port", str(self.port),
                "--data-dir", str(self.data_dir), *self.extra_args]
        env = dict(os.environ, COLUMNS="100", PYTHONUNBUFFERED="1")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env,
                                            start_new_session=True, preexec_fn=as_in_a_terminal)
        return self

    def start(self, timeout: float = 30) -> ServedTour:
        """Start the server and wait until it accepts connections."""
        self.launch()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tour serve exited with {self.process.returncode}:\n{self.output}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"tour serve did not listen within {timeout} s:\n{self.output}")

    def app_pids(self) -> list[int]:
        """The app processes serving a tab now (one per open tab): every process below
        the server but the pool and the apps waiting in it."""
        if not self.process:
            return []
        pool = ("tour-pool", "tour-starting", "tour-standby")
        return [pid for pid in child_pids(self.process.pid, recursive=True)
                if process_name(pid) not in pool]

    async def wait_for_waiting_apps(self, count: int, timeout: float = 60) -> None:
        """Wait until the pool has `count` apps started and waiting for a tab."""
        import asyncio

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            names = [process_name(pid) for pid in child_pids(self.process.pid, recursive=True)]
            if names.count("tour-standby") >= count:
                return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"the pool had not {count} apps waiting after {timeout} s:\n{self.output}")

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30) -> int | None:
        """Send `sig` to the server alone (not its apps); its exit status, or None if it
        was still running after `timeout` (it is then killed with its process group)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            self.returncode = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the server's whole process group and every process below it (the pool
        has a group of its own): a last resort for clean-up."""
        if self.process is not None:
            for pid in child_pids(self.process.pid, recursive=True):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def __enter__(self) -> ServedTour:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.stop()
        self.kill()


def alive(pids: list[int]) -> list[int]:
    """The pids among `pids` that are still running (zombies count as gone)."""
    running = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    running.append(pid)
        except OSError:
            pass
    return running


async def launch(playwright):
    """Headless Debian chromium."""
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def citation_marks(reply: Reply) -> list[str]:
    """What the screen shows at the start of each of the reply's citation lines: '¶4 ·'."""
    return [f"\u00b6{c.paragraph} \u00b7" for c in reply.citations]


class TourPage:
    """One browser tab on the served tour."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        """Every URL the page asked for, in order (websockets too)."""
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))

    @classmethod
    async def open(cls, context, url: str) -> TourPage:
        """A new tab on `url`, with the terminal reference hooked in; returns at once."""
        page = await context.new_page()
        tab = cls(page)
        await page.route("**/static/js/textual.js", _keep_terminal)
        await page.goto(url, wait_until="domcontentloaded")
        return tab

    async def screen(self) -> str:
        """The terminal's rows as text."""
        return await self.page.evaluate(_SCREEN_JS)

    async def wait_for_text(self, *texts: str, timeout: float = 30) -> str:
        """Wait until any of `texts` is on screen; return the one found."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        js = f"(texts) => {{ const s = ({_SCREEN_JS})(); return texts.find(t => s.includes(t)) || false; }}"
        try:
            handle = await self.page.wait_for_function(js, arg=list(texts), timeout=timeout * 1000,
                                                       polling=100)
        except PlaywrightTimeout:
            raise AssertionError(f"none of {texts} on screen after {timeout} s; the screen:\n"
                                 f"{await self.screen()}") from None
        return await handle.json_value()

    async def wait_until_gone(self, text: str, timeout: float = 30) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            await self.page.wait_for_function(f"(t) => !({_SCREEN_HAS_JS})(t)", arg=text,
                                              timeout=timeout * 1000, polling=100)
        except PlaywrightTimeout:
            raise AssertionError(f"{text!r} still on screen after {timeout} s; the screen:\n"
                                 f"{await self.screen()}") from None

    async def start(self, tour, timeout: float = 30) -> None:
        """Wait for the first screen (the tour's title) and close the content note, if any
        (with the keyboard only: the page gives the terminal the focus itself)."""
        await self.wait_for_text(tour.title, timeout=timeout)
        if tour.content_note:
            await self.wait_for_text("Content note", timeout=timeout)
            await self.page.keyboard.press("Enter")
            await self.wait_until_gone("Content note", timeout=timeout)

    async def ask(self, question: str, expect: list[str], timeout: float = 30,
                  delay: float = 0) -> float:
        """Type `question` (`delay` ms between keys) and Enter; wait until one of `expect`
        is on screen. Returns the seconds from Enter to the reply on screen. No click or
        focus first: the page gives the terminal the keyboard itself."""
        await self.page.keyboard.type(question, delay=delay)
        entered = time.monotonic()
        await self.page.keyboard.press("Enter")
        await self.wait_for_text(*expect, timeout=timeout)
        return time.monotonic() - entered

    async def press(self, key: str) -> None:
        """Press `key` in the terminal (focused first, as a click would, but clicking nothing)."""
        await self.page.focus(".xterm-helper-textarea")
        await self.page.keyboard.press(key)


async def _keep_terminal(route) -> None:
    """Serve textual.js with one addition: each Terminal is kept in window.__xterms."""
    response = await route.fetch()
    body = await response.text()
    if _TERMINAL_OPENED not in body:
        raise RuntimeError("textual-serve's textual.js has changed: update tests/serve/browser.py")
    await route.fulfill(response=response,
                        body=body.replace(_TERMINAL_OPENED, _TERMINAL_OPENED + _KEEP_TERMINAL, 1))


def planned_replies(tour, questions: list[str]) -> list[Reply]:
    """What one session of the engine answers to `questions` in turn (what the app shows)."""
    from tour.cache import router as cached_router
    from tour.engine.session import Session

    session = Session(tour, router_factory=cached_router)
    session.welcome()
    return [session.ask(q) for q in questions]
