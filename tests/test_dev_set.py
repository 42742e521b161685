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
    assert dev["oos_declined"] >= 0.90


def test_dev_chat_recognised(dev):
    assert dev["chat"] == 1.0


def test_dev_false_declines(dev):
    assert dev["false_declines"] <= 0.10


def test_dev_follow_ups(dev):
    assert dev["followups"] >= 0.70  # 8 of 11 turns; each turn is 9 points


@pytest.fixture(scope="module")
def tuning(tour, router):
    return evaluate(tour, load_questions(DATA / "questions_tuning.yaml"), router).metrics()


def test_tuning_set_floors(tuning):
    """Our own harder questions: guards against regressions, well below the dev figures."""
    assert tuning["in_scope"] >= 0.85
    assert tuning["oos_far_declined"] >= 0.95
    # on topic but unanswered: 56% without the script's lists of what the text is
    # silent on, 67% with them (18 of 27)
    assert tuning["oos_near_declined"] >= 0.60
    assert tuning["chat"] >= 0.85
    assert tuning["followups"] >= 0.80  # 54 of 62 turns at the time of writing
