"""Drive-by connections against `tour serve`: what do they cost the next student?

    python benchmarks/serve_drive_by.py                       # 150 of each kind, in turn
    python benchmarks/serve_drive_by.py --connections 50 --kinds untyped
    python benchmarks/serve_drive_by.py --json figures.json

For each kind, starts `tour serve` as a teacher would (the default pool of READY apps
waiting and the default --max-sessions) on a free loopback port with a temporary data
folder, waits for the pool to fill, then opens --connections websocket connections at
once, each speaking textual-serve's protocol as its page does:

- foreign: with another site's Origin (a web page elsewhere opening sessions in a
  loop): each must be refused, and no app may start;
- untyped: from the tour's own address, each waiting for its first screen and leaving
  without typing (tabs opened and closed, or a script): each may take an app, and
  must leave no session file;
- fleeting: from the tour's own address, each giving up after FLEETING seconds (the
  websocket opened and closed at once, or not yet opened: a tab closed while it
  says "Starting", a page reloaded at once).

Then a new tab connects, as a student's would, right after the last drive-by has
gone: the time to its first screen is the goal (at most GOAL seconds), measured again
once every drive-by's app has ended. Reports the figures, the session files left
(none is the goal) and how Ctrl+C ends it all. Needs psutil and aiohttp.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "serve"))

import aiohttp  # noqa: E402
from browser import ServedTour, alive  # noqa: E402
from terminal_client import Terminal  # noqa: E402

from serve_load import stats, wait_for_pool  # noqa: E402
from tour.engine.loader import load_tour  # noqa: E402
from tour.processes import child_pids  # noqa: E402
from tour.records.store import list_sessions  # noqa: E402
from tour.serve import READY  # noqa: E402

GOAL = 2.0
"""Seconds to a new tab's first screen after the drive-bys (issue 20's goal)."""
ELSEWHERE = "https://drive-by.example"
FLEETING = 0.2
"""Seconds a fleeting connection stays."""
KINDS = ("foreign", "untyped", "fleeting")


async def drive_by(client: aiohttp.ClientSession, served: ServedTour, tour, kind: str,
                   timeout: float) -> dict:
    """One drive-by connection: refused, or shown its first screen and gone; its times."""
    started = time.monotonic()
    origin = ELSEWHERE if kind == "foreign" else served.origin
    if kind == "fleeting":
        try:
            async with asyncio.timeout(FLEETING):
                async with client.ws_connect(f"{served.url}ws?width=120&height=40", origin=origin):
                    await asyncio.sleep(FLEETING)
        except TimeoutError:
            pass
        return {"outcome": "gone", "seconds": time.monotonic() - started}
    try:
        async with client.ws_connect(f"{served.url}ws?width=120&height=40", origin=origin) as ws:
            terminal = Terminal(ws)
            await terminal.send("resize", {"width": 120, "height": 40})
            shown = await terminal.wait_for([tour.title], timeout) - started
            terminal.reader.cancel()
            return {"outcome": "served", "seconds": shown}
    except aiohttp.WSServerHandshakeError as refused:
        return {"outcome": f"refused {refused.status}", "seconds": time.monotonic() - started}
    except Exception as exc:  # counted, never stopping the others
        return {"outcome": f"{type(exc).__name__}", "seconds": time.monotonic() - started}


async def new_tab(served: ServedTour, tour, timeout: float) -> float:
    """A student's tab: seconds from connecting to its first screen (the tour's title)."""
    async with aiohttp.ClientSession() as client:
        started = time.monotonic()
        async with client.ws_connect(f"{served.url}ws?width=120&height=40", origin=served.origin) as ws:
            terminal = Terminal(ws)
            await terminal.send("resize", {"width": 120, "height": 40})
            shown = await terminal.wait_for([tour.title], timeout) - started
            terminal.reader.cancel()
    return shown


async def wave(served: ServedTour, tour, kind: str, args) -> dict:
    """--connections drive-bys of one kind at once, then a new tab at once, and another
    once the drive-bys' apps have ended."""
    connector = aiohttp.TCPConnector(limit=0)
    began = time.monotonic()
    apps_seen = 0
    async with aiohttp.ClientSession(connector=connector) as client:
        tasks = [asyncio.create_task(drive_by(client, served, tour, kind, args.timeout))
                 for _ in range(args.connections)]
        while not all(task.done() for task in tasks):
            apps_seen = max(apps_seen, len(served.app_pids()))
            await asyncio.sleep(0.2)
        results = [task.result() for task in tasks]
    wall = time.monotonic() - began
    right_after = await new_tab(served, tour, args.timeout)
    waited = time.monotonic()
    while served.app_pids() and time.monotonic() - waited < args.timeout:
        await asyncio.sleep(0.2)
    settled = time.monotonic() - waited
    once_ended = await new_tab(served, tour, args.timeout)
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result["outcome"]] = outcomes.get(result["outcome"], 0) + 1
    return {
        "kind": kind, "connections": args.connections, "wall_s": wall, "outcomes": outcomes,
        "drive_by_s": [r["seconds"] for r in results], "most_apps_at_once": apps_seen,
        "new_tab_right_after_s": right_after, "apps_ended_after_s": settled,
        "new_tab_once_ended_s": once_ended,
    }


