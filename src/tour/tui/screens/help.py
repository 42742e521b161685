"""The help screen: every key of the app, built from the bindings themselves."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "Type a question and press Enter. Single keys (digits, Space, arrows, q, ?) act while "
    "the question box is empty, so begin a question with a word (\"in 1941 …\") rather "
    "than a digit. Select text with the mouse and press Ctrl+C to copy it."
)


class HelpScreen(ModalScreen[None]):
    """Every key of the app: what it does, and when it works."""

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", tooltip="Close the help"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]], intro: str = INTRO) -> None:
        """rows: (keys, what the keys do, a note on when they work)."""
        super().__init__()
        self.rows = rows
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield Static(Content(self.intro), classes="dialog-intro")
            with VerticalScroll(id="keys"):
                for keys, what, when in self.rows:
                    with Horizontal(classes="key-row"):
                        yield Static(Content(keys), classes="key")
                        note = (f" \u2014 {when}" if when else "", "$text-muted")
                        yield Static(Content.assemble((what, "bold"), note), classes="what")
            yield Static(Content("Press Escape to close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#keys").focus()


def help_rows(app: App, bindings: list[BindingType]) -> list[tuple[str, str, str]]:
    """(keys, what, when) for each binding, keys of the same action on one row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.system:
            continue
        action = binding.action.split("(")[0]
        description = "Pick a numbered choice" if action == "choose" else binding.description
        keys = [key_name(app.get_key_display(Binding(k, ""))) for k in binding.key.split(",")]
        rows.setdefault((description, binding.tooltip), []).extend(keys)
    table = [(join_keys(keys), what, when) for (what, when), keys in rows.items()]
    table += [
        ("Enter", "Ask the question typed", "In the question box."),
        ("Tab", "Move the focus: map, choices, question box", ""),
        ("Ctrl+P", "Command palette: jump to a chapter or topic, change theme", ""),
        ("Ctrl+C", "Copy the text selected with the mouse", ""),
    ]
    return table


def key_name(shown: str) -> str:
    """Textual's short key display made plain: '^b' -> 'Ctrl+B', 'f1' -> 'F1'."""
    if shown.startswith("^") and len(shown) > 1:
        return "Ctrl+" + shown[1:].upper()
    if shown[:1] == "f" and shown[1:].isdigit():
        return shown.upper()
    return {"esc": "Esc", "space": "Space", "enter": "Enter", "tab": "Tab"}.get(shown, shown)


def join_keys(keys: list[str]) -> str:
    """'F2, Ctrl+B'; a run of digits as '1-9'."""
    if len(keys) > 3 and all(k.isdigit() for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return ", ".join(dict.fromkeys(keys))
