"""Properties that hold whatever a file or a stream holds: a script gives a tour or
located errors, a playback file one input per line, a session file its good lines
(a damaged one skipped), standard input one line per line it sends."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tour.cache import router as cached_router
from tour.engine.files import FileError, split_lines
from tour.engine.loader import load_tour
from tour.engine.problems import ScriptError
from tour.engine.session import Session
from tour.playback import PlaybackError, parse
from tour.records.export import to_html, to_markdown
from tour.records.report import group, unanswered
from tour.records.store import SessionRecorder, read_session
from tour.terminal import lines, stdin_text

from .conftest import DATA, MINI

ARTICLE = (DATA / "mini" / "article.txt").read_text(encoding="utf-8")
SCRIPT_LINES = MINI.read_text(encoding="utf-8").split("\n")
VALUE_LINES = [i for i, line in enumerate(SCRIPT_LINES) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
"""The lines of the fixture script that give a key a value on the same line."""
FOLDERS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- a YAML value of any kind, as written in a script -------------------------------------
scalars = st.one_of(
    st.integers().map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e400", "-.inf", ".nan", "0x1F", "0o17", "true", "no", "~", "null", "", "''",
                     "2024-02-30", "12:30:00", "=", "<<", "!", "&", "*", "|", ">", "@next", "%", "`x`"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).map(json.dumps),
)
tags = st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!str", "!!binary", "!!set",
                        "!!omap", "!!python/object:os.system", "!custom", "!", "!<tag:x>"])
odd = st.sampled_from(["''", "'-'", "'+'", "'_'", "'.'", "':'", "'1:'", "x", "0x", "0b2", "1e999", "'2024-1-1 25:00'",
                       "maybe", "=", "aGk="])
"""Values a tag does not fit, each in its own way."""
tagged = st.tuples(tags, st.one_of(odd, scalars)).map(" ".join)
leaves = st.one_of(scalars, tagged, st.just("*a"))
values = st.one_of(tagged, leaves, st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
                            st.lists(st.tuples(scalars, inner), max_size=3).map(
                                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
                            st.tuples(st.sampled_from(["&a", "!!map", "!!seq", "!x"]), inner).map(" ".join)),
    max_leaves=6))


def assert_tour_or_located_errors(script: Path) -> None:
    """Loading gives a tour that can start a session, or every problem at a place of the
    file; never another exception."""
    try:
        loaded = load_tour(script)
    except ScriptError as exc:
        assert exc.errors
        text = script.read_text(encoding="utf-8", errors="replace")
        length = 1 + sum(text.count(c) for c in "\n\r\x85\u2028\u2029")  # the most lines YAML can see
        for p in exc.problems:
            assert p.message and 1 <= p.col and 1 <= p.line <= length + 1, p
            assert Path(p.path).name in (script.name, "article.txt"), p
        return
    except FileError as exc:  # the script file itself is no text (a NUL byte)
        assert str(exc).startswith(f"{script}: "), exc
        return
    tour = loaded.tour
    welcome = Session(tour, router_factory=cached_router).welcome()
    assert welcome.to_dict()["kind"] == "chat"
    for choice in welcome.choices:
        assert choice.target.kind in ("node", "chapter", "next", "back", "chapters", "leave")


@FOLDERS
@given(line=st.sampled_from(VALUE_LINES), value=values)
def test_any_value_in_a_script_gives_a_tour_or_located_errors(tmp_path_factory, line, value):
    folder = tmp_path_factory.mktemp("tour")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    written = list(SCRIPT_LINES)
    key = written[line].split(":", 1)[0]
    written[line] = f"{key}: {value}"
    (folder / "d.yaml").write_text("\n".join(written), encoding="utf-8")
    assert_tour_or_located_errors(folder / "d.yaml")


@FOLDERS
@given(document=st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SCRIPT_LINES), max_size=60).map("\n".join),
    st.lists(st.one_of(st.sampled_from(SCRIPT_LINES), st.text(max_size=20)), max_size=40).map("\n".join)))
def test_any_document_gives_a_tour_or_located_errors(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("tour")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "d.yaml").write_bytes(document.encode("utf-8", errors="surrogatepass"))
    assert_tour_or_located_errors(folder / "d.yaml")


# -- playback files: one input per line ---------------------------------------------------
line_text = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=300)
@given(st.lists(line_text, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_playback_file_gives_one_input_per_line(written, newline):
    """Whatever a line holds (a form feed, U+2028, '=>', '#'), it is one input or none."""
    expected, fault = [], None
    for number, raw in enumerate(written, 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("!"):
            fault = fault or number
            continue
        said, arrow, wanted = raw.partition("=>")
        if arrow and not [w for w in wanted.split(",") if w.strip()]:
            fault = fault or number
            continue
        expected.append((number, said.strip()))
    try:
        parsed = parse(newline.join(written), "lesson.txt")
    except PlaybackError as exc:
        assert fault is not None and str(exc).startswith(f"lesson.txt:{fault}: "), exc
        return
    assert [(line.number, line.text) for line in parsed if not line.directive] == expected
    assert fault is None or all(line.directive for line in parsed if line.number == fault)


# -- session files: a damaged line is skipped, the good ones read ---------------------------
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)
damage = st.one_of(
    line_text,
    json_values.map(json.dumps),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(['{"type": "turn", "turn": 1e400}', '{"type": "turn", "turn": 2, "kind": "chat", '
                     '"text": "", "input": "x", "step": {"chapter": "c", "index": 1e999, "total": 1}}']),
)
@pytest.fixture(scope="module")
def recorded(tmp_path_factory, mini, mini_router) -> Path:
    """A session file of the fixture tour: a welcome and five turns."""
    folder = tmp_path_factory.mktemp("sessions")
    session = Session(mini, mini_router)
    with SessionRecorder(mini, "test", folder) as recorder:
        session.listeners.append(recorder)
        session.welcome()
        for text in ("where was the lighthouse", "1", "what did they eat", "xyzzy", "next"):
            session.ask(text)
    return recorder.path


FIELDS = ["turn", "input", "kind", "text", "citations", "suggestions", "step", "score", "version", "node",
          "chapter", "say", "after", "title", "content_note", "footnote_note", "type", "intent"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_session_file_reads_its_good_lines_whatever_is_damaged(recorded, data):
    """Every line is a turn or a damaged line reported; the good turns all read, in order;
    the transcript and the report are made of what was read."""
    good = recorded.read_text(encoding="utf-8").strip("\n").split("\n")
    header, turns = good[0], good[1:]
    lines_written = [header]
    kept: list[str] = []
    for turn in turns:
        for _ in range(data.draw(st.integers(0, 2))):
            lines_written.append(data.draw(st.one_of(damage, st.builds(_broken, st.just(turn),
                                                                       st.sampled_from(FIELDS), json_values))))
        lines_written.append(turn)
        kept.append(json.loads(turn)["input"])
    path = recorded.with_name("damaged.jsonl")
    path.write_text("\n".join(lines_written) + "\n", encoding="utf-8")
    record = read_session(path)
    inputs = [t.input for t in record.turns]
    at = 0
    for wanted in kept:  # the good turns, in order, among those read
        at = inputs.index(wanted, at) + 1
    counted = sum(1 for p in record.problems if ": damaged line skipped" in p)
    counted += sum(int(m.group(1)) for p in record.problems if (m := re.search(r": (\d+) more damaged", p)))
    readable = sum(1 for line in lines_written[1:] if line.strip() and not _ignored(line))
    assert len(record.turns) + counted == readable
    to_markdown(record)
    to_html(record)
    group(unanswered([record]))


def _broken(turn: str, field: str, value: object) -> str:
    record = json.loads(turn)
    record[field] = value
    return json.dumps(record)


def _ignored(line: str) -> bool:
    """A JSON object that says it is no turn (or nothing): the reader passes over it, as
    over a kind of line a later version may add."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and record.get("type") != "turn"


# -- standard input: one line per line --------------------------------------------------
@settings(max_examples=300)
@given(st.lists(st.binary(max_size=20).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b"")), max_size=20),
       st.sampled_from([b"\n", b"\r\n", b"\r"]), st.booleans())
@example([b"\xef"], b"\n", False)  # a byte-order mark's first byte alone: once read as nothing
@example([b"\xef\xbb\xbfhello", b""], b"\r\n", True)
def test_standard_input_gives_one_line_per_line_whatever_its_bytes(chunks, newline, last):
    """Any bytes: each line is read as one (decoded, a byte that is not UTF-8 shown as
    U+FFFD), an empty one too, with or without a last line break."""
    assume(chunks or last)
    data = newline.join(chunks) + (newline if last else b"")
    read = list(lines(stdin_text(io.BytesIO(data))))
    assert read == split_lines(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    breaks = data.count(newline)
    tail = b"" if last else data.rsplit(newline, 1)[-1]  # what follows the last line break
    if breaks == 0:
        tail = tail.removeprefix(b"\xef\xbb\xbf")
    assert len(read) == breaks + (tail != b"")  # one per line break, and one for a last line without
