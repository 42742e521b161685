"""The tour screen: chapter map, conversation, question box, source panel.

It holds the Session and passes every input to it; what comes back (a Reply) is
shown as it is. No routing happens here.

Single keys (1-9, Space, the arrows, q, ?) act only while the question box is
empty, so they never eat a letter of a question; a digit that is not a choice
number, or any key the moment does not use, is typed as usual. Keys with a
modifier (F1-F8, Ctrl+B/O/Y/S/Q/P, Escape) work at any time.

With `present` (the projector layout) the side panels are hidden as in a narrow
terminal, the footer too, and the conversation is spaced for reading from afar.
"""

from __future__ import annotations

import asyncio

from textual import on
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from ...engine.reply import Citation, Reply
from ...engine.session import Session
from ...engine.script import Tour
from ..chapter_end import ChapterEnds
from ..palette import TourCommands
from ..widgets.chapter_map import ChapterMap
from ..widgets.chapter_offer import ChapterOffer
from ..widgets.step_bar import StepBar
from ..widgets.question import QuestionInput
from ..widgets.source_view import SourceView
from ..widgets.conversation import (
    ChoiceList, CitationLine, GuideMessage, Conversation, answer_text,
)
from .discussion import DiscussionScreen
from .review import ReviewScreen
from .help import HelpScreen, help_rows

NARROW = 100
"""Below this many columns the side panels are hidden and open one at a time."""
ROOMY = 150
"""Below this many columns the map steps aside while the source panel is open."""
NAVIGATION = {"@next", "@back", "@leave"}
"""Choice targets that move through a testimony rather than ask something."""
EMPTY = "Only while the question box is empty."

CHOICE_KEYS = [
    Binding(str(n), f"choose({n})", f"Pick choice {n}", show=False,
            tooltip="Pick a numbered choice of the latest reply. " + EMPTY)
    for n in range(1, 10)
]

FREE_KEYS = frozenset({*(str(n) for n in range(1, 10)), "space", "q", "question_mark"})
"""Printable keys the screen acts on when the question box is empty."""


