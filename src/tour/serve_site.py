"""The site `tour serve` serves: textual-serve's, with each request checked first.

- `/`: the page with the terminal; instead, where it applies: the served address (a
  redirect, for the page asked for under another name), the join code form, a page
  saying every place is taken, or (asked for by another site) that the tour opens
  only at its own address.
- `/join` (a form's POST): the join code; right, the browser gets the cookie that lets
  it in (serve_access.COOKIE) and goes back to `/`; wrong, it is asked again, after
  serve_access.WRONG_CODE_DELAY (wrong codes are answered one at a time).
- `/ws`: a tab's websocket, refused (403) unless its Origin is the served address and
  it has the join code when one is asked, or (503) when every place is taken.
- `/download/KEY`: a transcript a tab's app offered, only to that tab (textual.js adds
  the tab's id to the address) and only with the join code.
- `/static/`: textual-serve's scripts and fonts, without listings of its folders.

Stopping is here too: the server ends every app process it started (see serve.py).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable

from .processes import child_pids

QUIT_GRACE = 5.0
"""Seconds an app is given to quit when asked, and again after SIGTERM, before SIGKILL."""
STARTING_PER_CPU = 4
"""Apps that may start at once, for each CPU; more tabs wait their turn (see
web_protocol's run_tab): on two CPUs, 150 tabs opened at once once took minutes to
settle, and a tab opened after them waited a minute. Enough at once that a class's
tabs, handed apps from the pool, hardly wait for each other."""
REFUSALS_LOGGED_EVERY = 10.0
"""Seconds between two log lines about refused websockets of one kind (a page that
opens them in a loop must not flood the terminal)."""


@functools.cache
def server_class():
    """TourServer, defined on first use so that importing this module never loads textual-serve."""
    import asyncio
    import hmac
    import logging
    import signal

    import aiohttp_jinja2
    from aiohttp import web

    from .serve_access import COOKIE, WRONG_CODE_DELAY, Access, is_loopback
    from .web_protocol import server_base

    log = logging.getLogger("textual-serve")

    class TourServer(server_base()):
        """textual-serve's Server, checking who opens sessions, and ending every app
        process it started when it stops."""

        def __init__(self, command: str, *, access: Access, pool=None, proxied: bool = False,
                     **kwargs) -> None:
            """access: who may open sessions; pool: the AppPool (serve.py), if any;
            proxied: browsers reach the server through a proxy (--public-url), which
            may send any name as Host."""
            super().__init__(command, **kwargs)
            self.access = access
            self.pool = pool
            self.proxied = proxied
            self.sessions: set[asyncio.Task] = set()
            self.stopping = False
            self.starting = asyncio.Semaphore(STARTING_PER_CPU * (os.cpu_count() or 1))
            """Room for the apps that start at once."""
            self.guesses = asyncio.Lock()
            """Held while a join code is checked: wrong codes are answered one at a time."""
            self.refused: dict[str, tuple[float, int]] = {}
            """For each reason: when a refusal was last logged, and how many since."""

        def routes(self) -> list:
            return [
                web.get("/", self.handle_index, name="index"),
                web.post("/join", self.handle_join, name="join"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]

        # -- pages -----------------------------------------------------------------------
        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            refusal = self.page_refusal(request)
            if refusal is not None:
                return refusal
            if not self.access.joined(request.cookies.get(COOKIE)):
                return self.page(request, "join.html", status=200)
            if self.access.full(len(self.sessions)):
                return self.full_page(request)
            return await super().handle_index(request)

        async def handle_join(self, request: web.Request) -> web.StreamResponse:
            refusal = self.page_refusal(request)
            if refusal is not None:
                return refusal
            form = await request.post()
            typed = str(form.get("code", ""))[:100]
            async with self.guesses:
                if not self.access.code_matches(typed):
                    await asyncio.sleep(WRONG_CODE_DELAY)
                    return self.page(request, "join.html", status=403, wrong=True)
            response = web.Response(status=303, headers={"Location": "./"})
            response.set_cookie(COOKIE, self.access.token, path="/", httponly=True, samesite="Strict",
                                secure=self.public_url.startswith("https:"))
            return response

        def page_refusal(self, request: web.Request) -> web.StreamResponse | None:
            """A page asked for by another site; or under another name than the served
            address's (localhost, this machine's name, a name that points here), sent
            there, where its tab may open a session (unless a proxy names the host)."""
            if not self.access.page_origin_allowed(request.headers.get("Origin")):
                self.log_refusal("a page asked for by another site")
                return self.page(request, "notice.html", status=403, message="another-site")
            if not self.proxied and not self.access.host_served(request.headers.get("Host")):
                if request.method != "GET":
                    return self.page(request, "notice.html", status=403, message="another-site")
                raise web.HTTPTemporaryRedirect(self.public_url + request.path_qs)
            return None

        def full_page(self, request: web.Request) -> web.StreamResponse:
            response = self.page(request, "notice.html", status=503, message="full")
            response.headers["Retry-After"] = "60"
            return response

        def page(self, request: web.Request, template: str, status: int, **context) -> web.Response:
            context = {"title": self.title, "url": self.public_url,
                       "places": self.access.max_sessions, **context}
            response = aiohttp_jinja2.render_template(template, request, context, status=status)
            response.headers["Cache-Control"] = "no-store"
            return response

        # -- sessions and downloads --------------------------------------------------------
        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            """One browser tab: checked, then its app runs for as long as this handler does."""
            origin = request.headers.get("Origin")
            if self.stopping:
                raise web.HTTPServiceUnavailable(text="The tour is stopping.")
            if not self.access.origin_allowed(origin):
                self.log_refusal(f"a session opened from another site (Origin: {origin!r})")
                raise web.HTTPForbidden(text="Sessions are opened from the tour's own page.")
            if not self.access.joined(request.cookies.get(COOKIE)):
                self.log_refusal("a session opened without the join code")
                raise web.HTTPForbidden(text="The join code is needed: open the tour's page.")
            if self.access.full(len(self.sessions)):
                self.log_refusal(f"a session beyond the {self.access.max_sessions} places")
                raise web.HTTPServiceUnavailable(text="Every place is taken: try again later.")
            task = asyncio.current_task()
            self.sessions.add(task)  # no await since the count: places are never overbooked
            log.info("a session started (%d open)", len(self.sessions))
            try:
                return await self.run_tab(request, self.starting)
            finally:
                self.sessions.discard(task)
                log.info("a session ended (%d open)", len(self.sessions))

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            """A transcript, only to the tab whose app offered it."""
            if not self.access.joined(request.cookies.get(COOKIE)):
                raise web.HTTPForbidden(text="The join code is needed: open the tour's page.")
            tab = await self.download_tab(request.match_info["key"])
            asked = request.query.get("instance", "")
            if tab is None or not hmac.compare_digest(asked.encode(), tab.encode()):
                raise web.HTTPNotFound(text="No such download.")
            return await super().handle_download(request)

        def log_refusal(self, what: str) -> None:
            """Log a refusal, at most once in REFUSALS_LOGGED_EVERY seconds for each kind."""
            kind = what.split(" (")[0]
            last, count = self.refused.get(kind, (float("-inf"), 0))
            now = time.monotonic()
            if now - last < REFUSALS_LOGGED_EVERY:
                self.refused[kind] = (last, count + 1)
                return
            more = f" (and {count} more like it)" if count else ""
            log.warning("refused %s%s", what, more)
            self.refused[kind] = (now, 0)

        # -- starting and stopping -----------------------------------------------------------
        def initialize_logging(self) -> None:
            """textual-serve's log, without a line for every file each browser fetches."""
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app) -> None:
            code = self.access.code
            joining = f" and give the join code {code}" if code else ""
            print(f"Serving the tour: students open {self.public_url}{joining}  (Ctrl+C to stop)",
                  flush=True)
            print(f"At most {self.access.max_sessions} sessions at once (--max-sessions).", flush=True)
            if not is_loopback(self.host) and not code:
                print(f"warning: anyone on a network this machine is on can open it "
                      f"(listening on {self.host}, no join code)", flush=True)

        def request_exit(self) -> None:
            """Ctrl+C or SIGTERM: stop, once (a second one does not cut the clean-up short)."""
            if self.stopping:
                return
            self.stopping = True
            super().request_exit()

        async def on_shutdown(self, app) -> None:
            """Ask every live app to quit, then make sure each has: SIGTERM, then SIGKILL."""
            self.stopping = True
            sessions = list(self.sessions)
            if sessions:
                print(f"Stopping {len(sessions)} session{'s' * (len(sessions) != 1)}...", flush=True)
            for task in sessions:
                task.cancel()  # the handler's own clean-up sends its app "quit"
            if sessions:
                await asyncio.wait(sessions, timeout=QUIT_GRACE)
            # A handler can finish before its app has (cancelling it stops the wait), and
            # an app can hang: what counts is the processes. The pool goes last (its
            # waiting apps are spared, those it is starting too, named or not yet).
            spared = self.pool.pids if self.pool else set
            for sig in (None, signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
                if sig is not None:
                    _signal_apps(sig, spared())
                if await _apps_gone(QUIT_GRACE, spared):
                    return

    return TourServer


def app_pids(spared: set[int] = frozenset()) -> list[int]:
    """The tabs' apps: every process below this one (the apps, and the apps the pool
    forked), but those in `spared` (the pool and its waiting apps)."""
    return [pid for pid in child_pids(recursive=True) if pid not in spared]


async def _apps_gone(timeout: float, spared: Callable[[], set[int]]) -> bool:
    """Wait up to `timeout` seconds for every tab's app to have ended (`spared()`: the
    processes that are not tabs' apps, at each look)."""
    import asyncio

    deadline = time.monotonic() + timeout
    while app_pids(spared()):
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
