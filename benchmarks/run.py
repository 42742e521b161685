"""Routing quality and speed of the tour, side by side with TF-IDF and BM25 baselines.

    python benchmarks/run.py [--quick] [--ablate] [--json PATH] [--skip speed]

Prints one report to stdout (progress to stderr): quality on the bundled tour, on the
bundled tour cut to what a teacher writes (5 examples, 2 `unanswered` per topic), and
on the SQuAD 2.0 articles with tours made from the text alone; then speed and scale;
then the goals of issue 10. --ablate also switches each mechanism of the routing
model off in turn and prints what it is worth on the holdout set, the cut and SQuAD.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from baselines import BASELINES, documents, rank, report, tune_threshold
from speed import build_times, latency, scale, startup, tui_first_idle
from synthetic import synthetic_tour
from tour.cache import english
from tour.engine.loader import load_tour
from tour.engine.routing import MODEL, Model, Router
from tour.engine.script import Tour
from tour.evaluation import QuestionSet, Report, evaluate, load_questions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SQUAD = ROOT.parent / "shared" / "eval" / "squad"
SIZES = (1_000, 5_000, 20_000)
METHODS = ("router", *(cls.name for cls in BASELINES))
CUT_EXAMPLES, CUT_UNANSWERED = 5, 2


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- what is measured ------------------------------------------------------------------
def question_sets() -> list[QuestionSet]:
    """Every question set in tests/data/: dev first, holdout sets last."""
    paths = sorted(DATA.glob("*.yaml"), key=lambda p: (p.stem != "dev", "holdout" in p.stem, p.stem))
    return [qs for qs in (load_questions(p) for p in paths) if qs.single or qs.multi]


def cut(tour: Tour, examples: int = CUT_EXAMPLES, unanswered: int = CUT_UNANSWERED) -> Tour:
    """The tour with each topic's first few examples and `unanswered` questions only
    (and the tour's own list cut alike): what a teacher writes in an hour."""
    nodes = {k: replace(n, examples=n.examples[:examples], unanswered=n.unanswered[:unanswered])
             for k, n in tour.nodes.items()}
    return replace(tour, nodes=nodes, unanswered=tour.unanswered[:unanswered])


def squad_sets(folder: Path = SQUAD) -> list[tuple[str, Tour, QuestionSet]]:
    """The SQuAD articles: each tour made from the text alone, and its questions."""
    if not folder.is_dir():
        return []
    return [(d.name, load_tour(d / "dialogue.yaml").tour, load_questions(d / "questions.yaml"))
            for d in sorted(folder.iterdir()) if (d / "questions.yaml").exists()]


def ranking(tour: Tour, router: Router, qs: QuestionSet) -> float | None:
    """The router's best topic, whatever its score: ranking alone, as for the baselines."""
    asked = [q for q in qs.single if q.in_scope]
    right = 0
    for q in asked:
        best = router.route(q.q).best
        cited = {quote.paragraph for quote in tour.node(best.node).quotes} if best else set()
        right += bool(cited & q.lines) and len(cited) <= 3
    return right / len(asked) if asked else None


def router_metrics(tour: Tour, router: Router, qs: QuestionSet) -> dict:
    metrics = evaluate(tour, qs, router).metrics()
    metrics["in_scope_never_declining"] = ranking(tour, router, qs)
    return metrics


def tuned_baselines(tour: Tour, dev: QuestionSet) -> tuple[list, dict]:
    """The baselines over the bundled article, their thresholds tuned on dev."""
    retrievers = [cls(documents(tour.source)) for cls in BASELINES]
    tuned = {}
    for r in retrievers:
        threshold, objective = tune_threshold(rank(r, dev)[0])
        tuned[r.name] = {"threshold": threshold, "dev_objective": objective}
    return retrievers, tuned


def baseline_metrics(retriever, qs: QuestionSet, threshold: float) -> dict:
    singles, turns = rank(retriever, qs)
    metrics = report(qs.name, singles, turns, threshold).metrics()
    metrics["chat"] = None  # baselines cannot make small talk
    metrics["in_scope_never_declining"] = report(qs.name, singles, [], float("-inf")).metrics()["in_scope"]
    return metrics


def bundled_quality(tour: Tour, sets: list[QuestionSet], tuned: dict, retrievers, words,
                    model: Model = MODEL) -> dict:
    """Router and baselines on every set, for the full tour and its cut."""
    out = {}
    for name, variant in (("full", tour), ("cut", cut(tour))):
        router = Router(variant, words, model=model)
        out[name] = {"answer_threshold": router.thresholds.answer, "sets": {}}
        for qs in sets:
            if name == "cut" and qs.name == "dev":
                continue
            entry = {"router": router_metrics(variant, router, qs)}
            for r in retrievers:
                entry[r.name] = baseline_metrics(r, qs, tuned[r.name]["threshold"])
            entry["holdout"] = "holdout" in qs.name
            entry["n"] = counts(qs)
            out[name]["sets"][qs.name] = entry
    return out


def counts(qs: QuestionSet) -> dict[str, int]:
    ins = [q for q in qs.single if q.in_scope]
    return {"in_scope": len(ins), "oos_near": sum(q.style == "oos_near" for q in qs.single),
            "oos_far": sum(q.style == "oos_far" for q in qs.single),
            "chat": sum(q.style == "chat" for q in qs.single),
            "followups": sum(max(len(d.turns) - 1, 0) for d in qs.multi)}


def squad_quality(articles, tuned: dict, words, model: Model = MODEL) -> dict:
    """Pooled over the articles: ranking top-1, answered right, false declines,
    unanswerable declined; the baselines keep the thresholds tuned on the bundled dev set."""
    pooled = {m: {"rank": 0, "right": 0, "declined_in": 0, "declined_out": 0} for m in METHODS}
    scored: dict[str, Report] = {m: Report("squad") for m in METHODS}  # every single question, for the AUC
    n_in = n_out = 0
    for name, tour, qs in articles:
        ins = [q for q in qs.single if q.in_scope]
        outs = [q for q in qs.single if not q.in_scope]
        n_in += len(ins)
        n_out += len(outs)
        router = Router(tour, words, model=model)
        rep = evaluate(tour, QuestionSet(name, qs.single, ()), router)
        scored["router"].singles += rep.singles
        p = pooled["router"]
        p["rank"] += round((ranking(tour, router, qs) or 0.0) * len(ins))
        p["right"] += sum(o.right for o in rep.singles if o.question.in_scope)
        p["declined_in"] += sum(o.reply.kind == "fallback" for o in rep.singles if o.question.in_scope)
        p["declined_out"] += sum(o.reply.kind == "fallback" for o in rep.singles if not o.question.in_scope)
        for cls in BASELINES:
            r = cls(documents(tour.source))
            singles, _ = rank(r, QuestionSet(name, qs.single, ()))
            t = tuned[r.name]["threshold"]
            scored[r.name].singles += report(name, singles, [], t).singles
            p = pooled[r.name]
            for ranked in singles:
                right = ranked.paragraph in ranked.question.lines
                if ranked.question.in_scope:
                    p["rank"] += right
                    p["right"] += right and ranked.score >= t
                    p["declined_in"] += ranked.score < t
                else:
                    p["declined_out"] += ranked.score < t
    share = lambda v, n: v / n if n else None  # noqa: E731
    return {m: {"ranking": share(p["rank"], n_in), "answered_right": share(p["right"], n_in),
                "false_declines": share(p["declined_in"], n_in),
                "unanswerable_declined": share(p["declined_out"], n_out), "auc": scored[m].auc()}
            for m, p in pooled.items()} | {"n": {"answerable": n_in, "unanswerable": n_out}}


def ablation(tour: Tour, sets: list[QuestionSet], articles, tuned: dict, retrievers, words) -> list[dict]:
    """Each mechanism switched off in turn: its effect on the holdout set (full tour and
    its cut) and on SQuAD, against the whole model."""
    holdout = [qs for qs in sets if "holdout" in qs.name]

    def measure(model: Model) -> dict:
        quality = bundled_quality(tour, holdout, tuned, retrievers[:0], words, model)
        squad = squad_quality(articles, tuned, words, model)["router"] if articles else {}
        pick = lambda m: {k: m["router"][k] for k in ("in_scope", "false_declines", "oos_near_declined",  # noqa: E731
                                                     "oos_far_declined", "followups", "auc")}
        return {"full": pick(next(iter(quality["full"]["sets"].values()))),
                "cut": pick(next(iter(quality["cut"]["sets"].values()))), "squad": squad}

    rows = [{"mechanism": "(all on)", **measure(MODEL)}]
    for name in Model.mechanisms():
        progress(f"ablation: without {name} ...")
        rows.append({"mechanism": f"no {name}", **measure(MODEL.without(name))})
    return rows


# -- printing ---------------------------------------------------------------------------
def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


ROWS = (
    ("in-scope top-1", "in_scope", "in_scope"),
    ("  never declining (ranking)", "in_scope_never_declining", "in_scope"),
    ("near (on topic) declined", "oos_near_declined", "oos_near"),
    ("far (off topic) declined", "oos_far_declined", "oos_far"),
    ("false declines", "false_declines", "in_scope"),
    ("clarify rate", "clarify_rate", "in_scope"),
    ("small talk", "chat", "chat"),
    ("follow-ups", "followups", "followups"),
    ("confidence AUC x100", "auc", "in_scope"),
)


def quality_table(title: str, block: dict) -> list[str]:
    sets = block["sets"]
    heads = [f"{name.removeprefix('questions_')}{'†' if e['holdout'] else ''}" for name, e in sets.items()]
    width = 5 + 7 * len(METHODS)
    lines = [title, " " * 28 + "".join(f"{h:>{width}}" for h in heads),
             " " * 28 + ("n".rjust(5) + "".join(m.rjust(7) for m in METHODS)) * len(sets)]
    for label, key, n_key in ROWS:
        cells = "".join(str(e["n"][n_key]).rjust(5) + "".join(pct(e[m].get(key)).rjust(7) for m in METHODS)
                        for e in sets.values())
        lines.append(f"{label:<28}{cells}")
    lines.append(f"  (router's answer threshold, calibrated from the tour: {block['answer_threshold']:.1f})")
    return lines


def squad_table(squad: dict) -> list[str]:
    n = squad["n"]
    lines = [f"SQuAD 2.0, four articles, tours from the text alone ({n['answerable']} answerable, "
             f"{n['unanswerable']} unanswerable questions)",
             f"{'':<28}" + "".join(m.rjust(9) for m in METHODS)]
    for label, key in (("ranking top-1", "ranking"), ("answered right", "answered_right"),
                       ("false declines", "false_declines"), ("unanswerable declined", "unanswerable_declined"),
                       ("confidence AUC x100", "auc")):
        lines.append(f"{label:<28}" + "".join(pct(squad[m][key]).rjust(9) for m in METHODS))
    return lines


def ablation_table(rows: list[dict]) -> list[str]:
    base = rows[0]
    head = (f"{'':<18}{'holdout, full tour':>48}{'holdout, 5-example cut':>48}{'SQuAD':>40}",
            f"{'':<18}" + "".join(f"{k:>8}" for k in ("in", "fd", "near", "far", "follow", "auc")) * 2
            + "".join(f"{k:>8}" for k in ("rank", "right", "fd", "unans", "auc")))
    lines = ["ABLATION (percent; rows after the first: change in points when the mechanism is off)",
             *head]
    for row in rows:
        cells = []
        keys5 = ("in_scope", "false_declines", "oos_near_declined", "oos_far_declined", "followups", "auc")
        for part, keys in (("full", keys5), ("cut", keys5),
                           ("squad", ("ranking", "answered_right", "false_declines", "unanswerable_declined", "auc"))):
            for k in keys:
                v = row[part].get(k)
                b = base[part].get(k)
                if v is None:
                    cells.append("—".rjust(8))
                elif row is base:
                    cells.append(f"{100 * v:8.1f}")
                else:
                    cells.append(f"{100 * (v - b):+8.1f}")
        lines.append(f"{row['mechanism']:<18}" + "".join(cells))
    return lines


def speed_lines(speeds: dict) -> list[str]:
    r, b = speeds["routing"], speeds["build"]
    lines = ["", "SPEED (bundled tour, in process unless said)",
             f"  routing latency     p50 {r['p50_ms']:.3f} ms   p99 {r['p99_ms']:.3f} ms   "
             f"({r['questions']} questions x {r['passes']} passes)",
             *(f"    slow: {s['median_ms']:.2f} ms  {s['q'][:70]!r}" for s in r["slowest"]),
             f"  router build        {b['built_ms']:.0f} ms from the tour (index and calibration); "
             f"{b['cached_ms']:.1f} ms from its compiled index in the cache (medians of {b['runs']})"]
    s = speeds.get("startup")
    if s and "error" not in s:
        lines.append(f"  `tour ask --json -` start-up {100 * s['ratio']:.0f}% of `import textual.app`")
    t = speeds.get("tui", {})
    if "median_ms" in t:
        lines.append(f"  TUI first idle      {t['median_ms']:.0f} ms (median of {t['runs']})")
    return lines


def scale_lines(rows: list[dict]) -> list[str]:
    lines = ["", f"SCALE (synthetic tours; {rows[0]['questions']} questions, no context)",
             f"  {'topics':>7} {'build s':>8} {'memory MB':>10} {'p50 ms':>8} {'p99 ms':>8}"]
    for row in rows:
        lines.append(f"  {row['nodes']:>7,} {row['build_s']:>8.2f} {row['memory_mb']:>10.1f} "
                     f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}")
    return lines


GOALS = (  # (label, where, metric, target, higher is better): issue 18's
    ("SQuAD ranking top-1", "squad", "ranking", 88, True),
    ("SQuAD answered right", "squad", "answered_right", 85, True),
    ("SQuAD false declines", "squad", "false_declines", 5, False),
    ("SQuAD unanswerable declined", "squad", "unanswerable_declined", 30, True),
    ("SQuAD confidence AUC x100", "squad", "auc", 75, True),
    ("full: in-scope (holdout)", "full", "in_scope", 92, True),
    ("full: false declines (holdout)", "full", "false_declines", 4, False),
    ("full: near declined (holdout)", "full", "oos_near_declined", 80, True),
    ("full: far declined (holdout)", "full", "oos_far_declined", 98, True),
    ("full: follow-ups (holdout)", "full", "followups", 85, True),
    ("full: small talk (holdout)", "full", "chat", 95, True),
)


def goals(quality: dict, squad: dict | None, speeds: dict | None, scales: list[dict]) -> list[dict]:
    out = []
    for label, where, key, target, higher in GOALS:
        if where == "squad":
            value = squad["router"][key] if squad else None
        else:
            holdout = [e for e in quality[where]["sets"].values() if e["holdout"]]
            value = holdout[0]["router"][key] if holdout else None
        met = value is not None and (100 * value >= target if higher else 100 * value <= target)
        out.append({"goal": label, "target": f"{'>=' if higher else '<='} {target}",
                    "value": None if value is None else 100 * value, "met": met})
    if speeds:
        p99 = speeds["routing"]["p99_ms"]
        out.append({"goal": "routing p99, bundled tour (ms)", "target": "< 1", "value": p99, "met": p99 < 1})
        cached = speeds["build"]["cached_ms"]
        out.append({"goal": "router build from its cache (ms)", "target": "< 30", "value": cached,
                    "met": cached < 30})
    big = [s for s in scales if s["nodes"] == SIZES[-1]]
    if big:
        out.append({"goal": f"routing p99, {SIZES[-1]:,} topics (ms)", "target": "< 10",
                    "value": big[0]["p99_ms"], "met": big[0]["p99_ms"] < 10})
    return out


def goal_lines(items: list[dict]) -> list[str]:
    return ["", "GOALS (issue 18; the teacher tours' are in teacher.py)"] + [
        f"  {'met ' if g['met'] else 'MISS'} {g['goal']:<36} {g['target']:>6}   "
        + ("—" if g["value"] is None else f"{g['value']:.1f}") for g in items]


def meta(tour: Tour) -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"),
            "commit": git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "--porcelain") else ""),
            "python": platform.python_version(), "tour_nodes": len(tour.nodes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the tour's routing.")
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--quick", action="store_true", help="no 20,000-topic tour, no start-up, fewer passes")
    parser.add_argument("--ablate", action="store_true", help="switch each mechanism off in turn")
    parser.add_argument("--skip", action="append", default=[], choices=("speed", "squad", "scale"),
                        help="leave a part out (repeatable)")
    args = parser.parse_args(argv)

    words = english()
    tour = load_tour().tour
    sets = question_sets()
    dev = next(qs for qs in sets if qs.name == "dev")
    retrievers, tuned = tuned_baselines(tour, dev)
    progress("quality: bundled tour and its cut ...")
    quality = bundled_quality(tour, sets, tuned, retrievers, words)
    articles = [] if "squad" in args.skip else squad_sets()
    squad = None
    if articles:
        progress("quality: SQuAD ...")
        squad = squad_quality(articles, tuned, words)
    speeds = None
    if "speed" not in args.skip:
        progress("speed ...")
        items = [(q.q, None) for qs in sets for q in qs.single]
        speeds = {"routing": latency(tour, words, items, passes=5 if args.quick else 20),
                  "build": build_times(tour, words)}
        if not args.quick:
            speeds["startup"] = startup()
        speeds["tui"] = tui_first_idle(tour)
    scales = []
    if "scale" not in args.skip:
        questions = [q.q for qs in sets for q in qs.single]
        for size in SIZES[:2] if args.quick else SIZES:
            progress(f"scale: {size:,} topics ...")
            scales.append(scale(synthetic_tour(tour, size, seed=0), words, questions))
    rows = ablation(tour, sets, articles, tuned, retrievers, words) if args.ablate else []
    info = meta(tour)
    checks = goals(quality, squad, speeds, scales)

    print(f"tour benchmark · {info['date']} · {info['commit']} · Python {info['python']}")
    out = [*quality_table("BUNDLED TOUR (percent of questions; † holdout, never tuned on)", quality["full"]),
           "", *quality_table(f"BUNDLED TOUR CUT to {CUT_EXAMPLES} examples and {CUT_UNANSWERED} "
                              "`unanswered` per topic", quality["cut"])]
    out.append("baseline thresholds, tuned on dev: " + "; ".join(
        f"{name} {t['threshold']:.3f}" for name, t in tuned.items()))
    if squad:
        out += ["", *squad_table(squad)]
    if rows:
        out += ["", *ablation_table(rows)]
    if speeds:
        out += speed_lines(speeds)
    if scales:
        out += scale_lines(scales)
    out += goal_lines(checks)
    print("\n".join(out))
    if args.json:
        data = {"meta": info, "quality": quality, "squad": squad, "baselines": tuned, "speed": speeds,
                "scale": scales, "ablation": rows, "goals": checks}
        Path(args.json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
