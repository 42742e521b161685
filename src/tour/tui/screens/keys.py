"""How keys reach the tour screen, as in the Textual apps people know (Posting,
Harlequin, Frogmouth):

- A printable key pressed where no text is typed (the map, the choices, the source)
  goes to the question box, which takes the focus; a key the focused widget uses
  itself (Enter in the map) keeps that meaning.
- Single keys (1-9, Space, the arrows, q, ?) act only from the empty, focused
  question box, so they never eat a letter of a question or act from elsewhere; a
  digit that is not a choice number is typed as usual.

The screen's bindings and whether each applies (check_action) stay with the screen;
this is only the routing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from .tour import TourScreen

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


class KeyRouter:
    """Routes the keys of one tour screen (see the module's docstring)."""

    def __init__(self, screen: TourScreen) -> None:
        self.screen = screen

    def route(self, event: events.Key) -> bool:
        """A printable key pressed where no text is typed goes to the question box.

        Called by the app for every key, as it arrives (TourApp.on_event): the focus
        moves to the question box at once (a narrow terminal's panel closes for it), so
        this key and the ones after it reach the box in order, and "what did they eat"
        typed with the focus in the map is one question. A key the focused widget uses
        itself keeps its meaning there. The key is marked `typed`: in the box it is a
        letter, never a single-key action. Always True: pass the key on.
        """
        screen = self.screen
        focused = screen.focused
        if not (event.is_printable and event.character) or isinstance(focused, (Input, TextArea)):
            return True
        if focused is not None and self._bound_by(focused, event.key):
            return True
        if screen.panel is not None:
            screen.set_panel(None)
        screen.set_focus(screen.question)
        event.typed = True  # type: ignore[attr-defined]
        return True

    def _bound_by(self, focused: Widget, key: str) -> bool:
        """Whether the focused widget (or a container of it) binds `key`."""
        active = self.screen.active_bindings.get(key)
        return active is not None and active.node not in (self.screen, self.screen.app) and (
            active.node is focused or active.node in focused.ancestors)

    def take(self, key: str) -> bool:
        """Act on a key pressed in the empty question box, if a binding applies."""
        screen = self.screen
        for binding in screen.every_binding():
            if key in binding.key.split(","):
                _, name, params = parse_action(binding.action)
                if screen.check_action(name, params):
                    screen.call_later(screen.run_action, binding.action)
                    return True
        return False

    def in_question(self) -> bool:
        """The focus is in the question box."""
        return self.screen.focused is self.screen.question

    def keys_free(self) -> bool:
        """True when a single key acts: the focus in the question box, and it empty."""
        return self.in_question() and not self.screen.question.value


def every_binding(cls: type) -> list[Binding]:
    """The bindings of a screen class and of the classes it extends, its own first."""
    return [binding for klass in cls.__mro__ for binding in vars(klass).get("BINDINGS", [])
            if isinstance(binding, Binding)]
