"""Pilot tests: asking, choosing, clarifying, falling back, copying, literal input."""

from __future__ import annotations

from textual.widgets import Static

from tour.tui.widgets.conversation import ChoiceList, CitationLine, GuideMessage, UserMessage

from .conftest import SIZE


def guide(app) -> GuideMessage:
    """The newest guide message."""
    return app.screen.query(GuideMessage).last()


async def ask(pilot, text: str) -> None:
    """Type a question into the box and press Enter."""
    pilot.app.screen.question.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_welcome_offers_numbered_choices(make_app):
    """The welcome is the first message, with the tour's start topics as choices."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        message = guide(app)
        assert message.reply.intent == "welcome"
        assert [c.label for c in message.query_one(ChoiceList).choices] == [
            "What the article is about", "How the Spassky camp began"]
        assert app.screen.focused is app.screen.question


async def test_question_shows_reply_with_citation(make_app):
    """A question is echoed, then answered with the quote and its citation line."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"when did the spassky camp open", "enter")
        await pilot.pause()
        assert app.screen.query(UserMessage).last().text == "when did the spassky camp open"
        message = guide(app)
        assert message.reply.kind == "answer"
        assert message.reply.node == "spassky-founding"
        line = message.query_one(CitationLine)
        assert line.citation.paragraph == 4
        shown = str(line.render())
        assert "\u00b64" in shown and "The Spassky Camp" in shown and "(Qalam)" in shown
        footnote = message.query_one(".footnote", Static)
        assert "cites a reference" in str(footnote.render())
        assert app.screen.sub_title == "1 of 7 topics seen"


async def test_pick_choice_by_number(make_app):
    """Pressing 2 with an empty box follows the second choice and echoes its label."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert guide(app).reply.node == "spassky-founding"
        assert app.screen.query(UserMessage).last().text == "How the Spassky camp began"
        assert app.screen.question.value == ""


async def test_digits_are_typed_once_the_box_has_text(make_app):
    """A digit after other text is part of the question, not a choice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "space", "1", "9", "4", "1")
        await pilot.pause()
        assert app.screen.question.value == "a 1941"
        assert guide(app).reply.intent == "welcome"


async def test_number_beyond_the_choices_is_typed(make_app):
    """With two choices, 7 is not a choice: it goes into the box."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert app.screen.question.value == "7"


async def test_pick_choice_by_click(make_app):
    """Clicking a choice follows it; older choice lists are disabled."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one(ChoiceList)
        await pilot.click(first, offset=(4, 0))
        await pilot.pause()
        assert guide(app).reply.node == "intro"
        assert first.disabled
        assert app.screen.focused is app.screen.question


async def test_clarification_then_choice(make_app):
    """An ambiguous word asks which topic was meant; a number answers it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "japanese")
        message = guide(app)
        assert message.reply.kind == "clarify"
        assert message.has_class("-clarify")
        assert len(message.reply.choices) == 2
        await pilot.press("1")
        await pilot.pause()
        assert guide(app).reply.node == message.reply.choices[0].target


async def test_fallback_suggests_places_to_start(make_app):
    """A question the article does not answer gets a fallback with suggestions."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "pizza recipes")
        message = guide(app)
        assert message.reply.kind == "fallback"
        assert message.has_class("-fallback")
        assert message.query_one(ChoiceList).choices


async def test_markup_looking_input_is_shown_literally(make_app):
    """Markup, links and escape sequences typed by the reader are plain text."""
    text = "[bold]loud[/] [link=https://example.com]x[/link] [red]\x1b[31mred"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, text)
        bubble = app.screen.query(UserMessage).last().query_one(".bubble", Static)
        content = bubble.render()
        assert content.plain == text.replace("\x1b", "\u241b")
        assert not content.spans
        assert guide(app).reply.kind == "fallback"


async def test_history_recall_with_up_and_down(make_app):
    """Up walks back through earlier questions; Down returns to the draft."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("escape")
        await ask(pilot, "pizza recipes")
        box = app.screen.question
        await pilot.press("up")
        assert box.value == "pizza recipes"
        await pilot.press("up")
        assert box.value == "who was ahiko"
        await pilot.press("up")
        assert box.value == "who was ahiko"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_copy_latest_answer_with_citation(make_app):
    """F4 copies the latest answer: words, quote, citation line and URL."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        assert app.clipboard == ""
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f4")
        copied = app.clipboard
        assert copied.startswith("How the Spassky camp began")
        assert "\u201cThe Spassky Camp for POWs in Karaganda" in copied
        assert "\u2014 \u00b64 \u00b7 The Spassky Camp" in copied
        assert "https://qalam.global/" in copied


async def test_selected_text_copies_with_ctrl_c(make_app):
    """Text selected in the conversation is copied by Ctrl+C, even from the question box."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "when did the spassky camp open")
        quote = guide(app).query_one(".quote", Static)
        quote.text_select_all()
        await pilot.pause()
        assert app.screen.focused is app.screen.question
        await pilot.press("ctrl+c")
        assert app.clipboard.startswith("\u201cThe Spassky Camp for POWs in Karaganda")


async def test_q_quits_only_with_an_empty_box(make_app):
    """q types a letter inside a question; alone, it quits."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "q")
        assert app.screen.question.value == "aq"
        app.screen.question.clear()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
