"""Fit the verifier's weights (routing/model.py) on tuning tours only.

    python benchmarks/fit_verifier.py [--squad-train DIR] [--json PATH]

Asks every tuning question of every tuning tour, reads what the verifier read of the
best passage (`Route.evidence`), labels it 1 where answering with that passage would
be right (an answerable question whose best passage cites one of its lines) and 0
otherwise (a question the text does not answer, or one ranked wrong), and fits one
logistic model. Each tour weighs the same, however many questions it has. Prints
the weights to paste into `Model.verifier` / `Model.verifier_bias`, and the ROC AUC
of each tour when the others are fitted without it (leave one tour out), beside the
ranking's own confidence.

The tuning tours: the bundled tour (full, and cut to 5 examples) on the dev and tuning
sets; the teacher-tuning texts made by `tour init` with 0, 3 and 10 examples per topic;
the language's off-topic questions asked of each; and, with `--squad-train DIR`, SQuAD
2.0 *training* articles (folders of article.txt, dialogue.yaml, questions.yaml as made
by benchmarks/squad_train.py; never the dev articles of ../shared/eval/squad, which
measure). The holdout sets (tests/data/questions_holdout.yaml, benchmarks/teacher/)
are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from run import cut
from teacher import TUNING, init, texts, with_examples
from tour.cache import english
from tour.engine.loader import load_tour
from tour.engine.routing import MODEL, Router
from tour.engine.routing.verify import SIGNALS
from tour.engine.script import Tour
from tour.engine.session import Session
from tour.evaluation import MAX_CITED, Question, QuestionSet, load_questions

ROOT = Path(__file__).resolve().parent.parent


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tuning_tours(squad_train: Path | None) -> list[tuple[str, Tour, list[QuestionSet]]]:
    """Every tuning tour with the question sets asked of it."""
    tour = load_tour().tour
    dev = load_questions(ROOT / "tests" / "data" / "dev.yaml")
    tuning = load_questions(ROOT / "tests" / "data" / "questions_tuning.yaml")
    out = [("bundled", tour, [dev, tuning]), ("bundled-cut", cut(tour), [tuning])]
    for name, article, examples_path, questions_path in texts(TUNING):
        examples = yaml.safe_load(examples_path.read_text(encoding="utf-8")) or {}
        with tempfile.TemporaryDirectory() as tmp:
            base = init(article, Path(tmp) / "tour")
        for k in (0, 3, 10):
            out.append((f"{name}@{k}", with_examples(base, examples, k), [load_questions(questions_path)]))
    if squad_train is not None:
        for folder in sorted(squad_train.iterdir()):
            if (folder / "questions.yaml").exists():
                out.append((f"squad-train-{folder.name}", load_tour(folder / "dialogue.yaml").tour,
                            [load_questions(folder / "questions.yaml")]))
    return out


def right(tour: Tour, node: str | None, question: Question) -> bool:
    if node is None or not question.in_scope:
        return False
    cited = {q.paragraph for q in tour.node(node).quotes}
    return bool(cited & question.lines) and len(cited) <= MAX_CITED


def rows(name: str, tour: Tour, sets: list[QuestionSet], words) -> list[dict]:
    """One row per question asked (and per later turn of a dialogue): the signals, the
    ranking's confidence, the label."""
    router = Router(tour, words)
    out = []

    def ask(question: Question, last: str | None, group: str) -> None:
        route = router.route(question.q, last=last)
        if route.evidence is None or route.best is None:
            return
        y = int(right(tour, route.best.node, question))
        if group == "answerable" and not y:
            group = "ranked-wrong"
        out.append({"tour": name, "q": question.q, "style": question.style, "group": group,
                    "signals": list(route.evidence.signals), "ranking": route.best.score / 100.0, "y": y})

    def group(question: Question) -> str:
        return "answerable" if question.in_scope else "near" if question.style == "oos_near" else "far"

    for qs in sets:
        for question in qs.single:
            if question.style != "chat":
                ask(question, None, group(question))
        for dialogue in qs.multi:
            session = Session(tour, router)
            for i, turn in enumerate(dialogue.turns):
                if i and turn.style != "chat":
                    ask(turn, session.last, group(turn))
                session.ask(turn.q)
    if tour.language is not None:  # the off-topic questions, as every tour's calibration asks them
        for text in tour.language.offtopic:
            ask(Question(text, frozenset(), "oos_far"), None, "off-topic")
    return out


SHARES = {"answerable": 0.45, "ranked-wrong": 0.1, "near": 0.3, "far": 0.05, "off-topic": 0.1}
"""What each group of questions weighs within a tour (each tour weighs the same): the
mix a tour meets, more answerable questions than not, the off-topic list (asked of
every tour) not outweighing the questions written for it."""


def fit(data: list[dict], c: float) -> LogisticRegression:
    x = np.array([r["signals"] for r in data])
    y = np.array([r["y"] for r in data])
    count: dict[tuple[str, str], int] = {}
    for r in data:
        count[(r["tour"], r["group"])] = count.get((r["tour"], r["group"]), 0) + 1
    present: dict[str, float] = {}
    for (tour, g) in count:
        present[tour] = present.get(tour, 0.0) + SHARES[g]
    weight = np.array([1000.0 * SHARES[r["group"]] / present[r["tour"]] / count[(r["tour"], r["group"])]
                       for r in data])
    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weight)


def auc(data: list[dict], score) -> float | None:
    """Right answers against questions to decline (the question set's own, not the
    off-topic list): what `tour eval` reports."""
    chosen = [r for r in data if r["group"] in ("answerable", "near", "far")]
    y = [r["y"] for r in chosen]
    if len(set(y)) < 2:
        return None
    return float(roc_auc_score(y, [score(r) for r in chosen]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--squad-train", type=Path, help="folders of SQuAD 2.0 training articles")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--json", metavar="PATH", help="also write every row")
    args = parser.parse_args(argv)
    words = english()
    data: list[dict] = []
    for name, tour, sets in tuning_tours(args.squad_train):
        progress(f"asking {name} ...")
        data += rows(name, tour, sets, words)
    if args.json:
        Path(args.json).write_text(json.dumps(data), encoding="utf-8")
    tours = sorted({r["tour"] for r in data})
    print(f"{'tour (left out)':<44}{'n':>6}{'right':>7}{'ranking AUC':>13}{'verifier AUC':>14}")
    for name in tours:
        held = [r for r in data if r["tour"] == name]
        model = fit([r for r in data if r["tour"] != name], args.c)
        ours = auc(held, lambda r, model=model: model.decision_function([r["signals"]])[0])
        base = auc(held, lambda r: r["ranking"])
        print(f"{name:<44}{len(held):>6}{sum(r['y'] for r in held):>7}"
              f"{'—' if base is None else f'{base:.3f}':>13}{'—' if ours is None else f'{ours:.3f}':>14}")
    model = fit(data, args.c)
    weights = ", ".join(f"{w:.2f}" for w in model.coef_[0])
    print("\nweights, in verify.SIGNALS order:")
    for name, w in zip(SIGNALS, model.coef_[0]):
        print(f"  {name:<12} {w:+.2f}   (now {MODEL.verifier[SIGNALS.index(name)]:+.2f})")
    print(f"\nverifier: tuple[float, ...] = ({weights})\nverifier_bias: float = {model.intercept_[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
