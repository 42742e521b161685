"""The testimony player's bar: where the reader stands and which keys move on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

PLAYING_KEYS = "Space/\u2192 next \u00b7 \u2190 back \u00b7 Esc leave"
PAUSED_KEYS = "1 resume \u00b7 Esc leave"


def meter(index: int, total: int, width: int = 12) -> str:
    """A small bar of filled and empty cells, e.g. '━━━━──────'."""
    if total <= 0:
        return ""
    filled = round(width * index / total)
    return "\u2501" * filled + "\u2500" * (width - filled)


class PlayerBar(Static):
    """Shown while a testimony is under way (hidden otherwise)."""

    def show_step(self, title: str, index: int, total: int, *, paused: bool) -> None:
        """Show the step reached (1-based); `paused` after a question mid-testimony."""
        state = "paused at" if paused else "step"
        self.set_class(paused, "-paused")
        self.update(Content.assemble(
            ("\u23f8 " if paused else "\u25b6 ", "bold"),
            (title, "bold"),
            f"  {state} {index} of {total}  ",
            (meter(index, total), "$accent"),
            "  ",
            (PAUSED_KEYS if paused else PLAYING_KEYS, "dim"),
        ))
