"""How `tour check` and a tour's first load grow with the length of its source text.

Writes a one-node tour beside a text of N lines and times `tour check` on it in a
fresh process (the English word list cached, nothing of the tour), median of 3. Two
kinds of text: short lines ("Line 123", each taken as a heading: the case that grew
with the square of the length) and paragraphs of about a hundred characters (a book:
50 MB is about 480,000 of them). Then the ratio of the largest short-line text to the
smallest, which should stay near their ratio of lengths (linear), not its square.

    python benchmarks/text_speed.py                        # 10,000 and 100,000 short lines; 50 MB of paragraphs
    python benchmarks/text_speed.py --short 10000 100000   # the sizes given, short lines only
    python benchmarks/text_speed.py --megabytes 5 50       # paragraphs only
    python benchmarks/text_speed.py --against ../old/src   # also time another checkout's package

With --load it also times a cached load (`tour ask` answering from the checked-tour
cache: reading and hashing the files, unpickling the tour).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from check_speed import cached_in  # noqa: E402

RUNS = 3
FIRST = "The keeper lit the lamp every night for forty years."
PARAGRAPH = ("Paragraph {i} tells of the keeper and the sea, and of the storm that came in the winter "
             "of that year.")
SCRIPT = """tour: {{id: big, title: A long text, welcome: Welcome.}}
source: {{file: {text}, title: A long text}}
chapters:
  - id: lamp
    title: The lamp
    nodes:
      - id: lamp
        title: The lamp
        examples: [who lit the lamp]
        quote: {first}
"""


def write_tour(folder: Path, name: str, lines: int, kind: str) -> Path:
    """A one-node tour over a text of `lines` lines of that kind ('short' or 'paragraphs')."""
    text = folder / f"{name}.txt"
    with text.open("w", encoding="utf-8") as fh:
        fh.write(FIRST + "\n")
        for i in range(lines - 1):
            fh.write((f"Line {i}" if kind == "short" else PARAGRAPH.format(i=i)) + "\n")
    script = folder / f"{name}.yaml"
    script.write_text(SCRIPT.format(text=text.name, first=FIRST), encoding="utf-8")
    return script


def paragraphs_for(megabytes: float) -> int:
    """How many paragraph lines make a text of that size."""
    return max(1, int(megabytes * 1_000_000 / (len(PARAGRAPH.format(i=100_000)) + 1)))


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tour", *args], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(f"tour {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds


def _clear_tours(cache: Path) -> None:
    for entry in (cache / "tour").iterdir():
        if not entry.name.startswith("english-"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def median_check(script: Path, env: dict[str, str], cache: Path) -> float:
    """`tour check SCRIPT`, nothing of the tour cached: the median wall time."""
    times = []
    for _ in range(RUNS):
        _clear_tours(cache)
        times.append(_run(["check", str(script)], env))
    return sorted(times)[len(times) // 2]


def median_load(script: Path, env: dict[str, str]) -> float:
    """`tour ask` from the checked-tour cache (filled by a first run): the median wall time."""
    args = ["--script", str(script), "ask", "who lit the lamp"]
    _run(args, env)
    return sorted(_run(args, env) for _ in range(RUNS))[RUNS // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", nargs="*", type=int, default=None, metavar="LINES",
                        help="texts of this many short lines (default 10000 100000)")
    parser.add_argument("--megabytes", nargs="*", type=float, default=None, metavar="MB",
                        help="texts of paragraphs of this size (default 50)")
    parser.add_argument("--load", action="store_true", help="also time a load from the cache")
    parser.add_argument("--against", metavar="SRC", type=Path,
                        help="also time the package in SRC (another checkout's src folder)")
    args = parser.parse_args(argv)
    short = [10_000, 100_000] if args.short is None else args.short
    sizes = [50.0] if args.megabytes is None else args.megabytes
    if args.short is not None and args.megabytes is None:
        sizes = []
    if args.megabytes is not None and args.short is None:
        short = []
    folder = Path(tempfile.mkdtemp(prefix="tour-text-"))
    cache = folder / "cache"
    envs = {"here": cached_in(cache)}
    if args.against:
        envs["there"] = {**envs["here"], "PYTHONPATH": str(args.against.resolve())}
    subprocess.run([sys.executable, "-c", "from tour.cache import english; english()"], check=True,
                   env=envs["here"])
    try:
        runs = [(f"{n:,} short lines", write_tour(folder, f"short{n}", n, "short")) for n in short]
        runs += [(f"{mb:g} MB of paragraphs", write_tour(folder, f"mb{mb:g}", paragraphs_for(mb), "paragraphs"))
                 for mb in sizes]
        checked: dict[str, list[float]] = {name: [] for name in envs}
        for label, script in runs:
            for name, env in envs.items():
                seconds = median_check(script, env, cache)
                checked[name].append(seconds)
                line = f"{label:>24} ({name}): tour check {seconds:6.2f} s"
                if args.load:
                    line += f", a cached load {median_load(script, env):5.2f} s"
                print(line, flush=True)
        if len(short) >= 2:
            for name in envs:
                ratio = checked[name][len(short) - 1] / checked[name][0]
                print(f"{name}: {short[-1]:,} short lines took {ratio:.1f}x the time of {short[0]:,} "
                      f"(the text is {short[-1] / short[0]:g}x as long)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
