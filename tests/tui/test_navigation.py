"""Pilot tests: chapter map, source view, testimony player, palette, sizes, content note."""

from __future__ import annotations

import re

import pytest

from tour.tui.screens.content_note import ContentNoteScreen
from tour.tui.screens.tour import TourScreen
from tour.tui.widgets.chapter_map import ChapterMap
from tour.tui.widgets.conversation import CitationLine, GuideMessage, UserMessage
from tour.tui.widgets.source_view import SourceParagraph, SourceView
from tour.tui.widgets.step_bar import StepBar

from .conftest import SIZE
from .test_conversation import ask, guide


def prompt_text(chapter_map: ChapterMap, option_id: str) -> str:
    """What the map shows for one option, as plain text."""
    from rich.console import Console

    console = Console(width=60, record=True)
    console.print(chapter_map.get_option(option_id).prompt)
    return console.export_text()


async def test_chapter_map_jumps_and_marks_visited(make_app):
    """Selecting a topic in the map goes there; the map marks it seen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chapter_map = app.screen.query_one(ChapterMap)
        chapter_map.focus()
        chapter_map.highlighted = chapter_map.get_option_index("node:spassky-memorial")
        await pilot.press("enter")
        await pilot.pause()
        assert guide(app).reply.node == "spassky-memorial"
        assert app.screen.query(UserMessage).last().text.endswith("Memorial plaques at the Spassky Cemetery")
        assert chapter_map.visited == {"spassky-memorial"} and chapter_map.current == "spassky-memorial"
        assert "\u25b8 Memorial plaques" in prompt_text(chapter_map, "node:spassky-memorial")
        assert "1/2" in prompt_text(chapter_map, "chapter:spassky")


async def test_chapter_map_opens_a_chapter(make_app):
    """Selecting a chapter opens it at its first topic, with its intro."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chapter_map = app.screen.query_one(ChapterMap)
        chapter_map.focus()
        chapter_map.highlighted = chapter_map.get_option_index("chapter:spassky")
        await pilot.press("enter")
        await pilot.pause()
        reply = guide(app).reply
        assert reply.intent == "chapter" and reply.node == "spassky-founding"
        assert "Karaganda where the story begins" in reply.say


async def test_source_view_opens_at_the_cited_paragraph(make_app):
    """Clicking a citation opens the article there, the quoted span highlighted."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "when was the memorial plaques")
        line = guide(app).query_one(CitationLine)
        await pilot.click(line)
        await pilot.pause()
        view = app.screen.query_one(SourceView)
        assert view.display and app.screen.has_class("-source-open")
        assert view.cited == line.citation.paragraph == 5
        paragraph = view.query_one("#p5", SourceParagraph)
        assert paragraph.has_class("-cited")
        text = paragraph.query_one(".text").render()
        span = next(s for s in text.spans)
        assert text.plain[span.start:span.end] == line.citation.quote
        assert view.scroller.scroll_y > 0
        assert paragraph.region.y >= view.scroller.region.y
        assert paragraph.region.y < view.scroller.region.bottom


async def test_source_key_opens_latest_citation_and_closes(make_app):
    """F3 opens the source at the latest answer's citation; F3 again closes it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("f3")
        await pilot.pause()
        view = app.screen.query_one(SourceView)
        assert view.display and view.cited == 8
        await pilot.press("f3")
        await pilot.pause()
        assert not view.display and view.cited == 8


async def test_source_headings_and_captions_are_styled(make_app):
    """Headings and captions carry their kind as a class (bold, dimmed by the CSS)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        view = app.screen.query_one(SourceView)
        assert view.query_one("#p3").has_class("-heading")
        assert view.query_one("#p1").has_class("-caption")
        assert view.query_one("#p4").has_class("-body")


async def test_testimony_forward_back_and_escape(make_app):
    """Space and Right go on, Left goes back, Escape leaves; every step stays shown."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        player = app.screen.query_one(StepBar)
        assert guide(app).reply.step.index == 1 and player.display
        assert not guide(app).query_one("Quotation").has_class("-first-person"), "¶8 is narration"
        assert guide(app).query_one(".step").render().plain.endswith("step 1 of 4")
        await pilot.press("space")
        await pilot.pause()
        assert guide(app).reply.step.index == 2
        await pilot.press("right")
        await pilot.pause()
        assert guide(app).reply.step.index == 3
        await pilot.press("left")
        await pilot.pause()
        assert guide(app).reply.step.index == 2
        steps = [m for m in app.screen.query(GuideMessage) if m.step_chapter == "ahiko"]
        assert [m.reply.step.index for m in steps] == [1, 2, 3, 2]
        assert guide(app).query_one("Quotation").has_class("-first-person"), "¶9: 'I was'"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.session.sequence is None
        assert guide(app).reply.intent == "leave"
        assert not player.display


