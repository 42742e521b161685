"""Focus and keys as keyboard users expect them; paste; the help built from the bindings."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.color import Color

from tour.tui.paste import PasteParser
from tour.tui.screens.help import HelpScreen, help_rows
from tour.tui.screens.lesson import LessonScreen
from tour.tui.screens.tour import TourScreen
from tour.tui.widgets.chapter_map import ChapterMap
from tour.tui.widgets.conversation import ChoiceList, UserMessage
from tour.tui.widgets.question import MAX_QUESTION

from .conftest import SIZE
from .test_conversation import ask, guide


async def into_map(pilot) -> ChapterMap:
    await pilot.press("f2")
    await pilot.pause()
    chapter_map = pilot.app.screen.query_one(ChapterMap)
    assert pilot.app.screen.focused is chapter_map
    return chapter_map


# -- printable keys reach the question box ------------------------------------------------
@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["wide", "narrow"])
async def test_a_question_typed_in_the_map_is_asked(make_app, size):
    """With the focus in the map, "what did they eat" + Enter is one question, answered."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await into_map(pilot)
        await pilot.press(*"who was ahiko", "enter")
        await pilot.pause()
        assert app.screen.focused is app.screen.question
        assert guide(app).reply.node == "ahiko-youth"
        assert app.screen.query(UserMessage).last().text == "who was ahiko"


async def test_a_burst_typed_in_the_map_arrives_whole_and_in_order(make_app):
    """Keys come faster than the screen settles (a terminal delivers a burst): the focus
    moves to the question box as the first arrives, so none overtakes another."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await into_map(pilot)
        for key in [*"who was ahiko", "enter"]:
            app.post_message(events.Key("space" if key == " " else key,
                                        "\r" if key == "enter" else key))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query(UserMessage).last().text == "who was ahiko"
        assert guide(app).reply.node == "ahiko-youth"


@pytest.mark.parametrize("where", ["map", "choices"])
async def test_single_keys_elsewhere_are_letters_for_the_question(make_app, where):
    """q does not quit and 2 does not pick from the map or a choice list: both are typed."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        if where == "map":
            await into_map(pilot)
        else:
            app.screen.query(ChoiceList).last().focus()
        await pilot.press("q", "2")
        await pilot.pause()
        assert app.is_running
        assert app.screen.question.value == "q2" and app.screen.focused is app.screen.question
        assert guide(app).reply.intent == "welcome", "no choice was picked"


async def test_the_map_keeps_its_own_keys(make_app):
    """Enter in the map goes where the cursor is; Space there is nothing to type."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chapter_map = await into_map(pilot)
        await pilot.press("space")
        assert app.screen.question.value == "" and guide(app).reply.intent == "welcome"
        chapter_map.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        option = chapter_map.get_option_at_index(chapter_map.highlighted)
        assert option.id == f"node:{guide(app).reply.node}"


async def test_f2_into_the_map_escape_back(make_app):
    """F2 moves the focus into the map (showing it if hidden); Escape returns it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("f2", "f2")
        assert screen.has_class("-map-hidden") and screen.focused is screen.question
        await into_map(pilot)
        assert not screen.has_class("-map-hidden")
        await pilot.press("escape")
        assert screen.focused is screen.question and not screen.has_class("-map-hidden")


async def test_f2_with_the_source_open_in_a_medium_terminal(make_app):
    """Below 150 columns the map steps aside for the source: F2 closes the source and
    the focus goes into the map."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f3")
        await pilot.pause()
        assert screen.has_class("-medium") and screen.source_shown()
        await pilot.press("f2")
        await pilot.pause()
        assert not screen.source_shown() and screen.focused is screen.chapter_map
        assert screen.query_one("#map").display


# -- the focus is always visible ------------------------------------------------------------
@pytest.mark.parametrize("target", ["#question", "#map", ChoiceList, ".paragraphs"])
async def test_the_focused_widget_wears_the_themes_focus_border(make_app, target):
    """Whatever has the focus is drawn with the theme's focus colour ($border)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        if target == ".paragraphs":
            await pilot.press("f3")
            await pilot.pause()
        widget = app.screen.query(target).last()
        widget.focus()
        await pilot.pause()
        focus_colour = Color.parse(app.theme_variables["border"])
        edges = [widget.styles.border_left, widget.styles.border_top]
        assert any(kind and colour == focus_colour for kind, colour in edges), edges
        app.screen.query_one("#question" if target != "#question" else "#map").focus()
        await pilot.pause()
        assert not any(kind and colour == focus_colour
                       for kind, colour in [widget.styles.border_left, widget.styles.border_top])


