"""Reading the text files a tour is made of: its script, its source text, playback files.

One reader for all of them, so every failure reads the same way: `path: what is wrong:
the fix`, never the name of a Python exception.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from ..errors import LocatedError

_SNIFF = 8192
"""Bytes looked at for a NUL, which plain text never holds."""


def bundled_folder() -> Path:
    """The folder of the tour that ships with the package: `tour/bundled` in an
    installed package, `scripts/` in a checkout installed as editable."""
    packaged = Path(str(importlib.resources.files("tour"))) / "bundled"
    if (packaged / "dialogue.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "scripts"


def bundled_script() -> Path:
    """The dialogue script that ships with the package."""
    return bundled_folder() / "dialogue.yaml"


class FileError(LocatedError):
    """A file that cannot be read as UTF-8 text; the message is `path: reason: fix`."""

    title = "Cannot read a file"

    def __init__(self, path: str | Path, reason: str, *, what: str = "file"):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}", title=f"Cannot read the {what}")


def read_text(path: str | Path, what: str = "file") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped).

    `what` names the file in the error's title ("script", "source text", "playback
    file"). Raises FileError saying what is wrong and how to fix it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        where = path.parent if str(path.parent) not in ("", ".") else Path.cwd()
        raise FileError(path, f"no such file (looked in {where}); check the name and the folder",
                        what=what) from None
    except IsADirectoryError:
        raise FileError(path, "is a folder, not a file: give the file inside it", what=what) from None
    except PermissionError:
        raise FileError(path, "permission denied: make the file readable", what=what) from None
    except OSError as exc:
        raise FileError(path, f"cannot be read ({exc.strerror or 'input/output error'})",
                        what=what) from None
    return decode(data, path, what)


def decode(data: bytes, path: str | Path = "<input>", what: str = "file") -> str:
    """Bytes as UTF-8 text, or FileError saying which byte is wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError(path, "UTF-16 text: save it as UTF-8", what=what)
    nul = data.find(b"\x00", 0, _SNIFF)
    if nul != -1:
        raise FileError(path, f"a binary file, not text (a NUL byte at offset {nul}): "
                        "give a plain-text file", what=what)
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # a UTF-8 byte-order mark
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start  # from the start of the file, as a hex viewer shows it
        raise FileError(path, f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}): "
                        "save it as UTF-8", what=what) from None
