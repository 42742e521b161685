"""Speed and scale measurements: routing latency, load, start-up, the TUI, big tours.

Times are taken with time.perf_counter_ns and reported in milliseconds.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from tour.engine.routing import Router
from tour.engine.script import Tour

Input = tuple[str, "str | None"]
"""A question and the node of the previous answer (None for a fresh session)."""


def ms(ns: float) -> float:
    return ns / 1e6


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def warm_up(tour: Tour, router: Router, nodes: int = 200) -> None:
    """Route the first example of a few nodes (known words: the typo cache stays empty).

    Then collect garbage, so that what building the router left behind is not
    collected in the middle of a timed question (the router is built once in real use).
    """
    for node in list(tour.nodes.values())[:nodes]:
        router.route(node.examples[0] if node.examples else node.title)
    gc.collect()


def time_routes(router: Router, items: list[Input]) -> list[int]:
    times = []
    for text, last in items:
        start = time.perf_counter_ns()
        router.route(text, last=last)
        times.append(time.perf_counter_ns() - start)
    return times


def latency(tour: Tour, words, items: list[Input], passes: int) -> dict:
    """p50 and p99 of Router.route over `passes` passes through every input.

    Each pass uses a freshly built (and warmed-up) router, so the router's cache of
    repaired typos starts empty: every question is timed as if seen for the first time.
    """
    per_input: list[list[int]] = [[] for _ in items]
    for _ in range(passes):
        router = Router(tour, words)
        warm_up(tour, router)
        for i, t in enumerate(time_routes(router, items)):
            per_input[i].append(t)
    flat = [t for times in per_input for t in times]
    medians = sorted(((statistics.median(times), items[i][0]) for i, times in enumerate(per_input)),
                     reverse=True)
    return {
        "p50_ms": ms(percentile(flat, 50)), "p99_ms": ms(percentile(flat, 99)),
        "max_ms": ms(max(flat)), "questions": len(items), "passes": passes,
        "slowest": [{"q": q, "median_ms": ms(t)} for t, q in medians[:3]],
    }


def build_times(tour: Tour, words, runs: int = 5) -> dict:
    """Building the router from the tour (index and calibration) against building it
    from its compiled index as the cache keeps it (unpickling included); medians."""
    import pickle

    built, cached = [], []
    for _ in range(runs):
        start = time.perf_counter_ns()
        router = Router(tour, words)
        built.append(time.perf_counter_ns() - start)
    data = pickle.dumps(router.compiled(), protocol=pickle.HIGHEST_PROTOCOL)
    for _ in range(runs):
        start = time.perf_counter_ns()
        Router(tour, words, compiled=pickle.loads(data))
        cached.append(time.perf_counter_ns() - start)
    return {"built_ms": ms(statistics.median(built)), "cached_ms": ms(statistics.median(cached)),
            "runs": runs}


def startup(runs: int = 10) -> dict:
    """Start-up of `tour ask --json -` on empty stdin against `python -c "import textual.app"`.

    Both run as fresh processes with the venv's interpreter, interleaved, after one
    unmeasured run each (so both find their bytecode cached); medians of `runs`.
    """
    bin_dir = Path(sys.executable).parent
    entry = bin_dir / "tour"
    ask = [str(entry)] if entry.exists() else [sys.executable, "-m", "tour"]
    commands = {"tour_ask": [*ask, "ask", "--json", "-"],
                "import_textual": [sys.executable, "-c", "import textual.app"]}
    times: dict[str, list[int]] = {name: [] for name in commands}
    for i in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter_ns()
            done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter_ns() - start
            if done.returncode:
                return {"error": f"{' '.join(command)} exited {done.returncode}: {done.stderr[-300:]}"}
            if i:
                times[name].append(elapsed)
    medians = {name: ms(statistics.median(t)) for name, t in times.items()}
    return {"tour_ask_ms": medians["tour_ask"], "import_textual_ms": medians["import_textual"],
            "ratio": medians["tour_ask"] / medians["import_textual"], "runs": runs}


def tui_first_idle(tour: Tour, runs: int = 3) -> dict:
    """Time from constructing the app to its first idle under Pilot (Textual imported first)."""
    try:
        module = importlib.import_module("tour.tui.app")
        from textual.app import App
    except ImportError as exc:
        return {"skipped": f"tour.tui.app is not importable yet ({exc})"}
    classes = [c for c in vars(module).values()
               if isinstance(c, type) and issubclass(c, App) and c.__module__ == module.__name__]
    if not classes:
        return {"skipped": "tour.tui.app defines no textual App subclass"}
    app_class = classes[0]
    try:
        times = [asyncio.run(_first_idle(app_class, tour)) for _ in range(runs)]
    except TypeError as exc:
        return {"skipped": f"cannot build {app_class.__name__}(tour): {exc}"}
    return {"median_ms": ms(statistics.median(times)), "runs": runs, "app": app_class.__name__}


async def _first_idle(app_class, tour: Tour) -> int:
    start = time.perf_counter_ns()
    app = app_class(tour)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return time.perf_counter_ns() - start


def scale(tour: Tour, words, questions: list[str], passes: int = 5) -> dict:
    """Router build time, memory and routing latency on one (synthetic) tour.

    Memory is the tracemalloc peak while a second router is built. Latency: each
    question, without context, is routed once per pass after a warm-up; its median
    over the passes is kept (damping noise from other processes), and p50 and p99
    are taken over the questions.
    """
    start = time.perf_counter_ns()
    router = Router(tour, words)
    build = time.perf_counter_ns() - start
    tracemalloc.start()
    Router(tour, words)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    warm_up(tour, router)
    items = [(q, None) for q in questions]
    runs = [time_routes(router, items) for _ in range(passes)]
    times = [statistics.median(per_question) for per_question in zip(*runs)]
    return {"nodes": len(tour.nodes), "build_s": build / 1e9, "memory_mb": peak / 2**20,
            "p50_ms": ms(percentile(times, 50)), "p99_ms": ms(percentile(times, 99)),
            "questions": len(questions), "passes": passes}