async def test_the_testimony_keeps_its_history(make_app):
    """Each step stays in the conversation as shown, with its 'step k of n'; only the
    newest is marked current, and none once the testimony is left."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space", "space")
        await pilot.pause()

        def steps():
            return [(m.query_one(".step").render().plain, m.current)
                    for m in app.screen.query(GuideMessage) if m.step_chapter]

        title = app.screen.tour.chapter("ahiko").title
        assert steps() == [(f"{title} \u00b7 step 1 of 4", False),
                           (f"{title} \u00b7 step 2 of 4", False),
                           (f"\u25b6 {title} \u00b7 step 3 of 4", True)]
        first = next(m for m in app.screen.query(GuideMessage) if m.step_chapter)
        assert "\u201c" in first.query_one(".quote").render().plain, "shown as it was"
        await pilot.press("escape")
        await pilot.pause()
        assert [current for _, current in steps()] == [False, False, False]


async def test_escape_closes_the_source_before_leaving_the_testimony(make_app):
    """With the source open, the first Escape closes it; the second leaves."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(SourceView).display
        assert app.screen.session.sequence is not None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.session.sequence is None


async def test_testimony_back_at_the_first_step_says_so(make_app):
    """Left at step 1 does not add a message; a notice says it is the first step."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ask(pilot, "who was ahiko")
        count = len(app.screen.query(GuideMessage))
        await pilot.press("left")
        await pilot.pause()
        assert len(app.screen.query(GuideMessage)) == count
        assert any("first step" in n.message for n in app._notifications)


async def test_fast_keys_through_the_testimony(make_app):
    """Keys pressed faster than the screen settles still land on the right step."""
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space", "space", "left", "right", "space", "left")
        await pilot.pause()
        assert guide(app).reply.step.index == 3
        steps = [m.reply.step.index for m in app.screen.conversation.messages()
                 if isinstance(m, GuideMessage) and m.step_chapter]
        assert steps == [1, 2, 3, 2, 3, 4, 3]


async def test_testimony_plays_to_the_end(make_app):
    """Space through every step ends the testimony with the next chapters offered."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert guide(app).reply.step.index == 4
        await pilot.press("space")
        await pilot.pause()
        assert guide(app).reply.intent == "sequence-end"
        assert app.screen.session.sequence is None


async def test_question_mid_testimony_then_resume(make_app):
    """A question mid-testimony is answered; choice 1 then resumes at the next step."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press(*"when did the spassky camp open", "enter")
        await pilot.pause()
        reply = guide(app).reply
        assert reply.detour and reply.node == "spassky-founding"
        assert reply.choices[0].label.startswith("Resume")
        assert app.screen.query_one(StepBar).has_class("-paused")
        await pilot.press("1")
        await pilot.pause()
        assert guide(app).reply.step.index == 2
        assert not app.screen.query_one(StepBar).has_class("-paused")


async def test_command_palette_jumps_to_a_topic(make_app):
    """Ctrl+P, a few letters of a topic, Enter: the guide goes there."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"memorial plaques")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, TourScreen)
        assert guide(app).reply.node == "spassky-memorial"


async def test_command_palette_opens_a_chapter(make_app):
    """The palette lists chapters too."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"chapter: ahiko")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        reply = guide(app).reply
        assert reply.intent == "chapter" and reply.step.index == 1


async def test_narrow_terminal_collapses_the_panels(make_app):
    """Below 100 columns the map and source are hidden and open one at a time."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        tree = screen.query_one(ChapterMap)
        assert screen.has_class("-narrow") and not tree.display
        await pilot.press("f2")
        await pilot.pause()
        assert tree.display and screen.focused is tree
        assert not screen.query_one("#conversation").display
        await pilot.press("escape")
        await pilot.pause()
        assert not tree.display and screen.query_one("#conversation").display
        await ask(pilot, "who was ahiko")
        await pilot.press("f3")
        await pilot.pause()
        assert screen.query_one(SourceView).display and not screen.query_one("#conversation").display
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#conversation").display
        assert screen.session.sequence is not None, "Escape closed the panel, not the testimony"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-narrow") and tree.display


