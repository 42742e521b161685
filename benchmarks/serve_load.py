"""A class in the browser, measured without browsers: many sessions against one `tour serve`.

    python benchmarks/serve_load.py                       # 30 sessions connecting at once
    python benchmarks/serve_load.py --no-pool             # the same, every tab's app started cold
    python benchmarks/serve_load.py --class-sizes 20,30,40,60   # the class one machine serves
    python benchmarks/serve_load.py --json figures.json

Starts `tour serve` on a free loopback port with a temporary TOUR_DATA_DIR and opens
--sessions websocket connections at once, each speaking textual-serve's protocol as
its page does (the terminal's size, then ["stdin", keys] messages; the app's screen
comes back as terminal output). No browser runs, so the machine's CPU is the
server's. Each session waits for its first screen (the tour's title on the content
note), closes the note, then asks QUESTIONS one key at a time (--type-delay ms a key,
as a person types), reading and thinking about --think seconds before each; a reply
counts when its citations are on screen. Each session's terminal has its own size,
as students' windows do. `--think 2 --type-delay 50` is a class that types all at
once, as no class does: the worst case for replies.

Reports the first screen and reply times (median, p95, worst), memory (PSS, shared
pages counted once: per session, and for the apps waiting in the pool), CPU, the
sessions recorded, and how long Ctrl+C takes to end everything. With --class-sizes,
one run per size, and the largest size whose first screen p95 is at most
FIRST_SCREEN_GOAL and reply p95 at most REPLY_GOAL.

The load generator runs on the same machine (one process, a few per cent of a core),
so the figures are a slight overestimate of what students on their own laptops see.
Needs psutil and aiohttp (which textual-serve brings). Bounded: every wait has a
timeout and each run is cancelled after --deadline seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "serve"))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
from browser import ServedTour, alive, citation_marks, planned_replies  # noqa: E402
from terminal_client import Terminal  # noqa: E402

from tour.engine.loader import load_tour  # noqa: E402
from tour.processes import process_name  # noqa: E402
from tour.records.store import list_sessions, read_session  # noqa: E402

QUESTIONS = [
    "what did the prisoners build in Almaty?",
    "how many Japanese prisoners were in Kazakhstan",
    "did local people help the prisoners",
]
FIRST_SCREEN_GOAL = 3.0
REPLY_GOAL = 0.3


def terminal_size(index: int) -> tuple[int, int]:
    """A different window for every student, between 100x30 and 140x45."""
    return 100 + (index * 7) % 41, 30 + (index * 5) % 16


async def one_session(index: int, client: aiohttp.ClientSession, url: str, tour,
                      expected: list[list[str]], args, shown: list[int]) -> dict:
    """Connect, wait for the first screen, close the note, ask QUESTIONS; times in seconds."""
    result: dict = {"session": index, "replies": [], "error": None}
    rng = random.Random(index)
    width, height = terminal_size(index)
    started = time.monotonic()
    try:
        async with client.ws_connect(f"{url}ws?width={width}&height={height}", origin=url.rstrip("/")) as ws:
            terminal = Terminal(ws)
            await terminal.send("resize", {"width": width, "height": height})
            result["first_screen"] = await terminal.wait_for([tour.title], args.timeout) - started
            shown.append(index)
            if tour.content_note:
                await terminal.wait_for(["Content note"], args.timeout)
                await terminal.type("\r")
            for question, marks in zip(QUESTIONS, expected):
                await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))  # reading, thinking
                for key in question:
                    await terminal.type(key)
                    await asyncio.sleep(args.type_delay / 1000 * rng.uniform(0.5, 1.5))
                terminal.mark()
                entered = time.monotonic()
                await terminal.type("\r")
                result["replies"].append(await terminal.wait_for(marks, args.timeout) - entered)
            terminal.reader.cancel()
    except Exception as exc:  # reported per session, never stopping the others
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    return result


class Sampler(threading.Thread):
    """Every `interval` seconds: the CPU time used so far by the server and every process
    below it, and by this load generator."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.cpu: dict[str, dict[int, float]] = {"server": {}, "apps": {}, "clients": {}}
        self.before: dict[int, float] = {}
        """CPU time each process had used when first seen (the pool's apps, started
        before the run): not counted."""
        self.peak_processes = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            procs = self.tree()
            self.peak_processes = max(self.peak_processes, len(procs))
            for group, group_procs in (("server", procs[:1]), ("apps", procs[1:]),
                                       ("clients", [psutil.Process()])):
                for proc in group_procs:
                    try:
                        times = proc.cpu_times()
                    except psutil.Error:
                        continue
                    used = times.user + times.system
                    self.cpu[group][proc.pid] = used - self.before.setdefault(proc.pid, used)
            self.stopping.wait(self.interval)

    def tree(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self, group: str) -> float:
        return sum(self.cpu[group].values())

    def pss(self) -> dict[str, tuple[int, int]]:
        """(processes, PSS bytes) for the server, the pool, the waiting apps and the tabs."""
        groups: dict[str, list[int]] = {"server": [], "pool": [], "waiting": [], "tabs": []}
        for proc in self.tree():
            try:
                pss = proc.memory_full_info().pss
            except psutil.Error:
                continue
            name = process_name(proc.pid)
            group = ("server" if proc.pid == self.root.pid else "pool" if name == "tour-pool"
                     else "waiting" if name == "tour-standby" else "tabs")
            groups[group].append(pss)
        return {group: (len(values), sum(values)) for group, values in groups.items()}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):5.2f} s   p95 {percentile(values, 0.95):5.2f} s"
            f"   worst {max(values):5.2f} s   (n={len(values)})")


