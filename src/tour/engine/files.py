"""Reading the text files a tour is made of: its script, its source text, playback files.

One reader for all of them, so every failure reads the same way: `path: what is wrong:
the fix`, never the name of a Python exception.
"""

from __future__ import annotations

import errno
import importlib.resources
import os
import stat
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


MAX_BYTES = 100_000_000
"""The largest file read (100 MB): a tour's text is a few MB, a book a few dozen."""


def read_bytes(path: str | Path, what: str = "file", *, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (default MAX_BYTES).

    A FIFO, a device (`/dev/zero`), a socket or a folder is refused before a byte is
    read, so nothing hangs or fills the memory; so is a symbolic link that leads round
    in a loop. Raises FileError saying what is wrong and how to fix it.
    """
    path = Path(path)
    limit = MAX_BYTES if limit is None else limit
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(path, exc, what) from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise FileError(path, "is a folder, not a file: give the file inside it", what=what)
        if not stat.S_ISREG(status.st_mode):
            raise FileError(path, f"{_special(status.st_mode)}, not a regular file: give a plain-text file",
                            what=what)
        data = _read_up_to(fd, limit + 1, status.st_size)
    except OSError as exc:
        raise FileError(path, f"cannot be read ({exc.strerror or 'input/output error'})",
                        what=what) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileError(path, f"larger than {_megabytes(limit)}: {what}s are read up to that size; "
                        "give a smaller file", what=what)
    return data


def _read_up_to(fd: int, most: int, size: int) -> bytes:
    """At most `most` bytes of an open file, read in pieces of its size (a file may
    grow while it is read): never a buffer of `most` bytes for a small file."""
    pieces, total = [], 0
    piece = min(most, max(size + 1, 1 << 16))
    while total < most:
        data = os.read(fd, min(piece, most - total))
        if not data:
            break
        pieces.append(data)
        total += len(data)
    return b"".join(pieces)


def read_text(path: str | Path, what: str = "file") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped), read as
    read_bytes() reads it.

    `what` names the file in the error's title ("script", "source text", "playback
    file"). Raises FileError saying what is wrong and how to fix it.
    """
    return decode(read_bytes(path, what), path, what)


def split_lines(text: str) -> list[str]:
    """A text's lines, split at "\\n", "\\r\\n" and "\\r" only (str.splitlines also
    splits at a form feed, a vertical tab, U+0085, U+2028 and U+2029, which a line
    of a text may hold). A last line break ends the last line, as in splitlines()."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _open_error(path: Path, exc: OSError, what: str) -> FileError:
    """What went wrong opening a file, for a person."""
    if exc.errno == errno.ENOENT:
        where = path.parent if str(path.parent) not in ("", ".") else Path.cwd()
        return FileError(path, f"no such file (looked in {where}); check the name and the folder",
                         what=what)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileError(path, "permission denied: make the file readable", what=what)
    if exc.errno == errno.ELOOP:
        return FileError(path, "a symbolic link that leads round in a loop: point it at the file",
                         what=what)
    if exc.errno == errno.ENOTDIR:
        return FileError(path, "a part of the path is a file, not a folder: check the path",
                         what=what)
    return FileError(path, f"cannot be read ({exc.strerror or 'input/output error'})", what=what)


def _special(mode: int) -> str:
    """What a file that is not a regular file is."""
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else f"{size:,} bytes"


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
