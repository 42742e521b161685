"""The tour screen: chapter map, conversation, question box, source panel.

Its parts, each in a module of its own:
- panels.py: the side panels' state (typed reactives that set the screen's classes);
- keys.py: how keys reach the screen (letters to the question box, single keys from
  the empty box);
- session_bridge.py: the Session, to which every input goes, and the Reply that
  comes back, shown as it is. No routing happens here.
This module composes the screen, binds its keys and says when each applies.

Keys (see keys.py for how they are routed):
- PageUp and PageDown scroll the conversation from the question box, and so do Home
  and End while it is empty (Ctrl+Home and Ctrl+End at any time).
- F2 moves the focus into the map (showing it), Escape back to the question box.
- Keys with a modifier (F1-F8, Ctrl+B/O/Y/S/Q/P) work at any time.

With `present` (the projector layout) the side panels are hidden as in a narrow
terminal, the footer too, and the conversation is spaced for reading from afar.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input

from ...engine.reply import Citation, Reply
from ...engine.script import Tour
from ...engine.session import Session
from ..palette import TourCommands
from ..widgets.chapter_map import ChapterMap
from ..widgets.chapter_offer import ChapterOffer
from ..widgets.conversation import ChoiceList, CitationLine, Conversation, UserMessage, answer_text
from ..widgets.header import TourHeader
from ..widgets.question import QuestionInput
from ..widgets.source_view import SourceView
from ..widgets.step_bar import StepBar
from .discussion import DiscussionScreen
from .help import HelpScreen, help_rows
from .keys import CHOICE_KEYS, FREE_KEYS, SINGLE_ACTIONS, KeyRouter, every_binding
from .panels import PanelScreen
from .review import ReviewScreen
from .session_bridge import SessionBridge


def _cached_router(tour: Tour):
    from ...cache import router

    return router(tour)


class TourScreen(PanelScreen):
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
        self.present = present
        self.bridge = SessionBridge(self, session or Session(tour, router_factory=_cached_router))
        self.keys = KeyRouter(self)
        self._question_was_empty = True
        self._footer_state: tuple | None = None

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
        await self.bridge.show(self.session.welcome())

    @property
    def conversation(self) -> Conversation:
        return self.one(Conversation)

    # -- the session (see session_bridge.py) -----------------------------------------
    @property
    def session(self) -> Session:
        return self.bridge.session

    @property
    def latest_answer(self) -> Reply | None:
        """The latest reply that answered from the text (F3 and F4 use it)."""
        return self.bridge.latest_answer

    async def ask(self, text: str, *, message: UserMessage | None = None) -> None:
        await self.bridge.ask(text, message=message)

    async def jump(self, kind: str, target: str) -> None:
        """Go to a chapter or topic (the map, the command palette)."""
        await self.bridge.jump(kind, target)

    def reply_shown(self, reply: Reply) -> None:
        """A reply has just been shown (the lesson screen restarts its pace)."""

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
        """Called by the app for every key as it arrives (see KeyRouter.route)."""
        return self.keys.route(event)

    def take_key(self, key: str) -> bool:
        """Act on a key pressed in the empty question box, if a binding applies."""
        return self.keys.take(key)

    async def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        await self.bridge.pick(event.number)
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

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Single keys only from the empty question box; others only when they apply."""
        if action in SINGLE_ACTIONS and not self.keys.keys_free():
            return False
        in_question = self.keys.in_question()
        if action == "choose":
            return int(parameters[0]) <= len(self.session.choices)  # type: ignore[call-overload]
        if action == "step":
            return self.session.sequence is not None
        if action == "close_panel":
            return self.panel is not None or (self.source_shown() and in_question)
        if action == "focus_question":
            return self.panel is None and not in_question
        if action == "leave":
            return self.session.sequence is not None and in_question and not self.source_shown()
        if action == "scroll":
            return in_question and self.panel is None
        if action in ("discuss", "review"):
            return self.has_classroom("discussion" if action == "discuss" else "review",
                                      self.bridge.chapter_id)
        return True

    @classmethod
    def every_binding(cls) -> list[Binding]:
        """The bindings of this screen and of the screens it extends, its own first."""
        return every_binding(cls)

    async def action_choose(self, number: int) -> None:
        await self.bridge.pick(number)

    async def action_step(self, command: str) -> None:
        await self.bridge.navigate(command)

    async def action_leave(self) -> None:
        await self.bridge.navigate("leave")

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
            await self.open_source(self.latest_citation())

    def latest_citation(self) -> Citation | None:
        """The first citation of the latest answer, if any."""
        answer = self.latest_answer
        return answer.citations[0] if answer and answer.citations else None

    def action_copy_answer(self) -> None:
        if self.latest_answer is None:
            self.notify("There is no answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(answer_text(self.latest_answer))
        self.notify("Copied the latest answer and its citation.", title="Copied")

    def action_discuss(self) -> None:
        self.open_classroom("discussion", self.bridge.chapter_id)

    def action_review(self) -> None:
        self.open_classroom("review", self.bridge.chapter_id)

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
