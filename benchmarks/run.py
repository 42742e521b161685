"""Routing quality and speed of the tour, side by side with TF-IDF and BM25 baselines.

    python benchmarks/run.py [--json PATH] [--quick]

Prints one report (quality by question set, speed, scale, goals) to stdout and
progress to stderr; --json also writes every figure to PATH. --quick skips the
20,000-node tour and the start-up measurement, and routes fewer passes.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
from collections import Counter
from pathlib import Path

from baselines import BASELINES, documents, rank, report, tune_threshold
from speed import inputs, latency, load_time, scale, startup, tui_first_idle
from synthetic import synthetic_tour

from tour.engine.loader import load_tour
from tour.engine.routing import Router
from tour.engine.script import Tour
from tour.evaluation import QuestionSet, evaluate, load_questions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SIZES = (1_000, 5_000, 20_000)
METHODS = ("router", *(cls.name for cls in BASELINES))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- measuring ---------------------------------------------------------------------
def question_sets() -> list[QuestionSet]:
    """Every question set in tests/data/: dev first, holdout sets last."""
    paths = sorted(DATA.glob("*.yaml"), key=lambda p: (p.stem != "dev", "holdout" in p.stem, p.stem))
    sets = [load_questions(p) for p in paths]
    return [qs for qs in sets if qs.single or qs.multi]


def counts(qs: QuestionSet) -> dict[str, int]:
    """How many questions stand behind each row of the quality table."""
    out: Counter[str] = Counter()
    for q in qs.single:
        if q.in_scope:
            out.update(("in_scope", q.style))
        elif q.style in ("oos_far", "oos_near"):
            out.update(("oos", q.style))
        elif q.style == "chat":
            out["chat"] += 1
    out["followups"] = sum(max(len(d.turns) - 1, 0) for d in qs.multi)
    return dict(out)


def quality(tour: Tour, sets: list[QuestionSet]) -> tuple[dict, dict]:
    """Metrics of the router and of each baseline on every set; thresholds tuned on dev."""
    router = Router(tour)
    retrievers = [cls(documents(tour.source)) for cls in BASELINES]
    dev = next(qs for qs in sets if qs.name == "dev")
    tuned = {}
    for r in retrievers:
        threshold, objective = tune_threshold(rank(r, dev)[0])
        tuned[r.name] = {"threshold": threshold, "dev_objective": objective}
    results = {}
    for qs in sets:
        entry = {"router": evaluate(tour, qs, router).metrics()}
        entry["router"]["in_scope_never_declining"] = router_ranking(tour, router, qs)
        for r in retrievers:
            singles, turns = rank(r, qs)
            metrics = report(qs.name, singles, turns, tuned[r.name]["threshold"]).metrics()
            metrics["chat"] = None  # baselines cannot make small talk
            metrics["in_scope_never_declining"] = report(qs.name, singles, [], float("-inf")).metrics()["in_scope"]
            entry[r.name] = metrics
        best = max(entry[r.name]["in_scope"] or 0.0 for r in retrievers)
        results[qs.name] = {**entry, "counts": counts(qs), "holdout": "holdout" in qs.name,
                            "lead_points": 100 * ((entry["router"]["in_scope"] or 0.0) - best)}
    return results, tuned


def router_ranking(tour: Tour, router: Router, qs: QuestionSet) -> float | None:
    """The router's best topic, taken whatever its score: ranking alone, as for the baselines."""
    asked = [q for q in qs.single if q.in_scope]
    right = 0
    for q in asked:
        best = router.route(q.q).best
        cited = {quote.paragraph for quote in tour.node(best.node).quotes} if best else set()
        right += bool(cited & q.lines) and len(cited) <= 3
    return right / len(asked) if asked else None


def speed(tour: Tour, sets: list[QuestionSet], quick: bool) -> dict:
    progress("timing routing on the bundled tour ...")
    out = {"routing": latency(tour, inputs(tour, sets), passes=5 if quick else 20),
           "load": load_time()}
    if not quick:
        progress("timing start-up (subprocesses) ...")
        out["startup"] = startup()
    progress("timing the TUI ...")
    out["tui"] = tui_first_idle(tour)
    return out


def scaling(tour: Tour, sets: list[QuestionSet], quick: bool) -> list[dict]:
    questions = [q.q for qs in sets for q in qs.single]
    rows = []
    for size in SIZES[:2] if quick else SIZES:
        progress(f"scale: {size:,} nodes ...")
        rows.append(scale(synthetic_tour(tour, size, seed=0), questions))
    return rows


