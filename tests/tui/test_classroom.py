"""A class in the app: the end of a chapter, discussion and review, records and export."""

from __future__ import annotations

import argparse
import json

import pytest
from textual.widgets import Button, Static

from tour.records.store import read_session
from tour.settings import Settings
from tour.tui.screens.discussion import DiscussionScreen
from tour.tui.screens.review import ReviewScreen
from tour.tui.screens.tour import TourScreen
from tour.tui.widgets.chapter_offer import ChapterOffer
from tour.tui.widgets.conversation import Quotation

from .conftest import SIZE
from .test_conversation import ask, guide


# -- in the app ---------------------------------------------------------------------------
async def test_end_of_chapter_offers_discussion_and_review(make_app):
    """Past the testimony's last step, the conversation offers its prompts and questions."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space", "space", "space", "space")
        await pilot.pause()
        assert guide(app).reply.intent == "sequence-end"
        offer = app.screen.query_one(ChapterOffer)
        assert offer.chapter.id == "ahiko"
        assert [b.id for b in offer.query(Button)] == ["discussion", "review"]
        await pilot.click("#review")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.chapter.id == "ahiko"


async def test_a_chapter_without_prompts_is_not_offered(make_app, small_tour):
    """The session says a chapter has ended; the app offers only what it has for the class."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "what is this article about")
        reply = guide(app).reply
        chapter = small_tour.chapter(reply.chapter_ended)
        assert not (chapter.discussion or chapter.review)
        assert not app.screen.query(ChapterOffer)


async def test_discussion_key_lists_the_prompts(make_app):
    """F7 opens the current chapter's discussion prompts; Escape closes them."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen), "no chapter yet: F7 does nothing"
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, DiscussionScreen)
        prompts = [str(p.render()) for p in app.screen.query(".prompt")]
        assert prompts[0] == "1. Why would a camp be opened so early in the war?"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen)


async def test_review_asks_then_reveals_the_cited_answer(make_app):
    """Each question first, then on Space the passage that answers it, with its citation."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f8")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        question = str(review.query_one(".question").render())
        assert question == "When was the Spassky Camp established?"
        assert not review.query(Quotation)
        await pilot.press("space")
        await pilot.pause()
        quote = review.query_one(Quotation)
        assert quote.citation.quote == "was established on 24 June 1941"
        assert quote.citation.paragraph == 4
        await pilot.press("space")
        await pilot.pause()
        assert "question 2 of 2" in str(review.query_one(".dialog-title").render())
        assert not review.query(Quotation)
        await pilot.press("space", "space")
        await pilot.pause()
        assert isinstance(app.screen, TourScreen), "Space after the last answer closes"


async def test_review_shows_the_footnote_sentence_under_a_quote_that_has_one(make_app, monkeypatch):
    """A revealed answer whose original cites a reference carries the tour's sentence for it."""
    import dataclasses

    import tour.tui.screens.review as review_module

    cited = review_module.review_citation
    monkeypatch.setattr(review_module, "review_citation",
                        lambda tour, review: dataclasses.replace(cited(tour, review), footnote=True))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f8", "space")
        await pilot.pause()
        footnote = app.screen.query_one(Quotation).query_one(".footnote", Static)
        assert str(footnote.render()) == app.screen.tour.language.message("footnote")


@pytest.mark.parametrize(("typed", "screen"), [
    ("discussion: spassky", DiscussionScreen),
    ("review: ahiko", ReviewScreen),
], ids=["discussion", "review"])
async def test_palette_opens_discussion_and_review(make_app, typed, screen):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*typed)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, screen)


# -- records -------------------------------------------------------------------------------
async def test_the_app_records_every_turn(make_app, tmp_path):
    """The welcome and each reply are in the session file, as front-end 'tui'."""
    app = make_app(record=True, data_dir=str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "when did the spassky camp open")
        path = app.recording.recorder.path
        record = read_session(path)
        assert [t.intent for t in record.turns] == ["welcome", "question"]
        assert record.turns[1].node == "spassky-founding"
        assert record.header.front_end == "tui"
    assert path.parent == tmp_path
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first["type"] == "session"