async def test_small_sizes_do_not_crash(make_app):
    """At tiny sizes the app still runs: ask, pick, play, open panels, then resize
    through smaller and larger sizes and back."""
    app = make_app()
    async with app.run_test(size=(20, 8)) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space", "left", "f2", "escape", "f3", "escape", "1")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        for width, height in [(20, 8), (12, 5), (70, 20), (100, 30), (20, 8)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
        await ask(pilot, "pizza recipes")
        assert guide(app).reply.kind == "fallback"


async def test_content_note_shown_then_dismissed(make_app):
    """With a content note, a modal shows it first; Enter dismisses it."""
    app = make_app(content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        assert "hunger and violence" in app.screen.note
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen)
        assert app.screen.focused is app.screen.question


async def test_typing_over_the_content_note_starts_the_question(make_app):
    """A reader who starts typing at once loses nothing: the first letter closes the
    note and begins the question."""
    app = make_app(content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("w", "h", "o")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen)
        assert app.screen.question.value == "who"


async def test_a_burst_of_keys_over_the_content_note_is_kept_in_order(make_app):
    """A terminal delivers fast typing as a burst: the keys that reach the note while
    it closes still land in the question, in order."""
    from textual import events

    app = make_app(content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = app.screen
        for ch in "who was":
            note.post_message(events.Key(ch if ch != " " else "space", ch))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TourScreen)
        assert app.screen.question.value == "who was"


async def test_keys_right_after_enter_on_the_content_note_begin_the_question(make_app):
    """Enter closes the note; letters typed in the same burst are the question's. (Under
    `tour serve`, a letter that reached the note after Enter once closed it a second
    time and the app fell over; that race shows only there, in benchmarks/serve_load.py
    --think 2 --type-delay 50.)"""
    from textual import events

    app = make_app(content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, ch in [("enter", "\r"), *((c if c != " " else "space", c) for c in "who was")]:
            app.post_message(events.Key(key, ch))  # as the driver delivers them
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TourScreen)
        assert app.screen.question.value == "who was"


async def test_content_note_dismissed_with_escape(make_app):
    app = make_app(content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen)
        await pilot.press("2")
        await pilot.pause()
        assert guide(app).reply.node == "spassky-founding"


@pytest.mark.parametrize("size", [(70, 20), (60, 18)])
async def test_a_small_terminal_keeps_the_progress_help_and_quit(make_app, size):
    """The header's progress and the footer's Help and Quit stay whole; the title and
    the step bar's chapter give way, cut with an ellipsis."""
    from textual.widgets._footer import FooterKey

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space")
        await pilot.pause()
        progress = app.screen.query_one("#header > .progress")
        assert str(progress.render()) == "2 of 7 topics seen"
        assert progress.region.right <= size[0] and progress.region.width >= len("2 of 7 topics seen")
        footer = app.screen.query_one("Footer")
        shown = {key.action: key for key in footer.query(FooterKey)
                 if key.region.width and key.region.right <= footer.region.right}
        assert {"help", "app.quit"} <= set(shown), sorted(shown)
        where = app.screen.query_one("#player > .where")
        assert where.styles.text_overflow == "ellipsis" and where.styles.text_wrap == "nowrap"


async def test_the_maps_titles_are_whole_in_the_bundled_tour():
    """At 120x40 every chapter and topic title of the bundled tour is in the map whole,
    wrapped to the map's width rather than cut."""
    from tour.engine.loader import load_tour
    from tour.tui.app import TourApp

    tour = load_tour().tour
    app = TourApp(tour, content_note=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chapter_map = app.screen.query_one(ChapterMap)
        width = chapter_map.content_region.width
        for index in range(chapter_map.option_count):
            option = chapter_map.get_option_at_index(index)
            kind, _, target = option.id.partition(":")
            title = tour.chapter(target).title if kind == "chapter" else tour.nodes[target].title
            lines = option.prompt.plain.split("\n")
            assert all(len(line) < width for line in lines), lines
            words = [w for w in " ".join(lines).split() if not re.fullmatch(r"\d+/\d+", w)]
            assert " ".join(words) == " ".join(title.split()), lines