# -- goals (issue 4) ----------------------------------------------------------------
QUALITY_GOALS = (  # (label, metric, target, higher is better)
    ("in-scope top-1", "in_scope", 92, True),
    ("off-topic (far) declined", "oos_far_declined", 97, True),
    ("on-topic unanswered (near) declined", "oos_near_declined", 75, True),
    ("false declines", "false_declines", 4, False),
    ("follow-ups", "followups", 85, True),
    ("lead over better baseline (pts)", "lead_points", 15, True),
)


def goals(results: dict, speeds: dict, scales: list[dict]) -> list[dict]:
    """Each goal of issue 4 with the measured values (on dev and every holdout set)."""
    names = [name for name, r in results.items() if name == "dev" or r["holdout"]]
    out = []
    for label, key, target, higher in QUALITY_GOALS:
        values = {}
        for name in names:
            value = results[name][key] if key == "lead_points" else results[name]["router"][key]
            values[name] = value if key == "lead_points" or value is None else 100 * value
        met = all(v is not None and (v >= target if higher else v <= target) for v in values.values())
        out.append({"goal": label, "target": f"{'>=' if higher else '<='} {target}", "values": values, "met": met})
    p99 = speeds["routing"]["p99_ms"]
    out.append({"goal": "routing p99, bundled tour (ms)", "target": "< 2", "values": {"": p99}, "met": p99 < 2})
    big = [s for s in scales if s["nodes"] == SIZES[-1]]
    if big:
        out.append({"goal": f"routing p99, {SIZES[-1]:,} nodes (ms)", "target": "< 20",
                    "values": {"": big[0]["p99_ms"]}, "met": big[0]["p99_ms"] < 20})
    if "ratio" in speeds.get("startup", {}):
        ratio = 100 * speeds["startup"]["ratio"]
        out.append({"goal": "tour ask start-up (% of import textual)", "target": "<= 60",
                    "values": {"": ratio}, "met": ratio <= 60})
    return out


# -- printing ------------------------------------------------------------------------
def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def quality_rows(results: dict) -> list[tuple[str, object, str]]:
    """(label, metric key or getter, counts key) for each row of the quality table."""
    styles = sorted({s for r in results.values() for s in r["router"]["by_style"]})
    return [
        ("in-scope top-1", "in_scope", "in_scope"),
        *((f"  {s}", lambda m, s=s: m["by_style"].get(s), s) for s in styles),
        ("  never declining (ranking only)", "in_scope_never_declining", "in_scope"),
        ("out of scope declined", "oos_declined", "oos"),
        ("  far (off topic)", "oos_far_declined", "oos_far"),
        ("  near (on topic, unanswered)", "oos_near_declined", "oos_near"),
        ("false declines (in scope)", "false_declines", "in_scope"),
        ("clarify rate (in scope)", "clarify_rate", "in_scope"),
        ("chat", "chat", "chat"),
        ("follow-ups", "followups", "followups"),
    ]


def quality_table(results: dict, tuned: dict) -> list[str]:
    label_w, n_w, cell_w = 31, 5, 7
    group_w = n_w + cell_w * len(METHODS)
    heads = [f"{name.removeprefix('questions_')}{'†' if r['holdout'] else ''}"
             for name, r in results.items()]
    lines = ["QUALITY (percent of questions)",
             " " * label_w + "".join(f"{h:>{group_w}}" for h in heads),
             " " * label_w + ("n".rjust(n_w) + "".join(m.rjust(cell_w) for m in METHODS)) * len(results)]
    for label, key, count_key in quality_rows(results):
        cells = []
        for r in results.values():
            cells.append(str(r["counts"].get(count_key, 0)).rjust(n_w))
            for method in METHODS:
                metric = r[method]
                value = key(metric) if callable(key) else metric.get(key)
                cells.append(pct(value).rjust(cell_w))
        lines.append(f"{label:<{label_w}}" + "".join(cells))
    lead = "".join(f"{r['lead_points']:+.1f}".rjust(n_w + cell_w) + " " * cell_w * (len(METHODS) - 1)
                   for r in results.values())
    lines.append(f"{'router lead, points':<{label_w}}{lead}")
    lines.append("router lead: router's in-scope top-1 minus the better baseline's.")
    lines.append("† holdout: never used for tuning, the honest figure.")
    lines.append("Baseline thresholds, tuned on dev for (in-scope top-1 + OOS declined)/2: " + "; ".join(
        f"{name} {t['threshold']:.3f} (dev objective {100 * t['dev_objective']:.1f})" for name, t in tuned.items()))
    return lines


