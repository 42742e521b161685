"""The chapter map: every chapter and its topics, visited ones marked, titles whole.

An OptionList rather than a Tree, so that a long title wraps onto a second line,
under its own start, instead of being cut ("Photo of soldiers returning t"). Up and
Down move, Home and End jump, Enter (or a click) goes to the chapter or topic under
the cursor. The lines are laid out for the map's width, and again when it changes.
"""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.script import Chapter, Tour
from ...visible import visible
from ..textual_private.option_prompt import replace_prompt

MARKS = {"current": "\u25b8", "visited": "\u2713", "": " "}
"""The mark before a topic: '▸' where the reader is, '✓' seen."""
STYLES = {"chapter": "bold", "count": "$text-muted", "visited": "$text-success",
          "current": "bold $text-accent", "": ""}
"""Theme variables only, so every theme colours the map its own way."""
INDENT = 4
"""Columns before a topic's title: its mark, in a gutter under the chapter's title."""


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a longer word is split)."""
    return textwrap.wrap(visible(text), max(width, 8), break_long_words=True) or [""]


class ChapterMap(OptionList):
    """Chapters and topics. Selecting one (Enter or a click) asks to go there."""

    class Jump(Message):
        """The reader picked a chapter or a topic in the map."""

        def __init__(self, kind: str, target: str) -> None:
            super().__init__()
            self.kind = kind
            """'chapter' or 'node'."""
            self.target = target

    def __init__(self, tour: Tour, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tour = tour
        self.visited: set[str] = set()
        self.current: str | None = None
        self.layout_width = 40
        """The width the lines are laid out for (the map's, once it has one)."""
        self.fit_pending = False
        """Resized while its screen was not shown: fit_width() when it is again."""

    def on_mount(self) -> None:
        options = []
        for chapter in self.tour.chapters:
            options.append(Option(self._chapter_prompt(chapter), id=f"chapter:{chapter.id}"))
            options += [Option(self._topic_prompt(n), id=f"node:{n}") for n in chapter.nodes]
        self.add_options(options)

    def on_resize(self) -> None:
        """Lay the lines out for a new width: now if the map is on the screen shown,
        else when its screen comes back (a served app's first screen is the content
        note, over the map)."""
        self.fit_pending = True
        if self.screen.is_current:
            self.fit_width()

    def fit_width(self) -> None:
        """Lay the lines out for the map's width, if it has changed (see on_resize)."""
        self.fit_pending = False
        width = self.content_region.width - 1  # a column for the scrollbar, shown or not
        if width > 0 and width != self.layout_width:
            self.layout_width = width
            self.redraw()

    def redraw(self) -> None:
        """Lay every line out again (for a new width)."""
        for chapter in self.tour.chapters:
            self.replace_option_prompt(f"chapter:{chapter.id}", self._chapter_prompt(chapter))
            for node_id in chapter.nodes:
                self.replace_option_prompt(f"node:{node_id}", self._topic_prompt(node_id))

    def state(self, node_id: str) -> str:
        """'current', 'visited' or '' for a topic."""
        return "current" if node_id == self.current else (
            "visited" if node_id in self.visited else "")

    def mark(self, visited: set[str], current: str | None) -> None:
        """Show which topics were seen; put the cursor on the current one."""
        before = {n: self.state(n) for n in self.tour.nodes}
        self.visited, self.current = set(visited), current
        for chapter in self.tour.chapters:
            changed = [n for n in chapter.nodes if self.state(n) != before[n]]
            for node_id in changed:
                self._remark(f"node:{node_id}", self._topic_prompt(node_id))
            if changed:
                self._remark(f"chapter:{chapter.id}", self._chapter_prompt(chapter))
        if current in self.tour.nodes:
            self.highlighted = self.get_option_index(f"node:{current}")

    def _remark(self, option_id: str, prompt: Content) -> None:
        """Give an option a new mark or count, which leaves its lines as many as before:
        redraw that option alone (replace_option_prompt would lay every option out
        again, some 25 ms a reply with the bundled tour's 61)."""
        replace_prompt(self, option_id, prompt)

    def _chapter_prompt(self, chapter: Chapter) -> Content:
        """'Chapter title   2/6': the title wraps, the count stays on its right."""
        seen = sum(1 for n in chapter.nodes if n in self.visited)
        count = f"{seen}/{len(chapter.nodes)}"
        lines = wrapped(chapter.title, self.layout_width - len(count) - 2)
        first = lines[0].ljust(self.layout_width - len(count) - 1)
        return Content.assemble(
            (first, STYLES["chapter"]), " ", (count, STYLES["count"]),
            *(("\n" + line, STYLES["chapter"]) for line in lines[1:]))

    def _topic_prompt(self, node_id: str) -> Content:
        """'  ✓ Topic title', wrapped under its own start."""
        state = self.state(node_id)
        lines = wrapped(self.tour.nodes[node_id].title, self.layout_width - INDENT)
        mark_style = STYLES[state]
        title_style = mark_style if state == "current" else ""
        mark = MARKS[state].rjust(INDENT - 1) + " "
        return Content.assemble(
            (mark, mark_style), (lines[0], title_style),
            *(("\n" + " " * INDENT + line, title_style) for line in lines[1:]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, target = (event.option.id or "").partition(":")
        if target:
            self.post_message(self.Jump(kind, target))