async def test_each_turn_is_on_disk_before_its_reply_is_shown(make_app, tmp_path, monkeypatch):
    """When a reply reaches the conversation, its turn is already in the session file."""
    from tour.tui.widgets.conversation import Conversation

    app = make_app(record=True, data_dir=str(tmp_path))
    on_disk = []
    add_reply = Conversation.add_reply

    async def spy(self, reply, **kwargs):
        turns = read_session(app.recording.recorder.path).turns
        on_disk.append((reply.intent, turns[-1].intent if turns else None))
        return await add_reply(self, reply, **kwargs)

    monkeypatch.setattr(Conversation, "add_reply", spy)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "who was ahiko")
        await pilot.press("space")
        await pilot.pause()
    assert on_disk == [("welcome", "welcome"), ("question", "question"), ("next", "next")]


def test_front_end_and_recording_switches():
    """`tour serve` sets TOUR_FRONT_END=serve, and TOUR_RECORD=0 for --no-record: the
    apps it starts read them through Settings."""
    assert Settings.from_env({}).front_end == "" and Settings.from_env({}).record
    assert not Settings.from_args(argparse.Namespace(record=False), {}).record
    served = Settings.from_env({"TOUR_FRONT_END": "serve", "TOUR_RECORD": "0"})
    assert served.front_end == "serve" and not served.record


def capture_notifications(app) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows from now on."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message, **kwargs):
        seen.append((kwargs.get("title", ""), message))
        notify(message, **kwargs)

    app.notify = spy
    return seen


async def test_export_key_writes_html_here(make_app, tmp_path, monkeypatch):
    """F6 writes the transcript as HTML in the current folder and says where."""
    monkeypatch.chdir(tmp_path)
    app = make_app(record=True, data_dir=str(tmp_path / "sessions"))
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        await ask(pilot, "when did the spassky camp open")
        await pilot.press("f6")
        await pilot.pause()
        target = tmp_path / f"{app.recording.recorder.id}.html"
        assert seen == [("Transcript exported", f"Wrote {target}")]
    html = target.read_text(encoding="utf-8")
    assert "when did the spassky camp open" in html and "24 June 1941" in html


async def test_export_without_a_record_says_why(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(record=False)
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert seen and seen[0][0] == "Export failed" and "--no-record" in seen[0][1]
    assert not list(tmp_path.iterdir())


async def test_export_under_serve_downloads_in_the_browser(make_app, tmp_path):
    """Under `tour serve` the transcript goes to the browser, not the server's folder."""
    app = make_app(record=True, data_dir=str(tmp_path), front_end="serve")
    delivered = {}

    def deliver(file, **kwargs):
        delivered.update(kwargs, text=file.read())

    async with app.run_test(size=SIZE) as pilot:
        app.deliver_text = deliver
        await ask(pilot, "who was ahiko")
        await pilot.press("f6")
        await pilot.pause()
        assert read_session(app.recording.recorder.path).header.front_end == "serve"
    assert delivered["save_filename"].endswith(".html")
    assert "who was ahiko" in delivered["text"]


async def test_a_served_session_is_recorded_from_its_first_input(make_app, tmp_path):
    """Under `tour serve` a tab opened and left makes no session file (not even for the
    welcome); the first input makes it, the welcome first; F6 before that says why."""
    app = make_app(record=True, data_dir=str(tmp_path), front_end="serve")
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        await pilot.press("f6")
        await pilot.pause()
        assert list(tmp_path.iterdir()) == []
        assert seen and seen[0][0] == "Export failed" and "nothing has been asked yet" in seen[0][1]
        await ask(pilot, "who was ahiko")
        (path,) = tmp_path.iterdir()
        assert [t.intent for t in read_session(path).turns] == ["welcome", "question"]
    untouched = make_app(record=True, data_dir=str(tmp_path / "untouched"), front_end="serve")
    async with untouched.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert list((tmp_path / "untouched").iterdir()) == []


@pytest.mark.parametrize(("argv", "record", "data_dir"), [
    ([], True, None),
    (["--no-record", "--data-dir", "D"], False, "D"),
    (["--data-dir", "D", "sessions"], True, "D"),
    (["--no-record", "play", "lesson.txt", "--tui"], False, None),
    (["play", "lesson.txt", "--tui", "--no-record", "--data-dir", "E"], False, "E"),
], ids=["app", "app-options", "before-a-command", "play-inherits", "play-own"])
def test_record_options_before_or_after_the_command(argv, record, data_dir):
    """`tour --no-record --data-dir DIR` reach the app and every command that records."""
    from tour.cli import build_parser

    args = build_parser().parse_args(argv)
    assert (args.record, args.data_dir) == (record, data_dir)
