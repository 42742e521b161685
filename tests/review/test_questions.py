"""Which recorded turns are reviewed, how alike questions group, and what a class's
records give: groups with suggested topics, or a message where there is nothing to read."""

from __future__ import annotations

import json

import pytest

from tour.cache import router as cached_router
from tour.engine.reply import Choice, Reply
from tour.review import questions
from tour.review.questions import Asked, ReviewError, gather, group, to_review


def reply(text: str = "who painted it", kind: str = "answer", intent: str = "question",
          score: float = 90.0, node: str | None = "cape") -> Reply:
    return Reply(text, kind, "", node=node if kind == "answer" else None, score=score, intent=intent,
                 choices=(Choice("The cape", "cape"), Choice("Next", "@next")))


@pytest.mark.parametrize(("turn", "reviewed"), [
    (reply(kind="fallback", intent="fallback", score=20), True),
    (reply(kind="fallback", intent="not-exactly", score=70), True),
    (reply(kind="fallback", intent="unanswered", score=40), True),
    (reply(kind="clarify", intent="clarify", score=55), True),
    (reply(score=questions.LOW_CONFIDENCE - 0.1), True),
    (reply(intent="detour", score=30), True),
    (reply(intent="again", score=30), True),
    (reply(score=questions.LOW_CONFIDENCE), False),
    (reply(score=99), False),
    (reply(text="next", intent="next", score=0), False),
    (reply(text="2", intent="choice", score=0), False),
    (reply(text="more", intent="more", score=0), False),
    (reply(text="hello", kind="chat", intent="hello", score=10), False),
    (reply(text="   ", kind="fallback", intent="fallback"), False),
], ids=["declined", "not-exactly", "listed-unanswered", "clarify", "low-answer", "low-detour",
        "low-again", "at-threshold", "confident", "next", "choice", "more", "chat", "empty"])
def test_which_turns_are_reviewed(turn, reviewed):
    assert to_review(turn) is reviewed


def asked(question: str, session: str = "s1", kind: str = "fallback") -> Asked:
    return Asked(question, kind, session, "", intent=kind, score=10.0)


def test_alike_wordings_share_a_group_and_the_commonest_names_it():
    groups = group([asked("who painted the lighthouse"), asked("Who painted the lighthouse?", "s2"),
                    asked("who paintd the lighthouse", "s3"), asked("what colour was the tower"),
                    asked("Who painted the lighthouse", "s4")])
    assert [g.count for g in groups] == [4, 1]
    first = groups[0]
    assert first.question == "who painted the lighthouse"
    assert first.wordings == [("who painted the lighthouse", 3), ("who paintd the lighthouse", 1)]
    assert first.sessions == 4


def test_different_questions_stay_apart_and_ties_keep_the_order_asked():
    groups = group([asked("when was the landing rebuilt"), asked("who built the landing"),
                    asked("what was the landing made of")])
    assert [g.question for g in groups] == ["when was the landing rebuilt", "who built the landing",
                                            "what was the landing made of"]


def test_control_characters_never_reach_a_question():
    assert questions.clean("who\x1b[31m built\n\tit ") == "who [31m built it"


def test_a_class_gives_groups_with_the_topics_suggested_now(lighthouse, play_class, data_dir):
    play_class(["who painted the lighthouse", "how many keepers were there", "next"],
               ["Who painted the lighthouse?", "what is the name of the cat", "hello"])
    review = gather(lighthouse, data_dir, cached_router(lighthouse))
    assert review.sessions == 2
    by_question = {g.question: g for g in review.groups}
    assert set(by_question) == {"who painted the lighthouse", "what is the name of the cat"}
    painted = by_question["who painted the lighthouse"]
    assert painted.count == 2 and painted.sessions == 2
    assert painted.suggested and all(s.node in lighthouse.nodes for s in painted.suggested)
    ranked = [c.node for c in cached_router(lighthouse).route("who painted the lighthouse").candidates
              if c.score > 0]
    assert [s.node for s in painted.suggested] == ranked[:len(painted.suggested)]  # the router's order
    shown = json.loads(json.dumps([g.to_dict() for g in review.groups]))
    assert shown[0]["question"] == "who painted the lighthouse"
    assert shown[0]["suggested"] == [s.node for s in painted.suggested]
    assert shown[0]["replied"][0]["kind"] == "fallback" and shown[0]["count"] == 2  # the text never says


def test_questions_the_script_holds_are_left_out(lighthouse, play_class, data_dir):
    play_class(["when was the lighthouse closed down", "what is the name of the cat"])
    review = gather(lighthouse, data_dir, cached_router(lighthouse))
    assert [g.question for g in review.groups] == ["what is the name of the cat"]
    assert any("already in the script" in note for note in review.notes)


def test_no_sessions_is_a_message(lighthouse, data_dir):
    with pytest.raises(ReviewError, match="no sessions recorded in .*--data-dir"):
        gather(lighthouse, data_dir, cached_router(lighthouse))


def test_sessions_of_another_tour_are_named(lighthouse, play_class, data_dir, tour):
    play_class(["who was ahiko"], tour=tour)
    with pytest.raises(ReviewError, match="none of the 1 sessions .* is of the tour 'lighthouse'"):
        gather(lighthouse, data_dir, cached_router(lighthouse))


def test_damaged_records_are_noted_and_the_rest_read(lighthouse, play_class, data_dir):
    [path] = play_class(["what is the name of the cat"])
    with path.open("a", encoding="utf-8") as f:
        f.write('{"type": "turn", "turn": 9, "input": "half a li')
    (data_dir / "empty.jsonl").write_text("not json at all\n", encoding="utf-8")
    review = gather(lighthouse, data_dir, cached_router(lighthouse))
    assert [g.question for g in review.groups] == ["what is the name of the cat"]
    assert any(f"{path}:" in note and "damaged line skipped" in note for note in review.notes)
    assert any("empty.jsonl" in note for note in review.notes), review.notes  # no session in it: said, not read


def test_a_topic_gone_since_the_class_is_noted(lighthouse, play_class, data_dir, script):
    from dataclasses import replace

    nodes = {**lighthouse.nodes, "gone": replace(lighthouse.nodes["cape"], id="gone")}
    then = replace(lighthouse, nodes=nodes)
    path, = play_class(["what is the name of the cat"], tour=lighthouse)
    text = path.read_text(encoding="utf-8").replace('"target": "cape"', '"target": "gone"')
    path.write_text(text, encoding="utf-8")
    review = gather(lighthouse, data_dir, cached_router(then))
    assert any("changed since the class: topic 'gone' is no longer in it" in note for note in review.notes)
    assert all(s.node in lighthouse.nodes for g in review.groups for s in g.suggested)


def test_a_question_answered_now_shows_the_passage_with_the_answer_marked(tour):
    """The teacher judges the answer it would give now: the passage, with the sentences
    that answer marked inside the quote's own span."""
    router = cached_router(tour)
    groups = group([asked("when did ahiko die"), asked("how do i fix my wifi")])
    questions.suggest(groups, tour, router)
    by_question = {g.question: g for g in groups}
    answered, declined = by_question["when did ahiko die"], by_question["how do i fix my wifi"]
    assert answered.now == "answer" and answered.now_quote is not None
    assert answered.now_quote.quote in [q.text for q in tour.nodes[answered.now_node].quotes]
    assert answered.now_quote.focus is not None
    start, end = answered.now_quote.focus
    assert answered.now_quote.start <= start < end <= answered.now_quote.end
    assert "2020" in answered.now_quote.parts()[1]
    assert declined.now != "answer" and declined.now_quote is None
