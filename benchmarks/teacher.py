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

from baselines import BASELINES, documents, rank, report, tune_threshold
from tour.cache import english
from tour.engine.loader import load_tour
from tour.engine.routing import MODEL, Model, Router
from tour.engine.script import Tour
from tour.engine.text import fold
from tour.evaluation import Report, evaluate, load_questions

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


def measure(k_values: list[int], here: Path = HERE, model: Model = MODEL) -> dict[tuple[str, object], Report]:
    """Every text's report: (text, k) for the router with k examples per topic, and
    (text, baseline name) for TF-IDF and BM25 over the same lines, with the thresholds
    tuned on the bundled tour's dev set."""
    words = english()
    tuned = baseline_thresholds()
    reports: dict[tuple[str, object], Report] = {}
    for name, article, examples_path, questions_path in texts(here):
        examples = yaml.safe_load(examples_path.read_text(encoding="utf-8")) or {}
        questions = load_questions(questions_path)
        with tempfile.TemporaryDirectory() as tmp:
            base = init(article, Path(tmp) / "tour")
        for k in k_values:
            tour = with_examples(base, examples, k)
            rep = evaluate(tour, questions, Router(tour, words, model=model))
            reports[(name, k)] = rep
            m = rep.metrics()
            print(f"  {name:<34} k={k:<3} in-scope {pct(m['in_scope'])}  false declines "
                  f"{pct(m['false_declines'])}  declined near {pct(m['oos_near_declined'])} "
                  f"far {pct(m['oos_far_declined'])}  follow-ups {pct(m['followups'])}  "
                  f"ranking {pct(m['ranking'])}  AUC {auc_text(m['auc'])}", file=sys.stderr)
        for cls in BASELINES:
            retriever = cls(documents(base.source))
            singles, turns = rank(retriever, questions)
            reports[(name, retriever.name)] = report(name, singles, turns, tuned[retriever.name])
    return reports


def baseline_thresholds() -> dict[str, float]:
    """TF-IDF's and BM25's decline thresholds, tuned on the bundled tour's dev set (as in run.py)."""
    tour = load_tour().tour
    dev = load_questions(Path(__file__).resolve().parent.parent / "tests" / "data" / "dev.yaml")
    return {cls.name: tune_threshold(rank(cls(documents(tour.source)), dev)[0])[0] for cls in BASELINES}


def pct(v: float | None) -> str:
    return "  —  " if v is None else f"{100 * v:5.1f}"


def auc_text(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def pooled(reports: dict[tuple[str, object], Report], which: object, squad: bool) -> tuple[int, dict]:
    """One report of every question of the chosen texts (SQuAD's or the others), for a k
    or a baseline: its metrics, pooled over questions."""
    joined = Report("pooled")
    texts_in = 0
    for (name, what), rep in reports.items():
        if what == which and name.startswith("squad-") == squad:
            joined.singles += rep.singles
            joined.turns += rep.turns
            texts_in += 1
    return texts_in, joined.metrics()


GOALS = (  # issue 18 and 19: (label, k, metric, target, higher is better)
    ("3 examples: in scope", 3, "in_scope", 80, True),
    ("3 examples: false declines", 3, "false_declines", 8, False),
    ("3 examples: on topic, unanswered, declined", 3, "oos_near_declined", 70, True),
    ("3 examples: off topic declined", 3, "oos_far_declined", 100, True),
    ("3 examples: follow-ups", 3, "followups", 70, True),
    ("3 examples: confidence AUC x100", 3, "auc", 90, True),
    ("tour init alone: in scope", 0, "in_scope", 65, True),
    ("tour init alone: ranking", 0, "ranking", 80, True),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", default="0,3,10", help="examples per topic to try (comma-separated)")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--tuning", action="store_true",
                        help="measure the tuning texts (benchmarks/teacher-tuning/) instead")
    parser.add_argument("--without", metavar="MECHANISM", choices=Model.mechanisms(),
                        help="the router with one mechanism off (the ablation; routing/model.py `use_*`)")
    args = parser.parse_args(argv)
    ks = [int(k) for k in args.examples.split(",")]
    reports = measure(ks, TUNING if args.tuning else HERE, MODEL.without(args.without) if args.without else MODEL)
    print("TEACHER TOURS (tour init, then k examples per topic; questions written before any tour;"
          " TF-IDF and BM25 rank the same lines)")
    head = ("in-scope", "false decl.", "near decl.", "far decl.", "follow-ups", "ranking", "AUC")
    print(f"  {'':<26}{'':>9}{'texts':>6}{'n':>6}" + "".join(f"{h:>12}" for h in head))
    rows = []
    for squad in (False, True):
        label = "SQuAD articles" if squad else "tuning texts" if args.tuning else "public-domain texts"
        for which in (*ks, *(cls.name for cls in BASELINES)):
            n_texts, m = pooled(reports, which, squad)
            if not n_texts:
                continue
            rows.append({"texts": label, "which": which, **m})
            what = f"k={which}" if isinstance(which, int) else which
            print(f"  {label:<26}{what:>9}{n_texts:>6}{m['in_scope_n']:>6}"
                  + "".join(f"{pct(m[key]):>12}" for key in ("in_scope", "false_declines", "oos_near_declined",
                                                               "oos_far_declined", "followups", "ranking"))
                  + f"{auc_text(m['auc']):>12}")
    print("\nGOALS (public-domain texts" + (", tuning" if args.tuning else ", holdout") + ")")
    for label, k, key, target, higher in GOALS:
        if k not in ks:
            continue
        n_texts, m = pooled(reports, k, False)
        value = m[key]
        if value is None:
            continue
        shown = 100 * value
        met = shown >= target if higher else shown <= target
        print(f"  {'met ' if met else 'MISS'} {label:<46} {'>=' if higher else '<='} {target:<4} {shown:6.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
