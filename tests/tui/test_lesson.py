"""Lesson playback (`tour play FILE --tui`) and the projector layout (`--present`)."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

import pytest
from textual.widgets import Footer, Input

from tour import cli
from tour.engine.loader import load_tour
from tour.playback import parse, read
from tour.settings import Settings
from tour.tui.app import TourApp, choose_theme
from tour.tui.lesson import Lesson
from tour.tui.screens.content_note import ContentNoteScreen
from tour.tui.screens.lesson import LessonScreen
from tour.tui.widgets.chapter_map import ChapterMap
from tour.tui.widgets.conversation import UserMessage
from tour.tui.widgets.lesson_bar import LessonBar
from tour.tui.widgets.source_view import SourceView
from tour.tui.widgets.teacher_note import TeacherNote

from .conftest import SIZE
from .test_conversation import guide

LESSON = """\
!note Today: the Spassky camp
when did the spassky camp open
!pause
what happened to the graves
!map
who was ahiko
!source
next
"""
"""Four inputs and three directives: seven steps, and one !pause."""

PACE = 0.05


@pytest.fixture(scope="module")
def bundled_tour():
    return load_tour().tour


def lesson(text: str = LESSON, pace: float | None = None, typing: float = 0.0) -> Lesson:
    return Lesson(parse(text), pace, typing=typing)


async def settle(pilot, delay: float | None = None) -> None:
    """Wait (optionally `delay` seconds), then for the lesson's step to finish."""
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds (a paced lesson on a busy machine takes its time)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out waiting")


def bar(app) -> str:
    return str(app.screen.query_one(LessonBar).render())


def asked(app) -> list[str]:
    return [m.text for m in app.screen.conversation.messages() if isinstance(m, UserMessage)]


# -- the lesson's place, without an app ------------------------------------------------
def test_presenter_counts_steps_and_holds_at_a_pause():
    """!pause is not a step; it stops a paced lesson after the step before it."""
    presenter = lesson(pace=3)
    assert presenter.total == 7 and presenter.playing
    assert presenter.take().directive == "note"
    assert presenter.take().text == "when did the spassky camp open"
    assert not presenter.playing, "the !pause holds the lesson"
    assert presenter.status() == "Lesson: step 2 of 7 \u00b7 paused \u00b7 Space to go on"
    presenter.resume()
    assert presenter.status().endswith("playing, every 3 s \u00b7 Space to pause")
    while presenter.take() is not None:
        pass
    assert presenter.finished and not presenter.playing
    assert presenter.status().startswith("Lesson: all 7 steps played")


@pytest.mark.parametrize(("typing", "text", "expected"), [
    (0.0, "who was ahiko", 0.0),
    (0.03, "who", 0.03),
    (0.03, "x" * 120, 0.01),
], ids=["at-once", "short", "long-capped"])
def test_typing_delay(typing, text, expected):
    assert lesson(typing=typing).typing_delay(text) == pytest.approx(expected)


# -- playing in the app ------------------------------------------------------------------
async def test_space_plays_each_step(make_app):
    """Without a pace, Space plays one step: the note, then a question typed and asked."""
    app = make_app(lesson=lesson())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen)
        assert bar(app).endswith("Lesson: 7 steps \u00b7 paused \u00b7 Space to begin")
        await pilot.press("space")
        await settle(pilot)
        assert app.screen.query_one(TeacherNote).text == "Today: the Spassky camp"
        await pilot.press("right")
        await settle(pilot)
        assert asked(app) == ["when did the spassky camp open"]
        assert guide(app).reply.node == "spassky-founding"
        assert "step 2 of 7 \u00b7 paused \u00b7 Space to go on" in bar(app)
        assert app.screen.question.value == ""


async def test_each_input_is_typed_out_in_the_conversation(make_app, monkeypatch):
    """The input appears in the conversation as if typed, then is asked; the question
    box (the teacher's) is never touched."""
    shown, changed = [], []
    show_text = UserMessage.show_text

    def spy(message, text):
        shown.append(text)
        show_text(message, text)

    monkeypatch.setattr(UserMessage, "show_text", spy)

    def hook(message) -> None:
        if isinstance(message, Input.Changed):
            changed.append(message.value)

    app = make_app(lesson=lesson("who was ahiko\n", typing=0.001))
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("space")
        await settle(pilot, 0.2)
        assert shown[:3] == ["w", "wh", "who"] and shown[-1] == "who was ahiko"
        assert asked(app) == ["who was ahiko"]
        assert app.screen.question.history.items == ["who was ahiko"]
        assert changed == [] and app.screen.question.value == ""


