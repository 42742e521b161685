"""Work done beside the caller (engine/parallel.py), and a router built that way."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from tour.cache import english
from tour.engine import parallel
from tour.engine.language import english_language
from tour.engine.routing import MODEL, Analyser, Router, index
from tour.engine.routing.index import build_index, known_words, read_topics

forks = pytest.mark.skipif(not parallel.can_fork(), reason="this system does not fork processes")


@forks
def test_beside_runs_the_job_in_another_process_and_gives_its_result():
    here = os.getpid()
    result = parallel.beside(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = result()
    assert pid != here
    assert value == [1, 2, 3]


@forks
def test_a_job_that_fails_in_the_other_process_is_done_here():
    here = os.getpid()

    def job() -> str:
        if os.getpid() != here:
            raise RuntimeError("only over there")
        return "done here"

    assert parallel.beside(job)() == "done here"


def test_a_job_that_fails_everywhere_raises_its_own_error_here():
    def job() -> None:
        raise ValueError("broken job")

    with pytest.raises(ValueError, match="broken job"):
        parallel.beside(job)()


def test_in_order_runs_the_job_only_when_asked():
    ran = []
    result = parallel.in_order(lambda: ran.append(1) or len(ran))
    assert ran == []
    assert result() == 1


@forks
def test_a_router_built_beside_routes_as_one_built_in_order(tour, monkeypatch):
    monkeypatch.setattr(index, "READ_APART_FROM", 1)  # read apart even this small tour
    words = english()
    alone = Router(tour, words)
    apart = Router(tour, words, beside=parallel.beside)
    assert apart.thresholds == alone.thresholds
    assert apart.thresholds.positives > 0  # the held-out examples were asked, over there
    assert apart.index.postings == alone.index.postings
    assert apart.index.surface == alone.index.surface
    questions = [e for node in list(tour.nodes.values())[::3] for e in node.examples[:2]]
    questions += ["what is the capital of France?", "hello", "how long did it last"]
    assert [apart.route(q) for q in questions] == [alone.route(q) for q in questions]


@pytest.mark.parametrize("model", [MODEL, replace(MODEL, w_chapter=0.0), replace(MODEL, use_passages=False)],
                         ids=["default", "no-chapter-weight", "no-passages"])
def test_the_words_known_before_building_are_the_index_words(mini, model):
    analyser = Analyser(english_language(), mini.aliases.items(), model)
    reading = read_topics(mini, analyser, model)
    assert known_words(reading, model) == set(build_index(mini, analyser, model, reading=reading).postings)
