"""Snapshots of the screens whose look matters, on the small tour, dark theme.

Review a changed snapshot (snapshot_report.html) before accepting it with
`pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from .conftest import SIZE


async def _steady(pilot) -> None:
    """Stop the cursor blinking, so the snapshot does not depend on timing."""
    await pilot.pause()
    pilot.app.query_one("#question").cursor_blink = False


async def _ask(pilot, text: str) -> None:
    await _steady(pilot)
    pilot.app.screen.question.value = text
    await pilot.press("enter")
    await pilot.pause()


def test_welcome(snap_compare, make_app):
    """The welcome with its choices, the chapter map and the footer."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_steady)


def test_map_focused(snap_compare, make_app):
    """F2: the focus in the map, drawn with the theme's focus border; long titles wrap."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_answer_80x24(snap_compare, make_app):
    """At 80x24 the panels are folded away; header progress, Help and Quit stay."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_testimony_history_60x18(snap_compare, make_app):
    """At 60x18: earlier steps stay above the current one, which is marked; the title
    is cut with an ellipsis, the progress, Help and Quit stay whole."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "who was ahiko")
        await pilot.press("space", "space")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(60, 18), run_before=run_before)


def test_content_note(snap_compare, make_app):
    """The content note over the welcome."""
    assert snap_compare(make_app(content_note=True), terminal_size=SIZE, run_before=_steady)


def test_answer_with_citation(snap_compare, make_app):
    """A question, its answer with the quote, citation line and footnote note."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_source_view(snap_compare, make_app):
    """The source panel opened at a citation, the quoted span highlighted."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")
        await pilot.press("f3")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_testimony_step(snap_compare, make_app):
    """A testimony step: 'step 2 of 4', the first-person quote, the player bar."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "who was ahiko")
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_narrow_answer(snap_compare, make_app):
    """At 70x20 the panels are hidden and the answer reads from its start."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")

    assert snap_compare(make_app(), terminal_size=(70, 20), run_before=run_before)


def test_high_contrast_theme(snap_compare, make_app):
    """The projector theme: dark text on white."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "who was ahiko")

    assert snap_compare(make_app(theme="high-contrast"), terminal_size=SIZE, run_before=run_before)


def test_present_lesson(snap_compare, make_app):
    """The projector layout presenting a lesson: a teacher's note, an answer, the lesson bar."""
    from tour.playback import parse
    from tour.tui.lesson import Lesson

    lesson = Lesson(parse("!note Today: the Spassky camp\nwhen did the spassky camp open\n"
                             "who was ahiko\n"), typing=0)

    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(theme="high-contrast", present=True, lesson=lesson)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_review_answer(snap_compare, make_app):
    """A review question with its answer revealed, quoted with its citation."""

    async def run_before(pilot) -> None:
        await _ask(pilot, "when did the spassky camp open")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
