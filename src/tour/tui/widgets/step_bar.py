"""The testimony's step bar: where the reader stands and which keys move on."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

PLAYING_KEYS = "Space next \u00b7 Esc leave"
PAUSED_KEYS = "1 resume \u00b7 Esc leave"


def meter(index: int, total: int, width: int = 10) -> str:
    """A small bar of filled and empty cells, e.g. '━━━━──────'."""
    if total <= 0:
        return ""
    filled = round(width * index / total)
    return "\u2501" * filled + "\u2500" * (width - filled)


class StepBar(Horizontal):
    """Shown while a testimony is under way (hidden otherwise)."""

    def compose(self):
        yield Static(classes="where")
        yield Static(classes="keys")

    def show_step(self, title: str, index: int, total: int, *, paused: bool,
                  keys: str | None = None) -> None:
        """Show the step reached (1-based); `paused` after a question mid-testimony.

        keys: the keys to show, where the screen gives them another meaning.
        """
        self.set_class(paused, "-paused")
        where = Content.assemble(
            ("\u23f8 " if paused else "\u25b6 ", "bold"),
            (f"{'paused at step' if paused else 'step'} {index} of {total} ", "bold"),
            (meter(index, total), "$text-accent"),
            f" {title}",
        )
        self.query_one(".where", Static).update(where)
        keys = keys if keys is not None else PAUSED_KEYS if paused else PLAYING_KEYS
        self.query_one(".keys", Static).update(Content(keys))
