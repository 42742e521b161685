"""The question box: an Input that completes questions and recalls earlier ones.

Single keys (a digit, Space, q, ?, the arrows) pressed in the empty box are offered
to the screen first (`take_key`), in the order keys arrive. A paste goes in whole, as
one line, its control characters made visible; a paste that would make the question
longer than MAX_QUESTION is cut to fit, with a note saying so, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.suggester import Suggester
from textual.widgets import Input

from ...engine.script import Tour
from ...visible import visible

PLACEHOLDER = "Ask a question about the text, or type a choice number"
SHORT_PLACEHOLDER = "Ask a question, or type a number"
"""For a narrow box, where the whole placeholder would be cut."""
MAX_QUESTION = 2000
"""Characters a question may have: as many as the router reads (engine.routing.model.Model.max_input)."""


def one_line(text: str) -> str:
    """Pasted text as part of a one-line question: line breaks become spaces, every
    other control character a visible symbol."""
    return visible(" ".join(text.splitlines()))


class History:
    """Earlier questions, walked with Up and Down like a shell's history.

    Plain logic, kept apart from the widget so it can be tested on its own. The
    cursor stands at len(items) while the reader is writing a new question (the
    draft), which Down returns to.
    """

    def __init__(self) -> None:
        self.items: list[str] = []
        self._cursor = 0
        self._draft = ""

    def add(self, text: str) -> None:
        """Remember a question just asked (not twice in a row) and reset the cursor."""
        if text and (not self.items or self.items[-1] != text):
            self.items.append(text)
        self._cursor = len(self.items)
        self._draft = ""

    def back(self, draft: str) -> str | None:
        """The question before the cursor, or None at the oldest."""
        if self._cursor == len(self.items):
            self._draft = draft
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.items[self._cursor]

    def forward(self) -> str | None:
        """The question after the cursor (the draft after the newest), or None."""
        if self._cursor >= len(self.items):
            return None
        self._cursor += 1
        return self.items[self._cursor] if self._cursor < len(self.items) else self._draft


def tour_phrases(tour: Tour) -> list[str]:
    """What the suggester offers: example questions, then topic and chapter titles."""
    nodes = [tour.nodes[n] for chapter in tour.chapters for n in chapter.nodes]
    phrases = [e for node in nodes for e in node.examples]
    phrases += [node.title for node in nodes] + [chapter.title for chapter in tour.chapters]
    return phrases


class TopicSuggester(Suggester):
    """Completes the start of a question from a list of phrases, ignoring case.

    A plain prefix match: it helps the reader type, it does not route. Nothing is
    offered for fewer than two characters, so a lone letter stays free.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        unique: dict[str, str] = {}
        for phrase in phrases:
            unique.setdefault(phrase.casefold(), phrase)
        self._phrases = list(unique.items())

    async def get_suggestion(self, value: str) -> str | None:
        """The first phrase that starts with `value` (already casefolded)."""
        if len(value.strip()) < 2:
            return None
        for folded, phrase in self._phrases:
            if folded.startswith(value) and folded != value:
                return phrase
        return None


class QuestionInput(Input):
    """Where the reader types. Enter asks; Up and Down recall earlier questions."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)
    """As Input's, but a change repaints the box instead of laying out the whole screen
    again: the box's own size never changes with its text, and every key changes this
    (about 10 ms a key, for a class of thirty typing at once under `tour serve`)."""

    BINDINGS = [
        Binding("up", "recall_previous", "Previous question", show=False,
                tooltip="Recall the question asked before this one"),
        Binding("down", "recall_next", "Next question", show=False,
                tooltip="Walk forward through earlier questions"),
    ]

    def __init__(self, tour: Tour, *, free_keys: frozenset[str] = frozenset(),
                 take_key: Callable[[str], bool] | None = None, id: str | None = None) -> None:
        """free_keys: keys offered to `take_key` while the box is empty.

        take_key returns True when it acted on the key; otherwise the key is typed.
        """
        super().__init__(
            placeholder=PLACEHOLDER,
            suggester=TopicSuggester(tour_phrases(tour)),
            max_length=MAX_QUESTION,
            select_on_focus=False,
            id=id,
        )
        self.history = History()
        self.free_keys = free_keys
        self.take_key = take_key

    async def on_key(self, event: events.Key) -> None:
        """Offer a free key to the screen while the box is empty.

        Done here, in the order keys arrive, rather than with priority bindings:
        those are checked before earlier keys have reached the box, so a fast
        typist's "when did" could lose its space to the testimony player.
        """
        if getattr(event, "typed", False):  # sent here from elsewhere: a letter, not an action
            if event.character == " " and not self.value:  # a leading space means nothing
                event.stop()
                event.prevent_default()
            return
        if self.value or event.key not in self.free_keys or self.take_key is None:
            return
        if self.take_key(event.key):
            event.stop()
            event.prevent_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Home and End move the cursor in a question; in the empty box they are the
        screen's (they scroll the conversation)."""
        if action in ("home", "end") and not parameters and not self.value:
            return False
        return super().check_action(action, parameters)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would keep the first line only
        self.paste(event.text)

    def action_paste(self) -> None:
        """Ctrl+V: the app's clipboard, as a paste."""
        self.paste(self.app.clipboard)

    def paste(self, text: str) -> None:
        """Put pasted text at the cursor (in place of a selection), cut to fit the box."""
        text = one_line(text)
        start, end = sorted(self.selection)
        room = MAX_QUESTION - (len(self.value) - (end - start))
        if len(text) > room:
            text = text[:room]
            self.notify(f"Pasted text cut to {room:,} characters: a question holds "
                        f"{MAX_QUESTION:,} at most.", title="Paste", severity="warning",
                        markup=False)
        if text:
            self.replace(text, start, end)

    def on_resize(self) -> None:
        """The short placeholder where the long one would not fit."""
        room = self.content_region.width - 1
        self.placeholder = PLACEHOLDER if len(PLACEHOLDER) <= room else SHORT_PLACEHOLDER

    def remember(self, text: str) -> None:
        """Add an asked question to the history."""
        self.history.add(text)

    def action_recall_previous(self) -> None:
        self._recall(self.history.back(self.value))

    def action_recall_next(self) -> None:
        self._recall(self.history.forward())

    def _recall(self, text: str | None) -> None:
        if text is not None:
            self.value = text
            self.cursor_position = len(text)