async def test_pace_plays_by_itself_and_space_pauses_and_resumes(make_app):
    """With a pace the lesson goes on alone; Space pauses it, Space again resumes it."""
    inputs = "\n".join(["hello", "who was ahiko", "next", "next", "next", "next"])
    pace = 0.3  # slow enough that a step or two happen between two looks
    app = make_app(lesson=lesson(inputs, pace=pace))
    async with app.run_test(size=SIZE) as pilot:
        presenter = app.screen.lesson
        await settle(pilot, pace * 1.5)
        assert 1 <= presenter.done < 6 and presenter.playing
        assert "playing, every 0.3 s" in bar(app)
        await pilot.press("space")
        await settle(pilot)
        stopped_at = presenter.done
        assert not presenter.playing and "paused" in bar(app)
        await settle(pilot, pace * 3)
        assert presenter.done == stopped_at, "a paused lesson stays where it is"
        await pilot.press("space")
        await settle(pilot)
        assert presenter.done > stopped_at
        await until(pilot, lambda: presenter.finished)
        await settle(pilot)
        assert "all 6 steps played" in bar(app)


async def test_pause_directive_waits_for_the_teacher(make_app):
    """A paced lesson stops at !pause until the teacher presses Space."""
    app = make_app(lesson=lesson(pace=PACE))
    async with app.run_test(size=SIZE) as pilot:
        presenter = app.screen.lesson
        await until(pilot, lambda: not presenter.playing)
        await settle(pilot, PACE * 4)
        assert presenter.done == 2 and not presenter.playing
        assert asked(app) == ["when did the spassky camp open"]
        await pilot.press("space")
        await settle(pilot)
        assert asked(app)[1] == "what happened to the graves"


