"""The report of declined and unclear questions: what counts, grouping, order, nearest topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tour.engine.reply import Choice
from tour.records.report import group, normalise, report_dict, report_text, unanswered
from tour.records.store import Header, SessionFile, Turn

RESUME = Choice("Resume the testimony (step 2 of 3)", "@next")
NEAR = Choice("The station sign", "station-sign")
OTHER = Choice("The last train", "last-train")


def turn(text: str, kind: str = "fallback", score: float = 40.0, choices=(NEAR,), n: int = 1) -> Turn:
    return Turn(turn=n, time="2026-11-30T10:00:00.000+00:00", input=text, kind=kind, text="",
                intent=kind, score=score, choices=tuple(choices))


def session(name: str, *turns: Turn) -> SessionFile:
    return SessionFile(Path(f"/x/{name}.jsonl"), Header(name, tour_id="t"), list(turns))


@pytest.fixture
def records() -> list[SessionFile]:
    return [
        session("s1",
                turn("How many Italian prisoners were there?"),
                turn("hello", kind="chat"),
                turn("What did the prisoners eat?", choices=(RESUME, OTHER)),
                turn("italians?"),
                turn("when was it built", kind="answer")),
        session("s2",
                turn("how many ITALIAN prisoners were there"),
                turn("Italian prisoners", kind="clarify", choices=(OTHER, NEAR)),
                turn("what is the capital of japan", score=0.0, choices=(OTHER,)),
                turn("   ")),
    ]


def test_only_declined_and_unclear_questions_count(records):
    asked = unanswered(records)
    assert [a.question for a in asked] == [
        "How many Italian prisoners were there?", "What did the prisoners eat?", "italians?",
        "how many ITALIAN prisoners were there", "Italian prisoners", "what is the capital of japan"]
    assert [a.session for a in asked] == ["s1", "s1", "s1", "s2", "s2", "s2"]


@pytest.mark.parametrize("item, nearest", [
    (turn("q", choices=(RESUME, OTHER)), "last-train"),
    (turn("q", kind="clarify", score=55, choices=(NEAR, OTHER)), "station-sign"),
    (turn("q", score=0.0, choices=(OTHER,)), None),
    (turn("q", choices=(RESUME,)), None),
], ids=["skips-resume", "clarify-first-choice", "nothing-close", "only-navigation"])
def test_nearest_topic(item, nearest):
    (asked,) = unanswered([session("s", item)])
    assert asked.nearest == nearest


def test_similar_questions_group_most_frequent_first(records):
    groups = group(unanswered(records))
    assert [g.count for g in groups] == [4, 1, 1]
    italian = groups[0]
    assert italian.wordings == [("How many Italian prisoners were there?", 2),
                                ("italians?", 1), ("Italian prisoners", 1)]
    assert italian.kinds() == {"fallback": 3, "clarify": 1}
    assert italian.nearest == ("station-sign", "The station sign")
    # Ties keep the order in which questions were first asked.
    assert [g.wordings[0][0] for g in groups[1:]] == ["What did the prisoners eat?",
                                                     "what is the capital of japan"]
    assert groups[2].nearest is None


def test_unrelated_questions_stay_apart():
    asked = unanswered([session("s", turn("What did the prisoners eat?"),
                                turn("How many Italian prisoners were there?"),
                                turn("German prisoners in Kazakhstan"),
                                turn("who is the president of kazakhstan"))])
    assert [g.count for g in group(asked)] == [1, 1, 1, 1]


def test_aliases_join_two_ways_of_writing_a_term():
    from tour.engine.language import english_language
    from tour.engine.routing.query import Analyser

    aliases = Analyser(english_language(), {"pow": ["prisoner of war", "prisoners of war"]}.items())
    asked = unanswered([session("s", turn("italian POWs?"), turn("Italian prisoners of war"))])
    assert normalise("Italian prisoners of war", aliases) == "italian pow"
    assert [g.count for g in group(asked, analyser=aliases)] == [2]


def test_a_question_of_only_function_words_still_has_a_key():
    assert normalise("What is it?") == "what is it"


def test_json_shape(records):
    data = report_dict(group(unanswered(records)), sessions=2)
    json.dumps(data)
    assert (data["sessions"], data["questions"]) == (2, 6)
    first = data["groups"][0]
    assert first == {
        "count": 4, "declined": 3, "clarify": 1,
        "nearest": {"node": "station-sign", "title": "The station sign"},
        "questions": [{"text": "How many Italian prisoners were there?", "count": 2},
                      {"text": "italians?", "count": 1}, {"text": "Italian prisoners", "count": 1}],
        "sessions": ["s1", "s2"],
    }


def test_text_report(records):
    text = report_text(group(unanswered(records)), sessions=2)
    assert text.splitlines()[0] == ("6 questions the tour declined or could not place, "
                                    "in 2 sessions, 3 groups:")
    assert "1. asked 4 times (3 declined, 1 unclear)" in text
    assert "   - How many Italian prisoners were there?  (\u00d72)" in text
    assert "   nearest topic: The station sign [station-sign]" in text
    assert text.index("Italian") < text.index("eat?") < text.index("capital")


def test_text_report_with_nothing_to_report():
    assert report_text([], sessions=1) == "No declined or unclear questions in 1 session."
