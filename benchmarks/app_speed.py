"""How the app's reply and resize times grow with the length of the conversation.

Drives the app headless with Textual's Pilot on the bundled tour, at 120x40: times a
few replies and resizes in a fresh session, plays a long conversation (questions, a
choice now and then, a few steps of the testimony), then times replies and resizes
again. A reply is timed from Enter to the screen drawn with the answer; a resize from
the terminal's new size to the screen drawn again (120x40 to 110x36 and back).

    python benchmarks/app_speed.py                    # 150 inputs
    python benchmarks/app_speed.py --inputs 300       # a longer conversation
    python benchmarks/app_speed.py --against ../old/src   # also another checkout's package

With --against SRC (the src folder of another checkout, such as a git worktree of an
earlier commit: `git worktree add /tmp/old REV`), each package is measured in its own
process, alternately, so both meet the same load on a shared machine.

Each time is the median of a few, less Pilot's own cost of waiting for the app (which
grows with the number of widgets, so left in, it would count against a longer
conversation): the median time of a pause with nothing to do, measured just before.
Two clocks: the wall clock, and the process's CPU time, which other work on a shared
machine leaves alone (the app is one thread: on an idle machine the two agree). The
goals are judged on the CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SIZE = (120, 40)
OTHER_SIZE = (110, 36)
SAMPLES = 5
"""Replies (and resizes) timed at each point, the median reported."""
GOAL_RATIO, GOAL_REPLY, GOAL_RESIZE = 1.5, 0.4, 0.5
"""After 150 inputs: a reply within 1.5x of a fresh one and under 0.4 s; a resize under 0.5 s."""


def inputs_for(tour, count: int) -> list[str]:
    """`count` inputs: the topics' titles asked as questions, a choice ('1') every
    fourth input, and the testimony's first steps (via its title, then 'next')."""
    titles = [tour.nodes[n].title for chapter in tour.chapters for n in chapter.nodes]
    out: list[str] = []
    i = 0
    while len(out) < count:
        if len(out) % 4 == 3:
            out.append("1")
        elif len(out) % 25 == 10:
            out += ["next", "next"]
        else:
            out.append(titles[i % len(titles)])
            i += 1
    return out[:count]


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


class Timer:
    """Times on both clocks, less an overhead measured on both."""

    def __init__(self, overhead: dict[str, float] | None = None) -> None:
        self.overhead = overhead or {name: 0.0 for name in CLOCKS}
        self.times: dict[str, list[float]] = {name: [] for name in CLOCKS}

    def start(self) -> None:
        self._start = {name: clock() for name, clock in CLOCKS.items()}

    def stop(self, overheads: int = 1) -> None:
        for name, clock in CLOCKS.items():
            spent = clock() - self._start[name] - overheads * self.overhead[name]
            self.times[name].append(spent)

    def medians(self) -> dict[str, float]:
        return {name: statistics.median(times) for name, times in self.times.items()}


async def _idle_cost(pilot) -> dict[str, float]:
    """Pilot's own cost of a pause with nothing to do (seconds, median of five)."""
    timer = Timer()
    for _ in range(5):
        timer.start()
        await pilot.pause()
        timer.stop()
    return timer.medians()


async def _say(pilot, text: str) -> None:
    """Type `text` into the question box (at once) and press Enter."""
    pilot.app.screen.query_one("#question").value = text
    await pilot.press("enter")
    await pilot.pause()


async def _time_replies(pilot, questions: list[str]) -> dict[str, float]:
    timer = Timer(await _idle_cost(pilot))
    for text in questions:
        timer.start()
        await _say(pilot, text)
        timer.stop()
    return timer.medians()


async def _time_resizes(pilot) -> dict[str, float]:
    timer = Timer(await _idle_cost(pilot))
    for n in range(SAMPLES - 1):
        timer.start()
        await pilot.resize_terminal(*(OTHER_SIZE if n % 2 == 0 else SIZE))
        await pilot.pause()
        timer.stop(overheads=2)
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()
    return timer.medians()


