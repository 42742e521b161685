"""Text shown exactly as written: no markup, and no terminal control.

Textual's Content never parses markup, but it passes most control characters
through, and an escape character reaching the terminal would start a control
sequence. Every control character is therefore replaced by its visible picture
("\\x1b" becomes "␛"), so "[bold]" and "\\x1b[31m" are shown as the reader typed them.
"""

from __future__ import annotations

from textual.content import Content

PICTURES = {code: 0x2400 + code for code in range(32)}
"""C0 controls to the Unicode Control Pictures block (␀ … ␟)."""
PICTURES[0x7F] = 0x2421  # ␡
PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls, e.g. CSI
PICTURES[ord("\t")] = ord(" ")


def visible(text: str) -> str:
    """The text with every control character made visible."""
    return text.translate(PICTURES)


def literal(text: str, style: str = "") -> Content:
    """Content showing `text` literally (optionally in one style)."""
    content = Content(visible(text))
    return content.stylize(style) if style else content
