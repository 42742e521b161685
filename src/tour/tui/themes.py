"""Themes the app registers, beside Textual's own.

high-contrast is dark text on white with strong colours: the most legible choice
on a projector in a lit room. high-contrast-dark is its inverse, for dark rooms.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    dark=False,
    primary="#0033cc",
    secondary="#5a189a",
    accent="#b00000",
    warning="#8a4b00",
    error="#b00020",
    success="#006b1f",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#dfe4f2",
    boost="#e8ecf7",
    text_alpha=1.0,
    variables={
        "text-muted": "#303030",
        "text-disabled": "#5c5c5c",
        "footer-key-foreground": "#0033cc",
        "block-cursor-background": "#0033cc",
        "block-cursor-foreground": "#ffffff",
        "input-selection-background": "#0033cc 35%",
    },
)

HIGH_CONTRAST_DARK = Theme(
    name="high-contrast-dark",
    dark=True,
    primary="#ffd700",
    secondary="#00e5ff",
    accent="#ff9f1a",
    warning="#ffd700",
    error="#ff5c5c",
    success="#5cff7a",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    boost="#262626",
    text_alpha=1.0,
    variables={
        "text-muted": "#e0e0e0",
        "text-disabled": "#a8a8a8",
        "footer-key-foreground": "#ffd700",
        "block-cursor-background": "#ffd700",
        "block-cursor-foreground": "#000000",
    },
)

THEMES = (HIGH_CONTRAST, HIGH_CONTRAST_DARK)
DEFAULT_THEME = "textual-dark"
PRESENT_THEME = "high-contrast"
"""The theme of the projector layout (--present) unless --theme names another."""
