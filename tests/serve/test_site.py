"""`tour serve`'s site over HTTP (no browser): who may open a session, the join code,
the places, folders, downloads. Each server runs without a pool (--no-pool), which
starts fastest; the pool is tested in test_pool.py."""

from __future__ import annotations

import re
import time

import aiohttp
import pytest

from tour.engine.loader import load_tour

from .browser import ServedTour, citation_marks, planned_replies
from .terminal_client import Terminal

QUESTION = "where is the house of scientists"
F6 = "\x1b[17~"
CODE = re.compile(r"join code ([A-Z0-9]{3}-[A-Z0-9]{3})")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the tests that leave it as they found it."""
    with ServedTour(tmp_path_factory.mktemp("served"), extra_args=["--no-pool"]) as served:
        yield served


def ws_url(served: ServedTour) -> str:
    return f"{served.url}ws?width=120&height=40"


async def open_tab(client, served: ServedTour, **headers) -> Terminal:
    """A tab past the content note, its welcome on screen."""
    ws = await client.ws_connect(ws_url(served), origin=served.origin, headers=headers)
    terminal = Terminal(ws)
    await terminal.send("resize", {"width": 120, "height": 40})
    await terminal.wait_for(["Content note"], timeout=60)
    terminal.mark()
    await terminal.type("\r")
    await terminal.wait_for(["Welcome"], timeout=30)
    return terminal


async def close_tab(terminal: Terminal) -> None:
    terminal.reader.cancel()
    await terminal.ws.close()


async def test_a_session_from_another_site_is_refused_and_starts_no_app(served):
    """A web page elsewhere (or a client that names no page) cannot open a session: the
    websocket is refused before any app starts."""
    before = set(served.app_pids())
    async with aiohttp.ClientSession() as client:
        for origin in ["https://evil.example", "http://localhost:1", "null", None]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_url(served), origin=origin)
            assert refused.value.status == 403, origin
        async with client.get(served.url, headers={"Origin": "https://evil.example"}) as page:
            assert page.status == 403
    assert set(served.app_pids()) <= before
    assert "refused a session opened from another site" in served.output


async def test_tabs_that_leave_while_they_wait_cost_nothing(served):
    """Connections given up during the handshake (a tab closed while it says
    "Starting") end quietly, and the next tab is served."""
    import asyncio

    async with aiohttp.ClientSession() as client:

        async def fleeting() -> None:
            try:
                async with asyncio.timeout(0.01):
                    async with client.ws_connect(ws_url(served), origin=served.origin):
                        pass
            except TimeoutError:
                pass

        await asyncio.gather(*(fleeting() for _ in range(12)))
        tab = await open_tab(client, served)
        await close_tab(tab)
    assert "Traceback" not in served.output and "ERROR" not in served.output, served.output


async def test_a_page_under_another_name_is_sent_to_the_served_address(served):
    """localhost for 127.0.0.1, or a name that points here (DNS rebinding): the page
    goes to the served address, whose tabs may open sessions."""
    async with aiohttp.ClientSession() as client:
        for name in ["localhost", "rebound.example"]:
            async with client.get(served.url, headers={"Host": f"{name}:{served.port}"},
                                  allow_redirects=False) as page:
                assert page.status == 307 and page.headers["Location"] == served.url, name
        async with client.get(served.url) as page:
            assert page.status == 200 and "data-session-websocket-url" in await page.text()


async def test_folders_are_not_listed(served):
    async with aiohttp.ClientSession() as client:
        for folder in ["static/", "static/js/", "static/fonts/"]:
            async with client.get(served.url + folder) as listing:
                body = await listing.text()
                assert listing.status in (403, 404) and "textual.js" not in body, folder
        async with client.get(served.url + "static/js/textual.js") as script:
            assert script.status == 200


async def test_a_download_goes_only_to_the_tab_that_made_it(served):
    """F6 offers the transcript to the tab; its key alone, or with another tab's id,
    fetches nothing."""
    tour = load_tour().tour
    (reply,) = planned_replies(tour, [QUESTION])
    async with aiohttp.ClientSession() as client:
        tab = await open_tab(client, served)
        other = await open_tab(client, served)
        await tab.type(QUESTION + "\r")
        await tab.wait_for(citation_marks(reply), timeout=30)
        await tab.type(F6)
        key = await tab.wait_for_message("deliver_file_start", timeout=30)
        download = f"{served.url}download/{key}"
        for address in [download, f"{download}?instance={other.tab}", f"{download}?instance="]:
            async with client.get(address) as refused:
                assert refused.status == 404, address
        assert tab.tab and other.tab and tab.tab != other.tab
        async with client.get(f"{download}?instance={tab.tab}") as transcript:
            assert transcript.status == 200
            assert QUESTION in await transcript.text()
        for terminal in (tab, other):
            await close_tab(terminal)


async def test_beyond_the_places_a_page_says_the_tour_is_full(tmp_path):
    with ServedTour(tmp_path, extra_args=["--no-pool", "--max-sessions", "1"]) as served:
        async with aiohttp.ClientSession() as client:
            tab = await open_tab(client, served)
            async with client.get(served.url) as page:
                text = await page.text()
                assert page.status == 503 and page.headers["Retry-After"]
                assert "Every place is taken" in text and "1 sessions at once" in text
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_url(served), origin=served.origin)
            assert refused.value.status == 503
            assert len(served.app_pids()) == 1
            await close_tab(tab)
    assert "At most 1 sessions at once" in served.output


async def test_other_machines_give_the_join_code_once(tmp_path):
    """With --public-url (or a --host others reach) the page asks for the code printed
    with the address; a wrong one is answered slowly; the right one, typed any way,
    gives a cookie that opens sessions and downloads."""
    served = ServedTour(tmp_path)
    served.extra_args = ["--no-pool", "--public-url", served.origin]
    with served:
        (code,) = CODE.findall(served.output)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client:
            async with client.get(served.url) as page:
                text = await page.text()
                assert page.status == 200 and 'name="code"' in text
                assert "data-session-websocket-url" not in text
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_url(served), origin=served.origin)
            assert refused.value.status == 403
            async with client.get(f"{served.url}download/anything?instance=x") as download:
                assert download.status == 403

            asked = time.monotonic()
            async with client.post(served.url + "join", data={"code": "AAA-AAA"},
                                   headers={"Origin": served.origin}) as wrong:
                assert wrong.status == 403 and "not the code" in await wrong.text()
            assert time.monotonic() - asked >= 1.0
            async with client.post(served.url + "join", data={"code": code.lower().replace("-", " ")},
                                   headers={"Origin": served.origin}, allow_redirects=False) as right:
                assert right.status == 303 and right.headers["Location"] == "./"
                cookie = right.cookies["tour-joined"]
                assert cookie["httponly"] and cookie["samesite"] == "Strict"
            joined = {"Cookie": f"tour-joined={cookie.value}"}
            async with client.get(served.url, headers=joined) as page:
                assert page.status == 200 and "data-session-websocket-url" in await page.text()
            tab = await open_tab(client, served, **joined)
            await close_tab(tab)
