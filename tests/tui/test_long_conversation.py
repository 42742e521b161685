"""A long conversation: few widgets, every message still there as it was shown.

Only the messages within a few views of the view are widgets; scrolling back (PageUp,
Home) builds the others again. These tests play one conversation twice, with and
without letting go of messages, and compare what each message shows.
"""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

import tour.tui.widgets.conversation as conversation_module
from tour.tui.widgets.conversation import ChoiceList, CitationLine, GuideMessage
from tour.tui.widgets.source_view import SourceView

from .test_conversation import ask

SMALL_SIZE = (60, 18)
"""A small terminal: a view of a few lines, so messages are let go early."""
INPUTS = ["who was ahiko", "next", "when did the spassky camp open", "1", "japanese", "1",
          "what happened to the graves", "pizza recipes", "next", "2",
          "A boy from a fishing family", "next", "when did the spassky camp open", "1"]


def shows(message: Widget) -> list:
    """What a message shows: its kind and classes, and each piece of text in order,
    with its choices and whether they can still be picked."""
    seen: list = [type(message).__name__, sorted(message.classes - {"message"})]

    def visit(widget: Widget) -> None:
        for child in widget.children:
            if isinstance(child, ChoiceList):
                seen.append(("choices", [str(o.prompt) for o in child.options], child.disabled))
            elif isinstance(child, Markdown):
                seen.append(("markdown", child.source))
            elif isinstance(child, Button):
                seen.append(("button", str(child.label)))
            elif isinstance(child, Static):
                seen.append((sorted(child.classes), child.render().plain))
            else:
                seen.append(type(child).__name__)
                visit(child)

    visit(message)
    return seen


def built(app) -> dict[int, list]:
    """What each message built now shows, by its place in the conversation."""
    conversation = app.screen.conversation
    return {index: shows(said.widget) for index, said in enumerate(conversation.said)
            if said.widget is not None}


def check_built(conversation) -> None:
    """The messages built are said[first:end], in order, and the only ones built."""
    built_now = [i for i, said in enumerate(conversation.said) if said.widget is not None]
    assert built_now == list(range(conversation.first, conversation.end))
    assert [s.widget for s in conversation.said[conversation.first:conversation.end]] == list(
        conversation.children)


def at_top(conversation) -> tuple[Widget, int]:
    """The message at the top of the view, and the screen row it begins on."""
    widget = next(w for w in conversation.children if w.region.bottom > conversation.region.y)
    return widget, widget.region.y


async def play(pilot) -> None:
    pilot.app.animation_level = "none"
    for text in INPUTS:
        await ask(pilot, text)
    await pilot.pause()


async def every_message_at_once(make_app) -> list[list]:
    """What each message shows when none is ever let go."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conversation_module, "KEEP_SCREENS", 10_000)
        app = make_app()
        async with app.run_test(size=SMALL_SIZE) as pilot:
            await play(pilot)
            conversation = app.screen.conversation
            assert len(conversation.children) == len(conversation.said)
            return [shows(message) for message in conversation.children]


async def test_scrolling_back_shows_every_message_as_it_was(make_app):
    """A long conversation keeps few widgets; PageUp to the start and PageDown to the
    end again show every message as it is shown with all of them built: step labels
    and the current step's marker, quotes, citations, choices (inert but the newest)."""
    expected = await every_message_at_once(make_app)
    app = make_app()
    async with app.run_test(size=SMALL_SIZE) as pilot:
        await play(pilot)
        conversation = app.screen.conversation
        assert len(conversation.said) == len(expected) > 30
        assert len(conversation.children) < len(expected) / 2, "older messages let go"
        seen = built(app)
        page = conversation.scrollable_content_region.height
        for key in ["pageup"] * 80:
            if conversation.first == 0 and conversation.scroll_y == 0:
                break
            top, row = at_top(conversation)
            await pilot.press(key)
            await pilot.pause()
            seen.update(built(app))
            check_built(conversation)
            if conversation.scroll_y > 0:
                assert top.region.y == row + page, "a page up, from where the view was"
        assert conversation.first == 0 and conversation.scroll_y == 0, "PageUp reached the start"
        assert [seen.get(i) for i in range(len(expected))] == expected
        seen = built(app)
        for key in ["pagedown"] * 80:
            if conversation.at_newest and conversation.scroll_y == conversation.max_scroll_y:
                break
            top, row = at_top(conversation)
            await pilot.press(key)
            await pilot.pause()
            seen.update(built(app))
            check_built(conversation)
            if conversation.scroll_y < conversation.max_scroll_y:
                assert top.region.y == row - page, "a page down, from where the view was"
        assert conversation.at_newest, "PageDown reached the newest message"
        assert [seen.get(i) for i in range(len(expected))] == expected
        await pilot.pause()
        assert len(conversation.children) < len(expected) / 2, "and let go of the start"


async def test_home_end_and_a_question_asked_at_the_start(make_app):
    """Home shows the welcome at the top; End the newest reply at the bottom, its
    choices live; a citation clicked in a message built again opens the source; a
    question asked while the start is shown builds the newest again, and follows."""
    app = make_app()
    async with app.run_test(size=SMALL_SIZE) as pilot:
        await play(pilot)
        conversation = app.screen.conversation
        for key in ("home", "end", "home"):
            await pilot.press(key)
            await pilot.pause()
            if key == "home":
                first = conversation.children[0]
                assert isinstance(first, GuideMessage) and first.reply.intent == "welcome"
                assert conversation.scroll_y == 0 and first.region.y == conversation.region.y + 1
                assert not conversation.at_newest
            else:
                newest = conversation.children[-1]
                assert isinstance(newest, GuideMessage) and conversation.at_newest
                assert conversation.scroll_y == conversation.max_scroll_y
                assert not newest.query_one(ChoiceList).disabled
        line = conversation.query(CitationLine).first()
        conversation.scroll_to_widget(line, animate=False)
        await pilot.pause()
        await pilot.click(line)
        await pilot.pause()
        view = app.screen.query_one(SourceView)
        assert app.screen.panel == "source" and view.display
        assert view.cited == line.citation.paragraph
        await pilot.press("escape")
        await ask(pilot, "who was ahiko")
        await pilot.pause()
        assert conversation.at_newest
        assert conversation.children[-1].reply.input == "who was ahiko"
        asked = conversation.children[-2]
        assert conversation.scroll_y == conversation.max_scroll_y or (
            asked.region.y == conversation.region.y + 1), "the reply follows, from its question"


async def test_keys_and_the_wheel_faster_than_the_screen(make_app):
    """PageUp pressed again and again without waiting, the mouse wheel turned meanwhile,
    then End: the messages built stay in order, and the newest comes back at the bottom."""
    app = make_app()
    async with app.run_test(size=SMALL_SIZE) as pilot:
        await play(pilot)
        conversation = app.screen.conversation
        await pilot.press(*["pageup"] * 12)
        for _ in range(6):
            conversation.scroll_up(animate=False)
            await pilot.press("pageup")
        await pilot.pause()
        check_built(conversation)
        assert conversation.first < len(conversation.said) - 12
        await pilot.press(*["pagedown"] * 6, "end")
        await pilot.pause()
        check_built(conversation)
        assert conversation.at_newest and conversation.scroll_y == conversation.max_scroll_y