class TourScreen(Screen[None]):
    """The whole tour on one screen."""

    COMMANDS = {TourCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="List every key"),
        Binding("question_mark", "help(True)", "Help", show=False, tooltip=EMPTY),
        Binding("f2,ctrl+b", "toggle_map", "Map", id="map", tooltip="Show or hide the chapter map"),
        Binding("f3,ctrl+o", "toggle_source", "Source", id="source",
                tooltip="Show or hide the article, at the latest citation"),
        Binding("f4,ctrl+y", "copy_answer", "Copy", id="copy",
                tooltip="Copy the latest answer with its citation to the clipboard"),
        Binding("f7", "discuss", "Discuss", id="discuss", show=False,
                tooltip="Discussion prompts for the current chapter (if it has them)"),
        Binding("f8", "review", "Review", id="review", show=False,
                tooltip="Review questions for the current chapter, answers from the text"),
        Binding("right", "step('next')", "Next", priority=True, id="next",
                tooltip="Next step of the testimony. " + EMPTY),
        Binding("space", "step('next')", "Next", show=False,
                tooltip="Next step of the testimony. " + EMPTY),
        Binding("left", "step('back')", "Back", priority=True, id="back",
                tooltip="Previous step of the testimony. " + EMPTY),
        Binding("escape", "close_panel", "Close", priority=True, id="close",
                tooltip="Close the open panel (before leaving a testimony)"),
        Binding("escape", "leave", "Leave", priority=True, id="leave",
                tooltip="Leave the testimony and return to free questions"),
        *CHOICE_KEYS,
        Binding("q", "quit(True)", "Quit", show=False, tooltip=EMPTY),
    ]

    def __init__(self, tour: Tour, session: Session | None = None, *,
                 present: bool = False) -> None:
        """session: one to use (a recorder may listen to it); present: the projector layout."""
        super().__init__(classes="-present" if present else "")
        self.tour = tour
        self.session = session or Session(tour)
        self.present = present
        self.chapter_ends = ChapterEnds(tour)
        self._question_was_empty = True
        self.chapter_id: str | None = None
        """The chapter F7 and F8 open: of the latest reply, or the one just ended."""
        self.latest: Reply | None = None
        self.latest_answer: Reply | None = None
        self.panel: str | None = None
        """In a narrow terminal, the side panel open in place of the conversation."""
        self.turn = asyncio.Lock()
        """One turn at a time: keys, clicks and the palette arrive from different tasks."""

    def compose(self) -> ComposeResult:
        yield Header(icon="\u00b6")
        with Horizontal(id="body"):
            yield ChapterMap(self.tour, id="map")
            with Vertical(id="main"):
                yield Conversation(id="conversation")
                yield StepBar(id="player")
                yield QuestionInput(self.tour, free_keys=FREE_KEYS, take_key=self.take_key,
                                    id="question")
            yield SourceView(self.tour.source, id="source")
        yield from self.compose_status()
        yield Footer()

    def compose_status(self) -> ComposeResult:
        """Full-width bars over the footer, shown whichever panel is open (none here)."""
        yield from ()

    async def on_mount(self) -> None:
        self.fit(self.app.size.width)
        self.question.focus()
        await self.show(self.session.welcome())

    # -- widgets -------------------------------------------------------------------
    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    @property
    def question(self) -> QuestionInput:
        return self.query_one(QuestionInput)

    @property
    def chapter_map(self) -> ChapterMap:
        return self.query_one(ChapterMap)

    @property
    def source_view(self) -> SourceView:
        return self.query_one(SourceView)

    # -- talking to the session ----------------------------------------------------
    async def ask(self, text: str) -> None:
        """Ask the session a question the reader typed."""
        async with self.turn:
            self.question.remember(text)
            await self.conversation.add_user(text)
            await self.show(self.session.ask(text))

    async def pick(self, number: int) -> None:
        """Follow the numbered choice of the latest reply."""
        async with self.turn:
            choices = self.session.choices
            if not 1 <= number <= len(choices):
                return
            choice = choices[number - 1]
            if choice.target not in NAVIGATION:
                await self.conversation.add_user(choice.label, action=True)
            await self.show(self.session.choose(number), step=choice.target in NAVIGATION)

    async def navigate(self, command: str) -> None:
        """Move through a testimony: 'next', 'back' or 'leave'."""
        async with self.turn:
            reply = self.session.ask(command)
            if command == "back" and reply.intent == "back" and reply.kind == "chat":
                self.notify(reply.text, title="Testimony")
                return
            await self.show(reply, step=True)

    async def jump(self, kind: str, target: str) -> None:
        """Go to a chapter or topic picked in the map or the command palette."""
        async with self.turn:
            if kind == "chapter":
                label = self.tour.chapter(target).title
                await self.conversation.add_user(f"Go to chapter: {label}", action=True)
                reply = self.session.open_chapter(target, label)
            else:
                label = self.tour.nodes[target].title
                await self.conversation.add_user(f"Go to: {label}", action=True)
                reply = self.session.goto(target, label)
            await self.show(reply)

    async def show(self, reply: Reply, *, step: bool = False) -> None:
        """Add a reply to the conversation; a testimony step replaces the last one."""
        last = self.conversation.last
        replace = None
        if (step and reply.step is not None and not reply.detour
                and isinstance(last, GuideMessage) and last.step_chapter == reply.step.chapter):
            replace = last
        self.latest = reply
        if reply.kind == "answer":
            self.latest_answer = reply
        title = self.tour.chapter(reply.step.chapter).title if reply.step else ""
        await self.conversation.add_reply(reply, chapter_title=title, replace=replace)
        await self.offer_chapter_end(reply)
        self.update_status()

    async def offer_chapter_end(self, reply: Reply) -> None:
        """At the end of a chapter, offer its discussion prompts and review questions."""
        sequence = self.session.sequence
        ended = self.chapter_ends.after(reply, self.session.visited,
                                        sequence.chapter if sequence else None)
        self.chapter_id = ended.id if ended else (reply.chapter or self.chapter_id)
        if ended is not None:
            await self.conversation.add_message(ChapterOffer(ended), follow=False)

    def update_status(self) -> None:
        """Progress in the header, marks in the map, the testimony player bar."""
        seen, total = self.session.progress
        self.sub_title = f"{seen} of {total} topics seen"
        current = self.latest.node if self.latest else None
        self.chapter_map.mark(self.session.visited, current)
        player = self.query_one(StepBar)
        sequence = self.session.sequence
        player.display = sequence is not None
        if sequence is not None:
            chapter = self.tour.chapter(sequence.chapter)
            paused = self.latest is None or self.latest.step is None or self.latest.detour
            player.show_step(chapter.title, sequence.index + 1, len(chapter.nodes), paused=paused,
                             keys=self.player_keys())
        self.refresh_bindings()

    def player_keys(self) -> str | None:
        """The keys the testimony player shows (None: its own)."""
        return None

    # -- events --------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    async def on_question(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            return
        self.question.clear()
        await self.ask(text)

    @on(Input.Changed, "#question")
    def on_question_changed(self, event: Input.Changed) -> None:
        """Single-key bindings depend only on whether the box is empty: refresh on that change.

        Refreshing on every keystroke cost about 25 ms a key, which adds up when a
        class of thirty types at once under `tour serve`.
        """
        empty = not event.value
        if empty != self._question_was_empty:
            self._question_was_empty = empty
            self.refresh_bindings()

    async def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        await self.pick(event.number)
        self.question.focus()

    async def on_citation_line_selected(self, event: CitationLine.Selected) -> None:
        await self.open_source(event.citation)

    def on_chapter_offer_open(self, event: ChapterOffer.Open) -> None:
        self.open_classroom(event.kind, event.chapter)

    async def on_chapter_map_jump(self, event: ChapterMap.Jump) -> None:
        if self.panel == "map":
            self.set_panel(None)
        await self.jump(event.kind, event.target)

    def on_resize(self, event: Resize) -> None:
        self.fit(event.size.width)

    def fit(self, width: int) -> None:
        """Classes for the width: -narrow (panels collapse; always when presenting),
        -medium (one panel at a time)."""
        narrow = width < NARROW or self.present
        self.set_class(not narrow and width < ROOMY, "-medium")
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.set_panel(None)

    # -- panels --------------------------------------------------------------------
    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def set_panel(self, panel: str | None) -> None:
        """Open a side panel in place of the conversation (narrow), or close it."""
        self.panel = panel
        self.set_class(panel == "map", "-panel-map")
        self.set_class(panel == "source", "-panel-source")
        if panel == "map":
            self.chapter_map.focus()
        elif panel == "source":
            self.source_view.scroller.focus()
        else:
            self.question.focus()
        self.refresh_bindings()

    def source_shown(self) -> bool:
        return self.panel == "source" if self.narrow else self.has_class("-source-open")

    async def open_source(self, citation: Citation | None) -> None:
        """Show the article, scrolled to a citation with its span highlighted."""
        if self.narrow:
            self.set_panel("source")
        else:
            self.add_class("-source-open")
        await self.source_view.show(citation)
        self.refresh_bindings()

    def close_source(self) -> None:
        if self.narrow:
            self.set_panel(None)
        else:
            self.remove_class("-source-open")
            self.question.focus()
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Single keys only with an empty question box; some only when they apply."""
        single_key = action in ("choose", "step") or any(p is True for p in parameters)
        if single_key and not self.keys_free():
            return False
        if action == "choose":
            return int(parameters[0]) <= len(self.session.choices)  # type: ignore[call-overload]
        if action == "step":
            return self.session.sequence is not None and self.keys_free(strict=True)
        if action == "leave":
            return self.session.sequence is not None and not self.panel_open()
        if action == "close_panel":
            return self.panel_open()
        if action in ("discuss", "review"):
            return self.has_classroom("discussion" if action == "discuss" else "review",
                                      self.chapter_id)
        return True

    def take_key(self, key: str) -> bool:
        """Act on a key pressed in the empty question box, if a binding applies."""
        for binding in self.every_binding():
            if key in binding.key.split(","):
                _, name, params = parse_action(binding.action)
                if self.check_action(name, params):
                    self.call_later(self.run_action, binding.action)
                    return True
        return False

    @classmethod
    def every_binding(cls) -> list[Binding]:
        """The bindings of this screen and of the screens it extends, its own first."""
        return [binding for klass in cls.__mro__ for binding in vars(klass).get("BINDINGS", [])
                if isinstance(binding, Binding)]

    def keys_free(self, *, strict: bool = False) -> bool:
        """True when a single key would not be typed into the question box.

        strict: also require the focus in the question box (so Space, Left and
        Right keep their meaning in the map and the source view).
        """
        focused = self.focused
        if isinstance(focused, Input):
            return not focused.value
        return not strict or focused is None

    def panel_open(self) -> bool:
        """A panel Escape would close: a narrow panel, or the source panel."""
        return self.panel is not None or self.source_shown()

    async def action_choose(self, number: int) -> None:
        await self.pick(number)

    async def action_step(self, command: str) -> None:
        await self.navigate(command)

    async def action_leave(self) -> None:
        await self.navigate("leave")

    def action_close_panel(self) -> None:
        if self.panel is not None:
            self.set_panel(None)
        else:
            self.close_source()

    def action_toggle_map(self) -> None:
        if self.narrow:
            self.set_panel(None if self.panel == "map" else "map")
        elif self.has_class("-medium") and self.source_shown():
            self.close_source()
            self.remove_class("-map-hidden")
        else:
            self.toggle_class("-map-hidden")

    async def action_toggle_source(self) -> None:
        if self.source_shown():
            self.close_source()
        else:
            answer = self.latest_answer
            await self.open_source(answer.citations[0] if answer and answer.citations else None)

    def action_copy_answer(self) -> None:
        if self.latest_answer is None:
            self.notify("There is no answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(answer_text(self.latest_answer))
        self.notify("Copied the latest answer and its citation.", title="Copied")

    def action_discuss(self) -> None:
        self.open_classroom("discussion", self.chapter_id)

    def action_review(self) -> None:
        self.open_classroom("review", self.chapter_id)

    def has_classroom(self, kind: str, chapter_id: str | None) -> bool:
        """Whether a chapter has 'discussion' prompts or 'review' questions."""
        if chapter_id is None:
            return False
        chapter = self.tour.chapter(chapter_id)
        return bool(chapter.discussion if kind == "discussion" else chapter.review)

    def open_classroom(self, kind: str, chapter_id: str | None) -> None:
        """Show a chapter's 'discussion' prompts or 'review' questions, if it has them."""
        if chapter_id is None or not self.has_classroom(kind, chapter_id):
            return
        chapter = self.tour.chapter(chapter_id)
        if kind == "discussion":
            self.app.push_screen(DiscussionScreen(chapter))
        else:
            self.app.push_screen(ReviewScreen(self.tour, chapter))

    async def discuss(self, chapter_id: str) -> None:
        """The palette's 'Discussion: <chapter>'."""
        self.open_classroom("discussion", chapter_id)

    async def review(self, chapter_id: str) -> None:
        """The palette's 'Review: <chapter>'."""
        self.open_classroom("review", chapter_id)

    def action_help(self, _key: bool = False) -> None:
        bindings = [*QuestionInput.BINDINGS, *self.every_binding(), *self.app.BINDINGS]
        self.app.push_screen(HelpScreen(help_rows(self.app, bindings)))

    def action_quit(self, _key: bool = False) -> None:
        self.app.exit()
