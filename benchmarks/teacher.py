"""A teacher's tour: `tour init` over a text, then 0, 3 or 10 examples per topic.

    python benchmarks/teacher.py [--examples 0,3,10] [--json PATH] [--tuning]

For each text in benchmarks/teacher/texts/ (public-domain history texts) and each
SQuAD article in ../shared/eval/squad/, runs `tour init` in a temporary folder, then
gives each topic the first k example questions a teacher wrote for its line
(benchmarks/teacher/examples/, written from the text alone by someone who never saw
the questions), and measures the tour on questions written before any tour existed
(benchmarks/teacher/questions/, or the SQuAD questions). A paragraph `tour init` cut
into parts gives its examples to the part sharing most words with each.

Nothing here tunes anything: the router runs with its defaults. `--tuning` measures
benchmarks/teacher-tuning/ instead: texts, examples and questions made the same way
(the questions by one writer, the examples by another who never saw them), there to
tune on, so that the texts above stay a holdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

from tour.cache import english
from tour.engine.loader import load_tour
from tour.engine.routing import Router
from tour.engine.script import Tour
from tour.engine.text import fold
from tour.evaluation import evaluate, load_questions

HERE = Path(__file__).resolve().parent / "teacher"
TUNING = Path(__file__).resolve().parent / "teacher-tuning"
"""Texts, examples and questions made the same way, for tuning on (HERE's are never tuned on)."""
SQUAD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "squad"


def texts(here: Path = HERE) -> list[tuple[str, Path, Path, Path]]:
    """(name, article, examples, questions) for every text with all three (with the
    SQuAD articles, unless `here` is the tuning set)."""
    out = []
    for folder in sorted((here / "texts").iterdir()):
        out.append((folder.name, folder / "article.txt", here / "examples" / f"{folder.name}.yaml",
                    here / "questions" / f"{folder.name}.yaml"))
    if SQUAD.is_dir() and here == HERE:
        for folder in sorted(SQUAD.iterdir()):
            if (folder / "article.txt").exists():
                out.append((f"squad-{folder.name}", folder / "article.txt",
                            here / "examples" / f"squad-{folder.name}.yaml", folder / "questions.yaml"))
    return [t for t in out if t[2].exists() and t[3].exists()]


def init(article: Path, folder: Path) -> Tour:
    """`tour init` on the article, as a teacher runs it; the tour it writes."""
    done = subprocess.run([sys.executable, "-m", "tour", "init", str(article), "-o", str(folder), "--yes"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode:
        raise SystemExit(f"tour init failed on {article}:\n{done.stderr}")
    return load_tour(folder / "dialogue.yaml").tour


def with_examples(tour: Tour, examples: dict[int, list[str]], k: int) -> Tour:
    """The tour with the first k examples of each line given to its topic (to the part
    sharing most words with each example, where a paragraph has several)."""
    by_line: dict[int, list[str]] = {}
    for node in tour.nodes.values():
        for q in node.quotes:
            by_line.setdefault(q.paragraph, []).append(node.id)
    given: dict[str, list[str]] = {n: [] for n in tour.nodes}
    for line, questions in examples.items():
        owners = by_line.get(int(line), [])
        if not owners:
            continue
        for q in questions[:k]:
            words = set(fold(q).split())
            best = max(owners, key=lambda n: len(words & set(fold(" ".join(
                x.text for x in tour.nodes[n].quotes)).split())))
            given[best].append(q)
    nodes = {n: replace(node, examples=tuple(given[n])) for n, node in tour.nodes.items()}
    return replace(tour, nodes=nodes)


def measure(k_values: list[int], here: Path = HERE) -> list[dict]:
    words = english()
    rows = []
    for name, article, examples_path, questions_path in texts(here):
        examples = yaml.safe_load(examples_path.read_text(encoding="utf-8")) or {}
        questions = load_questions(questions_path)
        with tempfile.TemporaryDirectory() as tmp:
            base = init(article, Path(tmp) / "tour")
        for k in k_values:
            tour = with_examples(base, examples, k)
            m = evaluate(tour, questions, Router(tour, words)).metrics()
            rows.append({"text": name, "examples": k, "topics": len(tour.nodes), **{
                key: m[key] for key in ("in_scope", "in_scope_n", "false_declines", "oos_near_declined",
                                        "oos_far_declined", "oos_declined", "ranking")}})
            print(f"  {name:<34} k={k:<3} in-scope {pct(m['in_scope'])}  false declines "
                  f"{pct(m['false_declines'])}  declined near {pct(m['oos_near_declined'])} "
                  f"far {pct(m['oos_far_declined'])}  ranking {pct(m['ranking'])}", file=sys.stderr)
    return rows


def pct(v: float | None) -> str:
    return "  —  " if v is None else f"{100 * v:5.1f}"


def pooled(rows: list[dict], k: int, squad: bool) -> dict:
    chosen = [r for r in rows if r["examples"] == k and r["text"].startswith("squad-") == squad]
    n = sum(r["in_scope_n"] for r in chosen)

    def mean(key: str) -> float | None:
        vals = [(r[key], r["in_scope_n"]) for r in chosen if r[key] is not None]
        return sum(v * w for v, w in vals) / sum(w for _, w in vals) if vals else None

    return {"texts": len(chosen), "questions": n, "in_scope": mean("in_scope"),
            "false_declines": mean("false_declines"), "oos_declined": mean("oos_declined"),
            "ranking": mean("ranking")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", default="0,3,10", help="examples per topic to try (comma-separated)")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--tuning", action="store_true",
                        help="measure the tuning texts (benchmarks/teacher-tuning/) instead")
    args = parser.parse_args(argv)
    ks = [int(k) for k in args.examples.split(",")]
    rows = measure(ks, TUNING if args.tuning else HERE)
    print("TEACHER TOURS (tour init, then k examples per topic; questions written before any tour)")
    print(f"  {'':<26}{'k':>4}{'texts':>7}{'n':>6}{'in-scope':>10}{'false decl.':>12}{'declined':>10}{'ranking':>9}")
    for squad in (False, True):
        for k in ks:
            p = pooled(rows, k, squad)
            if not p["texts"]:
                continue
            label = "SQuAD articles" if squad else "tuning texts" if args.tuning else "public-domain texts"
            print(f"  {label:<26}{k:>4}{p['texts']:>7}{p['questions']:>6}{pct(p['in_scope']):>10}"
                  f"{pct(p['false_declines']):>12}{pct(p['oos_declined']):>10}{pct(p['ranking']):>9}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
