"""The Session: navigation, choices, context, the testimony in order."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tour.engine.reply import Reply
from tour.engine.session import Session


def paragraphs(reply):
    return {c.paragraph for c in reply.citations}


def test_welcome_offers_choices(mini_session):
    reply = mini_session.welcome()
    assert reply.intent == "welcome" and reply.choices
    assert reply.content_note == "A storm and hunger."


def test_numbered_choice_follows_the_last_reply(mini_session):
    mini_session.welcome()
    reply = mini_session.ask("1")
    assert reply.node == "cape"
    reply = mini_session.ask("1")
    assert reply.node == "keepers-shifts"


def test_a_choice_out_of_range_is_explained(mini_session):
    mini_session.welcome()
    reply = mini_session.ask("9")
    assert reply.kind == "chat" and "no choice 9" in reply.text
    assert mini_session.ask("1").node == "cape"  # nothing was lost


def test_next_walks_the_chapters_in_reading_order(mini_session):
    assert mini_session.goto("cape").node == "cape"
    assert mini_session.ask("next").node == "photo"
    assert mini_session.ask("next").node == "keepers-shifts"


def test_back_returns_to_the_previous_topic(mini_session):
    mini_session.goto("cape")
    mini_session.goto("keepers-food")
    assert mini_session.ask("back").node == "cape"
    assert mini_session.ask("back").kind == "chat"  # nothing before


def test_sequence_plays_in_order_forward_and_back(mini_session):
    first = mini_session.open_chapter("storm")
    assert first.node == "storm-landing" and (first.step.index, first.step.total) == (1, 3)
    assert first.content_note == "Hunger."
    assert mini_session.ask("next").node == "storm-memory"
    assert mini_session.ask("back").node == "storm-landing"
    assert mini_session.ask("next").node == "storm-memory"
    assert mini_session.ask("next").node == "storm-rebuilt"
    end = mini_session.ask("next")
    assert end.intent == "sequence-end" and mini_session.sequence is None
    assert end.chapter == end.chapter_ended == "storm"


def test_a_topic_chapter_ends_once_when_all_its_topics_are_seen(mini_session):
    assert mini_session.goto("cape").chapter_ended is None
    assert mini_session.goto("photo").chapter_ended == "cape"
    assert mini_session.goto("cape").chapter_ended is None  # it ended already
    assert mini_session.goto("storm-landing").chapter_ended is None  # a sequence ends at its end
    mini_session.restart()
    mini_session.goto("photo")
    assert mini_session.goto("cape").chapter_ended == "cape"  # a new run through the tour


def test_a_question_mid_sequence_is_a_detour_and_next_resumes(mini_session):
    mini_session.open_chapter("storm")
    mini_session.ask("next")  # step 2
    detour = mini_session.ask("where was the lighthouse")
    assert detour.node == "cape" and detour.detour
    assert detour.choices[0].target == "@next" and "step 3 of 3" in detour.choices[0].label
    assert mini_session.ask("next").node == "storm-rebuilt"


def test_leaving_a_sequence(mini_session):
    mini_session.open_chapter("storm")
    reply = mini_session.ask("stop")
    assert reply.intent == "leave" and mini_session.sequence is None


def test_chapters_restart_and_help(mini_session):
    chapters = mini_session.ask("chapters")
    assert [c.target for c in chapters.choices] == ["@chapter:cape", "@chapter:keepers", "@chapter:storm"]
    mini_session.ask("2")
    assert mini_session.visited
    assert mini_session.ask("restart").intent == "restart" and not mini_session.visited
    assert "next" in mini_session.ask("help").text


def test_tell_me_more_follows_the_topic(mini_session):
    mini_session.goto("keepers-shifts")
    assert mini_session.ask("tell me more").node == "keepers-food"


def test_fallback_offers_nearest_passages(mini_session):
    reply = mini_session.ask("did the keepers have a dog called Rex")
    assert (reply.kind, reply.intent) == ("fallback", "fallback")
    assert reply.text.startswith("The text does not answer that")
    assert reply.choices[0].target.id.startswith("keepers-")  # the keepers' passages come closest
    reply = mini_session.ask("What is the capital of France?")
    assert reply.kind == "fallback" and reply.text.startswith("The text does not cover that")
    assert [c.target for c in reply.choices] == ["cape"]  # nothing is close: where the tour starts


def test_an_unanswered_question_says_the_text_is_silent_and_quotes_what_it_does_say(mini_session):
    reply = mini_session.ask("how much did they pay the keepers")
    assert (reply.kind, reply.intent) == ("fallback", "unanswered")
    assert "does not say" in reply.text
    nearest = mini_session.tour.nodes[reply.node]
    assert f"*{nearest.title}*" in reply.text  # the nearest passage, named ...
    assert [c.quote for c in reply.citations] == [q.text for q in nearest.quotes]  # ... and quoted
    assert reply.choices and all(c.target != nearest.id for c in reply.choices)  # others are offered
    assert reply.to_dict()["intent"] == "unanswered"


def test_listeners_hear_every_reply_once(mini_session):
    heard = []
    mini_session.listeners.append(heard.append)
    replies = [mini_session.welcome(), mini_session.ask("1"), mini_session.ask("next"),
               mini_session.open_chapter("storm")]
    assert heard == replies


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("text, kind, intent", [
    ("", "chat", "empty"), ("   ", "chat", "empty"), ("\t\n", "chat", "empty"),
    ("\x00\x01\x02", "chat", "empty"),
    ("x" * 100_000, "fallback", "fallback"), ("\x1b[31mred\x1b[0m", "fallback", "fallback"),
    ("🙂🙃 emoji?", "fallback", "fallback"), ("מה קרה לאחיקו", "fallback", "fallback"),
    ("ما هو معسكر سباسكي", "fallback", "fallback"), ("[bold]hi[/]", "fallback", "fallback"),
    ("[/]", "fallback", "fallback"), ("[link=https://x]y[/link]", "fallback", "fallback"),
    ("0", "chat", "no-such-choice"), ("999", "chat", "no-such-choice"),
], ids=["empty", "spaces", "white-space", "nul", "huge", "escape-codes", "emoji", "hebrew",
        "arabic", "markup", "markup-close", "markup-link", "choice-0", "choice-999"])
def test_hard_inputs_are_declined_or_explained_and_keep_the_choices(session, text, kind, intent):
    offered = session.welcome().choices
    reply = session.ask(text)
    assert (reply.kind, reply.intent) == (kind, intent)
    assert reply.choices == offered or kind == "fallback" and reply.choices
    # The input is recorded as read: control characters dropped, at most 2,000 characters.
    assert not CONTROL.search(reply.input) and len(reply.input) <= 2000


@pytest.mark.parametrize("text", ["-1", "1.5"])
def test_a_number_that_is_no_choice_number_is_not_taken_for_one(session, text):
    session.welcome()
    assert session.ask(text).intent not in ("choice", "no-such-choice")


def test_a_numbered_choice_may_be_written_with_a_hash(session):
    second = session.welcome().choices[1]
    assert session.ask("#2").node == second.target.id


# -- invariants over whole sessions ---------------------------------------------------------
COMMANDS = ["next", "back", "more", "chapters", "restart", "help", "stop", "ok", "tell me more",
            "what happened next?", "thanks"]


def inputs(tour):
    """A reader's inputs: commands, the tour's own example questions, choice numbers
    (some out of range), and any text at all."""
    examples = sorted({e for node in tour.nodes.values() for e in node.examples})
    return st.one_of(st.sampled_from(COMMANDS), st.sampled_from(examples),
                     st.integers(0, 12).map(str), st.text(max_size=40))


def check_reply(tour, session: Session, reply: Reply) -> None:
    """What holds of every reply: its citations are the source's text where they say;
    every choice leads somewhere that exists; a chapter that ends really has; the
    reply reads back from its session-file shape unchanged."""
    for c in reply.citations:
        assert tour.source.paragraph(c.paragraph).text[c.start:c.end] == c.quote
        assert c.source == tour.source.info.title
    for choice in reply.choices:
        target = choice.target
        if target.kind == "node":
            assert target.id in tour.nodes
        elif target.kind == "chapter":
            assert tour.chapter(target.id).nodes
    if reply.kind == "answer":
        assert reply.node in tour.nodes and reply.citations
    if reply.chapter_ended is not None:
        chapter = tour.chapter(reply.chapter_ended)
        assert (reply.intent == "sequence-end") if chapter.sequence else set(chapter.nodes) <= session.visited
    assert Reply.from_dict(reply.to_dict()).to_dict() == reply.to_dict()


def play_at_random(tour, router, data) -> None:
    """Play inputs, picking an offered choice now and then; replay them all in a fresh
    session and get the same replies."""
    session, said, replies = Session(tour, router), [], []
    replies.append(session.welcome())
    for text in data.draw(st.lists(inputs(tour), max_size=8), label="inputs"):
        said.append(text)
        replies.append(session.ask(text))
        check_reply(tour, session, replies[-1])
        offered = replies[-1].choices
        if offered and data.draw(st.booleans(), label="pick a choice"):
            number = data.draw(st.integers(1, len(offered)), label="choice")
            target = offered[number - 1].target
            said.append(str(number))
            replies.append(session.ask(str(number)))
            picked = replies[-1]
            check_reply(tour, session, picked)
            assert picked.intent != "no-such-choice"
            if target.kind == "node":
                assert picked.node == target.id
            elif target.kind == "chapter":
                assert picked.node == tour.chapter(target.id).nodes[0]
            elif target.kind in ("chapters", "leave"):
                assert picked.intent == target.kind
    again = Session(tour, router)
    assert [again.welcome(), *(again.ask(text) for text in said)] == replies


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_sessions_on_the_bundled_tour_keep_their_invariants(tour, router, data):
    play_at_random(tour, router, data)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_sessions_on_the_mini_tour_keep_their_invariants(mini, mini_router, data):
    play_at_random(mini, mini_router, data)


def test_testimony_plays_every_step_in_order(tour, router):
    [testimony] = tour.sequences
    session = Session(tour, router)
    seen = [session.open_chapter(testimony.id).node]
    for _ in range(len(testimony.nodes) - 1):
        reply = session.ask("next")
        assert reply.step.total == len(testimony.nodes)
        seen.append(reply.node)
    assert seen == list(testimony.nodes)
    assert session.ask("next").intent == "sequence-end"


def test_what_happened_next_inside_the_testimony_goes_on(tour, router):
    [testimony] = tour.sequences
    session = Session(tour, router)
    session.open_chapter(testimony.id)
    assert session.ask("what happened to him next?").node == testimony.nodes[1]


@pytest.mark.parametrize("nonsense", ["xyzzy plugh", "who won the world cup", "write me a poem about the sea"])
def test_off_topic_after_a_topic_is_still_declined(session, nonsense):
    session.ask("what did the prisoners build in almaty")
    assert session.ask(nonsense).kind == "fallback"


def test_what_else_moves_on_from_the_last_topic(session, tour):
    first = session.ask("tell me about the school with the spheres")
    other = session.ask("what else did they put up besides that?")
    assert other.kind == "answer" and other.node != first.node
    assert other.node in tour.node(first.node).next


def test_a_listed_unanswered_question_asked_in_other_words(session, tour):
    """The script lists "what was ahiko's mother's name"; asked in other words, the
    reader hears that the text does not say, and is pointed at passages about Ahiko,
    not at whatever shares the word 'name'."""
    reply = session.ask("what was the name of Ahiko's mother?")
    assert (reply.kind, reply.intent) == ("fallback", "unanswered")
    nearest = [tour.node(c.target) for c in reply.choices]
    about_ahiko = [n.chapter == "ahiko" or any("Ahiko" in q.text for q in n.quotes) for n in nearest]
    assert nearest and all(about_ahiko[:2])


def test_thanks_after_a_topic_is_thanks_not_the_passage_again(session):
    session.goto("legacy-japanese-road")
    for said in ("thank you so much for that", "thanks, that was interesting"):
        reply = session.ask(said)
        assert (reply.kind, reply.intent) == ("chat", "thanks"), said
    # a question after the thanks is still a question
    assert session.ask("thanks! when was it built?").kind != "chat"


def test_courtesy_around_a_command_and_a_bare_ok(mini_session):
    mini_session.goto("keepers-shifts")
    assert mini_session.ask("thanks, tell me more").node == "keepers-food"
    mini_session.goto("cape")
    assert mini_session.ask("ok next please").intent == "next"
    reply = mini_session.ask("ok")
    assert (reply.kind, reply.intent) == ("chat", "ack")  # not the last passage again
    mini_session.goto("storm-landing")  # in the testimony, "ok" goes on
    assert mini_session.ask("yes").node == "storm-memory"


@pytest.mark.parametrize("reaction", ["interesting", "wow!", "that's sad", "lol", "really?", "oh, that is so cool",
                                      "thats actually really impressive", "yeah that makes sense", "it was terrible"])
def test_a_reaction_asks_nothing_and_shows_no_passage(session, reaction):
    """A reader reacting to what they read asks nothing: no passage is shown as an answer."""
    session.goto("camps-hardest-labour")
    reply = session.ask(reaction)
    assert (reply.kind, reply.intent) == ("chat", "ack"), reaction
    assert not reply.citations


@pytest.mark.parametrize("remark", ["no way", "ok got it", "never heard of this before"])
def test_a_remark_on_the_passage_just_shown_is_acknowledged_not_shown_again(session, remark):
    """A remark that leans on the last passage and asks nothing: the passage is not
    quoted again (a question about it would be, and a search for its name)."""
    session.goto("camps-hardest-labour")
    reply = session.ask(remark)
    assert (reply.kind, reply.intent) == ("chat", "ack"), remark


@pytest.mark.parametrize("text", ["is it still standing", "and after that", "tell me about it again"])
def test_a_question_without_a_question_mark_is_no_remark(router, text):
    q = router.analyse(text)
    assert q.asks and not q.acknowledges


@pytest.mark.parametrize("text", ["that road", "it was 1949", "this is ahiko", "that is the japanese road",
                                  "it was dangerous?", "that makes what", "how heavy"])
def test_a_statement_or_question_with_a_noun_or_a_question_mark_is_no_reaction(router, text):
    """A reaction's last word is an adjective (the language's parts of speech), and a
    question is no reaction however it is worded."""
    assert not router.analyse(text).acknowledges


def test_a_reaction_in_the_testimony_goes_on_and_a_bare_question_word_stays_a_question(mini_session):
    mini_session.goto("storm-landing")
    assert mini_session.ask("wow").node == "storm-memory"
    mini_session.goto("keepers-shifts")
    assert mini_session.ask("how?").intent != "ack"


def test_what_the_text_touches_is_answered_not_exactly_and_what_it_lacks_declined(mini_session):
    """The text speaks of the landing but not of its colour: the guide says so and quotes
    the passage on the landing, a non-answer (kind 'fallback'); of the keepers' feelings it
    says nothing: declined, with the nearest topics offered."""
    near = mini_session.ask("what colour was the boat landing painted")
    far = mini_session.ask("were the keepers lonely on the cape")
    assert near.kind == far.kind == "fallback"
    assert (near.intent, far.intent) == ("not-exactly", "fallback")
    assert near.text.startswith("The text does not say exactly that")
    assert near.node == "storm-landing" and near.citations and "landing" in near.citations[0].quote
    assert far.text.startswith("The text does not answer that") and not far.citations and far.choices


def test_the_footnote_note_is_the_languages_and_survives_the_session_file(session):
    """A quote whose original cites a reference carries the tour's sentence (the bundled
    script rewords the language's); replies recorded before the field existed get the
    English language's."""
    from tour.blocks import FootnoteNote, reply_blocks
    from tour.engine.language import english_language

    reply = next(r for r in map(session.goto, session.tour.nodes) if any(c.footnote for c in r.citations))
    note = session.tour.language.message("footnote")
    english = english_language().message("footnote")
    assert note.startswith("The original article") and note != english
    assert reply.footnote_note == note and f"*{note}*" in reply.text
    assert [b.text for b in reply_blocks(reply) if isinstance(b, FootnoteNote)] == [note] * sum(
        c.footnote for c in reply.citations)
    assert Reply.from_dict(reply.to_dict()) == reply
    older = {k: v for k, v in reply.to_dict().items() if k != "footnote_note"}
    assert Reply.from_dict(older, footnote_note=english).footnote_note == english
    from tour.records.store import Turn

    assert Turn.from_record({**older, "turn": 1}).footnote_note == english
    plain = next(r for r in map(session.goto, session.tour.nodes) if r.citations and not any(
        c.footnote for c in r.citations))
    assert plain.footnote_note == "" and not any(isinstance(b, FootnoteNote) for b in reply_blocks(plain))