def count_records(data_dir: Path) -> tuple[int, list[int], list[str]]:
    """Session files in data_dir: how many, the questions asked in each, their front-ends."""
    paths = list_sessions(data_dir) if data_dir.exists() else []
    records = [read_session(path) for path in paths]
    return (len(records), [len(r.asked) for r in records],
            sorted({r.header.front_end for r in records}))


async def load(served: ServedTour, tour, args, sampler: Sampler) -> dict:
    expected = [citation_marks(r) for r in planned_replies(tour, QUESTIONS)]
    seen: set[str] = set()
    for question, marks in zip(QUESTIONS, expected):
        if not marks or seen & set(marks):
            raise SystemExit(f"serve_load: {question!r} must cite passages no earlier question cites")
        seen.update(marks)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as client:
        shown: list[int] = []
        tasks = [asyncio.create_task(one_session(i, client, served.url, tour, expected, args, shown))
                 for i in range(args.sessions)]
        while len(shown) < args.sessions and not all(t.done() for t in tasks):
            await asyncio.sleep(0.2)
        await asyncio.sleep(1)
        memory = sampler.pss()  # every session open
        results = await asyncio.gather(*tasks)
    return {"results": results, "memory": memory}


def run_once(sessions: int, args) -> dict:
    """One class of `sessions` against a fresh `tour serve`; the figures."""
    args = argparse.Namespace(**{**vars(args), "sessions": sessions})
    tour = load_tour().tour
    workdir = Path(tempfile.mkdtemp(prefix="serve-load-"))
    extra = ["--no-pool"] if not args.pool else ["--ready", str(args.ready or sessions)]
    served = ServedTour(workdir, extra_args=extra).start(timeout=180)
    try:
        wait_for_pool(served, 0 if not args.pool else (args.ready or sessions), timeout=300)
        sampler = Sampler(served.process.pid)
        idle = sampler.pss()
        sampler.start()
        time.sleep(0.2)  # the first sample: what every process had used before the run
        began, busy_before = time.monotonic(), _busy_seconds()
        try:
            run = asyncio.run(asyncio.wait_for(load(served, tour, args, sampler), args.deadline))
        except TimeoutError:
            raise SystemExit(f"serve_load: the run did not finish within {args.deadline} s") from None
        finally:
            sampler.stopping.set()
        wall, busy = time.monotonic() - began, _busy_seconds() - busy_before
        time.sleep(2)  # the sessions are closed: their apps end and write their last lines
        tabs = [p.pid for p in sampler.tree() if process_name(p.pid) == "tour-tab"]
        stop_started = time.monotonic()
        code = served.stop(signal.SIGINT, timeout=60)
        stop_time = time.monotonic() - stop_started
        left = alive([p.pid for p in sampler.tree()] + tabs)
    finally:
        served.kill()
    results = run["results"]
    recorded, turns, front_ends = count_records(served.data_dir)
    return {
        "sessions": sessions, "pool": args.pool, "ready": args.ready or sessions if args.pool else 0,
        "type_delay_ms": args.type_delay, "think_s": args.think, "wall_s": wall,
        "first_screen": [r["first_screen"] for r in results if "first_screen" in r],
        "replies": [t for r in results for t in r["replies"]],
        "failed": [f"session {r['session']}: {r['error']}" for r in results if r["error"]],
        "memory_idle": idle, "memory_open": run["memory"],
        "cpu_server_s": sampler.cpu_seconds("server"), "cpu_apps_s": sampler.cpu_seconds("apps"),
        "cpu_clients_s": sampler.cpu_seconds("clients"),
        "cpu_others_s": max(0.0, busy - sum(sampler.cpu_seconds(g) for g in sampler.cpu)),
        "recorded": recorded, "complete": sum(1 for n in turns if n >= len(QUESTIONS)),
        "front_ends": front_ends, "stop_s": stop_time, "stop_code": code, "left_running": len(left),
    }


