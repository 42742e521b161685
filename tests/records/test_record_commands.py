"""Each record command in a subprocess: output, files written, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tour.records.store import list_sessions, read_session


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def fails(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.fixture
def played(make_session):
    """A recorded session with a decline in it (asked first: no topic to lean on)."""
    path = make_session("xyzzy plugh", "when was the railway built", "next")
    assert read_session(path).declined, "the fixture needs one declined question"
    return path


def test_play_records_by_default(run_tour, script, tmp_path, data_dir):
    inputs = tmp_path / "in.txt"
    inputs.write_text("hello\nwhen was the railway built\n", encoding="utf-8")
    ok(run_tour("play", str(inputs), "--script", script))
    (path,) = list_sessions(data_dir)
    record = read_session(path)
    assert record.header.front_end == "play"
    assert [t.input for t in record.turns] == ["", "hello", "when was the railway built"]


def test_play_no_record_and_data_dir(run_tour, script, tmp_path, data_dir):
    inputs = tmp_path / "in.txt"
    inputs.write_text("hello\n", encoding="utf-8")
    ok(run_tour("play", str(inputs), "--script", script, "--no-record"))
    assert list_sessions(data_dir) == []
    ok(run_tour("play", str(inputs), "--script", script, "--data-dir", str(tmp_path / "other")))
    assert list_sessions(data_dir) == [] and len(list_sessions(tmp_path / "other")) == 1


def test_play_goes_on_when_it_cannot_record(run_tour, script, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    inputs = tmp_path / "in.txt"
    inputs.write_text("hello\n", encoding="utf-8")
    result = ok(run_tour("play", str(inputs), "--script", script, "--data-dir", str(blocker / "d")))
    assert "not recording this session" in result.stderr and "Hello!" in result.stdout


def test_sessions_when_there_are_none(run_tour, data_dir):
    data_dir.mkdir()
    result = ok(run_tour("sessions"))
    assert result.stdout == "" and f"no sessions recorded in {data_dir}" in result.stderr


@pytest.mark.parametrize("command", [("sessions",), ("report",), ("transcript", "latest"),
                                     ("transcript", "2026"), ("report", "latest")])
def test_a_missing_folder_or_a_file_as_the_data_dir_is_an_error(run_tour, data_dir, tmp_path, command):
    """A command that only reads says what is wrong with the folder, not "no sessions"."""
    fails(run_tour(*command), f"{data_dir}: no such folder: no session has been recorded there; "
          "give the folder of session files with --data-dir")
    (tmp_path / "notes.txt").write_text("not a folder")
    fails(run_tour(*command, "--data-dir", str(tmp_path / "notes.txt")),
          f"{tmp_path / 'notes.txt'}: a file, not a folder of session files: give the folder with --data-dir")


@pytest.mark.parametrize("command", ["transcript", "report"])
def test_a_file_that_is_no_session_is_an_error(run_tour, played, command):
    """Named by its path, a file of which no line is a session record was once read as an
    empty session: an empty transcript, an empty report, exit 0."""
    garbage = played.with_name("notes.jsonl")
    garbage.write_text("GARBAGE\nnot json either\n", encoding="utf-8")
    fails(run_tour(command, str(garbage)),
          f"tour {command}: {garbage}: not a session file: no line of it is a session record (2 damaged)")
    fails(run_tour(command, "GARBAGE"), f"tour {command}: no session 'GARBAGE' in")
    listed = ok(run_tour("sessions"))  # in the folder, it is skipped with a warning
    assert f"warning: {garbage}: not a session file" in listed.stderr and played.stem in listed.stdout


HOSTILE_LINES = [
    '{"type": "turn", "turn": 1e400, "input": "x", "kind": "chat", "text": ""}',
    '{"type": "turn", "turn": 9, "input": "x", "kind": "answer", "text": "", "step": '
    '{"chapter": "c", "index": 1e400, "total": 2}}',
    '{"type": "turn", "turn": 9, "kind": "chat", "text": "", "input": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "[" * 100_000 + "]" * 100_000,
]


@pytest.mark.parametrize("damage", HOSTILE_LINES, ids=["huge-turn", "huge-step", "deep-input", "deep-line"])
def test_a_damaged_line_never_breaks_the_whole_folder(run_tour, played, make_session, damage):
    """One damaged record once broke `tour sessions`, `transcript` and `report` for every
    session in the folder; it is skipped with a warning (docs/records.md)."""
    other = make_session("hello")
    lines = played.read_text(encoding="utf-8").split("\n")
    lines.insert(2, damage)
    played.write_text("\n".join(lines), encoding="utf-8")
    listed = ok(run_tour("sessions"))
    assert f"warning: {played}:3: damaged line skipped" in listed.stderr
    assert played.stem in listed.stdout and other.stem in listed.stdout
    assert "**You:** xyzzy plugh" in ok(run_tour("transcript", played.stem)).stdout
    assert "1 question the tour declined" in ok(run_tour("report")).stdout


def test_sessions_lists_each_session(run_tour, played, make_session):
    make_session("hello")
    lines = ok(run_tour("sessions")).stdout.splitlines()
    assert lines[0].split() == ["ID", "STARTED", "TOUR", "TURNS", "DECLINED"]
    row = next(line.split() for line in lines if line.startswith(played.stem))
    assert row[3:] == ["grunthal-railway", "3", "1"]
    assert len(lines) == 3


def test_sessions_warns_about_a_damaged_line(run_tour, played):
    with played.open("a", encoding="utf-8") as f:
        f.write('{"type": "turn", "inp')
    result = ok(run_tour("sessions"))
    assert f"tour: warning: {played}:6: damaged line skipped" in result.stderr
    assert played.stem in result.stdout


@pytest.mark.parametrize("ref", ["latest", "id", "prefix", "path"])
def test_transcript_markdown_by_any_name(run_tour, played, ref):
    name = {"latest": "latest", "id": played.stem, "prefix": played.stem[:20], "path": str(played)}[ref]
    out = ok(run_tour("transcript", name)).stdout
    assert out.startswith("# The little railway of Grünthal\n")
    assert "**You:** xyzzy plugh" in out and "\u00b64 \u00b7 Building the Line \u00b7 The Little" in out


def test_transcript_html_to_a_file(run_tour, played, tmp_path):
    target = tmp_path / "out.html"
    result = ok(run_tour("transcript", "latest", "-o", str(target), "--handout"))
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    page = target.read_text(encoding="utf-8")
    root = ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))
    assert root.find(".//section[@class='discussion']") is not None
    assert "Why might a small town borrow money" in page


def test_transcript_format_wins_over_the_file_name(run_tour, played, tmp_path):
    target = tmp_path / "out.html"
    ok(run_tour("transcript", "latest", "--format", "md", "-o", str(target)))
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert ok(run_tour("transcript", "latest", "--format", "html")).stdout.startswith("<!DOCTYPE html>")


def test_transcript_of_a_missing_session(run_tour, played, data_dir):
    fails(run_tour("transcript", "nope"), f"tour transcript: no session 'nope' in {data_dir}")


def test_transcript_with_no_sessions(run_tour, data_dir):
    data_dir.mkdir()
    fails(run_tour("transcript", "latest"), "no sessions recorded")


def test_latest_is_never_an_empty_file(run_tour, played):
    """A session file left empty (its header never written) holds no session."""
    played.with_name("20991231T235959Z-empty-000000.jsonl").write_bytes(b"")
    assert ok(run_tour("transcript", "latest")).stdout.startswith("# The little railway of Grünthal\n")


@pytest.mark.parametrize("name", ["x.pdf", "x", "x.txt"])
def test_transcript_to_a_file_of_no_known_format_is_refused(run_tour, played, tmp_path, name):
    """`-o x.pdf` once wrote Markdown into x.pdf."""
    fails(run_tour("transcript", "latest", "-o", str(tmp_path / name)), "name the file .md or .html, "
          "or give --format md or --format html")
    assert not (tmp_path / name).exists()
    ok(run_tour("transcript", "latest", "-o", str(tmp_path / name), "--format", "md"))
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("# ")


def test_transcript_to_an_unwritable_place(run_tour, played, tmp_path):
    fails(run_tour("transcript", "latest", "-o", str(tmp_path / "no" / "such" / "dir.md")), "cannot write")


def test_report_text_and_json(run_tour, played, make_session):
    make_session("xyzzy plugh!")
    text = ok(run_tour("report")).stdout
    assert "2 questions" in text and "asked 2 times (2 declined)" in text
    data = json.loads(ok(run_tour("report", "--json")).stdout)
    assert data["sessions"] == 2 and data["groups"][0]["count"] == 2
    one = json.loads(ok(run_tour("report", played.stem, "--json")).stdout)
    assert one["sessions"] == 1 and one["questions"] == 1


def test_report_with_no_sessions(run_tour, data_dir):
    data_dir.mkdir()
    assert ok(run_tour("report")).stdout.strip() == "No declined or unclear questions in 0 sessions."


def test_report_of_a_missing_session(run_tour, played):
    fails(run_tour("report", "latest", "nope"), "tour report: no session 'nope'")


def test_quiz_with_piped_stdin(run_tour, script):
    out = ok(run_tour("quiz", "--script", script, stdin="1898\nEdelweiss\nAnna Berger\n")).stdout
    assert out.count("The text says:") == 3 and "your answer> Anna Berger" in out


def test_quiz_script_before_the_command(run_tour, script):
    out = ok(run_tour("--script", script, "quiz", "--chapter", "daily", stdin="")).stdout
    assert "Who kept a diary" in out and "Stopped after 0 of 1" in out


def test_quiz_unknown_chapter(run_tour, script):
    fails(run_tour("quiz", "--script", script, "--chapter", "nope"), "tour quiz: no chapter 'nope'")


def test_help_lists_the_commands(run_tour):
    out = ok(run_tour("--help")).stdout
    for command in ("sessions", "transcript", "report", "quiz"):
        assert command in out


def test_the_record_commands_never_load_textual_or_rich(data_dir):
    """Import every records module and run a command; neither Textual nor Rich may load."""
    code = (
        "import sys\n"
        "import tour.records.store, tour.records.export, tour.records.report\n"
        "import tour.records.commands, tour.records.quiz\n"
        "from tour.cli import main\n"
        "main(['sessions']); main(['report'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "TOUR_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
