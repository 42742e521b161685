"""Writing decisions into a dialogue script, keeping every byte its author wrote.

The script is never dumped again: its YAML is composed (by the loader's own parser, so
each place is the one the loader sees) only to find where each list ends, and the new
questions are spliced into the text there, in the list's own style:

- a block list (`- item` lines) gets new lines after its last item, indented as it is;
- a flow list (`[a, b]`, or `[]` as `tour init` writes it) gets `, new` after its last
  item, or `new` inside the brackets;
- a missing list is made a block list: a topic's examples after its title, a topic's
  `unanswered` after the last of its keywords, examples and title, the tour's own
  `unanswered` at the end of the file, with the indentation the file's lists have.

Comments, blank lines, order, quoting and line ends stay as they were. A question is
written plain where the loader reads it back as the same text, else quoted (in the
quotes its neighbours use, where they use some). The result must read back as the
script with exactly these questions added, and load as a tour; it then replaces the
script atomically (a temporary file in the same folder, synced, then os.replace), so a
crash leaves the old script or the new one, never half of one.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..cache import check
from ..engine.files import decode, read_text
from ..engine.language import YAML_LOADER
from ..engine.loader import load_tour
from ..engine.problems import ScriptError, grouped
from ..engine.script import Tour
from .decisions import Decision
from .questions import ReviewError, _key, known

BOM = b"\xef\xbb\xbf"
_DASH = re.compile(r" *- +")
"""What stands before a block list's item on its line."""
EXAMPLES_AFTER = ("title", "id")
"""A new `examples:` list follows the last of these keys of its topic."""
UNANSWERED_AFTER = ("keywords", "examples", "title", "id")
"""A new `unanswered:` list follows the last of these keys of its topic."""

Target = tuple[str, str | None]
"""A list of the script: ('examples' or 'unanswered', the topic's id or None for the tour's)."""


@dataclass
class Written:
    """What writing decisions did."""

    path: Path
    added: list[tuple[Decision, int]] = field(default_factory=list)
    """Each decision written, with the line of the script it now stands on."""
    skipped: list[tuple[Decision, str]] = field(default_factory=list)
    """Each decision left out, with why (already in the script, given twice)."""


@dataclass(frozen=True)
class _Edit:
    offset: int
    """Where in the text to insert (a character index)."""
    order: int
    """The list's place among those written (the order they were first decided)."""
    text: str
    questions: tuple[int, ...] = ()
    """Where each new question starts within `text`."""
    opens: bool = False
    """It begins a new key: at one offset, it goes after the items added to a list that
    ends there (which may be the very list it follows)."""


def write_decisions(path: str | Path, decisions: list[Decision]) -> Written:
    """Add the decisions' questions to the script at `path`, atomically; what was added
    (with its line) and what was left out (already there, or given twice).

    The script must load; every topic named must still be in it. Raises ReviewError
    (nothing written) where either fails or the result would not read back as the
    script plus these questions; ScriptError where the script has errors.
    """
    path = Path(path)
    raw = _read_bytes(path)
    text = decode(raw, path, "script")
    tour = load_tour(path).tour
    written = Written(path)
    todo = _fresh(decisions, tour, written)
    if not todo:
        return written
    lists: dict[Target, list[Decision]] = {}
    for d in todo:
        lists.setdefault((d.key, d.topic), []).append(d)
    new_text, lines = splice(text, {t: [d.question for d in ds] for t, ds in lists.items()})
    for target, ds in lists.items():
        written.added += list(zip(ds, lines[target]))
    written.added.sort(key=lambda pair: todo.index(pair[0]))
    data = new_text.encode("utf-8")
    _replace(path, (BOM if raw.startswith(BOM) else b"") + data, raw)
    return written


def writable(path: str | Path) -> Path:
    """The script, if review may write it: not the tour inside an installed package
    (an editable checkout's scripts/ is the author's own); else ReviewError."""
    script = Path(path)
    packaged = Path(str(importlib.resources.files("tour"))) / "bundled"
    if script.resolve().is_relative_to(packaged.resolve()):
        raise ReviewError(f"{script} is the tour installed with the package: review a tour of your "
                          "own (--script PATH; `tour init` makes one)")
    return script