def _busy_seconds() -> float:
    """CPU-seconds this machine has been busy (every process, not only ours)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def wait_for_pool(served: ServedTour, ready: int, timeout: float) -> None:
    """Wait until the pool has `ready` apps waiting (as a class would find it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        procs = psutil.Process(served.process.pid).children(recursive=True)
        if sum(1 for p in procs if process_name(p.pid) == "tour-standby") >= ready:
            return
        time.sleep(0.5)
    raise SystemExit(f"serve_load: the pool did not have {ready} apps waiting within {timeout} s")


def meets_goals(figures: dict) -> bool:
    return (not figures["failed"] and bool(figures["first_screen"]) and bool(figures["replies"])
            and percentile(figures["first_screen"], 0.95) <= FIRST_SCREEN_GOAL
            and percentile(figures["replies"], 0.95) <= REPLY_GOAL)


def report(f: dict) -> str:
    mib = 1024 * 1024
    open_tabs, tabs_pss = f["memory_open"]["tabs"]
    waiting, waiting_pss = f["memory_idle"]["waiting"]
    server_pss = f["memory_open"]["server"][1] + f["memory_open"]["pool"][1]
    pool = (f"a pool of {f['ready']} apps started ahead" if f["pool"] else "no pool (every app started cold)")
    lines = [
        f"tour serve under load: {f['sessions']} sessions connecting at once, {pool}; "
        f"{len(QUESTIONS)} questions each, typed at {f['type_delay_ms']:.0f} ms a key after "
        f"{f['think_s']:.0f} s thinking; {os.cpu_count()} CPUs; run took {f['wall_s']:.0f} s",
        f"sessions completed: {f['sessions'] - len(f['failed'])} of {f['sessions']}",
        f"first screen:  {stats(f['first_screen'])}",
        f"replies:       {stats(f['replies'])}",
        f"memory (PSS): server and pool {server_pss / mib:.0f} MiB; "
        + (f"{open_tabs} open sessions {tabs_pss / mib:.0f} MiB ({tabs_pss / max(open_tabs, 1) / mib:.1f} MiB each)"
           if open_tabs else "no session open when measured")
        + (f"; {waiting} apps waiting before the class, {waiting_pss / mib:.0f} MiB "
           f"({waiting_pss / max(waiting, 1) / mib:.1f} MiB each)" if waiting else ""),
        f"CPU over the run: the server {f['cpu_server_s']:.0f} s, the pool and apps "
        f"{f['cpu_apps_s']:.0f} s, this load generator {f['cpu_clients_s']:.0f} s, other "
        f"processes on the machine {f['cpu_others_s']:.0f} s (of {f['wall_s'] * (os.cpu_count() or 1):.0f} "
        "CPU-seconds)",
        f"sessions recorded: {f['recorded']} for {f['sessions']} sessions, {f['complete']} with all "
        f"{len(QUESTIONS)} questions (front-end: {', '.join(f['front_ends']) or 'none'})",
        f"Ctrl+C: server exited with {f['stop_code']} after {f['stop_s']:.1f} s; "
        f"processes left running: {f['left_running']}",
        f"goals (first screen p95 <= {FIRST_SCREEN_GOAL:g} s, reply p95 <= {REPLY_GOAL * 1000:.0f} ms): "
        + ("met" if meets_goals(f) else "not met"),
    ]
    lines += [f"  {failure}" for failure in f["failed"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions connecting at once (default 30)")
    parser.add_argument("--class-sizes", metavar="N,N,...",
                        help="one run per class size, then the largest that meets the goals")
    parser.add_argument("--no-pool", dest="pool", action="store_false",
                        help="serve with --no-pool: every tab's app started cold")
    parser.add_argument("--ready", type=int, default=0,
                        help="apps the pool keeps waiting (default: as many as the sessions)")
    parser.add_argument("--type-delay", type=float, default=180,
                        help="milliseconds between keys, on average (default 180: about 60 words a minute)")
    parser.add_argument("--think", type=float, default=20,
                        help="seconds of reading and thinking before each question, on average "
                        "(default 20; each session's own, half to one and a half of it)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds any one wait may take")
    parser.add_argument("--deadline", type=float, default=600, help="seconds a run may take")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    sizes = [int(n) for n in args.class_sizes.split(",")] if args.class_sizes else [args.sessions]
    runs = []
    for size in sizes:
        print(f"{size} sessions...", file=sys.stderr, flush=True)
        figures = run_once(size, args)
        runs.append(figures)
        print(report(figures), flush=True)
        print(flush=True)
    if len(runs) > 1:
        served = [f["sessions"] for f in runs if meets_goals(f)]
        print(f"class size one machine serves within the goals: {max(served) if served else 'none of those tried'}"
              f" (tried {', '.join(map(str, sizes))})")
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))
    return 0 if all(not f["failed"] and f["left_running"] == 0 for f in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
