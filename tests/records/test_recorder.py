"""Session files: the recorder, reading back, damaged lines, finding a session."""

from __future__ import annotations

import json
import os
import re
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tour.cache import router as cached_router
from tour.engine.session import Session
from tour.records import store
from tour.records.store import RecordsError, SessionRecorder, read_session, resolve_session


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_header_comes_first_and_names_the_tour(railway, data_dir):
    """The header holds the railway, script, source, start time and front-end."""
    with SessionRecorder(railway, "play") as recorder:
        pass
    (header,) = lines_of(recorder.path)
    assert header["type"] == "session" and header["format"] == store.FORMAT
    assert header["tour_id"] == "grunthal-railway"
    assert header["tour_title"] == railway.title
    assert header["script"] == railway.path
    assert header["source_title"] == "The Little Railway of Grünthal"
    assert header["source_url"] == "https://example.org/grunthal-railway"
    assert header["front_end"] == "play"
    assert datetime.fromisoformat(header["started"]).tzinfo is not None
    assert recorder.path.parent == data_dir


def test_each_turn_is_on_disk_before_the_reply_is_returned(railway, monkeypatch):
    """After every ask, the file (read by another handle) already holds that turn, synced."""
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(store.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    session = Session(railway, router_factory=cached_router)
    recorder = SessionRecorder(railway, "test")
    session.listeners.append(recorder)
    session.welcome()
    for n, text in enumerate(["when was the railway built", "next", "hello", "2"], start=2):
        reply = session.ask(text)
        turns = lines_of(recorder.path)[1:]
        assert len(turns) == n and turns[-1]["input"] == text and turns[-1]["kind"] == reply.kind
    assert len(synced) == 2 + 5  # the header, the new directory entry, and five turns
    recorder.close()


def test_a_deferred_recorder_makes_its_file_at_the_first_input(railway, data_dir):
    """defer=True (`tour serve`): the welcome alone leaves no file; the first input
    writes the header, the welcome (with the time it was shown) and that turn."""
    moments = iter(datetime(2026, 11, 30, 11, 0, second, tzinfo=UTC) for second in range(60))
    session = Session(railway, router_factory=cached_router)
    recorder = SessionRecorder(railway, "serve", defer=True, clock=lambda: next(moments))
    session.listeners.append(recorder)
    session.welcome()
    assert not recorder.created and list(data_dir.iterdir()) == []
    session.ask("when was the railway built")
    header, welcome, asked = lines_of(recorder.path)
    assert header["type"] == "session" and header["started"].startswith("2026-11-30T11:00:00")
    assert (welcome["intent"], welcome["turn"], welcome["time"][:19]) == ("welcome", 1, "2026-11-30T11:00:01")
    assert (asked["input"], asked["turn"], asked["time"][:19]) == ("when was the railway built", 2,
                                                                   "2026-11-30T11:00:02")
    session.ask("next")
    assert len(lines_of(recorder.path)) == 4
    recorder.close()


def test_a_deferred_recorder_left_untouched_leaves_nothing(railway, data_dir):
    with SessionRecorder(railway, "serve", defer=True) as recorder:
        recorder(Session(railway, router_factory=cached_router).welcome())
    assert not recorder.created and list(data_dir.iterdir()) == []


def test_a_deferred_recorder_checks_its_folder_at_once(railway, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(RecordsError, match="cannot record the session in"):
        SessionRecorder(railway, "serve", blocker / "sessions", defer=True)


def test_a_deferred_file_that_cannot_be_made_is_reported_once(railway, data_dir, monkeypatch):
    errors: list[str] = []
    session = Session(railway, router_factory=cached_router)
    recorder = SessionRecorder(railway, "serve", on_error=errors.append, defer=True)
    session.listeners.append(recorder)
    session.welcome()
    monkeypatch.setattr(recorder, "_create", lambda: (_ for _ in ()).throw(
        RecordsError(f"cannot record the session in {data_dir}: No space left on device")))
    session.ask("when was the railway built")
    session.ask("next")
    assert errors == [f"This session is not recorded: cannot record the session in {data_dir}: "
                      "No space left on device"]
    assert not recorder.created


def test_a_turn_is_the_reply_as_it_was_shown(railway):
    """A turn line is the Reply's own to_dict(), with its place and time, and reads back
    as the same Reply."""
    session = Session(railway, router_factory=cached_router)
    with SessionRecorder(railway, "test") as recorder:
        session.listeners.append(recorder)
        session.welcome()
        reply = session.goto("first-train", "what was the engine called")
    line = lines_of(recorder.path)[-1]
    assert line.pop("type") == "turn" and line.pop("turn") == 2
    assert datetime.fromisoformat(line.pop("time")).utcoffset().total_seconds() == 0
    assert line == reply.to_dict()
    assert [c["paragraph"] for c in line["citations"]] == [5, 5]
    assert {"label": "The station sign", "target": "station-sign"} in line["suggestions"]
    turn = read_session(recorder.path).turns[-1]
    assert turn.to_dict() == reply.to_dict() and (turn.turn, turn.asked) == (2, True)


def test_a_step_records_its_place(make_session):
    path = make_session(lambda s: s.open_chapter("daily"), "next")
    steps = [t["step"] for t in lines_of(path)[2:]]
    assert steps == [{"chapter": "daily", "index": 1, "total": 3},
                     {"chapter": "daily", "index": 2, "total": 3}]


def test_file_names_sort_by_time_and_are_unique(railway):
    moment = datetime(2026, 11, 30, 11, 22, 33, tzinfo=UTC)
    paths = [SessionRecorder(railway, "t", clock=lambda: moment).path for _ in range(5)]
    assert len(set(paths)) == 5
    assert all(re.fullmatch(r"20261130T112233Z-grunthal-railway-[0-9a-f]{6}\.jsonl", p.name) for p in paths)


@pytest.mark.parametrize("tour_id, expected", [
    ("a/b\\c", "a-b-c"), ("../../etc", "etc"), ("", "tour"), ("ok_id-1", "ok_id-1"),
], ids=["slashes", "dots", "empty", "plain"])
def test_file_names_are_safe(tour_id, expected):
    name = store.session_name(tour_id, datetime(2026, 1, 2, tzinfo=UTC))
    assert name.split("-", 1)[1].rsplit("-", 1)[0] == expected


def test_data_dir_explicit_beats_env_beats_platform(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "env"))
    assert store.data_dir(tmp_path / "given") == tmp_path / "given"
    assert store.data_dir() == tmp_path / "env"
    monkeypatch.delenv(store.ENV_VAR)
    assert store.data_dir().parts[-2:] == ("tour", "sessions")


def test_a_directory_that_cannot_be_made_is_a_records_error(railway, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(RecordsError, match="cannot record the session"):
        SessionRecorder(railway, "t", blocker / "sessions")


def test_a_write_failure_stops_recording_but_not_the_session(railway, monkeypatch):
    errors = []
    session = Session(railway, router_factory=cached_router)
    recorder = SessionRecorder(railway, "t", on_error=errors.append)
    session.listeners.append(recorder)

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full_disk)
    assert session.ask("hello").kind == "chat"
    assert session.ask("when was the railway built").node == "line-built"  # the tour goes on
    assert len(errors) == 1 and "No space left" in errors[0] and recorder.error == errors[0]


def test_a_write_failure_warns_by_default(railway, monkeypatch):
    recorder = SessionRecorder(railway, "t")
    monkeypatch.setattr(store.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.warns(RuntimeWarning, match="recording stopped"):
        Session(railway, listeners=[recorder], router_factory=cached_router).welcome()


def test_read_session_round_trips(make_session):
    path = make_session("hello", lambda s: s.goto("line-built", "who paid?"))
    record = read_session(path)
    assert record.problems == [] and record.id == path.stem
    assert record.header.tour_id == "grunthal-railway" and record.header.front_end == "test"
    assert [t.input for t in record.turns] == ["", "hello", "who paid?"]
    assert [t.turn for t in record.turns] == [1, 2, 3]
    assert record.turns[2].citations[0].paragraph == 4
    assert len(record.asked) == 2


def test_unusual_text_survives(make_session):
    """Line separators must not split the JSON line; a lone surrogate must not fail the write."""
    text = "a\u2028b\u2029c \u0085 <script>\"'& \udcff"
    path = make_session(lambda s: s.goto("today", text))
    record = read_session(path)
    assert record.problems == [] and record.turns[-1].input == text


@pytest.mark.parametrize("damage, reason", [
    ('{"type": "turn", "time": "2026-', "not JSON"),
    ("[1, 2, 3]", "not a JSON object"),
    ('{"type": "turn", "input": "no kind"}', "not a turn record"),
    ("\udcff garbage \x00", "not JSON"),
], ids=["half-written", "not-an-object", "missing-keys", "garbage"])
def test_a_damaged_last_line_is_skipped_with_a_warning(make_session, damage, reason):
    path = make_session("hello", "next")
    with path.open("ab") as f:
        f.write(damage.encode("utf-8", errors="surrogateescape"))
    record = read_session(path)
    assert [t.input for t in record.turns] == ["", "hello", "next"]
    assert len(record.problems) == 1
    assert record.problems[0].startswith(f"{path}:5: damaged line skipped") and reason in record.problems[0]


def test_a_damaged_line_in_the_middle_loses_only_itself(make_session):
    path = make_session("hello", "next")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][: len(lines[2]) // 2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = read_session(path)
    assert [t.input for t in record.turns] == ["", "next"] and len(record.problems) == 1


FORMAT_1 = Path(__file__).parent / "data" / "format-1.jsonl"


def test_a_session_file_of_format_1_still_reads(railway):
    """A file as sessions were recorded before turns were Reply.to_dict() (format 1:
    no text, citations without their span or source, "choices")."""
    record = read_session(FORMAT_1)
    assert record.problems == [] and len(record.turns) == 7 and len(record.asked) == 6
    welcome, answer, choice, step, next_step, declined, chapters = record.turns
    assert welcome.intent == "welcome" and welcome.text == welcome.say
    assert welcome.content_note == "This text mentions a hard winter."
    assert (answer.node, answer.kind, answer.turn) == ("first-train", "answer", 2)
    assert [c.label() for c in answer.citations] == [
        "\u00b65 \u00b7 Building the Line \u00b7 The Little Railway of Grünthal (Test Press)"] * 2
    assert answer.citations[0].url == "https://example.org/grunthal-railway"
    # The text is rebuilt from the guide's words and the quotes, as the session writes it.
    fresh = Session(railway, router_factory=cached_router).goto("first-train", "what was the engine called")
    assert answer.text == fresh.text
    assert answer.choices[0].target.kind == "node" and answer.choices[0].target.id == "station-sign"
    assert step.step is not None and (step.step.chapter, step.step.index, step.step.total) == ("daily", 1, 3)
    assert [c.target.kind for c in step.choices] == ["next", "leave"]
    assert declined.kind == "fallback"
    assert [(c.target.kind, c.target.id) for c in chapters.choices] == [
        ("next", ""), ("chapter", "building"), ("chapter", "daily"), ("chapter", "end")]


def test_a_damaged_turn_line_is_reported_with_what_is_wrong(tmp_path):
    lines = FORMAT_1.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["suggestions"] = [{"label": "Somewhere", "target": "@nowhere"}]
    newer = {**json.loads(lines[3]), "version": 99}
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join([lines[0], lines[1], json.dumps(broken), json.dumps(newer)]) + "\n",
                    encoding="utf-8")
    record = read_session(path)
    assert len(record.turns) == 1
    assert "s.jsonl:3: damaged line skipped" in record.problems[0]
    assert "unknown choice target '@nowhere'" in record.problems[0]
    assert "version 99; this tour reads up to 3" in record.problems[1]


def test_a_file_without_header_still_reads(make_session):
    path = make_session("hello")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    record = read_session(path)
    assert record.header.tour_id == "" and len(record.turns) == 2
    assert "no session header" in record.problems[0]


def test_an_unreadable_file_is_a_records_error(tmp_path):
    with pytest.raises(RecordsError, match="cannot read the session file"):
        read_session(tmp_path / "missing.jsonl")


def test_list_and_resolve_sessions(railway, data_dir):
    assert store.list_sessions() == []
    stamps = [datetime(2026, 1, d, tzinfo=UTC) for d in (3, 1, 2)]
    made = [SessionRecorder(railway, "t", clock=lambda m=m: m).path for m in stamps]
    (data_dir / "notes.txt").write_text("ignored")
    listed = store.list_sessions()
    assert listed == [made[1], made[2], made[0]]
    assert resolve_session("latest") == made[0]
    assert resolve_session(made[1].stem) == made[1]
    assert resolve_session(made[1].name) == made[1]
    assert resolve_session("20260102") == made[2]
    assert resolve_session(str(made[2])) == made[2]
    with pytest.raises(RecordsError, match="matches 3 sessions"):
        resolve_session("2026")
    with pytest.raises(RecordsError, match="no session 'nope'"):
        resolve_session("nope")


def test_latest_in_an_empty_directory_is_a_records_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(RecordsError, match="no sessions recorded"):
        resolve_session("latest", tmp_path / "empty")
    with pytest.raises(RecordsError, match="no such folder"):
        resolve_session("latest", tmp_path / "missing")


def test_no_warnings_in_normal_use(make_session):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_session(make_session("hello", "next", "back"))


def test_a_session_file_whose_header_cannot_be_written_is_removed(railway, data_dir, monkeypatch):
    """On a full disk the file was left empty, and `latest` then named it."""
    monkeypatch.setattr(store.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(RecordsError, match="cannot write the session file"):
        SessionRecorder(railway, "t")
    assert list(data_dir.iterdir()) == []


def test_an_empty_session_file_is_not_listed(railway, data_dir):
    made = SessionRecorder(railway, "t", clock=lambda: datetime(2026, 1, 1, tzinfo=UTC)).path
    (data_dir / "20991231T235959Z-t-000000.jsonl").write_bytes(b"")
    assert store.list_sessions() == [made] and resolve_session("latest") == made
