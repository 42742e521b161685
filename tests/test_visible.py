"""No control bytes reach a terminal: what a playback file, a record or a script holds
is printed with its control characters as visible symbols (tour.visible)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tour import cli
from tour.visible import json_text, visible, visible_text

SCRIPT = str(Path(__file__).parent / "records" / "data" / "dialogue.yaml")
ESC, OSC, BEL = "\x1b[2J", "\x1b]0;owned\x07", "\x07"
"""Clear the screen, set the window title, ring the bell."""
HOSTILE = [
    f"{ESC}when did work on the line begin => chat",
    f"what is the weather on mars {OSC}",
    f"ring {BEL} the bell",
]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every control character but a line break and a tab."""


def test_every_control_character_gets_a_visible_symbol():
    assert visible(f"a{ESC}b{BEL}\tc\n") == "a\u241b[2Jb\u2407 c\u240a"
    assert visible_text(f"one{OSC}\r\n\ttwo\x9b") == "one\u241b]0;owned\u2407\u240d\n\ttwo\ufffd"


def test_json_keeps_the_value_and_escapes_what_a_terminal_obeys():
    value = {"input": f"{ESC}{OSC}\x9b[31m\x7f", "text": "caf\u00e9"}
    text = json_text(value)
    assert json.loads(text) == value
    assert not CONTROL.search(text) and "caf\u00e9" in text


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """A playback file of hostile lines; sessions recorded in tmp_path/sessions."""
    monkeypatch.setenv("TOUR_DATA_DIR", str(tmp_path / "sessions"))
    path = tmp_path / "hostile.txt"
    path.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv: str, stdin: str = "") -> str:
    """`tour ARGV` in this process: stdout and stderr together."""
    old = cli.sys.stdin
    cli.sys.stdin = io.StringIO(stdin)
    try:
        code = cli.main(["--script", SCRIPT, *argv] if argv[0] in ("play", "test", "quiz") else list(argv))
    finally:
        cli.sys.stdin = old
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    return out.out + out.err


def assert_shown_not_obeyed(output: str, shown: str = "\u241b") -> None:
    """No control character in `output`, and the hostile text shown (as `shown`)."""
    assert not CONTROL.search(output), repr(CONTROL.search(output).group())
    assert shown in output, output


@pytest.mark.parametrize("argv", [["play"], ["play", "--format", "md"], ["test"]],
                         ids=["play", "play-md", "test"])
def test_playback_files(capsys, hostile, argv):
    output = run(capsys, argv[0], str(hostile), *argv[1:])
    escaped = "\\" if "md" in argv else ""  # Markdown shows a "[" as written when escaped
    assert_shown_not_obeyed(output, f"\u241b{escaped}[2Jwhen did work on the line begin")
    if argv[0] == "play":
        assert "ring \u2407 the bell" in output


def test_playback_as_json(capsys, hostile):
    """The session folds control characters out of what it reads (JSON escapes the rest)."""
    output = run(capsys, "play", str(hostile), "--json")
    assert not CONTROL.search(output)
    assert [json.loads(line)["input"] for line in output.splitlines()][0].endswith(
        "when did work on the line begin")


def test_an_unknown_directive_is_reported_visibly(capsys, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(f"!{OSC}\n", encoding="utf-8")
    assert cli.main(["--script", SCRIPT, "test", str(path)]) == 2
    assert_shown_not_obeyed(capsys.readouterr().err)


@pytest.fixture
def record(capsys, hostile) -> Path:
    """A recorded session of the hostile lines, hand-edited to hold them as typed
    (the session itself folds control characters out of its inputs)."""
    run(capsys, "play", str(hostile))
    (path,) = (hostile.parent / "sessions").glob("*.jsonl")
    header, *turns = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    header["tour_title"] = f"{OSC}The little railway"
    header["tour_id"] = f"{ESC}grunthal-railway"
    for turn, line in zip(turns[1:], HOSTILE):
        turn["input"] = line.partition("=>")[0].strip()
    path.write_text("".join(json.dumps(r) + "\n" for r in [header, *turns]), encoding="utf-8")
    return path


@pytest.mark.parametrize(("argv", "shown"), [
    (["transcript", "latest"], "# \u241b\\]0;owned\u2407The little railway"),
    (["transcript", "latest", "--format", "html"], "\u241b[2Jwhen did"),
    (["report"], "mars \u241b]0;owned\u2407"),
    (["report", "--json"], "mars \\u001b]0;owned\\u0007"),
    (["sessions"], "\u241b[2Jgrunthal-railway"),
], ids=["transcript-md", "transcript-html", "report", "report-json", "sessions"])
def test_records(capsys, record, argv, shown):
    assert_shown_not_obeyed(run(capsys, *argv), shown)


def test_quiz_echoes_piped_answers_visibly(capsys, tmp_path):
    output = run(capsys, "quiz", stdin=f"{ESC}1898\n{OSC}\n{BEL}\n")
    assert "your answer> \u241b[2J1898" in output
    assert_shown_not_obeyed(output)


@pytest.fixture
def hostile_tour(tmp_path) -> Path:
    """The fixture tour with control characters in its title, in a line of its text
    that no quote uses, and in a lesson's name and lines."""
    source = Path(SCRIPT).parent
    (tmp_path / "article.txt").write_text(
        (source / "article.txt").read_text(encoding="utf-8") + f"\nA {OSC} line / Credit {ESC}\n", encoding="utf-8")
    script = (source / "dialogue.yaml").read_text(encoding="utf-8")
    title = next(line for line in script.split("\n") if line.startswith("  title: "))
    (tmp_path / "dialogue.yaml").write_text(script.replace(title, f'  title: "\\e]0;owned\\a{title[9:]}"', 1),
                                            encoding="utf-8")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / f"lesson-{ESC}.txt").write_text(f"hello\n{ESC}what => chat\n", encoding="utf-8")
    return tmp_path / "dialogue.yaml"


@pytest.mark.parametrize("argv", [["check", "--lines", "--coverage", "{}"], ["--script", "{}", "lessons"],
                                  ["--script", "{}", "play", "--format", "md", "--no-record", "{lesson}"]],
                         ids=["check", "lessons", "play-md"])
def test_what_a_script_a_text_or_a_set_holds(capsys, hostile_tour, argv):
    """`tour check --lines` printed a line of the text with its control characters."""
    folder = hostile_tour.parent
    lesson = next((folder / "lessons").iterdir())
    args = [a.format(hostile_tour, lesson=lesson) for a in argv]
    code = cli.main(args)
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert_shown_not_obeyed(out.out + out.err, "\u241b")