# -- paging through the conversation from the question box --------------------------------
async def test_page_keys_scroll_the_conversation(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ("who was ahiko", "when did the spassky camp open", "what happened to the graves"):
            await ask(pilot, question)
        conversation = app.screen.conversation
        await pilot.pause()
        bottom = conversation.scroll_y
        assert bottom > 0 and app.screen.focused is app.screen.question
        await pilot.press("pageup")
        await pilot.pause()
        assert conversation.scroll_y < bottom
        await pilot.press("home")
        await pilot.pause()
        assert conversation.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert conversation.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert conversation.scroll_y == conversation.max_scroll_y


async def test_home_and_end_move_the_cursor_in_a_question(make_app):
    """In a question Home and End are the cursor's; Ctrl+Home scrolls all the same."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "who was ahiko")
        await ask(pilot, "when did the spassky camp open")
        conversation, box = app.screen.conversation, app.screen.question
        await pilot.press(*"how")
        await pilot.press("home")
        assert box.cursor_position == 0 and conversation.scroll_y == conversation.max_scroll_y
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert conversation.scroll_y == 0 and box.value == "how"


# -- paste -------------------------------------------------------------------------------------
async def test_a_paste_goes_in_whole_at_the_cursor(make_app):
    """"abc<ESC>def" over "x|y" is "xabc␛defy"; line breaks become spaces."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.question
        await pilot.press("x", "y", "left")
        box.post_message(events.Paste("abc\x1bdef\nnext\x07line"))
        await pilot.pause()
        assert box.value == "xabc\u241bdef next\u2407liney"
        assert box.cursor_position == len("xabc\u241bdef next\u2407line")


async def test_a_paste_over_the_limit_is_cut_with_a_note(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.question.post_message(events.Paste("where " * 500))
        await pilot.pause()
        assert len(app.screen.question.value) == MAX_QUESTION == 2000
        assert [n.message for n in app._notifications] == [
            "Pasted text cut to 2,000 characters: a question holds 2,000 at most."]


def parse(chunks: list[str]) -> list[tuple[str, str]]:
    """What PasteParser makes of input read in these chunks."""
    parser = PasteParser()
    tokens = [t for chunk in chunks for t in parser.feed(chunk)]
    return [("Paste", t.text) if isinstance(t, events.Paste) else ("Key", t.key) for t in tokens]


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.sampled_from("ab \x1b\x07[~0;\n"), max_size=30),
       cuts=st.lists(st.integers(0, 50), max_size=4))
def test_a_bracketed_paste_arrives_whole_however_it_is_read(text, cuts):
    """A paste with escape characters in it is one Paste event, in order, its escape
    characters ␛, however the terminal's bytes are split into reads."""
    stream = f"x\x1b[200~{text}\x1b[201~y"
    points = sorted({min(c, len(stream)) for c in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)]) if stream[a:b]]
    assert parse(chunks) == [("Key", "x"), ("Paste", text.replace("\x1b", "\u241b")), ("Key", "y")]


# -- help ----------------------------------------------------------------------------------
KEY_STYLE = re.compile(r"^((Ctrl|Shift|Alt)\+)*([a-z0-9?]|[A-Z]|F\d{1,2}|Esc|Space|Enter|Tab|"
                       r"PageUp|PageDown|Home|End|[\u2190-\u2193])$|^1-9$")


@pytest.mark.parametrize("screen_class", [TourScreen, LessonScreen])
def test_help_lists_each_thing_once_in_one_key_style(make_app, screen_class):
    app = make_app()
    bindings = [*screen_class.every_binding(), *type(app).BINDINGS]
    from tour.tui.widgets.question import QuestionInput

    rows = help_rows([*QuestionInput.BINDINGS, *bindings])
    descriptions = [what for _, what, _ in rows]
    assert len(descriptions) == len(set(descriptions)), descriptions
    for keys, _what, _ in rows:
        names = keys.split(", ")
        assert len(names) == len(set(names)), keys
        assert all(KEY_STYLE.match(name) for name in names), keys


async def test_help_shows_every_key_once(make_app):
    """F1 (or ? in an empty box) opens the keys: Tab and Ctrl+C once, no 'shift+tab'."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {what: (keys, when) for keys, what, when in app.screen.rows}
        assert rows["Quit"] == ("Ctrl+Q, q", "q from the empty question box")
        assert rows["Help"] == ("F1, ?", "? from the empty question box")
        assert rows["Pick a numbered choice"] == ("1-9", "from the empty question box")
        assert rows["Move the focus: map, choices, question box"][0] == "Tab"
        assert rows["Move the focus back"][0] == "Shift+Tab"
        assert rows["Copy the text selected with the mouse"][0] == "Ctrl+C"
        all_keys = [k for keys, _, _ in app.screen.rows for k in keys.split(", ")]
        assert all_keys.count("Tab") == 1 and all_keys.count("Ctrl+C") == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
