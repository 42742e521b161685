"""One router for every front-end: one table of inputs played through the app (as `tour`
starts it), through the app as `tour serve`'s pool starts it (the pool's own tour and
router, shared by every tab) and through `play --json` gives the same replies."""

from __future__ import annotations

import json
import time

from textual.widgets import Input

from tests.conftest import run_tour
from tour.cache import load
from tour.engine.files import bundled_script
from tour.engine.reply import Reply
from tour.serve_pool import Pool
from tour.tui.app import TourApp

INPUTS = [
    "hello",
    "who was ahiko tetsuro",
    "1",
    "what did the prisoners build in almaty",
    "how do i fix my wifi",
    "thank you very much",
    "chapters",
    "2",
    "next",
    "why did he stay in kazakhstan",
    "back",
    "who wrote this?",
    "wher was the spasky camp",
    "what is the capital of france",
    "more",
    "that's so sad",
    "no way",
]
"""Questions of every kind (answered, declined, small talk, a misspelling), commands and
choices by number, so that state carried between inputs is compared too."""


def key(reply: Reply | dict) -> tuple:
    """What a reader sees of a reply: its kind, topic, words, quotes and choices."""
    data = reply.to_dict() if isinstance(reply, Reply) else reply
    return (data["kind"], data["intent"], data["node"], data["text"],
            tuple(c["quote"] for c in data["citations"]), tuple(c["target"] for c in data["suggestions"]))


async def played_in_app(app: TourApp) -> list[tuple]:
    """The replies to INPUTS typed into the app's question box, in order."""
    replies: list[Reply] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.session.listeners.append(replies.append)
        for text in INPUTS:
            expected = len(replies) + 1
            app.query_one("#question", Input).value = text
            await pilot.press("enter")
            deadline = time.monotonic() + 30
            while len(replies) < expected and time.monotonic() < deadline:
                await pilot.pause(0.02)
            assert len(replies) == expected, f"no reply to {text!r}"
    return [key(r) for r in replies]


def played_with_play(tmp_path) -> list[tuple]:
    lesson = tmp_path / "inputs.txt"
    lesson.write_text("\n".join(INPUTS) + "\n", encoding="utf-8")
    result = run_tour("play", "--json", "--no-record", "--script", str(bundled_script()), str(lesson))
    assert result.returncode == 0, result.stderr
    return [key(json.loads(line)) for line in result.stdout.splitlines() if line.startswith("{")]


async def test_the_app_the_serve_pool_and_play_give_the_same_replies(tmp_path):
    by_play = played_with_play(tmp_path)
    assert len(by_play) == len(INPUTS)
    assert {k[0] for k in by_play} >= {"answer", "fallback", "chat"}  # the table covers each outcome

    tour = load(bundled_script()).tour
    by_app = await played_in_app(TourApp(tour, content_note=False))

    pool = Pool(str(tmp_path / "pool.sock"), {"script": str(bundled_script())}, ready=0)
    pool.load()  # what `tour serve`'s pool loads before the first tab: its tour, its router
    by_tab = await played_in_app(TourApp(pool.tour, content_note=False, front_end="serve", router=pool.router))

    for n, text in enumerate(INPUTS):
        assert by_app[n] == by_play[n], f"the app and play differ at {text!r}"
        assert by_tab[n] == by_play[n], f"a served tab and play differ at {text!r}"
