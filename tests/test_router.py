"""The router: normalising, aliases, typos, and the answer/clarify/fallback decision."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tour.engine.router import Router
from tour.engine.text import AliasTable, analyse, content_tokens, fold, stem


@pytest.mark.parametrize("raw, folded", [
    ("Ahiko\u2019s  LETTERS\u2014home!", "ahiko letters home"),
    ("\u00abJapanese Road\u00bb", "japanese road"),
    ("15,000 tons", "15000 tons"),
    ("  \t ", ""),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_stem_joins_plurals_and_irregular_forms():
    assert stem("prisoners") == stem("prisoner")
    assert stem("built") == stem("build")
    assert stem("died") == stem("death") == "die"
    assert stem("apartments") == stem("apartment")


def test_aliases_replace_every_variant_longest_first():
    table = AliasTable({"pow": ["prisoner of war", "POWs"], "karlag": ["Karaganda Corrective Labor Camp"]})
    assert content_tokens(table.apply(analyse("Prisoners of war at the Karaganda Corrective Labor Camp"))) == ["pow", "karlag"]


def test_mini_routes_answer_fallback_and_chat(mini):
    router = Router(mini)
    assert router.route("how long were the shifts of the keepers").best.node == "keepers-shifts"
    assert router.route("how long were the shifts of the keepers").decision == "answer"
    assert router.route("What is the capital of France?").decision == "fallback"
    route = router.route("hello there")
    assert route.decision == "chat" and route.chat == "hello"


def test_aliases_route_like_the_canonical_term(mini):
    router = Router(mini)
    assert router.route("where was the beacon tower").best.node == "cape"
    assert router.route("lightkeeper shifts").best.node == "keepers-shifts"


def test_typos_are_repaired_against_the_tour_vocabulary(mini):
    router = Router(mini)
    assert "potato" in router.understand("did they grow potatos")
    assert router.route("did they grow potatos").best.node == "keepers-food"


def test_a_short_input_cannot_score_high_against_a_long_example(router):
    for short in ("ab", "xy", "a", "it", "zz"):
        route = router.route(short)
        assert route.decision != "answer", (short, route)
        assert route.score < 60


@pytest.mark.parametrize("question, node", [
    ("Karaganda Corrective Labor Camp", None),  # the alias reaches the Karlag passages
    ("what was karlag", None),
])
def test_karlag_alias(router, tour, question, node):
    route = router.route(question)
    cited = {q.paragraph for q in tour.node(route.best.node).quotes}
    assert cited & {10, 12, 33, 40}


def test_context_is_used_for_a_follow_up(session, tour):
    first = session.ask("Where is the House of Scientists?")
    assert 26 in {c.paragraph for c in first.citations}
    follow = session.ask("when was it built?")
    assert 26 in {c.paragraph for c in follow.citations}


def test_routing_is_deterministic(router):
    a = [router.route(q) for q in ("who was ahiko", "japanese road", "food")]
    b = [router.route(q) for q in ("who was ahiko", "japanese road", "food")]
    assert a == b


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_routes_without_error(router, text):
    route = router.route(text)
    assert route.decision in ("answer", "clarify", "fallback", "chat")
    assert 0.0 <= route.score <= 100.0
    assert all(0.0 <= c.score <= 100.0 for c in route.candidates)


def test_how_many_is_not_answered_by_a_passage_without_numbers(router, tour):
    route = router.route("how many apartments are in the turksib workers house")
    assert route.decision == "fallback" or 29 not in {
        q.paragraph for q in tour.node(route.best.node).quotes}
    counted = router.route("how many tons of vegetables did the camp need")
    assert counted.decision == "answer"
    assert 21 in {q.paragraph for q in tour.node(counted.best.node).quotes}


def test_a_question_the_author_lists_as_unanswered_is_declined(mini):
    router = Router(mini)
    route = router.route("What were the names of the keepers?")
    assert route.decision == "fallback"
    assert route.unanswered == "what were the keepers' names"
    # the same topic's answerable questions are still answered
    assert router.route("how long were the shifts of the keepers").decision == "answer"
    # the tour's own list, for questions near no topic in particular
    assert router.route("When did they close the lighthouse down?").unanswered == (
        "when was the lighthouse closed down")


def test_without_unanswered_questions_nothing_is_declined_as_one(mini):
    from dataclasses import replace

    bare = replace(mini, unanswered=(), nodes={k: replace(n, unanswered=()) for k, n in mini.nodes.items()})
    route = Router(bare).route("What were the names of the keepers?")
    assert route.unanswered is None


def test_a_question_of_common_words_only_is_matched_to_an_example_whole(mini):
    router = Router(mini)
    route = router.route("What is this all about?")  # no topic word at all
    assert (route.decision, route.best.node) == ("answer", "cape")
    assert router.route("what is it").decision == "fallback"


def test_in_a_testimony_then_asks_for_a_later_step(mini):
    router = Router(mini)
    assert router.route("what happened to the landing?", last="storm-landing").best.node == "storm-landing"
    later = router.route("what happened to the landing after that?", last="storm-landing")
    assert later.best.node == "storm-rebuilt"


def test_a_bare_how_long_leans_on_the_last_topic(mini):
    router = Router(mini)
    assert "long" not in router._nodes["cape"].weights  # the topic never says "long"
    assert router.route("how long?", last="cape").followup
    assert not router.route("food?", last="cape").followup


def test_contractions_typed_without_an_apostrophe_are_function_words():
    assert content_tokens(analyse("you didnt fight, whats more he wasnt there")) == ["fight"]


@pytest.mark.parametrize("question, node", [
    ("What does NKVD stand for?", "camps-archive-letter"),   # People's Commissariat for Internal Affairs
    ("what is AZTM short for", "legacy-academy-plants"),     # Almaty Heavy Machinery Plant
    ("HPP abbreviation", "legacy-water-hpp"),                # hydroelectric power plants
])
def test_what_an_abbreviation_stands_for_goes_to_the_passage_that_spells_it_out(router, question, node):
    route = router.route(question)
    assert (route.decision, route.best.node) == ("answer", node)


def test_a_real_word_is_not_mended_into_another(mini):
    """Typos are mended; English words the tour does not use are left alone."""
    router = Router(mini)
    assert "potato" in router.understand("did they grow potatos")   # a typo
    assert "goat" not in router.understand("who gloats")            # a word, not a typo of "goats"
    assert "storm" in router.understand("a stormy winter")          # a longer form of a known word


def test_what_about_leans_on_the_last_topic(mini):
    router = Router(mini)
    assert router.route("what about the winter?", last="keepers-food").followup
    assert not router.route("the winter?", last="keepers-food").followup


def test_no_clarifying_between_topics_that_quote_the_same_paragraph(mini):
    from dataclasses import replace

    # Two topics on one paragraph (the keepers' shifts), asked about in the same words:
    # answering with either quotes the same passage, so there is nothing to ask.
    wicks = replace(mini.nodes["keepers-shifts"], id="keepers-wicks", title="Wicks and clock")
    strict = replace(mini.routing, answer=90.0, clear=90.0, clarify=50.0)  # in the clarify band
    tour = replace(mini, nodes={**mini.nodes, "keepers-wicks": wicks}, routing=strict)
    route = Router(tour).route("keepers trimming wicks")
    assert {c.node for c in route.candidates[:2]} == {"keepers-shifts", "keepers-wicks"}
    assert route.decision == "answer"


@pytest.mark.parametrize("question, last", [
    ("how long was their voyage?", "lead-maizuru-photo"),
    ("how long was its runway", "forgotten-khalkhin-photo"),
])
def test_a_follow_up_about_a_thing_the_tour_never_names_is_declined(router, question, last):
    """'How long' only tells the kind of question; 'voyage' is the topic, and the tour
    knows nothing of it, so the last topic must not answer for it."""
    assert router.route(question, last=last).decision == "fallback"