@pytest.mark.parametrize(("question", "need"), [
    ("in what year did the keepers start growing potatoes", "a year"),
    ("how many goats did the keepers keep", "a number"),
])
def test_a_question_for_a_year_or_a_number_the_passage_lacks_is_answered_not_exactly(mini, question, need):
    """The passage on the keepers' food speaks of potatoes and goats but gives no year and
    no number: the guide says which it lacks and quotes the passage as what the text does
    say; with the language's needs switched off, the passage was shown as the answer."""
    from tour.cache import english
    from tour.engine.routing import MODEL, Router

    reply = Session(mini, Router(mini, english())).ask(question)
    assert (reply.kind, reply.intent, reply.node) == ("fallback", "not-exactly", "keepers-food")
    assert reply.text.startswith(f"The text does not give {need} for that")
    assert reply.citations and "potatoes" in reply.citations[0].quote
    before = Session(mini, Router(mini, english(), model=MODEL.without("needs"))).ask(question)
    assert (before.kind, before.node) == ("answer", "keepers-food")


@pytest.mark.parametrize(("question", "node"), [
    ("in what year was the boat landing rebuilt", "storm-rebuilt"),
    ("how many keepers lived in the tower", "keepers-shifts"),
])
def test_a_question_for_a_year_or_a_number_the_passage_gives_is_answered(mini_session, question, node):
    reply = mini_session.ask(question)
    assert (reply.kind, reply.node) == ("answer", node)