def speed_lines(speeds: dict) -> list[str]:
    r = speeds["routing"]
    lines = ["", "SPEED (bundled tour, in process unless said)",
             f"  routing latency            p50 {r['p50_ms']:.3f} ms   p99 {r['p99_ms']:.3f} ms   "
             f"({r['questions']} questions x {r['passes']} passes)"]
    lines += [f"    slow: {s['median_ms']:.2f} ms  {s['q'][:70]!r}" for s in r["slowest"]]
    load = speeds["load"]
    lines.append(f"  load (load_tour + Router)  {load['cold_ms']:.1f} ms in a fresh process, "
                 f"{load['warm_ms']:.1f} ms repeated (medians of {load['runs']})")
    s = speeds.get("startup")
    if s is None:
        lines.append("  start-up ratio             skipped (--quick)")
    elif "error" in s:
        lines.append(f"  start-up ratio             failed: {s['error']}")
    else:
        lines.append(f"  start-up `tour ask --json -` {s['tour_ask_ms']:.0f} ms = {100 * s['ratio']:.0f}% of "
                     f"`import textual.app` {s['import_textual_ms']:.0f} ms (medians of {s['runs']})")
    t = speeds["tui"]
    lines.append(f"  TUI first idle (Pilot)     " + (f"skipped: {t['skipped']}" if "skipped" in t
                 else f"{t['median_ms']:.0f} ms (median of {t['runs']}, {t['app']})"))
    return lines


def scale_lines(scales: list[dict]) -> list[str]:
    lines = ["", f"SCALE (synthetic tours; {scales[0]['questions']} questions, no context, median of "
             f"{scales[0]['passes']} passes each)",
             f"  {'nodes':>7} {'build s':>8} {'memory MB':>10} {'p50 ms':>8} {'p99 ms':>8}   growth vs previous size"]
    for prev, row in zip([None, *scales], scales):
        growth = ""
        if prev:
            growth = (f"nodes x{row['nodes'] / prev['nodes']:.0f}: p99 x{row['p99_ms'] / prev['p99_ms']:.1f}, "
                      f"memory x{row['memory_mb'] / prev['memory_mb']:.1f}, build x{row['build_s'] / prev['build_s']:.1f}")
        lines.append(f"  {row['nodes']:>7,} {row['build_s']:>8.2f} {row['memory_mb']:>10.1f} "
                     f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}   {growth}")
    return lines


def goal_lines(items: list[dict]) -> list[str]:
    lines = ["", "GOALS (issue 4; quality on dev and holdout)"]
    for g in items:
        values = ", ".join(f"{name.removeprefix('questions_')} {v:.1f}" if name else f"{v:.2f}"
                           for name, v in g["values"].items() if v is not None)
        lines.append(f"  {'met ' if g['met'] else 'MISS'} {g['goal']:<42} {g['target']:>6}   {values}")
    return lines


def meta(quick: bool, tour: Tour) -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"),
            "commit": git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "--porcelain") else ""),
            "python": platform.python_version(), "machine": platform.machine(), "quick": quick,
            "tour_nodes": len(tour.nodes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the tour's routing.")
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--quick", action="store_true",
                        help="skip the 20,000-node tour and the start-up ratio; fewer passes")
    args = parser.parse_args(argv)

    tour = load_tour().tour
    sets = question_sets()
    progress(f"quality on {', '.join(qs.name for qs in sets)} ...")
    results, tuned = quality(tour, sets)
    speeds = speed(tour, sets, args.quick)
    scales = scaling(tour, sets, args.quick)
    info = meta(args.quick, tour)
    checks = goals(results, speeds, scales)

    sys.stderr.flush()
    print(f"tour benchmark · {info['date']} · {info['commit']} · Python {info['python']} · "
          f"{info['tour_nodes']} nodes{' · --quick' if args.quick else ''}")
    print("\n".join([*quality_table(results, tuned), *speed_lines(speeds), *scale_lines(scales),
                     *goal_lines(checks)]))
    if args.json:
        data = {"meta": info, "quality": results, "baselines": tuned, "speed": speeds,
                "scale": scales, "goals": checks}
        Path(args.json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