def check_lines(path: str | Path) -> list[str]:
    """`tour check` on the script: its warnings as `tour check` prints them, then a
    summary line."""
    loaded = check(path)
    n = len(loaded.warnings)
    return [*grouped(loaded.warnings), f"{path}: tour check: {n} warning{'s' * (n != 1)}"]


def _fresh(decisions: list[Decision], tour: Tour, written: Written) -> list[Decision]:
    """The decisions to write: every topic still in the tour (else ReviewError), none
    the script already holds, none given twice."""
    gone = sorted({d.topic for d in decisions if d.topic and d.topic not in tour.nodes})
    if gone:
        names = ", ".join(f"'{g}'" for g in gone)
        raise ReviewError(f"{tour.path}: the script no longer has the topic{'s' * (len(gone) > 1)} "
                          f"{names} (it changed since the class): nothing was written; review again")
    held = known(tour)
    todo: list[Decision] = []
    for d in decisions:
        key = _key(d.question)
        if key in held:
            written.skipped.append((d, f"already in the script: {held[key]}"))
            continue
        held[key] = f"{d.describe()} (given earlier)"
        todo.append(d)
    return todo


def splice(text: str, lists: dict[Target, list[str]]) -> tuple[str, dict[Target, list[int]]]:
    """The script's text with each list's new questions added; and the line (1-based)
    each new question stands on. ReviewError where a list cannot be added to as it is
    written, or the result would read otherwise than the script plus these questions."""
    root = _compose(text)
    layout = _Layout(text, root)
    edits = [layout.edit(target, questions, order) for order, (target, questions) in enumerate(lists.items())]
    edits.sort(key=lambda e: (e.offset, e.opens, e.order))
    pieces, lines, at, shift = [], {}, 0, 0
    targets = list(lists)
    for edit in edits:
        pieces.append(text[at:edit.offset])
        pieces.append(edit.text)
        before = text.count("\n", 0, edit.offset) + shift
        lines[targets[edit.order]] = [before + edit.text.count("\n", 0, q) + 1 for q in edit.questions]
        shift += edit.text.count("\n")
        at = edit.offset
    pieces.append(text[at:])
    result = "".join(pieces)
    _same_but_added(text, result, lists)
    return result, lines


# -- reading the script's layout ----------------------------------------------------------
def _compose(text: str) -> MappingNode:
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ReviewError(f"the script is not YAML ({exc}); run `tour check`") from None
    if not isinstance(root, MappingNode):
        raise ReviewError("the script is not a mapping of keys; run `tour check`")
    return root