async def test_interject_a_question_then_resume(make_app):
    """The teacher asks a student's question; the next Space goes on with the lesson."""
    app = make_app(lesson=lesson("when did the spassky camp open\nwhat happened to the graves\n"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(pilot)
        await pilot.press(*"who was ahiko", "enter")
        await settle(pilot)
        assert guide(app).reply.node == "ahiko-youth"
        assert app.screen.lesson.done == 1
        await pilot.press("space")
        await settle(pilot)
        assert asked(app) == ["when did the spassky camp open", "who was ahiko",
                              "what happened to the graves"]
        assert guide(app).reply.node == "spassky-memorial"


async def test_paced_lesson_waits_while_the_teacher_types(make_app):
    """Text in the question box holds a paced lesson; after Enter it goes on."""
    app = make_app(lesson=lesson("when did the spassky camp open\nwho was ahiko\n", pace=PACE * 2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "h", "o", "space")
        assert app.screen.question.value == "who ", "Space in a question is a space"
        await settle(pilot, PACE * 8)
        assert app.screen.lesson.done == 0
        await pilot.press(*"was ahiko", "enter")
        await until(pilot, lambda: len(asked(app)) >= 2)
        assert asked(app)[:2] == ["who was ahiko", "when did the spassky camp open"]


async def test_note_map_and_source_directives(make_app):
    """!note adds a teacher's note, !map shows the map, !source opens the article there."""
    app = make_app(lesson=lesson("!note Look at the map\n!map\nwho was ahiko\n!source\n"),
                   present=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space")
        await settle(pilot)
        note = screen.query_one(TeacherNote)
        assert "Teacher's note" in str(note.query_one(".label").render())
        await pilot.press("space")
        await settle(pilot)
        assert screen.panel == "map" and screen.query_one(ChapterMap).display
        await pilot.press("space")
        await settle(pilot)
        assert screen.panel is None, "the next step closes the map"
        assert guide(app).reply.node == "ahiko-youth"
        await pilot.press("right")
        await settle(pilot)
        view = screen.query_one(SourceView)
        assert screen.panel == "source" and view.cited == guide(app).reply.citations[0].paragraph


async def test_map_and_source_directives_in_a_wide_terminal(make_app):
    """Beside the conversation: !map shows a hidden map; !source opens until the next step."""
    app = make_app(lesson=lesson("!map\nwho was ahiko\n!source\nnext\n"))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        await pilot.press("f2", "f2")  # into the map, and out again, hiding it
        assert screen.has_class("-map-hidden")
        await pilot.press("space")
        await settle(pilot)
        assert not screen.has_class("-map-hidden") and screen.query_one(ChapterMap).display
        assert screen.focused is screen.question
        for _ in range(2):
            await pilot.press("space")
            await settle(pilot)
        assert screen.source_shown() and screen.query_one(SourceView).cited == 8
        await pilot.press("space")
        await settle(pilot)
        assert not screen.source_shown() and guide(app).reply.step.index == 2


async def test_after_the_lesson_space_steps_through_the_testimony(make_app):
    app = make_app(lesson=lesson("who was ahiko\n"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(pilot)
        assert app.screen.lesson.finished
        await pilot.press("space")
        await settle(pilot)
        assert guide(app).reply.step.index == 2


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_content_note_first_then_the_lesson(make_app, key):
    """The content note opens before a paced lesson, which waits until it is dismissed."""
    app = make_app(lesson=lesson("who was ahiko\n", pace=PACE), content_note=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, PACE * 6)
        assert isinstance(app.screen, ContentNoteScreen)
        assert app.screen_stack[0].lesson.done == 0
        await pilot.press(key)
        await until(pilot, lambda: asked(app) == ["who was ahiko"])
        assert isinstance(app.screen, LessonScreen)


# -- the projector layout ------------------------------------------------------------------
async def test_present_hides_the_panels_and_the_footer(make_app):
    """--present: no map, no footer, roomy; F2 opens the map in place of the conversation."""
    app = make_app(present=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.has_class("-present") and screen.narrow
        assert not screen.query_one(ChapterMap).display
        assert not screen.query_one(Footer).display
        assert screen.query_one("#conversation").styles.padding.left >= 4
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one(ChapterMap).display and not screen.query_one("#conversation").display


@pytest.mark.parametrize(("options", "env", "expected"), [
    ({"present": True}, None, "high-contrast"),
    ({"present": True}, "textual-light", "high-contrast"),
    ({"present": True, "theme": "high-contrast-dark"}, None, "high-contrast-dark"),
    ({}, "textual-light", "textual-light"),
    ({}, None, "textual-dark"),
], ids=["present", "present-over-env", "theme-wins", "env", "default"])
def test_theme_choice(options, env, expected):
    environ = {"TEXTUAL_THEME": env} if env else {}
    assert choose_theme(Settings.from_args(argparse.Namespace(**options), environ)) == expected


# -- the command line ------------------------------------------------------------------------
def test_play_tui_runs_the_app_with_the_lesson(tmp_path, monkeypatch):
    """`tour play FILE --tui --pace 2 --present --no-record` hands the lesson to the app."""
    import tour.tui.app as app_module

    seen = {}

    def fake_run_app(tour, args, lesson=None):
        seen.update(tour=tour, args=args, lesson=lesson)
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    path = tmp_path / "lesson.txt"
    path.write_text(LESSON, encoding="utf-8")
    code = cli.main(["play", str(path), "--tui", "--pace", "2", "--present", "--no-record"])
    assert code == 0
    assert seen["lesson"].pace == 2 and seen["lesson"].total == 7
    assert seen["args"].present and not seen["args"].record


@pytest.mark.parametrize(("argv", "message"), [
    (["--pace", "2"], "add --tui"),
    (["--tui", "--pace", "0"], "above 0"),
], ids=["pace-without-tui", "zero-pace"])
def test_play_tui_usage_errors(tmp_path, capsys, argv, message):
    path = tmp_path / "lesson.txt"
    path.write_text("hello\n", encoding="utf-8")
    assert cli.main(["play", str(path), *argv]) == 2
    assert message in capsys.readouterr().err


def test_play_tui_needs_a_file(capsys):
    assert cli.main(["play", "-", "--tui"]) == 2
    assert "needs a lesson file" in capsys.readouterr().err


# -- the sample lesson -----------------------------------------------------------------------
SAMPLE = Path(__file__).parents[2] / "scripts" / "lessons" / "lesson-ahiko.txt"


def test_sample_lesson_reaches_its_topics(capsys):
    """Every question of the sample lesson still routes where the lesson expects."""
    assert cli.main(["test", str(SAMPLE)]) == 0
    assert " 0 failed" in capsys.readouterr().out


async def test_sample_lesson_plays_to_the_end(bundled_tour):
    """The sample lesson, on the bundled tour, in the projector layout: every step plays."""
    presenter = Lesson(read(str(SAMPLE)), typing=0)
    app = TourApp(bundled_tour, content_note=False, present=True, lesson=presenter)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(presenter.total):
            await pilot.press("right")
            await settle(pilot)
        assert presenter.finished and "all 17 steps played" in bar(app)
        notes = [m for m in app.screen.conversation.messages() if isinstance(m, TeacherNote)]
        assert len(notes) == 2
        assert guide(app).reply.node == "ahiko-repatriation-figures"


# -- the teacher types while the lesson types ---------------------------------------------------
LONG = "how many people were taken prisoner in the war"
NEXT = "when did the spassky camp open"
TEACHER = "who was ahiko"


def turns(app) -> list[str]:
    """Every input the session was asked, in order (a listener sees each turn)."""
    return app.screen.seen_inputs


def listen(app) -> None:
    screen = app.screen
    screen.seen_inputs = []
    screen.session.listeners.append(lambda reply: reply.input and screen.seen_inputs.append(reply.input))


async def type_slowly(pilot, text: str) -> None:
    """Keys one by one, each let through before the next, between the lesson's own."""
    for key in text:
        await pilot.press("space" if key == " " else key)
        await pilot.pause(0.005)


@contextlib.asynccontextmanager
async def lesson_typing(make_app, pace: float | None, typing: float):
    """An app whose lesson (LONG, then NEXT) is typing its first step; yields the pilot."""
    app = make_app(lesson=lesson(f"{LONG}\n{NEXT}\n", pace=pace, typing=typing))
    async with app.run_test(size=SIZE) as pilot:
        listen(app)
        screen = app.screen
        if pace is None:
            await pilot.press("space")
        await until(pilot, lambda: screen.typing is not None and len(screen.typing.text) >= 3)
        yield pilot


@pytest.fixture
def slow_typing(monkeypatch):
    """The lesson types at its own speed however long the step."""
    import tour.tui.lesson as lesson_module

    monkeypatch.setattr(lesson_module, "TYPING_LIMIT", 60.0)


@pytest.mark.parametrize("pace", [None, 0.3, 1.0], ids=["by-hand", "pace-0.3", "pace-1"])
async def test_a_question_asked_during_the_lessons_typing_comes_first(make_app, pace, slow_typing):
    """Typed while the lesson types its step, the teacher's question is kept whole in
    the box; Enter asks it at once (the step is put back), and the lesson then plays
    that step, whole. No partial turn is ever asked."""
    async with lesson_typing(make_app, pace, typing=0.1) as pilot:
        app, screen = pilot.app, pilot.app.screen
        assert "typing the lesson's question" in bar(app)
        await pilot.press(*TEACHER)  # as fast as keys come, between the lesson's own
        assert screen.question.value == TEACHER
        assert screen.typing is not None, "the lesson was still typing its step"
        await pilot.press("enter")
        screen.lesson.typing = 0  # the step typed again needs no watching
        await until(pilot, lambda: turns(app)[:1] == [TEACHER])
        if pace is None:
            assert screen.lesson.done == 0, "the step was put back"
            assert "paused" in bar(app)
            await pilot.press("space")
        await until(pilot, lambda: len(turns(app)) >= 2)
        await settle(pilot)
        assert turns(app)[:2] == [TEACHER, LONG]
        assert asked(app)[:2] == [TEACHER, LONG]
        assert screen.question.value == ""


@pytest.mark.parametrize("pace", [None, 0.3], ids=["by-hand", "pace-0.3"])
async def test_the_lesson_waits_for_a_question_being_typed(make_app, pace):
    """A question begun during the lesson's typing is left alone: the step is asked, the
    lesson then waits (the bar says so) until Enter, and goes on after the answer."""
    async with lesson_typing(make_app, pace, typing=0.02) as pilot:
        app, screen = pilot.app, pilot.app.screen
        await type_slowly(pilot, "when did")
        await until(pilot, lambda: turns(app) == [LONG])
        await settle(pilot, (pace or 0) * 3)
        assert turns(app) == [LONG], "the lesson waits while the box holds text"
        assert screen.question.value == "when did"
        assert "waiting for your question" in bar(app)
        await type_slowly(pilot, " ahiko")
        await pilot.press("enter")
        if pace is None:
            await until(pilot, lambda: len(turns(app)) == 2)
            await pilot.press("space")
        await until(pilot, lambda: len(turns(app)) == 3)
        assert turns(app) == [LONG, "when did ahiko", NEXT]


def test_a_step_put_back_plays_again_with_the_pause_it_had():
    """put_back() undoes take(): the same line, the count and the playing state."""
    presenter = lesson("one\n!pause\ntwo\n", pace=3)
    assert presenter.take().text == "one" and not presenter.playing
    presenter.put_back()
    assert (presenter.position, presenter.done, presenter.playing) == (0, 0, True)
    assert presenter.take().text == "one"