async def _started(app, pilot) -> None:
    while app.session.router is None:
        await asyncio.sleep(0.05)
    await pilot.pause()


async def measure(count: int) -> dict:
    """Reply and resize times, fresh and after `count` inputs, and the widget counts.

    A first app, not measured, answers a few questions and is resized first: what any
    app pays once in a process (Textual's caches, the first Markdown) is paid there.
    """
    from tour.engine.loader import load_tour
    from tour.tui.app import TourApp

    tour = load_tour().tour
    titles = [tour.nodes[n].title for n in reversed(list(tour.nodes))][:SAMPLES]
    warm_up = TourApp(tour, content_note=False, theme="textual-dark")
    async with warm_up.run_test(size=SIZE) as pilot:
        await _started(warm_up, pilot)
        await _time_replies(pilot, titles)
        await _time_resizes(pilot)
    app = TourApp(tour, content_note=False, theme="textual-dark")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        result["fresh_reply"] = await _time_replies(pilot, titles)
        result["fresh_resize"] = await _time_resizes(pilot)
        result["fresh_widgets"] = len(list(app.screen.walk_children()))
        start = time.perf_counter()
        for text in inputs_for(tour, count):
            await _say(pilot, text)
        result["play_seconds"] = time.perf_counter() - start
        result["late_reply"] = await _time_replies(pilot, titles)
        result["late_resize"] = await _time_resizes(pilot)
        result["late_widgets"] = len(list(app.screen.walk_children()))
    return result


def run_child(count: int, src: Path | None) -> dict:
    """measure() in a fresh process, with the package in `src` if given."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, __file__, "--child", str(count)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"app_speed: the measuring process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(label: str, r: dict, count: int) -> str:
    """Two lines: the figures on both clocks, and whether the goal is met (CPU time)."""
    lines = []
    for clock in CLOCKS:
        reply, late, resize, late_resize = (r[k][clock] for k in (
            "fresh_reply", "late_reply", "fresh_resize", "late_resize"))
        lines.append(f"{label:<8} {clock:<4}  reply {reply:.3f} s fresh, {late:.3f} s after "
                     f"{count} inputs (x{late / reply:.2f});  resize {resize:.3f} s fresh, "
                     f"{late_resize:.3f} s after (x{late_resize / resize:.2f})")
    cpu = {k: r[k]["cpu"] for k in ("fresh_reply", "late_reply", "late_resize")}
    met = (cpu["late_reply"] <= GOAL_RATIO * cpu["fresh_reply"] and cpu["late_reply"] < GOAL_REPLY
           and cpu["late_resize"] < GOAL_RESIZE)
    lines.append(f"{'':<8} widgets {r['fresh_widgets']} fresh, {r['late_widgets']} after; "
                 f"{count} inputs played in {r['play_seconds']:.0f} s; goal {'met' if met else 'NOT met'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=150, help="inputs in the long conversation")
    parser.add_argument("--against", metavar="SRC", type=Path,
                        help="also measure the package in SRC (another checkout's src folder), "
                             "alternately with this one")
    parser.add_argument("--runs", type=int, default=1, help="measurements of each package")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(asyncio.run(measure(args.child))))
        return 0
    print(f"goal after {args.inputs} inputs: reply within {GOAL_RATIO}x of a fresh one and under "
          f"{GOAL_REPLY} s, resize under {GOAL_RESIZE} s (headless, {SIZE[0]}x{SIZE[1]}); load "
          f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (the absolute goals are "
          f"for an idle machine; on a busy one, compare the ratios)", flush=True)
    here = Path(__file__).resolve().parent.parent / "src"
    for _ in range(args.runs):
        print(report("this", run_child(args.inputs, here), args.inputs), flush=True)
        if args.against:
            print(report("against", run_child(args.inputs, args.against.resolve()), args.inputs),
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
