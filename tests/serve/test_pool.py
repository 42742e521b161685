"""`tour serve`'s pool, through textual-serve's websocket protocol (no browser): a tab
gets an app started ahead of demand, or one forked for it when none waits; either way
its keys work at once and its session is recorded from the welcome on."""

from __future__ import annotations

import asyncio
import os
import signal

import aiohttp
import pytest

from tour.engine.loader import load_tour
from tour.processes import child_pids, process_name
from tour.records.store import list_sessions, read_session

from .browser import ServedTour, citation_marks, planned_replies
from .terminal_client import Terminal

QUESTION = "where is the house of scientists"


@pytest.mark.parametrize("ready", ["1", "0"], ids=["waiting-app", "forked-for-the-tab"])
async def test_a_tab_gets_a_ready_app_whose_keys_work(tmp_path, ready):
    tour = load_tour().tour
    (reply,) = planned_replies(tour, [QUESTION])
    with ServedTour(tmp_path, extra_args=["--ready", ready]) as served:
        if ready != "0":
            await served.wait_for_waiting_apps(int(ready))
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(f"{served.url}ws?width=111&height=37", origin=served.origin) as ws:
                terminal = Terminal(ws)
                await terminal.send("resize", {"width": 111, "height": 37})
                await terminal.wait_for([tour.title, "Content note"], timeout=30)
                if ready != "0":
                    # The only waiting app taken, a spare starts at once (not after REFILL_QUIET).
                    await served.wait_for_waiting_apps(1, timeout=10)
                terminal.mark()
                await terminal.type("\r")  # Enter alone closes the note
                await terminal.wait_for(["Welcome"], timeout=30)
                await terminal.type(QUESTION)
                terminal.mark()
                await terminal.type("\r")
                await terminal.wait_for(citation_marks(reply), timeout=30)
                assert served.app_pids(), "the tab's app runs below the server"
                terminal.reader.cancel()
    (record,) = [read_session(path) for path in list_sessions(served.data_dir)]
    assert record.header.front_end == "serve"
    assert [turn.intent for turn in record.turns][:1] == ["welcome"]
    assert [turn.input for turn in record.asked] == [QUESTION]


async def test_keys_typed_in_a_burst_right_after_enter_arrive_whole(tmp_path):
    """Enter on the content note, then a question typed as fast as keys go, in three
    tabs at once: each question is asked whole, in order. (Keys once overtook each other
    on their way from the note to the question box: "whadt di" was asked.)"""
    tour = load_tour().tour
    with ServedTour(tmp_path, extra_args=["--ready", "3"]) as served:
        await served.wait_for_waiting_apps(3)

        async def burst(client) -> None:
            async with client.ws_connect(f"{served.url}ws?width=120&height=40", origin=served.origin) as ws:
                terminal = Terminal(ws)
                await terminal.send("resize", {"width": 120, "height": 40})
                await terminal.wait_for(["Content note"], timeout=30)
                for key in ["\r", *QUESTION, "\r"]:
                    await terminal.type(key)
                await terminal.wait_for(citation_marks(planned_replies(tour, [QUESTION])[0]),
                                        timeout=30)
                terminal.reader.cancel()

        async with aiohttp.ClientSession() as client:
            await asyncio.gather(*(burst(client) for _ in range(3)))
    records = [read_session(path) for path in list_sessions(served.data_dir)]
    assert [[turn.input for turn in r.asked] for r in records] == [[QUESTION]] * 3


async def test_a_tab_that_never_typed_leaves_no_session_file(tmp_path):
    """A tab opened, its content note closed, then left: nothing asked, nothing recorded
    (a page that opens tabs in a loop once left a session file for each). Without the
    pool the app is TourApp, whose record waits the same way (tests/tui)."""
    tour = load_tour().tour
    with ServedTour(tmp_path, extra_args=["--ready", "1"]) as served:
        await served.wait_for_waiting_apps(1)
        async with aiohttp.ClientSession() as client:
            for _ in range(2):
                async with client.ws_connect(f"{served.url}ws?width=100&height=30", origin=served.origin) as ws:
                    terminal = Terminal(ws)
                    await terminal.send("resize", {"width": 100, "height": 30})
                    await terminal.wait_for([tour.title, "Content note"], timeout=60)
                    terminal.mark()
                    await terminal.type("\r")
                    await terminal.wait_for(["Welcome"], timeout=30)
                    terminal.reader.cancel()
        assert served.stop() == 0, served.output
    assert list_sessions(served.data_dir) == []


async def test_a_waiting_app_that_dies_is_replaced_and_the_pool_goes_on(tmp_path):
    """An app waiting in the pool ends (killed, or out of memory): the pool starts
    another and still hands apps to tabs; no traceback (it once stopped the pool with
    a KeyError)."""
    tour = load_tour().tour
    with ServedTour(tmp_path, extra_args=["--ready", "2"]) as served:
        await served.wait_for_waiting_apps(2)
        waiting = [pid for pid in child_pids(served.process.pid, recursive=True)
                   if process_name(pid) == "tour-standby"]
        os.kill(waiting[0], signal.SIGKILL)
        await asyncio.sleep(1)
        await served.wait_for_waiting_apps(2)
        pool = [pid for pid in child_pids(served.process.pid) if process_name(pid) == "tour-pool"]
        assert pool, f"the pool has stopped:\n{served.output}"
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(f"{served.url}ws?width=100&height=30", origin=served.origin) as ws:
                terminal = Terminal(ws)
                await terminal.send("resize", {"width": 100, "height": 30})
                await terminal.wait_for([tour.title], timeout=60)
                terminal.reader.cancel()
        assert served.stop() == 0
    assert "Traceback" not in served.output, served.output
