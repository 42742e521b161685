"""Small talk that never takes over, and knows the tour.

Phrasings written for these tests (none from a question set): a greeting or thanks
that opens a longer input, thanks and greetings in other words and languages, how a
class should ask, who wrote the text; and questions about the text that look like
small talk, which must stay questions.
"""

from __future__ import annotations

import pytest

from tour.engine.routing import Decision
from tour.engine.session import Session


@pytest.mark.parametrize("said, intent", [
    ("Hello! I'm a student from Almaty, may I ask you a few things?", "help"),
    ("good morning everyone, we are a history class", "hello"),
    ("hello, my name is Dana and I study history", "hello"),
    ("konnichiwa", "hello"),
    ("salem!", "hello"),
    ("arigato, thank you so much", "thanks"),
    ("rakhmet!", "thanks"),
    ("merci beaucoup", "thanks"),
    ("cheers for that, it helped a lot", "thanks"),
    ("thanks a lot. bye", "bye"),
    ("how do my pupils type their questions", "help"),
    ("who wrote this text?", "about"),
    ("who is the author of this article", "about"),
    ("surprise me", "topics"),
    # thanks or a goodbye anywhere in an input that asks nothing (the language's `partings`)
    ("really clear explanation, thank you", "thanks"),
    ("that was so sad, thanks", "thanks"),
    ("thanks, the winters there sound brutal", "thanks"),
    ("ok I have to leave now, bye", "bye"),
    # a smiley after a greeting or thanks changes nothing
    ("hello :)", "hello"), ("Good afternoon :-)", "hello"), ("many thanks :)", "thanks"), ("thank you!! :D", "thanks"),
])
def test_small_talk_in_many_forms(router, said, intent):
    route = router.route(said)
    assert (route.decision, route.chat) == (Decision.CHAT, intent), route


@pytest.mark.parametrize("question", [
    "hello, who was ahiko tetsuro?",
    "Hi - what did the prisoners eat?",
    "thank you, and where did they work?",
    "where did the stone for the road come from",
    "who wrote the letter",
])
def test_a_question_is_never_taken_for_small_talk(router, question):
    route = router.route(question)
    assert route.decision != Decision.CHAT, route
    assert route.best is not None


def test_who_wrote_it_is_answered_from_the_tours_source(tour, router):
    reply = Session(tour, router).ask("who wrote this text?")
    assert reply.kind == "chat" and tour.source.info.title in reply.text


@pytest.mark.parametrize("greeted", ["Hello! Who was Ahiko Tetsuro?", "hi :) who was Ahiko Tetsuro?",
                                     "thanks! who was ahiko tetsuro", "who was ahiko tetsuro, thanks"])
def test_an_opening_greeting_leaves_the_question_to_be_answered_as_asked(router, greeted):
    """A greeting or thanks before or after a question (a smiley too) changes nothing."""
    plain = router.route("who was ahiko tetsuro?")
    route = router.route(greeted)
    assert route.decision == plain.decision and route.best == plain.best, greeted
    assert route.decision != Decision.CHAT


def test_thanks_before_a_question_without_a_question_mark_leaves_the_question(router):
    assert router.route("thank you, and what did he do after the camp").decision != Decision.CHAT


@pytest.mark.parametrize("question", [
    "when was it finished?",
    "why were they done so early",
    "where did everyone go later?",
])
def test_a_question_word_keeps_a_question_out_of_goodbyes(mini_router, question):
    """On a small tour whose text lacks the other words, "when was it finished?" shares
    only "finished" with "I'm finished": its question word asks something of the text."""
    route = mini_router.route(question)
    assert route.decision != Decision.CHAT, route


@pytest.mark.parametrize("said", ["I'm finished", "ok bye", "that's all, thanks"])
def test_goodbyes_without_a_question_word_stay_small_talk(mini_router, said):
    assert mini_router.route(said).decision == Decision.CHAT
