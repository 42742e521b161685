"""Text made safe for a terminal: every control character shown as a visible symbol.

A playback file, a hand-edited session record or a dialogue script can hold control
characters; printed as they are, an escape character starts a control sequence (the
screen is cleared, the window's title set, the bell rung). Each is replaced by its
picture from Unicode's Control Pictures block ("\\x1b" becomes "␛", BEL "␇"), C1
controls (which some terminals also obey) by "�", as the app shows them.

No Textual and no Rich here: the command line and the records import this.
"""

from __future__ import annotations

import json
import re

PICTURES = {code: 0x2400 + code for code in range(32)}
"""C0 controls to the Unicode Control Pictures block (␀ … ␟)."""
PICTURES[0x7F] = 0x2421  # ␡
PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls, e.g. CSI
PICTURES[ord("\t")] = ord(" ")
PICTURES.update({code: 0xFFFD for code in range(0xD800, 0xE000)})  # lone surrogates (undecodable bytes)
PICTURES.update({0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD})  # the non-characters XML forbids

TEXT_PICTURES = {code: picture for code, picture in PICTURES.items() if chr(code) not in "\n\t"}
"""The same for text of several lines: line breaks and tabs are kept."""

_JSON_UNSAFE = re.compile("[\u007f-\u009f]")
"""What json.dumps(ensure_ascii=False) leaves unescaped but a terminal may obey."""


def visible(text: str) -> str:
    """One line of text with every control character made visible (a tab is a space)."""
    return text.translate(PICTURES)


def visible_text(text: str) -> str:
    """Text of several lines made safe to print: line breaks and tabs stay, every other
    control character (a carriage return too) is made visible."""
    return text.translate(TEXT_PICTURES)


def json_text(value: object, **options) -> str:
    """json.dumps(value, ensure_ascii=False), with DEL and C1 controls escaped as well.

    The value read back is the same; only the bytes a terminal could act on are
    written as \\u escapes (json already escapes the C0 controls).
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
