"""The Textual app: `tour` with no command opens it.

A thin layer over the engine: TourScreen holds a Session and shows its Replies.
"""

from __future__ import annotations

import argparse
import os
import sys

from textual.app import App
from textual.binding import Binding
from textual.theme import BUILTIN_THEMES

from ..engine.script import Tour
from .screens.dialogs import ContentNoteScreen
from .screens.main import TourScreen
from .themes import DEFAULT_THEME, THEMES


class TourApp(App[None]):
    """A guided tour over one text, as a conversation."""

    CSS_PATH = "tour.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit",
                tooltip="Quit the tour"),
    ]

    def __init__(self, tour: Tour, *, theme: str | None = None, content_note: bool = True) -> None:
        """Open `tour`; theme by name (Textual's or ours); content_note=False skips the note."""
        super().__init__()
        self.tour = tour
        self.show_content_note = content_note
        for registered in THEMES:
            self.register_theme(registered)
        if theme:
            self.theme = theme
        self.title = tour.title

    def get_default_screen(self) -> TourScreen:
        return TourScreen(self.tour)

    def on_mount(self) -> None:
        if self.show_content_note and self.tour.content_note:
            self.push_screen(ContentNoteScreen(self.tour.content_note))


def theme_names() -> list[str]:
    """Every theme --theme accepts: Textual's own and ours."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in THEMES)})


def run_app(tour: Tour, args: argparse.Namespace) -> int:
    """Run the app on a loaded tour; 2 for an unknown theme, else 0.

    The theme comes from --theme, else $TEXTUAL_THEME, else textual-dark.
    """
    theme = getattr(args, "theme", None) or os.environ.get("TEXTUAL_THEME") or DEFAULT_THEME
    names = theme_names()
    if theme not in names:
        print(f"tour: unknown theme {theme!r}; choose one of: {', '.join(names)}", file=sys.stderr)
        return 2
    app = TourApp(tour, theme=theme, content_note=not getattr(args, "no_content_note", False))
    app.run()
    return app.return_code or 0