def run(kind: str, args) -> dict:
    """One kind's drive-bys against a fresh `tour serve`, its pool full; the figures."""
    tour = load_tour().tour
    workdir = Path(tempfile.mkdtemp(prefix="serve-drive-by-"))
    served = ServedTour(workdir, extra_args=[]).start(timeout=180)
    try:
        wait_for_pool(served, READY, timeout=300)
        figures = asyncio.run(asyncio.wait_for(wave(served, tour, kind, args), args.deadline))
        files = list_sessions(served.data_dir) if served.data_dir.exists() else []
        below = child_pids(served.process.pid, recursive=True)
        stop_started = time.monotonic()
        code = served.stop(signal.SIGINT, timeout=60)
        stop_s = time.monotonic() - stop_started
        time.sleep(1)
        left = alive(below)
    finally:
        served.kill()
    output = served.output
    return {**figures, "load_average": load_average(), "session_files": len(files),
            "stop_code": code, "stop_s": stop_s, "left_running": len(left),
            "tracebacks": output.count("Traceback"),
            "server_lines": [line.strip() for line in output.splitlines() if "refused" in line]}


def load_average() -> list[float]:
    """The machine's load average (1, 5, 15 minutes): how busy others kept it."""
    try:
        return [round(x, 1) for x in os.getloadavg()]
    except OSError:
        return []


def report(w: dict) -> str:
    outcomes = ", ".join(f"{n} {what}" for what, n in sorted(w["outcomes"].items()))
    lines = [
        f"{w['connections']} {w['kind']} connections at once ({w['wall_s']:.1f} s), against a pool of "
        f"{READY} apps waiting: {outcomes}; at most {w['most_apps_at_once']} tabs' apps running at once",
        f"  each drive-by: {stats(w['drive_by_s'])}",
        f"  a new tab right after: {w['new_tab_right_after_s']:.2f} s to its first screen "
        f"(goal {GOAL:g} s: {'met' if w['new_tab_right_after_s'] <= GOAL else 'not met'}); the "
        f"drive-bys' apps had all ended {w['apps_ended_after_s']:.1f} s later, and a new tab then: "
        f"{w['new_tab_once_ended_s']:.2f} s",
        f"  session files left: {w['session_files']} (goal 0); Ctrl+C: exit status {w['stop_code']} after "
        f"{w['stop_s']:.1f} s, processes left running: {w['left_running']}, tracebacks in the server's "
        f"output: {w['tracebacks']}; load average at the end {w['load_average']} on {os.cpu_count()} CPUs",
    ]
    lines += [f"  server: {line}" for line in w["server_lines"][:2]]
    return "\n".join(lines)


def meets_goals(w: dict) -> bool:
    refused = w["kind"] != "foreign" or set(w["outcomes"]) == {"refused 403"}
    return (refused and w["session_files"] == 0 and w["tracebacks"] == 0 and w["left_running"] == 0
            and w["new_tab_right_after_s"] <= GOAL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=150, help="drive-bys of each kind (default 150)")
    parser.add_argument("--kinds", type=lambda text: text.split(","), default=list(KINDS),
                        help="which kinds, in order (default: foreign,untyped,fleeting)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds any one wait may take")
    parser.add_argument("--deadline", type=float, default=600, help="seconds a wave may take")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    unknown = set(args.kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))} (choose from {', '.join(KINDS)})")
    runs = []
    for kind in args.kinds:
        print(f"{args.connections} {kind} connections...", file=sys.stderr, flush=True)
        runs.append(run(kind, args))
        print(report(runs[-1]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))
    return 0 if all(meets_goals(w) for w in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