def _get(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    """(key node, value node) of a key of a mapping, or None."""
    return next(((k, v) for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)


def _walk(node: Node) -> Iterator[tuple[Node, Node]]:
    """Every (key, value) pair of every mapping below `node`, in the file's order."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            yield k, v
            yield from _walk(v)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _walk(item)


class _Layout:
    """Where the script's lists stand, and how its lists are indented."""

    def __init__(self, text: str, root: MappingNode) -> None:
        self.text = text
        self.root = root
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.offset, self.gap = 2, 1
        """A block list's dash, from its key's column; the spaces after the dash."""
        for key, value in _walk(root):
            if isinstance(value, SequenceNode) and not value.flow_style and value.value \
                    and value.start_mark.line > key.start_mark.line:
                first = value.value[0]
                self.offset = max(0, value.start_mark.column - key.start_mark.column)
                if first.start_mark.line == value.start_mark.line:
                    self.gap = max(1, first.start_mark.column - value.start_mark.column - 1)
                break

    def topic(self, topic: str) -> MappingNode:
        """The mapping of a topic, by its id."""
        chapters = _get(self.root, "chapters")
        for chapter in chapters[1].value if chapters and isinstance(chapters[1], SequenceNode) else ():
            nodes = _get(chapter, "nodes") if isinstance(chapter, MappingNode) else None
            for node in nodes[1].value if nodes and isinstance(nodes[1], SequenceNode) else ():
                found = _get(node, "id") if isinstance(node, MappingNode) else None
                if found and isinstance(found[1], ScalarNode) and str(found[1].value).strip() == topic:
                    return node
        raise ReviewError(f"the script has no topic '{topic}'")

    def edit(self, target: Target, questions: list[str], order: int) -> _Edit:
        """The insertion that adds `questions` to a list of the script."""
        key, topic = target
        container = self.topic(topic) if topic else self.root
        where = f"'{key}' of '{topic}'" if topic else f"the tour's '{key}'"
        style = self._house_style(container)
        found = _get(container, key)
        if found is None:
            return self._new_list(container, key, questions, style, order, where)
        key_node, value = found
        if isinstance(value, SequenceNode) and value.flow_style:
            return self._flow(value, questions, style, order, where)
        if isinstance(value, SequenceNode):
            return self._block(value, questions, order)
        if isinstance(value, ScalarNode) and value.tag.endswith(":null") and value.value == "":
            return self._items_after(key_node, key_node.start_mark.column, questions, style, order, "")
        raise ReviewError(f"{where} is written in a way questions cannot be added to "
                          f"(line {value.start_mark.line + 1}): make it a list, then review again")

    def _house_style(self, container: MappingNode) -> str:
        """The quotes of the title beside a new list: '"' in a tour made by `tour init`."""
        if container is self.root:
            tour = _get(self.root, "tour")
            container = tour[1] if tour and isinstance(tour[1], MappingNode) else container
        title = _get(container, "title")
        return _style(title[1]) if title else ""

    def _block(self, seq: SequenceNode, questions: list[str], order: int) -> _Edit:
        last = seq.value[-1]
        line_start = self.text.rfind("\n", 0, last.start_mark.index) + 1
        prefix = self.text[line_start:last.start_mark.index]
        if not _DASH.fullmatch(prefix):  # the item is not on its dash's line
            prefix = " " * seq.start_mark.column + "-" + " " * self.gap
        style = _style(last)
        items = [prefix + _scalar(q, style, flow=False) for q in questions]
        return self._lines_at(self._line_end(last), items, order, len(prefix))

    def _flow(self, seq: SequenceNode, questions: list[str], style: str, order: int, where: str) -> _Edit:
        if seq.value:
            last = seq.value[-1]
            style = _style(last) if isinstance(last, ScalarNode) else style
            scalars = [_scalar(q, style, flow=True) for q in questions]
            starts = _starts(", ", scalars, 2)
            return _Edit(last.end_mark.index, order, "".join(", " + s for s in scalars), questions=starts)
        if self.text[seq.start_mark.index] != "[":
            raise ReviewError(f"{where}: an empty list not written as []: write it as [], then review again")
        scalars = [_scalar(q, style, flow=True) for q in questions]
        return _Edit(seq.start_mark.index + 1, order, ", ".join(scalars), questions=_starts(", ", scalars, 0))

    def _new_list(self, container: MappingNode, key: str, questions: list[str], style: str,
                  order: int, where: str) -> _Edit:
        if container.flow_style:
            raise ReviewError(f"{where}: the topic is written in flow style ({{...}}): add the list by hand")
        if container is self.root:
            last_key, last_value = container.value[-1]
            return self._items_after(last_value, container.value[0][0].start_mark.column, questions,
                                     style, order, key, blank=True)
        after = EXAMPLES_AFTER if key == "examples" else UNANSWERED_AFTER
        present = [found for name in after if (found := _get(container, name))]
        anchor = max(present, key=lambda pair: pair[1].end_mark.index)
        return self._items_after(anchor[1], anchor[0].start_mark.column, questions, style, order, key)

    def _items_after(self, node: Node, column: int, questions: list[str], style: str, order: int,
                     key: str, *, blank: bool = False) -> _Edit:
        """A block list of `questions` on the lines after `node`, under a new `key:`
        at `column` (with no key: the list of the key `node` is)."""
        prefix = " " * (column + self.offset) + "-" + " " * self.gap
        items = [prefix + _scalar(q, style, flow=False) for q in questions]
        head = ([""] if blank else []) + ([" " * column + f"{key}:"] if key else [])
        return self._lines_at(self._line_end(node), head + items, order, len(prefix), skip=len(head))

    def _line_end(self, node: Node) -> int:
        """The offset just past the line where `node`'s text ends (its comment included,
        not the comment lines after it, which the composer counts into a block list)."""
        while isinstance(node, (SequenceNode, MappingNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
        p = node.end_mark.index
        while p > node.start_mark.index and self.text[p - 1] in " \t\r\n":
            p -= 1
        end = self.text.find("\n", p)
        return len(self.text) if end == -1 else end + 1

    def _lines_at(self, offset: int, lines: list[str], order: int, indent: int, skip: int = 0) -> _Edit:
        nl = self.newline
        lead = nl if offset == len(self.text) and self.text and not self.text.endswith("\n") else ""
        body = lead + "".join(line + nl for line in lines)
        starts, at = [], len(lead)
        for i, line in enumerate(lines):
            if i >= skip:
                starts.append(at + indent)
            at += len(line) + len(nl)
        return _Edit(offset, order, body, questions=tuple(starts), opens=skip > 0)


def _starts(separator: str, scalars: list[str], first: int) -> tuple[int, ...]:
    out, at = [], first
    for s in scalars:
        out.append(at)
        at += len(s) + len(separator)
    return tuple(out)


def _style(node: Node) -> str:
    """A scalar's quotes: '"', "'", or '' (plain, a block scalar, not a scalar)."""
    style = node.style if isinstance(node, ScalarNode) else ""
    return style if style in ("'", '"') else ""


# -- writing one question --------------------------------------------------------------------
def _scalar(text: str, style: str, *, flow: bool) -> str:
    """`text` as a YAML scalar the loader reads back as `text` (in a flow list, or an
    item of a block list): in `style` ('' plain, "'" or '"') where it can be, else plain,
    else quoted."""
    for kind in dict.fromkeys((style, "", "'", '"', "ascii")):
        written = _quoted(text, kind)
        if _reads_back(written, text, flow):
            return written
    raise ReviewError(f"the question {text!r} cannot be written as YAML")


def _quoted(text: str, kind: str) -> str:
    if kind == "":
        return text
    if kind == "'":
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=kind == "ascii")


def _reads_back(written: str, text: str, flow: bool) -> bool:
    try:
        value = yaml.load(f"[{written}]" if flow else f"- {written}", Loader=YAML_LOADER)
    except yaml.YAMLError:
        return False
    return value == [text]


# -- checking and replacing ------------------------------------------------------------------
def _same_but_added(old: str, new: str, lists: dict[Target, list[str]]) -> None:
    """ReviewError unless `new` reads as `old` with exactly the lists' questions added."""
    expected = copy.deepcopy(yaml.load(old, Loader=YAML_LOADER))
    for (key, topic), questions in lists.items():
        container = _data_topic(expected, topic) if topic else expected
        held = container.get(key)
        if held is None:
            container[key] = list(questions)
        elif isinstance(held, list):
            held.extend(questions)
        else:
            container[key] = [held, *questions]
    try:
        got = yaml.load(new, Loader=YAML_LOADER)
    except yaml.YAMLError:
        got = None
    if got != expected:
        raise ReviewError("the questions could not be added without changing the rest of the "
                          "script: nothing was written; add them by hand")


def _data_topic(data: dict[str, Any], topic: str) -> dict[str, Any]:
    for chapter in data.get("chapters") or ():
        for node in chapter.get("nodes") or ():
            if str(node.get("id")).strip() == topic:
                return node
    raise ReviewError(f"the script has no topic '{topic}'")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        read_text(path, "script")  # raises the FileError that says what is wrong and the fix
        raise


def _replace(path: Path, data: bytes, original: bytes) -> None:
    """Replace the script with `data` atomically, once the new script loads; ReviewError
    (nothing written) where it does not, or where the script changed meanwhile."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".review", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        try:
            load_tour(temp)
        except ScriptError as exc:
            raise ReviewError("the script would not load with these questions: nothing was written\n"
                              + "\n".join(str(p) for p in exc.errors)) from None
        if path.read_bytes() != original:
            raise ReviewError(f"{path} changed while the questions were being written: nothing "
                              "was written; review again")
        os.replace(temp, path)
    except OSError as exc:
        raise ReviewError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    finally:
        with suppress(OSError):
            os.unlink(temp)
    _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    """Make the replacement durable (POSIX; a no-op where unsupported)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
