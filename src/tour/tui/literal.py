"""Text shown exactly as written: no markup, and no terminal control.

Textual's Content never parses markup, but it passes most control characters
through, and an escape character reaching the terminal would start a control
sequence. Every control character is therefore replaced by its visible picture
(tour.visible: "\\x1b" becomes "␛"), so "[bold]" and "\\x1b[31m" are shown as the
reader typed them.
"""

from __future__ import annotations

from textual.content import Content

from ..visible import visible


def literal(text: str, style: str = "") -> Content:
    """Content showing `text` literally (optionally in one style)."""
    content = Content(visible(text))
    return content.stylize(style) if style else content
