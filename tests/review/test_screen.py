"""The review screen's keys (Pilot): decide, undo, write, close; the tour's app offers
it in the command palette, except in a student's browser tab, which never writes."""

from __future__ import annotations

import pytest

from tour.cache import router as cached_router
from tour.review.questions import gather
from tour.tui.app import TourApp
from tour.tui.review_app import ReviewApp
from tour.tui.screens.class_review import ClassReviewScreen

SIZE = (110, 32)
REVIEW = "Review the class's questions"


@pytest.fixture
def review(lighthouse, play_class, data_dir):
    play_class(["who painted the lighthouse", "what is the name of the cat", "what colour was the lighthouse"])
    return gather(lighthouse, data_dir, cached_router(lighthouse))


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_keys_decide_undo_then_write_and_show_the_check(review, script):
    assert [g.question for g in review.groups] == ["who painted the lighthouse", "what is the name of the cat",
                                                   "what colour was the lighthouse"]
    first_topic = review.groups[0].suggested[0]
    app = ReviewApp(review)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClassReviewScreen)
        assert "\u201cwho painted the lighthouse\u201d" in text_of(screen, "#review-question")
        assert f" 1  {first_topic.title}  [{first_topic.node}]" in text_of(screen, "#review-topics")
        await pilot.press("1", "n")
        assert screen.walk.index == 2
        await pilot.press("u")
        assert screen.walk.index == 1 and "name of the cat" in text_of(screen, "#review-question")
        await pilot.press("9")  # no ninth topic: nothing happens
        assert screen.walk.index == 1
        await pilot.press("n", "s")
        assert screen.walk.done and "all 3 decided" in text_of(screen, "#review-title")
        await pilot.press("w")
        await settle(app, pilot)
        outcome = text_of(screen, "#review-outcome")
        assert f"added \u201cwho painted the lighthouse\u201d as an example of '{first_topic.node}'" in outcome
        assert f"{script}: tour check: 1 warning" in outcome
        assert screen.walk.pending() == []
        await pilot.press("u")  # written: not undone
        assert screen.walk.index == 3
    text = script.read_text(encoding="utf-8")
    assert "who painted the lighthouse" in text and "  - what is the name of the cat\n" in text
    assert "what colour was the lighthouse" not in text


async def test_closing_with_decisions_not_written_asks_first(review, script):
    old = script.read_bytes()
    app = ReviewApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "q")
        assert app.is_running and isinstance(app.screen, ClassReviewScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert script.read_bytes() == old


async def test_a_student_tab_never_writes(review, script, monkeypatch):
    monkeypatch.setenv("TOUR_FRONT_END", "serve")
    old = script.read_bytes()
    app = ReviewApp(review)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1", "w")
        await settle(app, pilot)
        assert app.screen.walk.pending()  # still pending: not written
    assert script.read_bytes() == old


def titles(app: TourApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_offers_the_review_but_not_in_a_student_tab(lighthouse, review, data_dir):
    served = TourApp(lighthouse, content_note=False, front_end="serve", data_dir=str(data_dir))
    async with served.run_test(size=SIZE):
        assert REVIEW not in titles(served)
    app = TourApp(lighthouse, content_note=False, data_dir=str(data_dir))
    async with app.run_test(size=SIZE) as pilot:
        [command] = [c for c in app.get_system_commands(app.screen) if c.title == REVIEW]
        command.callback()
        await pilot.pause()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClassReviewScreen)
        assert "\u201cwho painted the lighthouse\u201d" in text_of(screen, "#review-question")
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is not screen and app.is_running
