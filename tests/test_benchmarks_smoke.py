"""The benchmark's baselines run (on three questions); the figures are benchmarks/' job."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("rank_bm25")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import baselines  # noqa: E402
from tour.engine.loader import load_tour  # noqa: E402
from tour.evaluation import QuestionSet, load_questions  # noqa: E402


@pytest.mark.parametrize("retriever", baselines.BASELINES, ids=lambda cls: cls.name)
def test_baseline_runs_on_three_questions(retriever):
    tour = load_tour().tour
    dev = load_questions(ROOT / "tests" / "data" / "dev.yaml")
    three = QuestionSet("three", dev.single[:3], ())
    singles, turns = baselines.rank(retriever(baselines.documents(tour.source)), three)
    threshold, objective = baselines.tune_threshold(singles)
    metrics = baselines.report("three", singles, turns, threshold).metrics()
    paragraphs = {p.number for p in tour.source.paragraphs}
    assert len(singles) == 3 and not turns
    assert all(r.paragraph in paragraphs for r in singles)
    assert 0.0 <= objective <= 1.0 and metrics["in_scope_n"] == 3
