"""A class in the browser: many simultaneous sessions against one `tour serve`.

    python benchmarks/serve_load.py [--sessions 30] [--browsers 2] [--json PATH]

Starts `tour serve` on a free loopback port with a temporary TOUR_DATA_DIR, opens
--sessions tabs at once in headless Debian chromium (/usr/bin/chromium, split over
--browsers instances), and in every tab closes the content note and asks the same
three questions, each waiting for its cited passage. Reports the time to the first
screen and to each reply (median and worst), the memory of the server and all its
app processes, the sessions recorded, and how long Ctrl+C takes to end everything.

The browsers run on the same machine, so on a small machine they take CPU from the
server: the figures are an upper bound on what students on their own laptops see.
Needs the test extra (playwright) and psutil. Bounded: every wait has a timeout and
the whole run is cancelled after --deadline seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "serve"))

import psutil  # noqa: E402
from browser import (ServedTour, TourPage, alive, citation_marks, launch,  # noqa: E402
                     planned_replies)

from tour.engine.loader import load_tour  # noqa: E402
from tour.records.store import list_sessions, read_session  # noqa: E402

QUESTIONS = [
    "what did the prisoners build in Almaty?",
    "how many Japanese prisoners were in Kazakhstan",
    "why were they the last to go home",
]
VIEWPORT = {"width": 1024, "height": 640}


class Sampler(threading.Thread):
    """Every `interval` seconds: the RSS of the server and all its descendants, and the
    CPU time used so far by them and by the load generator (this process and its other
    descendants: Playwright's driver and the browsers)."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[float, int, int]] = []  # (time, total bytes, processes)
        self.cpu: dict[str, dict[int, float]] = {"server": {}, "browsers": {}}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.samples.append((time.monotonic(), *self.total_rss()))
            self.sample_cpu()
            self.stopping.wait(self.interval)

    def server_tree(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def total_rss(self) -> tuple[int, int]:
        procs = self.server_tree()
        return _summed(procs, lambda p: p.memory_info().rss), len(procs)

    def sample_cpu(self) -> None:
        server = self.server_tree()
        server_pids = {p.pid for p in server}
        me = psutil.Process()
        mine = [me, *(p for p in me.children(recursive=True) if p.pid not in server_pids)]
        for group, procs in (("server", server), ("browsers", mine)):
            for proc in procs:
                try:
                    times = proc.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                self.cpu[group][proc.pid] = times.user + times.system

    def cpu_seconds(self, group: str) -> float:
        return sum(self.cpu[group].values())

    def pss(self) -> tuple[int, int, int]:
        """(server PSS, sum of the apps' PSS, number of apps): shared pages counted once."""
        server = self.root.memory_full_info().pss
        apps = self.root.children(recursive=True)
        return server, _summed(apps, lambda p: p.memory_full_info().pss), len(apps)


def _summed(procs: list[psutil.Process], measure) -> int:
    """A measure added over processes, skipping those that ended meanwhile."""
    total = 0
    for proc in procs:
        try:
            total += measure(proc)
        except psutil.NoSuchProcess:
            pass
    return total


async def one_session(index: int, context, url: str, tour, expected: list[list[str]],
                      args) -> dict:
    """Open a tab, close the content note, ask QUESTIONS; the timings in seconds."""
    result: dict = {"session": index, "replies": [], "error": None}
    timeout = args.timeout
    await asyncio.sleep(args.stagger * index / max(args.sessions - 1, 1))
    started = time.monotonic()
    try:
        tab = await TourPage.open(context, url)
        await tab.wait_for_text(tour.title, timeout=timeout)
        result["first_screen"] = time.monotonic() - started
        await tab.start(tour, timeout=timeout)
        for question, marks in zip(QUESTIONS, expected):
            await asyncio.sleep(args.think)
            result["replies"].append(await tab.ask(question, marks, timeout=timeout,
                                                   delay=args.type_delay))
        result["tab"] = tab
    except Exception as exc:  # reported per session, never stopping the others
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return result


async def run_sessions(served: ServedTour, tour, args, sampler: Sampler) -> dict:
    from playwright.async_api import async_playwright

    expected = [citation_marks(r) for r in planned_replies(tour, QUESTIONS)]
    seen: set[str] = set()
    for question, marks in zip(QUESTIONS, expected):
        if not marks or seen & set(marks):
            raise SystemExit(f"serve_load: {question!r} must cite passages no earlier question cites")
        seen.update(marks)
    async with async_playwright() as playwright:
        browsers = [await launch(playwright) for _ in range(args.browsers)]
        contexts = [await b.new_context(viewport=VIEWPORT) for b in browsers]
        print(f"{args.sessions} sessions in {args.browsers} browsers...", file=sys.stderr)
        results = await asyncio.gather(*(
            one_session(i, contexts[i % len(contexts)], served.url, tour, expected, args)
            for i in range(args.sessions)))
        peak_open = max((n for _, _, n in sampler.samples), default=1) - 1
        idle = await idle_cpu(sampler, args.idle)
        try:
            server_pss, apps_pss, apps = sampler.pss()
        except psutil.Error:
            server_pss = apps_pss = apps = 0
        app_pids = served.app_pids()
        for browser in browsers:
            await browser.close()
    return {"results": results, "pss": (server_pss, apps_pss, apps), "app_pids": app_pids,
            "peak_processes": peak_open, "idle": idle}


async def idle_cpu(sampler: Sampler, seconds: float) -> dict[str, float]:
    """CPU use (in cores) of each side over `seconds` with every tab open and nobody typing."""
    await asyncio.sleep(1)
    before = {g: sampler.cpu_seconds(g) for g in sampler.cpu}
    await asyncio.sleep(seconds)
    return {g: (sampler.cpu_seconds(g) - before[g]) / seconds for g in sampler.cpu}


def stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"median {statistics.median(values):5.2f} s   worst {max(values):5.2f} s   (n={len(values)})"


def count_records(data_dir: Path) -> tuple[int, list[int], list[str]]:
    """Session files in data_dir: how many, the questions asked in each, their front-ends."""
    paths = list_sessions(data_dir) if data_dir.exists() else []
    records = [read_session(path) for path in paths]
    return (len(records), [len(r.asked) for r in records],
            sorted({r.header.front_end for r in records}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="simultaneous browser tabs (default 30)")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium instances to spread them over")
    parser.add_argument("--timeout", type=float, default=120, help="seconds any one step may take")
    parser.add_argument("--deadline", type=float, default=420, help="seconds the whole run may take")
    parser.add_argument("--stagger", type=float, default=0,
                        help="spread the sessions' starts evenly over this many seconds (default 0: all at once)")
    parser.add_argument("--type-delay", type=float, default=0,
                        help="milliseconds between keystrokes (default 0; about 200 for a person)")
    parser.add_argument("--think", type=float, default=0,
                        help="seconds each session waits before typing each question (default 0)")
    parser.add_argument("--idle", type=float, default=10, help="seconds to measure idle CPU at the end")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    tour = load_tour().tour
    workdir = Path(tempfile.mkdtemp(prefix="serve-load-"))
    served = ServedTour(workdir).start()
    sampler = Sampler(served.process.pid)
    baseline_rss, _ = sampler.total_rss()
    sampler.start()
    began = time.monotonic()
    try:
        run = asyncio.run(asyncio.wait_for(run_sessions(served, tour, args, sampler), args.deadline))
    except asyncio.TimeoutError:
        print(f"serve_load: the run did not finish within {args.deadline} s", file=sys.stderr)
        served.kill()
        return 1
    finally:
        sampler.stopping.set()
    wall = time.monotonic() - began
    time.sleep(2)  # the tabs are closed: their apps end and write their last lines
    stop_started = time.monotonic()
    code = served.stop(signal.SIGINT, timeout=60)
    stop_time = time.monotonic() - stop_started
    left = alive(run["app_pids"])
    served.kill()

    results = run["results"]
    failed = [r for r in results if r["error"]]
    first = [r["first_screen"] for r in results if "first_screen" in r]
    replies = [[r["replies"][i] for r in results if len(r["replies"]) > i] for i in range(len(QUESTIONS))]
    peak_rss = max((rss for _, rss, _ in sampler.samples), default=0)
    recorded, turns, front_ends = count_records(served.data_dir)
    complete = sum(1 for n in turns if n >= len(QUESTIONS))
    server_pss, apps_pss, apps = run["pss"]
    mib = 1024 * 1024

    lines = [
        f"tour serve under load: {args.sessions} sessions"
        + (f" starting over {args.stagger:.0f} s" if args.stagger else " starting at once")
        + f", {len(QUESTIONS)} questions each"
        + (f" typed at {args.type_delay:.0f} ms a key" if args.type_delay else " typed instantly")
        + (f" after {args.think:.0f} s thinking" if args.think else "")
        + f"; {args.browsers} Chromium instance(s) on the same {os.cpu_count()} CPUs; run took {wall:.0f} s",
        f"sessions completed: {len(results) - len(failed)} of {len(results)}",
        f"time to first screen:  {stats(first)}",
        *(f"reply {i + 1} ({QUESTIONS[i]!r}): {stats(v)}" for i, v in enumerate(replies)),
        f"all replies:           {stats([t for v in replies for t in v])}",
        f"memory, server alone before any session: RSS {baseline_rss / mib:.0f} MiB",
        f"memory, server + all app processes, peak RSS (sampled every 0.5 s): {peak_rss / mib:.0f} MiB"
        f" over {run['peak_processes']} app processes",
        f"memory, with all sessions open, PSS (shared pages counted once): server {server_pss / mib:.0f} MiB"
        f" + {apps} apps {apps_pss / mib:.0f} MiB"
        + (f" ({apps_pss / max(apps, 1) / mib:.0f} MiB each)" if apps else ""),
        f"CPU time over the run: server + apps {sampler.cpu_seconds('server'):.0f} s, "
        f"browsers and this script {sampler.cpu_seconds('browsers'):.0f} s (of {wall * (os.cpu_count() or 1):.0f} CPU-seconds available)",
        f"CPU with every tab open and nobody typing ({args.idle:.0f} s): server + apps "
        f"{run['idle']['server'] * 100:.0f}% of a core, browsers and this script {run['idle']['browsers'] * 100:.0f}%",
        f"sessions recorded: {recorded} session files for {args.sessions} sessions, {complete} with all "
        f"{len(QUESTIONS)} questions (front-end: {', '.join(front_ends) or 'none'})",
        f"Ctrl+C: server exited with {code} after {stop_time:.1f} s; app processes left running: {len(left)}",
    ]
    for r in failed:
        lines.append(f"  session {r['session']} failed: {r['error']}")
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "sessions": args.sessions, "browsers": args.browsers, "questions": QUESTIONS,
            "stagger": args.stagger, "type_delay": args.type_delay, "think": args.think,
            "first_screen": first, "replies": replies, "failed": [r["error"] for r in failed],
            "baseline_rss": baseline_rss, "peak_rss": peak_rss, "server_pss": server_pss,
            "apps_pss": apps_pss, "recorded": recorded, "questions_recorded": turns, "front_ends": front_ends,
            "cpu_server": sampler.cpu_seconds("server"), "cpu_browsers": sampler.cpu_seconds("browsers"),
            "idle_cores": run["idle"],
            "stop_seconds": stop_time, "stop_code": code, "left_running": len(left),
        }, indent=2))
    ok = not failed and not left and code == 0 and recorded == complete == args.sessions
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
