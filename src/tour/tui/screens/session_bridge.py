"""Between the tour screen and its Session: each input of the reader goes to the
session, and what comes back (a Reply) is shown as it is, in the conversation, the
map, the header and the step bar. No routing happens here.

One turn at a time: keys, clicks and the palette arrive from different tasks, and a
turn is drawn once, whole (the question, the reply, the map, the bars).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ...engine.reply import Reply
from ...engine.session import Session
from ..widgets.chapter_offer import ChapterOffer
from ..widgets.conversation import UserMessage
from ..widgets.header import TourHeader
from ..widgets.step_bar import StepBar

if TYPE_CHECKING:
    from .tour import TourScreen

STEPPING = frozenset({"next", "back", "leave"})
"""Kinds of choice target that move through a testimony rather than ask something:
the reader's pick is not echoed."""


class SessionBridge:
    """Passes one screen's inputs to its session and shows the replies."""

    def __init__(self, screen: TourScreen, session: Session) -> None:
        self.screen = screen
        self.session = session
        self.tour = session.tour
        self.latest: Reply | None = None
        self.latest_answer: Reply | None = None
        self.chapter_id: str | None = None
        """The chapter F7 and F8 open: of the latest reply, or the one just ended."""
        self.turn = asyncio.Lock()
        """One turn at a time: keys, clicks and the palette arrive from different tasks."""

    # -- inputs --------------------------------------------------------------------
    async def ask(self, text: str, *, message: UserMessage | None = None) -> None:
        """Ask the session a question the reader typed (`message`: already shown)."""
        async with self.turn, self.one_update():
            self.screen.question.remember(text)
            if message is None:
                await self.screen.conversation.add_user(text)
            await self.show(self.session.ask(text))

    async def pick(self, number: int) -> None:
        """Follow the numbered choice of the latest reply."""
        async with self.turn, self.one_update():
            choices = self.session.choices
            if not 1 <= number <= len(choices):
                return
            choice = choices[number - 1]
            if choice.target.kind not in STEPPING:
                await self.screen.conversation.add_user(choice.label, action=True)
            await self.show(self.session.choose(number))

    async def navigate(self, command: str) -> None:
        """Move through a testimony: 'next', 'back' or 'leave'. Back from the first
        step is said in a notice, not in the conversation."""
        async with self.turn, self.one_update():
            reply = self.session.ask(command)
            if command == "back" and reply.intent == "back" and reply.kind == "chat":
                self.screen.notify(reply.text, title=self.session.noun().capitalize())
                return
            await self.show(reply)

    async def jump(self, kind: str, target: str) -> None:
        """Go to a chapter or topic picked in the map or the command palette."""
        async with self.turn, self.one_update():
            conversation = self.screen.conversation
            if kind == "chapter":
                label = self.tour.chapter(target).title
                await conversation.add_user(f"Go to chapter: {label}", action=True)
                reply = self.session.open_chapter(target, label)
            else:
                label = self.tour.nodes[target].title
                await conversation.add_user(f"Go to: {label}", action=True)
                reply = self.session.goto(target, label)
            await self.show(reply)

    @contextlib.asynccontextmanager
    async def one_update(self) -> AsyncIterator[None]:
        """Draw the screen once for a whole turn (the question, the reply, the map, the
        bars), not after each of its changes: under `tour serve` a turn's CPU is about
        halved."""
        with self.screen.app.batch_update():
            yield

    # -- replies -------------------------------------------------------------------
    async def show(self, reply: Reply) -> None:
        """Add a reply to the conversation (a testimony step stays, marked as current
        until the next one); a narrow terminal's panel gives way to it."""
        screen = self.screen
        if screen.panel is not None:
            screen.set_panel(None)
        self.latest = reply
        if reply.kind == "answer":
            self.latest_answer = reply
        title = self.tour.chapter(reply.step.chapter).title if reply.step else ""
        await screen.conversation.add_reply(reply, chapter_title=title)
        await self.offer_chapter_end(reply)
        self.update_status()
        screen.reply_shown(reply)

    async def offer_chapter_end(self, reply: Reply) -> None:
        """At the end of a chapter (the session says when), offer its discussion prompts and
        review questions, if it has any."""
        ended = self.tour.chapter(reply.chapter_ended) if reply.chapter_ended else None
        self.chapter_id = ended.id if ended else (reply.chapter or self.chapter_id)
        if ended is not None and (ended.discussion or ended.review):
            await self.screen.conversation.add_message(ChapterOffer(ended), follow=False)

    def update_status(self) -> None:
        """Progress in the header, marks in the map, the testimony's step bar."""
        screen = self.screen
        seen, total = self.session.progress
        screen.sub_title = f"{seen} of {total} topics seen"
        screen.one(TourHeader).show_progress(screen.sub_title)
        current = self.latest.node if self.latest else None
        screen.chapter_map.mark(self.session.visited, current)
        sequence = self.session.sequence
        screen.conversation.mark_current_step(sequence.chapter if sequence else None)
        player = screen.one(StepBar)
        player.display = sequence is not None
        if sequence is not None:
            chapter = self.tour.chapter(sequence.chapter)
            latest = self.latest
            paused = latest is None or latest.step is None or latest.detour
            player.show_step(chapter.title, sequence.index + 1, len(chapter.nodes), paused=paused,
                             keys=screen.player_keys())
        screen.refresh_footer()
