"""The tour screen: chapter map, conversation, question box, source panel.

It holds the Session and passes every input to it; what comes back (a Reply) is
shown as it is. No routing happens here.

Keys, as in the Textual apps people know (Posting, Harlequin, Frogmouth):
- A printable key pressed where no text is typed (the map, the choices, the source)
  goes to the question box, which takes the focus; a key the focused widget uses
  itself (Enter in the map) keeps that meaning.
- Single keys (1-9, Space, the arrows, q, ?) act only from the empty, focused
  question box, so they never eat a letter of a question or act from elsewhere; a
  digit that is not a choice number is typed as usual.
- PageUp and PageDown scroll the conversation from the question box, and so do Home
  and End while it is empty (Ctrl+Home and Ctrl+End at any time).
- F2 moves the focus into the map (showing it), Escape back to the question box.
- Keys with a modifier (F1-F8, Ctrl+B/O/Y/S/Q/P) work at any time.

With `present` (the projector layout) the side panels are hidden as in a narrow
terminal, the footer too, and the conversation is spaced for reading from afar.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual import events, on
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from ...engine.reply import Citation, Reply
from ...engine.script import Tour
from ...engine.session import Session
from ..palette import TourCommands
from ..widgets.chapter_map import ChapterMap
from ..widgets.chapter_offer import ChapterOffer
from ..widgets.conversation import (
    ChoiceList,
    CitationLine,
    Conversation,
    UserMessage,
    answer_text,
)
from ..widgets.header import TourHeader
from ..widgets.question import QuestionInput
from ..widgets.source_view import SourceView
from ..widgets.step_bar import StepBar
from .discussion import DiscussionScreen
from .help import HelpScreen, help_rows
from .review import ReviewScreen

NARROW = 100
"""Below this many columns the side panels are hidden and open one at a time."""
ROOMY = 150
"""Below this many columns the map steps aside while the source panel is open."""
NAVIGATION = {"@next", "@back", "@leave"}
"""Choice targets that move through a testimony rather than ask something."""
EMPTY = "From the empty question box."

CHOICE_KEYS = [
    Binding(str(n), f"choose({n})", "Pick a numbered choice", show=False,
            tooltip="Follow that choice of the latest reply")
    for n in range(1, 10)
]
SINGLE_ACTIONS = {"choose", "step", "quit_key", "help_key", "lesson"}
"""Actions of single keys: they act only from the empty, focused question box."""
FREE_KEYS = frozenset({*(str(n) for n in range(1, 10)), "space", "q", "question_mark",
                       "left", "right"})
"""Keys the question box offers the screen while it is empty."""


def _cached_router(tour: Tour):
    from ...cache import router

    return router(tour)


class TourScreen(Screen[None]):
    """The whole tour on one screen."""

    COMMANDS = {TourCommands}
    BINDINGS = [
        # The footer shows these in this order, Help and Quit first so a narrow
        # terminal keeps them.
        Binding("f1", "help", "Help", id="help", tooltip="Every key, and what it does"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="quit", tooltip="Quit the tour"),
        Binding("f2,ctrl+b", "map", "Map", id="map",
                tooltip="Into the chapter map (shown if hidden); again to leave it"),
        Binding("f3,ctrl+o", "toggle_source", "Source", id="source",
                tooltip="Show or hide the text, at the latest citation"),
        Binding("f4,ctrl+y", "copy_answer", "Copy", id="copy",
                tooltip="Copy the latest answer with its citation"),
        Binding("f6,ctrl+s", "app.export", "Export", id="export",
                tooltip="Write this session's transcript as an HTML file"),
        Binding("f7", "discuss", "Discuss", id="discuss", show=False,
                tooltip="Discussion prompts for the current chapter (if it has them)"),
        Binding("f8", "review", "Review", id="review", show=False,
                tooltip="Review questions for the current chapter, answers from the text"),
        Binding("escape", "close_panel", "Close", priority=True, id="close",
                tooltip="Close the open panel"),
        Binding("escape", "focus_question", "Question box", priority=True, id="back-to-question",
                tooltip="Back to the question box"),
        Binding("escape", "leave", "Leave", priority=True, id="leave",
                tooltip="Leave the chapter played step by step, and return to free questions"),
        Binding("pageup", "scroll('page_up')", "Scroll up", show=False,
                tooltip="Scroll the conversation up a page"),
        Binding("pagedown", "scroll('page_down')", "Scroll down", show=False,
                tooltip="Scroll the conversation down a page"),
        Binding("ctrl+home,home", "scroll('home')", "Scroll to the start", show=False,
                tooltip="The start of the conversation (Home: from the empty question box)"),
        Binding("ctrl+end,end", "scroll('end')", "Scroll to the end", show=False,
                tooltip="The newest message (End: from the empty question box)"),
        Binding("space,right", "step('next')", "Next step", show=False, id="next",
                tooltip="The next step of a chapter played step by step"),
        Binding("left", "step('back')", "Previous step", show=False, id="back",
                tooltip="The previous step of a chapter played step by step"),
        *CHOICE_KEYS,
        Binding("question_mark", "help_key", "Help", show=False),
        Binding("q", "quit_key", "Quit", show=False),
    ]

    def __init__(self, tour: Tour, session: Session | None = None, *,
                 present: bool = False) -> None:
        """session: one to use (a recorder may listen to it); present: the projector layout."""
        super().__init__(classes="-present" if present else "")
        self.tour = tour
        self.session = session or Session(tour, router_factory=_cached_router)
        self.present = present
        self._question_was_empty = True
        self._footer_state: tuple | None = None
        self.chapter_id: str | None = None
        """The chapter F7 and F8 open: of the latest reply, or the one just ended."""
        self.latest: Reply | None = None
        self.latest_answer: Reply | None = None
        self.panel: str | None = None
        """In a narrow terminal, the side panel open in place of the conversation."""
        self.turn = asyncio.Lock()
        """One turn at a time: keys, clicks and the palette arrive from different tasks."""

    def compose(self) -> ComposeResult:
        yield TourHeader(self.tour.title, id="header")
        with Horizontal(id="body"):
            yield ChapterMap(self.tour, id="map")
            yield Conversation(id="conversation")
            yield SourceView(self.tour.source, id="source")
        yield StepBar(id="player")
        yield QuestionInput(self.tour, free_keys=FREE_KEYS, take_key=self.take_key,
                            id="question")
        yield from self.compose_status()
        yield Footer()

    def compose_status(self) -> ComposeResult:
        """Full-width bars over the footer, shown whichever panel is open (none here)."""
        yield from ()

    async def on_mount(self) -> None:
        self.fit(self.app.size.width)
        if self.app.is_web:  # in a browser: a steady cursor, not thirty apps redrawing twice a second
            self.question.cursor_blink = False
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
    async def ask(self, text: str, *, message: UserMessage | None = None) -> None:
        """Ask the session a question the reader typed (`message`: already shown)."""
        async with self.turn, self.one_update():
            self.question.remember(text)
            if message is None:
                await self.conversation.add_user(text)
            await self.show(self.session.ask(text))

    async def pick(self, number: int) -> None:
        """Follow the numbered choice of the latest reply."""
        async with self.turn, self.one_update():
            choices = self.session.choices
            if not 1 <= number <= len(choices):
                return
            choice = choices[number - 1]
            if choice.target not in NAVIGATION:
                await self.conversation.add_user(choice.label, action=True)
            await self.show(self.session.choose(number))

    async def navigate(self, command: str) -> None:
        """Move through a testimony: 'next', 'back' or 'leave'."""
        async with self.turn, self.one_update():
            reply = self.session.ask(command)
            if command == "back" and reply.intent == "back" and reply.kind == "chat":
                self.notify(reply.text, title=self.session.noun().capitalize())
                return
            await self.show(reply)

    async def jump(self, kind: str, target: str) -> None:
        """Go to a chapter or topic picked in the map or the command palette."""
        async with self.turn, self.one_update():
            if kind == "chapter":
                label = self.tour.chapter(target).title
                await self.conversation.add_user(f"Go to chapter: {label}", action=True)
                reply = self.session.open_chapter(target, label)
            else:
                label = self.tour.nodes[target].title
                await self.conversation.add_user(f"Go to: {label}", action=True)
                reply = self.session.goto(target, label)
            await self.show(reply)

    @contextlib.asynccontextmanager
    async def one_update(self):
        """Draw the screen once for a whole turn (the question, the reply, the map, the
        bars), not after each of its changes: under `tour serve` a turn's CPU is about
        halved."""
        with self.app.batch_update():
            yield

    async def show(self, reply: Reply) -> None:
        """Add a reply to the conversation (a testimony step stays, marked as current
        until the next one); a narrow terminal's panel gives way to it."""
        if self.panel is not None:
            self.set_panel(None)
        self.latest = reply
        if reply.kind == "answer":
            self.latest_answer = reply
        title = self.tour.chapter(reply.step.chapter).title if reply.step else ""
        await self.conversation.add_reply(reply, chapter_title=title)
        await self.offer_chapter_end(reply)
        self.update_status()

    async def offer_chapter_end(self, reply: Reply) -> None:
        """At the end of a chapter (the session says when), offer its discussion prompts and
        review questions, if it has any."""
        ended = self.tour.chapter(reply.chapter_ended) if reply.chapter_ended else None
        self.chapter_id = ended.id if ended else (reply.chapter or self.chapter_id)
        if ended is not None and (ended.discussion or ended.review):
            await self.conversation.add_message(ChapterOffer(ended), follow=False)

    def update_status(self) -> None:
        """Progress in the header, marks in the map, the testimony's step bar."""
        seen, total = self.session.progress
        self.sub_title = f"{seen} of {total} topics seen"
        self.query_one(TourHeader).show_progress(self.sub_title)
        current = self.latest.node if self.latest else None
        self.chapter_map.mark(self.session.visited, current)
        sequence = self.session.sequence
        self.conversation.mark_current_step(sequence.chapter if sequence else None)
        player = self.query_one(StepBar)
        player.display = sequence is not None
        if sequence is not None:
            chapter = self.tour.chapter(sequence.chapter)
            paused = self.latest is None or self.latest.step is None or self.latest.detour
            player.show_step(chapter.title, sequence.index + 1, len(chapter.nodes), paused=paused,
                             keys=self.player_keys())
        self.refresh_footer()

    def refresh_footer(self) -> None:
        """Rebuild the footer's keys if what they depend on has changed: the panel, the
        source, the testimony (the focus Textual follows itself). Each rebuild costs
        some 25 ms, so not after every reply."""
        state = (self.panel, self.source_shown(), self.session.sequence is not None)
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    def player_keys(self) -> str | None:
        """The keys the testimony's step bar shows (None: its own)."""
        return None

    # -- events --------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    async def on_question(self, event: Input.Submitted) -> None:
        if event.value.strip():
            await self.submit(event.value)

    async def submit(self, text: str) -> None:
        """The reader pressed Enter on a question: clear the box and ask it."""
        self.question.clear()
        await self.ask(text)

    @on(Input.Changed, "#question")
    def on_question_changed(self, event: Input.Changed) -> None:
        """Tell the screen when the box fills or empties (not on every key: a class of
        thirty types at once under `tour serve`). Single keys need no refresh: whether
        they act is asked when they are pressed, and the footer does not show them."""
        empty = not event.value
        if empty != self._question_was_empty:
            self._question_was_empty = empty
            self.question_emptied() if empty else self.question_started()

    def question_started(self) -> None:
        """The question box has just received its first character."""

    def question_emptied(self) -> None:
        """The question box has just become empty (asked, or erased)."""

    def route_key(self, event: events.Key) -> bool:
        """A printable key pressed where no text is typed goes to the question box.

        Called by the app for every key, as it arrives (TourApp.on_event): the focus
        moves to the question box at once (a narrow terminal's panel closes for it), so
        this key and the ones after it reach the box in order, and "what did they eat"
        typed with the focus in the map is one question. A key the focused widget uses
        itself keeps its meaning there. The key is marked `typed`: in the box it is a
        letter, never a single-key action. Always True: pass the key on.
        """
        focused = self.focused
        if not (event.is_printable and event.character) or isinstance(focused, (Input, TextArea)):
            return True
        if focused is not None and self._bound_by(focused, event.key):
            return True
        if self.panel is not None:
            self.set_panel(None)
        self.set_focus(self.question)
        event.typed = True
        return True

    def _bound_by(self, focused, key: str) -> bool:
        """Whether the focused widget (or a container of it) binds `key`."""
        active = self.active_bindings.get(key)
        return active is not None and active.node not in (self, self.app) and (
            active.node is focused or active.node in focused.ancestors)

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

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    async def on_screen_resume(self) -> None:
        """Back from a dialog: the map catches up with a resize made under it, and the
        keys typed while the content note closed reach the question box."""
        if self.chapter_map.fit_pending:
            self.chapter_map.fit_width()
        await self.app.release_held_keys()

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

    def set_panel(self, panel: str | None, *, focus: bool = True) -> None:
        """Open a side panel in place of the conversation (narrow), or close it; the
        focus goes into the panel (unless not `focus`), or back to the question box."""
        self.panel = panel
        self.set_class(panel == "map", "-panel-map")
        self.set_class(panel == "source", "-panel-source")
        if panel == "map" and focus:
            self.chapter_map.focus()
        elif panel == "source" and focus:
            self.source_view.scroller.focus()
        else:
            self.question.focus()
        self.refresh_footer()

    def source_shown(self) -> bool:
        return self.panel == "source" if self.narrow else self.has_class("-source-open")

    def map_shown(self) -> bool:
        return self.panel == "map" if self.narrow else not self.has_class("-map-hidden")

    async def open_source(self, citation: Citation | None, *, focus: bool = True) -> None:
        """Show the article, scrolled to a citation with its span highlighted (in a
        narrow terminal in place of the conversation, taking the focus if `focus`)."""
        if self.narrow:
            self.set_panel("source", focus=focus)
        else:
            self.add_class("-source-open")
            if self.has_class("-medium") and self.focused is self.chapter_map:
                self.question.focus()  # the map steps aside
        await self.source_view.show(citation)
        self.refresh_footer()

    def close_source(self) -> None:
        if self.narrow:
            self.set_panel(None)
        else:
            self.remove_class("-source-open")
            self.question.focus()
        self.refresh_footer()

    def show_map(self, *, focus: bool) -> None:
        """Show the chapter map: in place of the conversation when the panels are hidden,
        else beside it; with `focus`, move the focus into it."""
        if self.narrow:
            self.set_panel("map", focus=focus)
            return
        else:
            self.remove_class("-map-hidden")
            if self.has_class("-medium") and self.source_shown():
                self.close_source()
        if focus:
            self.call_after_refresh(self.chapter_map.focus)
        self.refresh_footer()

    def hide_map(self) -> None:
        """Hide the map (it gives way to the conversation) and go back to the question."""
        if self.narrow:
            self.set_panel(None)
        else:
            self.add_class("-map-hidden")
            self.question.focus()
        self.refresh_footer()

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Single keys only from the empty question box; others only when they apply."""
        if action in SINGLE_ACTIONS and not self.keys_free():
            return False
        if action == "choose":
            return int(parameters[0]) <= len(self.session.choices)  # type: ignore[call-overload]
        if action == "step":
            return self.session.sequence is not None
        if action == "close_panel":
            return self.panel is not None or (self.source_shown() and self.in_question())
        if action == "focus_question":
            return self.panel is None and not self.in_question()
        if action == "leave":
            return (self.session.sequence is not None and self.in_question()
                    and not self.source_shown())
        if action == "scroll":
            return self.in_question() and self.panel is None
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

    def in_question(self) -> bool:
        """The focus is in the question box."""
        return self.focused is self.question

    def keys_free(self) -> bool:
        """True when a single key acts: the focus in the question box, and it empty."""
        return self.in_question() and not self.question.value

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

    def action_focus_question(self) -> None:
        self.question.focus()

    async def action_scroll(self, where: str) -> None:
        conversation = self.conversation
        if where == "page_up":
            await conversation.page_up()
        elif where == "page_down":
            await conversation.page_down()
        elif where == "home":
            await conversation.to_start()
        else:
            await conversation.to_end()

    def action_map(self) -> None:
        """F2: into the map (shown if hidden); from the map, hide it and go back."""
        if self.focused is self.chapter_map:
            self.hide_map()
        else:
            self.show_map(focus=True)

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

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.help_bindings())))

    def help_bindings(self) -> list[Binding]:
        """Every binding the reader can use here: the question box's, this screen's
        (its own first), Textual's for every screen, and the app's."""
        return [*QuestionInput.BINDINGS, *self.every_binding(), *self.app.BINDINGS]

    def action_help_key(self) -> None:
        self.action_help()

    def action_quit_key(self) -> None:
        self.app.exit()
