"""Small modal screens: the content note shown at start, and the list of keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, Static


class ContentNoteScreen(ModalScreen[None]):
    """The tour's content note, read before the first passage."""

    BINDINGS = [
        Binding("enter", "dismiss", "Continue", tooltip="Close the note and start the tour"),
        Binding("escape", "dismiss", "Continue", show=False),
    ]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Content note"), classes="dialog-title")
            with VerticalScroll():
                yield Markdown(self.note)
            yield Static(Content("Press Enter to continue"), classes="dialog-hint")


class HelpScreen(ModalScreen[None]):
    """Every key of the app, with what it does and when it works."""

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", tooltip="Close the help"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]], intro: str) -> None:
        super().__init__()
        self.rows = rows
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield Static(Content(self.intro), classes="dialog-intro")
            yield DataTable(cursor_type="row", zebra_stripes=True, show_cursor=False)
            yield Static(Content("Press Escape to close"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "When")
        for keys, description, when in self.rows:
            table.add_row(Content(keys), Content(description), Content(when))
        table.focus()
