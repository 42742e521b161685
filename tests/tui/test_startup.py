"""Starting the app: the first screen, themes, the bundled tour, run_app."""

from __future__ import annotations

import pytest

from tour.cli import main
from tour.engine.loader import load_tour
from tour.engine.problems import ScriptError
from tour.errors import UsageError
from tour.settings import Settings
from tour.tui.app import TourApp, run_app, theme_names
from tour.tui.widgets.conversation import CitationLine, GuideMessage
from tour.tui.widgets.question import History, TopicSuggester

from .conftest import SIZE
from .test_conversation import ask, guide


@pytest.fixture(scope="module")
def bundled():
    try:
        return load_tour().tour
    except ScriptError as exc:  # the bundled tour is still being written
        pytest.skip(f"the bundled tour does not load: {exc.problems[0]}")


async def test_the_bundled_tour_opens_ready_for_a_question(bundled):
    """The app on the bundled tour: the welcome shown, the focus in the question box.

    How fast it gets there is measured by benchmarks/run.py (TUI first idle), not here:
    a wall-clock budget fails on a busy machine.
    """
    app = TourApp(bundled, content_note=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.question
        assert guide(app).reply.intent == "welcome"


async def test_bundled_tour_answers_with_a_citation(bundled):
    """The bundled tour: a question about Ahiko gets a quoted, cited answer."""
    app = TourApp(bundled, content_note=False)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko tetsuro")
        message = guide(app)
        assert message.reply.kind == "answer"
        assert message.query(CitationLine)


async def test_bundled_testimony_plays_through(bundled):
    """Every step of the bundled testimony can be played with Space."""
    testimony = bundled.sequences[0]
    app = TourApp(bundled, content_note=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.jump("chapter", testimony.id)
        await pilot.pause()
        for index in range(2, len(testimony.nodes) + 1):
            await pilot.press("space")
            await pilot.pause()
            assert guide(app).reply.step.index == index
        steps = [m for m in app.screen.conversation.messages()
                 if isinstance(m, GuideMessage) and m.step_chapter]
        assert [m.reply.step.index for m in steps] == list(range(1, len(testimony.nodes) + 1))
        assert [m.current for m in steps] == [False] * (len(steps) - 1) + [True]


def test_themes_include_high_contrast():
    """--theme accepts Textual's themes and the two high-contrast ones."""
    names = theme_names()
    assert {"textual-dark", "textual-light", "high-contrast", "high-contrast-dark"} <= set(names)


async def test_app_starts_in_the_theme_asked_for(make_app):
    app = make_app(theme="high-contrast")
    async with app.run_test(size=SIZE):
        assert app.theme == "high-contrast"
        assert not app.current_theme.dark


def test_run_app_rejects_an_unknown_theme(small_tour):
    """An unknown theme is a usage error naming the themes there are."""
    with pytest.raises(UsageError, match="unknown theme 'sepia'; choose one of: .*textual-dark"):
        run_app(small_tour, Settings(theme="sepia"))


def test_the_command_line_reports_an_unknown_theme(capsys):
    """At the edge, the usage error is a message and exit 2, no traceback."""
    assert main(["--theme", "sepia", "--no-record"]) == 2
    err = capsys.readouterr().err
    assert "unknown theme 'sepia'" in err and "Traceback" not in err


def test_history_walks_back_and_forth():
    history = History()
    for text in ("one", "two", "two", "three"):
        history.add(text)
    assert history.items == ["one", "two", "three"]
    assert history.back("draft") == "three"
    assert history.back("") == "two"
    assert history.forward() == "three"
    assert history.forward() == "draft"
    assert history.forward() is None


@pytest.mark.parametrize(("typed", "expected"), [
    ("WHO WAS", "Who was Ahiko Tetsuro?"),
    ("when was the camp", "when was the camp founded"),
    ("memorial p", "Memorial plaques at the Spassky Cemetery"),
    ("w", None),
    ("zebra", None),
], ids=["case-ignored", "example", "title", "too-short", "no-match"])
async def test_suggester_completes_examples_and_titles(small_tour, typed, expected):
    from tour.tui.widgets.question import tour_phrases

    suggester = TopicSuggester(tour_phrases(small_tour))
    assert await suggester.get_suggestion(typed.casefold()) == expected
