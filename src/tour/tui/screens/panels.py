"""The tour screen's side panels: the chapter map and the source, beside the
conversation or, in a narrow terminal, one at a time in its place.

The panels' state is held in typed reactives, each with a watcher that sets the
screen's class for it (tour.tcss lays the panels out by the classes); nothing reads
the classes back:

- narrow (-narrow): fewer than NARROW columns, or presenting: one panel at a time;
- medium (-medium): fewer than ROOMY columns: the map steps aside for the source;
- panel (-panel-map, -panel-source): in a narrow terminal, the panel open in place of
  the conversation, if any;
- source_open (-source-open), map_hidden (-map-hidden): beside the conversation, in a
  wide terminal (kept while the terminal is narrow, for when it is wide again).

Opening or closing a panel moves the focus (into the panel, or back to the question
box); the watchers only set classes.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget

from ...engine.reply import Citation
from ..widgets.chapter_map import ChapterMap
from ..widgets.question import QuestionInput
from ..widgets.source_view import SourceView

Panel = Literal["map", "source"]

NARROW = 100
"""Below this many columns the side panels are hidden and open one at a time."""
ROOMY = 150
"""Below this many columns the map steps aside while the source panel is open."""

W = TypeVar("W", bound=Widget)


class PanelScreen(Screen[None]):
    """A screen with the chapter map and the source panel around its conversation.

    Subclasses compose a ChapterMap, a SourceView and a QuestionInput; refresh_footer()
    is told of every change.
    """

    narrow: var[bool] = var(False, init=False)
    medium: var[bool] = var(False, init=False)
    panel: var[Panel | None] = var(None, init=False)
    source_open: var[bool] = var(False, init=False)
    map_hidden: var[bool] = var(False, init=False)

    present = False
    """The projector layout: narrow whatever the width."""

    def __init__(self, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self._found: dict[type[Widget], Widget] = {}

    def one(self, kind: type[W]) -> W:
        """The screen's one widget of a kind (looked up once)."""
        found = self._found.get(kind)
        if found is None:
            found = self._found[kind] = self.query_one(kind)
        return found  # type: ignore[return-value]

    @property
    def question(self) -> QuestionInput:
        return self.one(QuestionInput)

    @property
    def chapter_map(self) -> ChapterMap:
        return self.one(ChapterMap)

    @property
    def source_view(self) -> SourceView:
        return self.one(SourceView)

    def refresh_footer(self) -> None:
        """The panels have changed: the footer's keys may have too."""

    # -- the classes -----------------------------------------------------------------
    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")

    def watch_medium(self, medium: bool) -> None:
        self.set_class(medium, "-medium")

    def watch_panel(self, panel: Panel | None) -> None:
        self.set_class(panel == "map", "-panel-map")
        self.set_class(panel == "source", "-panel-source")

    def watch_source_open(self, source_open: bool) -> None:
        self.set_class(source_open, "-source-open")

    def watch_map_hidden(self, map_hidden: bool) -> None:
        self.set_class(map_hidden, "-map-hidden")

    # -- what is shown ----------------------------------------------------------------
    def fit(self, width: int) -> None:
        """The layout for a width: narrow (always when presenting), medium, or wide. A
        narrow terminal's panel closes when the layout changes."""
        narrow = width < NARROW or self.present
        self.medium = not narrow and width < ROOMY
        if narrow != self.narrow:
            self.narrow = narrow
            self.set_panel(None)

    def source_shown(self) -> bool:
        return self.panel == "source" if self.narrow else self.source_open

    def map_shown(self) -> bool:
        return self.panel == "map" if self.narrow else not self.map_hidden

    # -- opening and closing ----------------------------------------------------------
    def set_panel(self, panel: Panel | None, *, focus: bool = True) -> None:
        """Open a side panel in place of the conversation (narrow), or close it; the
        focus goes into the panel (unless not `focus`), or back to the question box."""
        self.panel = panel
        if panel == "map" and focus:
            self.chapter_map.focus()
        elif panel == "source" and focus:
            self.source_view.scroller.focus()
        else:
            self.question.focus()
        self.refresh_footer()

    async def open_source(self, citation: Citation | None, *, focus: bool = True) -> None:
        """Show the article, scrolled to a citation with its span highlighted (in a
        narrow terminal in place of the conversation, taking the focus if `focus`)."""
        if self.narrow:
            self.set_panel("source", focus=focus)
        else:
            self.source_open = True
            if self.medium and self.focused is self.chapter_map:
                self.question.focus()  # the map steps aside
        await self.source_view.show(citation)
        self.refresh_footer()

    def close_source(self) -> None:
        if self.narrow:
            self.set_panel(None)
        else:
            self.source_open = False
            self.question.focus()
        self.refresh_footer()

    def show_map(self, *, focus: bool) -> None:
        """Show the chapter map: in place of the conversation when the panels are hidden,
        else beside it; with `focus`, move the focus into it."""
        if self.narrow:
            self.set_panel("map", focus=focus)
            return
        was_hidden = self.map_hidden or (self.medium and self.source_shown())
        self.map_hidden = False
        if self.medium and self.source_shown():
            self.close_source()
        if focus and was_hidden:
            self.call_after_refresh(self.chapter_map.focus)  # once it is laid out
        elif focus:
            self.set_focus(self.chapter_map)  # now: a second F2 right after finds it there
        self.refresh_footer()

    def hide_map(self) -> None:
        """Hide the map (it gives way to the conversation) and go back to the question."""
        if self.narrow:
            self.set_panel(None)
        else:
            self.map_hidden = True
            self.question.focus()
        self.refresh_footer()
