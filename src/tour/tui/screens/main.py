"""The tour screen: chapter map, conversation, question box, source panel.

It holds the Session and passes every input to it; what comes back (a Reply) is
shown as it is. No routing happens here.

Single keys (1-9, Space, arrows, q, ?, m, s, c) act only while the question box is
empty, so they never eat a letter of a question. To start a question with a
digit, type a space first (the session ignores it).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from ...engine.reply import Citation, Reply
from ...engine.session import Session
from ...engine.script import Tour
from ..commands import TourCommands
from ..widgets.chapter_map import ChapterMap
from ..widgets.player import PlayerBar
from ..widgets.question import QuestionInput
from ..widgets.source_view import SourceView
from ..widgets.transcript import ChoiceList, CitationLine, GuideMessage, Transcript
from .dialogs import HelpScreen

NARROW = 100
"""Below this many columns the side panels are hidden and open one at a time."""
NAVIGATION = {"@next", "@back", "@leave"}
"""Choice targets that move through a testimony rather than ask something."""
EMPTY = "Only while the question box is empty."

CHOICE_KEYS = [
    Binding(str(n), f"choose({n})", f"Pick choice {n}", show=False, priority=True,
            tooltip="Pick a numbered choice of the latest reply. " + EMPTY)
    for n in range(1, 10)
]


class TourScreen(Screen[None]):
    """The whole tour on one screen."""

    COMMANDS = {TourCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="List every key"),
        Binding("question_mark", "help(True)", "Help", show=False, priority=True, tooltip=EMPTY),
        Binding("f2", "toggle_map", "Map", id="map", tooltip="Show or hide the chapter map"),
        Binding("m", "toggle_map(True)", "Map", show=False, priority=True, tooltip=EMPTY),
        Binding("f3", "toggle_source", "Source", id="source",
                tooltip="Show or hide the article, at the latest citation"),
        Binding("s", "toggle_source(True)", "Source", show=False, priority=True, tooltip=EMPTY),
        Binding("f4", "copy_answer", "Copy", id="copy",
                tooltip="Copy the latest answer with its citation to the clipboard"),
        Binding("c", "copy_answer(True)", "Copy", show=False, priority=True, tooltip=EMPTY),
        Binding("space,right", "step('next')", "Next", priority=True, id="next",
                tooltip="Next step of the testimony. " + EMPTY),
        Binding("left", "step('back')", "Back", priority=True, id="back",
                tooltip="Previous step of the testimony. " + EMPTY),
        Binding("escape", "close_panel", "Close", priority=True, id="close",
                tooltip="Close the open panel"),
        Binding("escape", "leave", "Leave", priority=True, id="leave",
                tooltip="Leave the testimony and return to free questions"),
        *CHOICE_KEYS,
        Binding("q", "quit(True)", "Quit", show=False, priority=True, tooltip=EMPTY),
    ]

    def __init__(self, tour: Tour, session: Session | None = None) -> None:
        super().__init__()
        self.tour = tour
        self.session = session or Session(tour)
        self.latest: Reply | None = None
        self.latest_answer: Reply | None = None
        self.panel: str | None = None
        """In a narrow terminal, the side panel open in place of the conversation."""

    def compose(self) -> ComposeResult:
        yield Header(icon="\u00b6")
        with Horizontal(id="body"):
            yield ChapterMap(self.tour, id="map")
            with Vertical(id="main"):
                yield Transcript(id="transcript")
                yield PlayerBar(id="player")
                yield QuestionInput(self.tour, id="question")
            yield SourceView(self.tour.source, id="source")
        yield Footer()

    async def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.question.focus()
        await self.show(self.session.welcome())

    # -- widgets -------------------------------------------------------------------
    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

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
        self.question.remember(text)
        await self.transcript.add_user(text)
        await self.show(self.session.ask(text))

    async def pick(self, number: int) -> None:
        """Follow the numbered choice of the latest reply."""
        choices = self.session.choices
        if not 1 <= number <= len(choices):
            return
        choice = choices[number - 1]
        if choice.target not in NAVIGATION:
            await self.transcript.add_user(choice.label, action=True)
        await self.show(self.session.choose(number), step=choice.target in NAVIGATION)

    async def navigate(self, command: str) -> None:
        """Move through a testimony: 'next', 'back' or 'leave'."""
        reply = self.session.ask(command)
        if command == "back" and reply.intent == "back" and reply.kind == "chat":
            self.notify(reply.text, title="Testimony")
            return
        await self.show(reply, step=True)

    async def jump(self, kind: str, target: str) -> None:
        """Go to a chapter or topic picked in the map or the command palette."""
        if kind == "chapter":
            label = self.tour.chapter(target).title
            await self.transcript.add_user(f"Go to chapter: {label}", action=True)
            reply = self.session.open_chapter(target, label)
        else:
            label = self.tour.nodes[target].title
            await self.transcript.add_user(f"Go to: {label}", action=True)
            reply = self.session.goto(target, label)
        await self.show(reply)

    async def show(self, reply: Reply, *, step: bool = False) -> None:
        """Add a reply to the conversation; a testimony step replaces the last one."""
        last = self.transcript.last
        replace = None
        if (step and reply.step is not None and not reply.detour
                and isinstance(last, GuideMessage) and last.step_chapter == reply.step.chapter):
            replace = last
        self.latest = reply
        if reply.kind == "answer":
            self.latest_answer = reply
        title = self.tour.chapter(reply.step.chapter).title if reply.step else ""
        await self.transcript.add_reply(reply, chapter_title=title, replace=replace)
        self.update_status()

    def update_status(self) -> None:
        """Progress in the header, marks in the map, the testimony player bar."""
        seen, total = self.session.progress
        self.sub_title = f"{seen} of {total} topics seen"
        current = self.latest.node if self.latest else None
        self.chapter_map.mark(self.session.visited, current)
        player = self.query_one(PlayerBar)
        sequence = self.session.sequence
        player.display = sequence is not None
        if sequence is not None:
            chapter = self.tour.chapter(sequence.chapter)
            paused = self.latest is None or self.latest.step is None or self.latest.detour
            player.show_step(chapter.title, sequence.index + 1, len(chapter.nodes), paused=paused)
        self.refresh_bindings()

    # -- events --------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    async def on_question(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            return
        self.question.clear()
        await self.ask(text)

    @on(Input.Changed, "#question")
    def on_question_changed(self) -> None:
        self.refresh_bindings()

    async def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        await self.pick(event.number)
        self.question.focus()

    def on_citation_line_selected(self, event: CitationLine.Selected) -> None:
        self.open_source(event.citation)

    async def on_chapter_map_jump(self, event: ChapterMap.Jump) -> None:
        if self.panel == "map":
            self.set_panel(None)
        await self.jump(event.kind, event.target)

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
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

    def open_source(self, citation: Citation | None) -> None:
        """Show the article, scrolled to a citation with its span highlighted."""
        if self.narrow:
            self.set_panel("source")
        else:
            self.add_class("-source-open")
        self.source_view.show(citation)
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
        return True

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
        """A narrow panel is open, or the focus is in the source panel."""
        if self.panel is not None:
            return True
        focused = self.focused
        return self.source_shown() and focused is not None and self.source_view in focused.ancestors

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

    def action_toggle_map(self, _key: bool = False) -> None:
        if self.narrow:
            self.set_panel(None if self.panel == "map" else "map")
        else:
            self.toggle_class("-map-hidden")

    def action_toggle_source(self, _key: bool = False) -> None:
        if self.source_shown():
            self.close_source()
        else:
            answer = self.latest_answer
            self.open_source(answer.citations[0] if answer and answer.citations else None)

    def action_copy_answer(self, _key: bool = False) -> None:
        if self.latest_answer is None:
            self.notify("There is no answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(answer_text(self.latest_answer))
        self.notify("Copied the latest answer and its citation.", title="Copied")

    def action_help(self, _key: bool = False) -> None:
        self.app.push_screen(HelpScreen(help_rows(self), HELP_INTRO))

    def action_quit(self, _key: bool = False) -> None:
        self.app.exit()


HELP_INTRO = (
    "Type a question and press Enter. Single keys work while the question box is empty; "
    "to start a question with a number, type a space first. Select text with the mouse "
    "and press Ctrl+C to copy it."
)


def answer_text(reply: Reply) -> str:
    """An answer as plain text for the clipboard: words, quotes and citations."""
    parts = [reply.title] if reply.title else []
    if reply.say:
        parts.append(reply.say)
    for c in reply.citations:
        parts.append(f"\u201c{c.quote}\u201d\n\u2014 {c.label()}" + (f"\n{c.url}" if c.url else ""))
    if reply.after:
        parts.append(reply.after)
    return "\n\n".join(parts)


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, what, when) for every binding of the screen, the input and the app."""
    app = screen.app
    rows: dict[tuple[str, str], list[str]] = {}
    sources = [
        *QuestionInput.BINDINGS, *TourScreen.BINDINGS, *app.BINDINGS,
    ]
    for binding in sources:
        if not isinstance(binding, Binding) or binding.system:
            continue
        action = binding.action.split("(")[0]
        description = "Pick a numbered choice" if action == "choose" else binding.description
        tooltip = binding.tooltip
        keys = [app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(",")]
        rows.setdefault((description, tooltip), []).extend(keys)
    table = [(_keys(keys), what, when) for (what, when), keys in rows.items()]
    table += [
        ("Enter", "Ask the question typed", "In the question box."),
        ("Tab", "Move between the map, the conversation and the question box", ""),
        ("Ctrl+P", "Command palette: jump to a chapter or topic, change theme", ""),
        ("Ctrl+C", "Copy the text selected with the mouse", ""),
    ]
    return table


def _keys(keys: list[str]) -> str:
    if len(keys) > 3 and all(k.isdigit() for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return ", ".join(dict.fromkeys(keys))
