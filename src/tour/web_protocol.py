"""What `tour serve` relies on in textual-serve 1.1 and Textual's web driver that
neither documents: the one place to read when either changes.

textual-serve runs a command for each browser tab and speaks with it over the
command's standard streams: the app begins with a prelude line, then sends packets
("D" terminal output, "M" meta as JSON, "P" packed). The pool (serve_pool.py) hands
a tab an app started ahead of demand, so that app replays what Textual's web driver
wrote at start (PRELUDE, TERMINAL_MODES) and was started in the environment textual-
serve gives each app (APP_ENVIRONMENT).

On the server side, `ServerBase` turns three private parts of textual-serve's Server
into hooks `tour serve` overrides: the aiohttp application it builds (its routes:
here without directory listings, and with the join page), the websocket handler
(`run_tab`: the checks come before a tab's app starts, apps start a few at a time, and
the page is told its tab's id, which textual.js adds to a download's address as
?instance=), and which tab made a download (`download_tab`).

tests/serve/test_web_protocol.py checks each of these against the installed versions
and fails, naming WRITTEN_FOR, when either changes: then read the new textual-serve's
server.py, app_service.py, download_manager.py and static/js/textual.js, and
Textual's drivers/web_driver.py, adjust this module, and update WRITTEN_FOR.
"""

from __future__ import annotations

import functools
from typing import Any

WRITTEN_FOR = {"textual-serve": "1.1", "textual": "8.2"}
"""The release series (major.minor) of each package this module was written for."""

# -- the app's side ----------------------------------------------------------------------
PRELUDE = b"__GANGLION__\n"
"""What the web driver writes first, and textual-serve waits for before it reads packets."""
TERMINAL_MODES = ("\x1b[?1049h", "\x1b[?1000h", "\x1b[?1003h", "\x1b[?1015h", "\x1b[?1006h",
                  "\x1b[?25l", "\x1b[?2004h")
"""What the web driver sets at start: the alternate screen, mouse reports, no cursor,
bracketed paste."""
APP_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
"""What textual-serve sets for each app it starts (beside the size and its own version);
Textual reads it when first imported."""


def write_to_terminal(app: Any, text: str) -> None:
    """Write `text` to the browser's terminal as app output (the app's web driver,
    App._driver, frames it as a data packet)."""
    app._driver.write(text)


# -- the server's side -------------------------------------------------------------------
FIRST_SCREEN_BYTES = 2048
"""Output that means an app has drawn its first screen (its terminal modes alone are
about 60 bytes; the smallest screen is many kilobytes)."""
STARTING_TIMEOUT = 10.0
"""Seconds a starting app holds its place among those starting at once, at most."""


@functools.cache
def server_base() -> type:
    """textual-serve's Server with hooks in place of its private parts (see the module).

    A subclass defines:
    - `routes()`: the aiohttp routes of the whole site;
    - `handle_websocket(request)`: checks the request, then `await self.run_tab(...)`.
    Defined on first use, so that importing this module never loads textual-serve.
    """
    import asyncio
    import uuid

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class TabService(AppService):
        """The app of one tab, knowing the tab's id and when the app has drawn its screen."""

        tab = ""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.written = 0
            self.drawn = asyncio.Event()
            """Set once the app has written a screen's worth, or ended."""

        async def on_data(self, payload: bytes) -> None:
            self.written += len(payload)
            if self.written >= FIRST_SCREEN_BYTES:
                self.drawn.set()
            await super().on_data(payload)

        async def run(self) -> None:
            try:
                await super().run()
            finally:
                self.drawn.set()

    class ServerBase(Server):
        def routes(self) -> list:
            raise NotImplementedError

        async def _make_app(self) -> web.Application:
            """Server.serve() builds the site with this: textual-serve's own, with
            `routes()` in place of its routes (which list /static/'s folders)."""
            import aiohttp_jinja2
            import jinja2

            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(self.routes())
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def run_tab(self, request: web.Request, starting: asyncio.Semaphore) -> web.WebSocketResponse:
            """One tab's websocket and app, as textual-serve's handle_websocket runs them,
            with two changes: the page is told its tab's id (textual.js sends it back
            with each download), and the app starts only while `starting` has room,
            which it holds until the app has drawn its first screen, the tab has gone,
            or STARTING_TIMEOUT has passed. Tabs beyond that wait before their websocket
            opens: one that leaves meanwhile costs nothing, and apps that start all at
            once on a few CPUs do not each take many times longer (and time out)."""
            import json
            import logging

            from textual_serve.server import to_int

            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service = None
            try:
                await starting.acquire()
                try:
                    if _gone(request):
                        return websocket  # the tab left while it waited: nothing to start
                    await websocket.prepare(request)
                    service = TabService(self.command, write_bytes=websocket.send_bytes,
                                         write_str=websocket.send_str, close=websocket.close,
                                         download_manager=self.download_manager, debug=self.debug)
                    service.tab = uuid.uuid4().hex
                    await websocket.send_str(json.dumps(["instance_id", service.tab]))
                    if _gone(request):
                        return websocket
                    await service.start(width, height)
                    messages = asyncio.create_task(self._process_messages(websocket, service))
                    drawn = asyncio.create_task(service.drawn.wait())
                    await asyncio.wait([messages, drawn], timeout=STARTING_TIMEOUT,
                                       return_when=asyncio.FIRST_COMPLETED)
                    drawn.cancel()
                finally:
                    starting.release()
                try:
                    await messages
                finally:
                    await service.stop()
            except asyncio.CancelledError:
                if websocket.prepared:
                    await websocket.close()
            except ConnectionError:
                pass  # the tab left (closed, reloaded) while its app started
            except Exception as error:
                logging.getLogger("textual-serve").exception(error)
            finally:
                if service is not None:
                    await service.stop()
            return websocket

        async def download_tab(self, key: str) -> str | None:
            """The id of the tab whose app offered download `key`; None if there is none."""
            try:
                download = await self.download_manager.get_download_metadata(key)
            except KeyError:
                return None
            return getattr(download.app_service, "tab", None)

    def _gone(request: web.Request) -> bool:
        """The browser has closed the connection (a tab closed while it waited)."""
        return request.transport is None or request.transport.is_closing()

    return ServerBase
