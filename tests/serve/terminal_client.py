"""A client for `tour serve` that speaks textual-serve's websocket protocol, as its page
does, without a browser: shared by the pool tests and the load check
(benchmarks/serve_load.py). A browser sends the page's origin with the websocket, and
`tour serve` refuses any other (or none): pass `origin=` as below.

    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{url}ws?width=120&height=40", origin=origin) as ws:
            terminal = Terminal(ws)
            await terminal.send("resize", {"width": 120, "height": 40})
            await terminal.wait_for(["Content note"], timeout=30)
            await terminal.type("\\r")
"""

from __future__ import annotations

import asyncio
import json
import re
import time

import aiohttp

CONTROL = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P^_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
"""Terminal control sequences, dropped to read the screen's text."""


class Terminal:
    """One session's websocket, and the text the app has drawn since a mark.

    A task reads the socket all the time, as a browser does, so the server's pings
    are answered while the student thinks.
    """

    def __init__(self, ws) -> None:
        self.ws = ws
        self.raw = ""
        self.closed = False
        self.changed = asyncio.Event()
        self.tab = ""
        """The tab's id, as the server told it (textual.js's "instance")."""
        self.messages: list = []
        """The server's text messages, decoded (["instance_id", ...], ["deliver_file_start", key])."""
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.raw += message.data.decode("utf-8", "replace")
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.messages.append(json.loads(message.data))
                    if self.messages[-1][0] == "instance_id":
                        self.tab = self.messages[-1][1]
                self.changed.set()
        finally:
            self.closed = True
            self.changed.set()

    async def send(self, kind: str, data) -> None:
        await self.ws.send_str(json.dumps([kind, data]))

    async def type(self, keys: str) -> None:
        await self.send("stdin", keys)

    def mark(self) -> None:
        """Forget what was drawn so far: wait_for looks at what comes next."""
        self.raw = ""

    async def wait_for(self, texts: list[str], timeout: float) -> float:
        """Wait until every one of `texts` has been drawn since the mark; the time then."""
        await self._until(lambda: all(text in CONTROL.sub("", self.raw) for text in texts),
                          timeout, f"none of {texts}")
        return time.monotonic()

    async def wait_for_message(self, kind: str, timeout: float):
        """The data of the server's first text message of `kind` ("deliver_file_start")."""
        def found():
            return next((data for name, data in self.messages if name == kind), None)

        await self._until(lambda: found() is not None, timeout, f"no {kind!r} message")
        return found()

    async def _until(self, done, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if self.closed:
                raise ConnectionError("the server closed the session")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{what} within {timeout} s")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass
