"""Ctrl+C on `tour serve` in a terminal ends it cleanly at any moment: the terminal
sends SIGINT to the whole foreground process group (the server, the tabs' commands,
and once the pool too), whatever each is doing. Each test sends it at one moment and
checks that the server exits without a traceback and leaves no process running."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import aiohttp

from tour.engine.loader import load_tour
from tour.processes import child_pids, process_name

from .browser import ServedTour, alive
from .terminal_client import Terminal

STOP_WITHIN = 25.0
"""Seconds Ctrl+C may take to end everything (QUIT_GRACE is 5 s a step)."""


def press_ctrl_c(served: ServedTour) -> list[int]:
    """SIGINT to the server's process group, as a terminal sends it; the processes that
    ran below the server just before (to check that each has ended)."""
    below = child_pids(served.process.pid, recursive=True)
    os.killpg(served.process.pid, signal.SIGINT)
    return below


def check_ended_cleanly(served: ServedTour, below: list[int], codes=(0, 130)) -> None:
    started = time.monotonic()
    try:
        code = served.process.wait(STOP_WITHIN)
    except Exception:
        served.kill()
        raise AssertionError(f"still running {STOP_WITHIN} s after Ctrl+C:\n{served.output}") from None
    while alive(below) and time.monotonic() - started < STOP_WITHIN:
        time.sleep(0.1)
    output = served.output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert code in codes, f"exit status {code}:\n{output}"
    assert alive(below) == [], f"left running: {[(pid, process_name(pid)) for pid in alive(below)]}"


def wait_until(condition, timeout: float, what: str, served: ServedTour) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline or served.process.poll() is not None:
            served.kill()
            raise AssertionError(f"never {what}:\n{served.output}")
        time.sleep(0.02)


def pool_process(served: ServedTour) -> list[int]:
    """The pool process, while it loads the tour (before it names itself tour-pool)."""
    return [pid for pid in child_pids(served.process.pid)
            if "tour.serve_pool" in _command_line(pid) and process_name(pid) != "tour-pool"]


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def names_below(served: ServedTour) -> list[str]:
    return [process_name(pid) for pid in child_pids(served.process.pid, recursive=True)]


def test_ctrl_c_right_at_start(tmp_path):
    """While Python starts and the tour loads (before Python has its handler, the
    signal ends the process at once, which is clean too)."""
    served = ServedTour(tmp_path).launch()
    time.sleep(0.25)
    check_ended_cleanly(served, press_ctrl_c(served), codes=(0, 130, -signal.SIGINT))


def test_ctrl_c_while_the_pool_loads_the_tour(tmp_path):
    """The pool imports the app and rehearses it: once it printed a KeyboardInterrupt."""
    served = ServedTour(tmp_path).launch()
    wait_until(lambda: pool_process(served), 60, "a pool loading the tour", served)
    time.sleep(0.5)
    check_ended_cleanly(served, press_ctrl_c(served))


def test_ctrl_c_while_the_pool_fills(tmp_path):
    """Serving, the pool starting its apps, some already waiting."""
    served = ServedTour(tmp_path, extra_args=["--ready", "6"]).start(timeout=60)
    wait_until(lambda: "tour-standby" in names_below(served), 60, "an app waiting", served)
    assert names_below(served).count("tour-standby") < 6, "the pool filled before Ctrl+C"
    check_ended_cleanly(served, press_ctrl_c(served), codes=(0,))


async def test_ctrl_c_with_tabs_open(tmp_path):
    """Two tabs at work and apps waiting in the pool: once the waiting apps died of the
    signal and the pool crashed on them (KeyError in _started)."""
    tour = load_tour().tour
    served = ServedTour(tmp_path, extra_args=["--ready", "3"]).start(timeout=60)
    await served.wait_for_waiting_apps(3)
    async with aiohttp.ClientSession() as client:
        tabs = []
        for _ in range(2):
            ws = await client.ws_connect(f"{served.url}ws?width=100&height=30", origin=served.origin)
            tabs.append(Terminal(ws))
            await tabs[-1].send("resize", {"width": 100, "height": 30})
        for tab in tabs:
            await tab.wait_for([tour.title], timeout=60)
        assert len(served.app_pids()) == 2
        below = press_ctrl_c(served)
        await asyncio.to_thread(check_ended_cleanly, served, below, (0,))
        for tab in tabs:
            tab.reader.cancel()
