"""Regression floors on the question sets (the full table is in benchmarks/)."""

from __future__ import annotations

import pytest

from tour.evaluation import evaluate, load_questions

from .conftest import DATA


@pytest.fixture(scope="module")
def dev(tour, router):
    return evaluate(tour, load_questions(DATA / "dev.yaml"), router).metrics()


def test_dev_in_scope_top1(dev):
    assert dev["in_scope"] >= 0.90


def test_dev_out_of_scope_declined(dev):
    # 15 of 17 since the verifier reads the passage (10 of 17 before): all 8 off-topic
    # questions, 7 of the 9 on-topic ones the text is silent on (the script's lists hold
    # no copy of an evaluation question)
    assert dev["oos_declined"] >= 0.85
    assert dev["oos_far_declined"] >= 0.85


def test_dev_chat_recognised(dev):
    assert dev["chat"] == 1.0


def test_dev_false_declines(dev):
    assert dev["false_declines"] <= 0.06  # 3 of 72 (2 before the verifier, which declines more)


def test_dev_follow_ups(dev):
    assert dev["followups"] >= 0.70  # 8 of 11 turns; each turn is 9 points


@pytest.fixture(scope="module")
def tuning(tour, router):
    return evaluate(tour, load_questions(DATA / "questions_tuning.yaml"), router).metrics()


def test_tuning_set_floors(tuning):
    """Our own harder questions: guards against regressions, well below the dev figures."""
    # The verifier trades a few answers for declines: 107 of 118 answered right (109 before
    # it), 9 false declines (3 before), and 18 of 27 on-topic questions the text is
    # silent on declined (12 before).
    assert tuning["in_scope"] >= 0.89
    assert tuning["false_declines"] <= 0.08
    assert tuning["oos_far_declined"] >= 0.88  # 38 of 42
    assert tuning["oos_near_declined"] >= 0.62
    assert tuning["chat"] >= 0.90
    assert tuning["followups"] >= 0.74  # 47 of 62 turns at the time of writing
