"""The help screen: every key of the app, built from the bindings themselves.

One row for each thing a key does, its description written once, all of its keys
on that row in one style ("F2, Ctrl+B", "1-9", "Esc"), and a note where a key acts
only from the empty question box.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "Type a question and press Enter. Wherever the focus is, typing a letter starts a "
    "question. Single keys (digits, Space, arrows, q, ?) act from the empty question box, "
    "so begin a question with a word (\"in which year …\") rather than a digit."
)
SINGLE_KEY_NOTE = "from the empty question box"
EXTRA = [
    Binding("enter", "submit", "Ask the question typed"),
    Binding("ctrl+p", "command_palette", "Command palette: go to a chapter or topic, change the theme"),
]
"""Keys that are no binding of ours (Enter, the palette) or need a word of their own."""
DESCRIPTIONS = {
    "app.focus_next": "Move the focus: map, choices, question box",
    "app.focus_previous": "Move the focus back",
    "screen.copy_text": "Copy the text selected with the mouse",
}
"""Better words for the bindings that Textual itself defines."""
HIDDEN = {"help_quit"}
"""Actions left out: Ctrl+C's reminder that it does not quit."""

MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "meta": "Meta"}
NAMES = {
    "question_mark": "?", "space": "Space", "escape": "Esc", "enter": "Enter", "tab": "Tab",
    "pageup": "PageUp", "pagedown": "PageDown", "home": "Home", "end": "End",
    "up": "\u2191", "down": "\u2193", "left": "\u2190", "right": "\u2192",
    "backspace": "Backspace", "delete": "Delete",
}


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


def help_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str, str]]:
    """(keys, what, when) for the bindings and EXTRA: one row per description, in the
    order first met, each key once; `when` notes the keys that act only from the empty
    question box."""
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for binding in [*bindings, *EXTRA]:
        if not isinstance(binding, Binding) or binding.system or binding.action in HIDDEN:
            continue
        what = DESCRIPTIONS.get(binding.action) or binding.description
        if not what:
            continue
        keys, single = rows.setdefault(what, ([], []))
        for key in binding.key.split(","):
            name = key_name(key.strip())
            if name and name not in keys:
                keys.append(name)
                if is_single(key.strip()):
                    single.append(name)
    table = []
    for what, (keys, single) in rows.items():
        when = ""
        if single:
            when = SINGLE_KEY_NOTE if len(single) == len(keys) else (
                f"{join_keys(single)} {SINGLE_KEY_NOTE}")
        table.append((join_keys(keys), what, when))
    return table


def key_name(key: str) -> str:
    """A key as the help shows it: 'ctrl+b' -> 'Ctrl+B', 'f1' -> 'F1', 'question_mark' -> '?'.

    Keys with Super (the Command key, which a terminal rarely passes on) are left out: ''.
    """
    *mods, base = key.split("+")
    if "super" in mods:
        return ""
    if len(base) == 1:
        base = base.upper() if mods else base
    elif base[:1] == "f" and base[1:].isdigit():
        base = base.upper()
    else:
        base = NAMES.get(base, base.replace("_", " ").capitalize())
    return "+".join([*(MODIFIERS.get(m, m.capitalize()) for m in mods), base])


def is_single(key: str) -> bool:
    """A key without a modifier that the question box would otherwise type or use."""
    return "+" not in key and (len(key) == 1 or key in ("space", "question_mark", "left",
                                                       "right", "home", "end"))


def join_keys(keys: list[str]) -> str:
    """'F2, Ctrl+B'; a run of digits as '1-9'."""
    if len(keys) > 3 and all(k.isdigit() for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return ", ".join(keys)
