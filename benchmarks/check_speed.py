"""How long `tour check` takes on big scripts.

Writes a synthetic tour (see synthetic.py) of each size as a YAML script beside a copy
of the bundled article, runs `tour check` on it in a fresh process, and prints the
wall time, the number of warnings and the size of what was printed. Each check runs
twice, median of 3 each: with no cache at all, and as a teacher's check of a script
just edited (the English word list cached, as it is after the first run of any
command; nothing of the tour cached).

    python benchmarks/check_speed.py                 # 100, 1000 and 10000 topics
    python benchmarks/check_speed.py 1000 3000       # the sizes given
    python benchmarks/check_speed.py --keep DIR 1000 # keep the generated files in DIR
    python benchmarks/check_speed.py --split 1000    # also: router build, routing, the rest
    python benchmarks/check_speed.py --against ../old/src 1000   # also: beside another checkout

With --split the check also runs in this process, timed in three parts: building the
router, routing the examples (the router's cost) and everything else (the checker's
own: reading the YAML, locating quotes, the misspelling check, the warnings).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_tour  # noqa: E402
from tour.engine.check import check_examples  # noqa: E402
from tour.engine.files import bundled_script  # noqa: E402
from tour.engine.loader import load_tour  # noqa: E402
from tour.engine.script import Tour  # noqa: E402


def script_data(tour: Tour) -> dict:
    """A synthetic tour as the plain data of a dialogue script."""
    info = tour.source.info
    chapters = []
    for chapter in tour.chapters:
        nodes = []
        for node_id in chapter.nodes:
            node = tour.node(node_id)
            nodes.append({
                "id": node.id, "title": node.title, "examples": list(node.examples),
                "keywords": list(node.keywords), "say": node.say,
                "quotes": [{"text": q.text, "section": q.section} for q in node.quotes],
            })
        chapters.append({"id": chapter.id, "title": chapter.title, "nodes": nodes})
    return {
        "tour": {"id": tour.id, "title": tour.title, "welcome": tour.welcome,
                 "start": list(tour.start)},
        "source": {"file": "article.txt", "title": info.title, "publisher": info.publisher},
        "chat": [{"id": c.id, "examples": list(c.examples), "say": c.say} for c in tour.chat],
        "aliases": {k: list(v) for k, v in tour.aliases.items()},
        "chapters": chapters,
    }


def write_script(tour: Tour, folder: Path) -> Path:
    """The tour's script and a copy of its source text, in folder."""
    shutil.copy(bundled_script().with_name("article.txt"), folder / "article.txt")
    path = folder / f"{tour.id}.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.safe_dump(script_data(tour), fh, allow_unicode=True, sort_keys=False, width=100)
    return path


RUNS = 3
"""Each check is timed this many times (the median is printed)."""


def cached_in(words_cache: Path) -> dict[str, str]:
    """The environment of a run whose cache is the folder `words_cache`."""
    return {**{k: v for k, v in os.environ.items() if k != "TOUR_NO_CACHE"}, "XDG_CACHE_HOME": str(words_cache)}


def _clear_tours(words_cache: Path) -> None:
    """Remove the tour's own entries from a cache folder, keeping the English word list."""
    for entry in (words_cache / "tour").iterdir():
        if not entry.name.startswith("english-"):
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _run(path: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tour", "check", str(path)],
                            capture_output=True, text=True, env=env)
    return time.perf_counter() - start, result


def time_check(path: Path, words_cache: Path | None = None) -> dict:
    """Run `tour check PATH` in fresh processes; the median wall time, and the output.
    With no `words_cache`, nothing is cached; with one, that cache folder (holding the
    English word list only) is used, and the tour's own entries are removed first."""
    env = {**os.environ, "TOUR_NO_CACHE": "1"} if words_cache is None else cached_in(words_cache)
    times = []
    for _ in range(RUNS):
        if words_cache is not None:
            _clear_tours(words_cache)
        seconds, result = _run(path, env)
        times.append(seconds)
    seconds = sorted(times)[len(times) // 2]
    warnings = sum(": warning: " in line for line in result.stderr.splitlines())
    return {"seconds": seconds, "exit": result.returncode, "warning_lines": warnings,
            "printed_kb": (len(result.stdout) + len(result.stderr)) / 1024,
            "last_line": (result.stdout.strip().splitlines() or [""])[-1]}


def against(path: Path, words_cache: Path, src: Path) -> tuple[float, float]:
    """Median wall times of `tour check PATH` with this package and with the one in
    `src` (another checkout's src folder), run alternately, the word list cached."""
    ours, theirs = [], []
    env = cached_in(words_cache)
    other = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))}
    for _ in range(RUNS):
        for times, run_env in ((ours, env), (theirs, other)):
            _clear_tours(words_cache)
            times.append(_run(path, run_env)[0])
    return sorted(ours)[len(ours) // 2], sorted(theirs)[len(theirs) // 2]


def split_check(path: Path) -> dict:
    """load_tour and check_examples in this process, its time cut into router build,
    routing and the rest."""
    from tour.engine.routing import Router

    spent = {"build": 0.0, "route": 0.0}
    original_init, original_route = Router.__init__, Router.route

    def timed(name, method):
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    Router.__init__, Router.route = timed("build", original_init), timed("route", original_route)
    try:
        os.environ["TOUR_NO_CACHE"] = "1"
        start = time.perf_counter()
        check_examples(load_tour(path))
        total = time.perf_counter() - start
    finally:
        Router.__init__, Router.route = original_init, original_route
    return {"total": total, **spent, "own": total - spent["build"] - spent["route"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--examples", type=int, metavar="N",
                        help="example questions per topic (default: 3 to 6; the goal is for 20)")
    parser.add_argument("--keep", metavar="DIR", help="write the scripts here and keep them")
    parser.add_argument("--split", action="store_true",
                        help="also time the check in this process: router build, routing, the rest")
    parser.add_argument("--against", metavar="SRC", type=Path,
                        help="also time the check with the package in SRC (the src folder of another "
                             "checkout, such as a git worktree of an earlier commit), alternately with "
                             "this one, and print the ratio")
    args = parser.parse_args(argv)
    base = load_tour().tour
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tour-check-"))
    folder.mkdir(parents=True, exist_ok=True)
    words_cache = folder / "cache"
    subprocess.run([sys.executable, "-c", "from tour.cache import english; english()"], check=True,
                   env=cached_in(words_cache))
    try:
        for size in args.sizes:
            path = write_script(synthetic_tour(base, size, examples=args.examples), folder)
            warm = time_check(path, words_cache)["seconds"]
            r = time_check(path)
            print(f"{size:>6} topics: {r['seconds']:6.1f} s with no cache, {warm:.1f} s with the word list cached; "
                  f"exit {r['exit']}, "
                  f"{r['warning_lines']} warning lines, {r['printed_kb']:.0f} KB printed; "
                  f"{r['last_line']}", flush=True)
            if args.against:
                ours, theirs = against(path, words_cache, args.against.resolve())
                print(f"        against {args.against}: {ours:.1f} s here, {theirs:.1f} s there "
                      f"(ratio {ours / theirs:.2f}), run alternately", flush=True)
            if args.split:
                t = split_check(path)
                print(f"        in process: {t['total']:.1f} s = router build {t['build']:.1f} s + "
                      f"routing {t['route']:.1f} s + the checker's own work {t['own']:.1f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
