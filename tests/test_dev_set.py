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
    # 10 of 17: 7 of the 8 off-topic questions, 3 of the 9 on-topic ones the text is
    # silent on (the script's lists hold no copy of an evaluation question)
    assert dev["oos_declined"] >= 0.55
    assert dev["oos_far_declined"] >= 0.85


def test_dev_chat_recognised(dev):
    assert dev["chat"] == 1.0


def test_dev_false_declines(dev):
    assert dev["false_declines"] <= 0.03


def test_dev_follow_ups(dev):
    assert dev["followups"] >= 0.70  # 8 of 11 turns; each turn is 9 points


@pytest.fixture(scope="module")
def tuning(tour, router):
    return evaluate(tour, load_questions(DATA / "questions_tuning.yaml"), router).metrics()


def test_tuning_set_floors(tuning):
    """Our own harder questions: guards against regressions, well below the dev figures."""
    assert tuning["in_scope"] >= 0.92  # 111 of 118 at the time of writing
    assert tuning["false_declines"] <= 0.04  # 3 of 118
    assert tuning["oos_far_declined"] >= 0.90  # 39 of 42
    # on topic but unanswered: 12 of 27, declined where the script's lists reach them
    assert tuning["oos_near_declined"] >= 0.40
    assert tuning["chat"] >= 0.90
    assert tuning["followups"] >= 0.72  # 46 of 62 turns at the time of writing
