"""The command line, run as a user would: in a subprocess."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, MINI, run_tour

README = Path(__file__).parents[1] / "README.md"


def documented_reply() -> dict:
    """The JSON reply as the README's "The JSON reply" section shows it."""
    section = README.read_text(encoding="utf-8").split("### The JSON reply", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))


def assert_documented_shape(reply: dict) -> None:
    """Exactly the keys the README documents, no more and no fewer, at every level."""
    shown = documented_reply()
    assert list(reply) == list(shown)
    assert {type(v) for v in map(reply.get, ("input", "kind", "text", "intent"))} == {str}
    for c in reply["citations"]:
        assert list(c) == list(shown["citations"][0])
    for choice in reply["suggestions"]:
        assert list(choice) == list(shown["suggestions"][0])
    if reply["step"] is not None:
        assert list(reply["step"]) == ["chapter", "index", "total"]


def test_ask_json_shape(tour):
    result = run_tour("ask", "--json", "Who built the House of Scientists?")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert_documented_shape(reply)
    assert reply["kind"] == "answer" and reply["citations"]
    for c in reply["citations"]:
        para = tour.source.paragraph(c["paragraph"])
        assert para.text[c["start"]:c["end"]] == c["quote"]
        raw_line = tour.source.raw_lines[c["paragraph"] - 1]
        assert c["quote"] in raw_line  # paragraph is the 1-based line of the source file
    marked = [c for c in reply["citations"] if c["focus"]]
    assert marked  # the sentences that say who built it stand out in the quote
    for c in marked:
        start, end = c["focus"]
        assert c["start"] <= start < end <= c["end"]
        assert "Built in 1950" in tour.source.paragraph(c["paragraph"]).text[start:end]
        assert f"**{tour.source.paragraph(c['paragraph']).text[start:end].strip()}**" in reply["text"]


def test_ask_reads_one_question_per_line_each_in_a_fresh_session():
    result = run_tour("ask", "--json", "-", stdin="hello\nwho was ahiko\nnext\n")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    replies = [json.loads(line) for line in lines]
    assert [r["input"] for r in replies] == ["hello", "who was ahiko", "next"]
    assert replies[0]["kind"] == "chat"


def test_ask_plain_text_shows_the_citation():
    result = run_tour("ask", "How long is the Old Japanese Road?")
    assert result.returncode == 0
    assert "\u00b6" in result.stdout and "Qalam" in result.stdout


def test_play_json_gives_one_object_per_input_line(tmp_path):
    script = tmp_path / "lesson.txt"
    script.write_text("# a comment\nhello\n\nwhere was the lighthouse\n1\nnext\n")
    result = run_tour("play", "--json", "--script", str(MINI), str(script))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in replies] == ["hello", "where was the lighthouse", "1", "next"]
    assert replies[1]["node"] == "cape" and replies[2]["node"] == "keepers-shifts"
    for reply in replies:
        assert_documented_shape(reply)


def test_play_json_says_when_a_chapter_ends(tmp_path):
    """The mini tour's storm chapter is a sequence of three steps; going on past the
    last one ends it. The cape chapter ends once both its topics have been seen."""
    script = tmp_path / "lesson.txt"
    script.write_text("chapters\n3\nnext\nnext\nnext\nwhere was the lighthouse\nnext\nnext\n")
    result = run_tour("play", "--json", "--no-record", "--script", str(MINI), str(script))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["node"] or r["intent"], r["chapter_ended"]) for r in replies] == [
        ("chapters", None), ("storm-landing", None), ("storm-memory", None), ("storm-rebuilt", None),
        ("sequence-end", "storm"), ("cape", None), ("photo", "cape"), ("keepers-shifts", None)]


def test_play_text_and_markdown_transcripts(tmp_path):
    script = tmp_path / "lesson.txt"
    script.write_text("where was the lighthouse\n")
    text = run_tour("play", "--script", str(MINI), str(script))
    assert "Welcome to the lighthouse tour." in text.stdout and "you> where was the lighthouse" in text.stdout
    md = run_tour("play", "--format", "md", "--script", str(MINI), str(script))
    assert md.stdout.startswith("# The lighthouse") and "> The lighthouse stood" in md.stdout


def test_play_missing_file_is_a_clean_error(tmp_path):
    result = run_tour("play", str(tmp_path / "none.txt"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    notice, error = result.stderr.splitlines()  # the bundled tour stands in: said first
    assert notice.startswith("tour play: no dialogue.yaml in this folder: using the bundled tour")
    assert error.startswith(f"{tmp_path / 'none.txt'}: no such file")


def test_bad_script_exits_2_without_traceback():
    result = run_tour("ask", "--script", str(DATA / "bad" / "unknown_next.yaml"), "hi")
    assert result.returncode == 2
    assert "unknown_next.yaml:62:16:" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_exits_2():
    assert run_tour("play").returncode == 2
    assert run_tour("frobnicate").returncode == 2


def imports_none_of(prefixes: tuple[str, ...], steps: str, *argv: str) -> None:
    """Run `steps` in a fresh Python (argv after it), then fail naming every module
    imported whose name starts with one of `prefixes`."""
    code = (f"import sys, io\n{steps}"
            f"bad = sorted(m for m in sys.modules if m.startswith({prefixes!r}))\n"
            "sys.exit('imported: ' + ', '.join(bad) if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


UI = ("textual", "rich")


def test_ask_and_play_never_import_textual(tmp_path):
    script = tmp_path / "lesson.txt"
    script.write_text("hello\n")
    imports_none_of(UI, "from tour.cli import main\n"
                        "sys.stdin = io.StringIO('who was ahiko\\n')\n"
                        "main(['ask', '--json', '-'])\n"
                        "main(['play', '--json', sys.argv[1]])\n", str(script))


def test_a_command_with_nothing_to_ask_loads_no_router_and_no_planner():
    """Start-up is paid by every command: the ranking machinery comes with the first
    question, `tour init`'s planner with `tour init`, the server with `tour serve`."""
    imports_none_of(("tour.engine.routing", "tour.authoring.init", "tour.authoring.plan", "tour.serve_site",
                     "rapidfuzz"),
                    "from tour.cli import main\n"
                    "sys.stdin = io.StringIO('')\n"
                    "main(['ask', '--json', '-'])\n")


def test_engine_modules_import_without_textual():
    imports_none_of(UI, "import pkgutil, importlib, tour.engine, tour.evaluation, tour.render\n"
                        "for m in pkgutil.iter_modules(tour.engine.__path__):\n"
                        "    importlib.import_module('tour.engine.' + m.name)\n")


def test_python_dash_m_tour_help():
    result = run_tour("--help")
    assert result.returncode == 0 and "ask" in result.stdout and "play" in result.stdout


def test_script_is_taken_before_or_after_the_command(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text("where was the lighthouse\n")
    before = run_tour("--script", str(MINI), "play", "--json", str(lesson))
    after = run_tour("play", "--json", "--script", str(MINI), str(lesson))
    assert before.returncode == after.returncode == 0
    assert json.loads(before.stdout)["node"] == json.loads(after.stdout)["node"] == "cape"
    assert run_tour("--script", str(MINI), "check").stdout.startswith(f"{MINI}: ok:")
    assert run_tour("check", "--script", str(MINI)).stdout.startswith(f"{MINI}: ok:")


def test_script_is_refused_where_it_has_no_use_or_is_given_twice():
    result = run_tour("--script", str(MINI), "sessions")
    assert result.returncode == 2
    assert result.stderr == "tour sessions: --script does not apply to `tour sessions`: it uses no script\n"
    twice = run_tour("check", str(MINI), "--script", str(DATA / "bad" / "unknown_next.yaml"))
    assert twice.returncode == 2 and "two scripts given" in twice.stderr and "ok" not in twice.stdout


@pytest.fixture
def tour_folder(tmp_path) -> Path:
    """A teacher's folder: a dialogue.yaml beside its text."""
    for name in ("dialogue.yaml", "article.txt"):
        shutil.copyfile(MINI.parent / name, tmp_path / name)
    return tmp_path


def test_commands_find_the_dialogue_yaml_of_the_current_folder(tour_folder):
    asked = run_tour("ask", "--json", "where was the lighthouse", cwd=tour_folder)
    assert asked.returncode == 0 and asked.stderr == ""
    assert json.loads(asked.stdout)["node"] == "cape"  # a topic of the folder's tour, not the bundled one
    checked = run_tour("check", cwd=tour_folder)
    assert checked.returncode == 0 and checked.stdout.startswith("dialogue.yaml: ok:")
    assert "bundled" not in checked.stderr


def test_check_in_a_folder_with_a_broken_tour_fails(tour_folder):
    script = tour_folder / "dialogue.yaml"
    script.write_text(script.read_text().replace("start: [cape]", "start: [cap]"))
    checked = run_tour("check", "--strict", cwd=tour_folder)
    assert checked.returncode == 2 and "ok" not in checked.stdout
    assert checked.stderr.startswith("dialogue.yaml:6:")


def test_a_path_or_script_given_wins_over_the_folder(tour_folder):
    other = DATA / "bad" / "unknown_next.yaml"
    assert run_tour("check", str(other), cwd=tour_folder).returncode == 2
    assert run_tour("check", "--script", str(other), cwd=tour_folder).returncode == 2


def test_the_bundled_tour_standing_in_is_said_plainly(tmp_path):
    checked = run_tour("check", "--strict", cwd=tmp_path)
    assert checked.returncode == 0
    assert checked.stderr == ("tour check: no dialogue.yaml in this folder: checking the bundled tour "
                              "(give --script PATH for your own)\n")
    asked = run_tour("ask", "hello", cwd=tmp_path)
    assert asked.stderr == ("tour ask: no dialogue.yaml in this folder: using the bundled tour "
                            "(give --script PATH for your own)\n")
    assert "bundled" not in run_tour("sessions", cwd=tmp_path).stderr  # a command with no script


def test_settings_find_the_script_as_tools_find_their_configuration(tour_folder, tmp_path_factory):
    from tour.settings import find_script

    assert find_script("mine.yaml", tour_folder) == ("mine.yaml", "option")
    assert find_script(None, tour_folder) == (str(tour_folder / "dialogue.yaml"), "folder")
    assert find_script(None, tmp_path_factory.mktemp("empty")) == (None, "bundled")


def test_a_playback_file_in_another_encoding_names_the_file_and_the_fix(tmp_path):
    latin = tmp_path / "lesson.txt"
    latin.write_bytes("caf\u00e9 et th\u00e9\n".encode("latin-1"))
    result = run_tour("play", str(latin), "--script", str(MINI))
    assert result.returncode == 2
    assert result.stderr == f"{latin}: not UTF-8 text (byte 0xe9 at offset 3): save it as UTF-8\n"
    folder = run_tour("play", str(tmp_path), "--script", str(MINI))
    assert folder.returncode == 2 and folder.stderr == f"{tmp_path}: is a folder, not a file: give the file inside it\n"


def test_an_unknown_topic_in_an_expectation_is_an_error(tmp_path):
    golden = tmp_path / "golden.txt"
    golden.write_text("where was the lighthouse => cape\nwhat did they eat => keepers-fod\n")
    result = run_tour("test", "--script", str(MINI), str(golden))
    assert result.returncode == 2
    assert result.stderr == (f"tour test: {golden}:2: unknown topic 'keepers-fod' in the expectation "
                             "(did you mean 'keepers-food'?); expect a node id, declined, chat or clarify\n")
    assert "passed" not in result.stdout  # nothing was played


def test_bundled_lessons_play_by_name_from_any_folder(tmp_path):
    listed = run_tour("lessons", cwd=tmp_path)
    assert listed.returncode == 0 and "ahiko" in listed.stdout and "tour play --lesson ahiko" in listed.stdout
    played = run_tour("play", "--json", "--lesson", "ahiko", cwd=tmp_path)
    assert played.returncode == 0, played.stderr
    assert len(played.stdout.splitlines()) > 5
    unknown = run_tour("play", "--lesson", "ahikoo", cwd=tmp_path)
    assert unknown.returncode == 2 and "no lesson 'ahikoo' (did you mean 'ahiko'?)" in unknown.stderr


def test_golden_transcripts_run_by_default_from_any_folder(tmp_path):
    result = run_tour("test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.splitlines()[-1].endswith(" 0 failed")


def test_check_lines_shows_every_line_with_its_kind():
    result = run_tour("check", "--lines", str(DATA / "bad" / "line_kinds.yaml"))
    assert result.returncode == 0  # warnings only: --strict would fail
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()[1:17]}
    assert rows["1"][0] == "caption" and rows["3"][0] == "heading" and rows["2"][0] == "body"
    assert rows["11"] == ["heading", "?"]  # French and Indian War/Seven Years' War: a heading, doubted
    assert "lines.txt:11:1: warning: line 11 is taken as a heading, but it holds a slash" in result.stderr


def test_every_command_takes_script_after_its_name():
    """`--script` after any command's name is parsed (then used, or refused by main)."""
    from tour.cli import SCRIPTLESS, build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, sub in commands.choices.items():
        assert "--script" in sub._option_string_actions, name
        assert sub.get_default("takes_script") is (name not in SCRIPTLESS), name


# -- tour eval --------------------------------------------------------------------------
EVAL_SET = """\
single:
  - q: what did the keepers eat on the island
    lines: [5]
  - q: when was the landing rebuilt
    lines: [9]
  - q: who won the world cup
    lines: []
"""


def test_eval_measures_a_set_written_without_styles(tmp_path):
    """A teacher's own set, with only 'q' and 'lines': questions the text answers and
    questions it does not are both counted; --json gives the same figures."""
    questions = tmp_path / "mine.yaml"
    questions.write_text(EVAL_SET)
    shown = run_tour("eval", str(questions), "--script", str(MINI))
    assert shown.returncode == 0, shown.stderr
    rows = {line.split("  ")[1].strip(): line.split()[-1] for line in shown.stdout.splitlines()[1:] if "n=" in line}
    assert rows["in scope, answered with the right passage"] == "n=2"
    assert rows["declined when the text does not answer"] == "n=1"
    as_json = json.loads(run_tour("eval", str(questions), "--script", str(MINI), "--json").stdout)
    assert as_json["metrics"]["in_scope_n"] == 2 and as_json["metrics"]["oos_n"] == 1
    assert as_json["metrics"]["by_style"] == {}


def test_eval_names_the_file_of_a_bad_set(tmp_path):
    questions = tmp_path / "mine.yaml"
    questions.write_text("single:\n  - lines: [5]\n")
    result = run_tour("eval", str(questions), "--script", str(MINI))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{questions}: single question 1 needs a 'q'")


@pytest.mark.parametrize("written, words", [
    ("single: !!int x\n", "a value that does not fit its YAML tag"),
    ("single:\n  - q: what\n    lines: !!float x\n", "a value that does not fit its YAML tag"),
    ("single: 5\n", "a question set needs a 'single:' list of questions"),
    ("multi: {turns: 3}\n", "a question set needs a 'single:' list of questions"),
], ids=["tag", "nested-tag", "a-number", "a-mapping"])
def test_eval_says_what_is_wrong_with_any_set(tmp_path, written, words):
    questions = tmp_path / "mine.yaml"
    questions.write_text(written)
    result = run_tour("eval", str(questions), "--script", str(MINI))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"{questions}: {words}")


def test_output_never_fails_on_a_character_it_cannot_encode(tmp_path):
    """PYTHONIOENCODING=ascii, or =utf-8 with a file name that is not UTF-8: a symbol is
    printed for the character, not a traceback."""
    ascii_only = run_bytes("ask", "Who built the House of Scientists?", stdin=b"",
                           env={"PYTHONIOENCODING": "ascii"})
    assert ascii_only.returncode == 0 and b"Traceback" not in ascii_only.stderr, ascii_only.stderr
    assert b"?The Japanese POWs in Almaty" in ascii_only.stdout  # the opening quotation mark
    name = tmp_path.joinpath(b"\xfe.yaml".decode("utf-8", "surrogateescape"))
    name.write_bytes(MINI.read_bytes())
    (tmp_path / "article.txt").write_bytes((MINI.parent / "article.txt").read_bytes())
    for args in (("check", str(name)), ("--script", str(name), "ask", "--json", "where was the lighthouse")):
        result = run_bytes(*args, stdin=b"")
        assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr


def run_bytes(*args: str, stdin: bytes, env: dict | None = None) -> subprocess.CompletedProcess[bytes]:
    """`python -m tour ARGS` fed bytes, in a locale whose standard input is strict UTF-8
    (as under LANG=en_US.UTF-8): `PYTHONIOENCODING=utf-8` names no error handler."""
    import os

    full = {**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "tour", *args], input=stdin, capture_output=True,
                          env=full, timeout=120)


HOSTILE_STDIN = b"\xff\nhello\n\xfe\xff bad\r\nwho was ahiko\rnext\n\nlast"
"""Bytes that are not UTF-8, every line break, an empty line, no last line break."""
HOSTILE_INPUTS = ["\ufffd", "hello", "\ufffd\ufffd bad", "who was ahiko", "next", "", "last"]


def test_ask_reads_stdin_as_utf8_whatever_the_locale():
    """A byte that is not UTF-8 once ended `tour ask --json -` with a traceback and no reply."""
    result = run_bytes("ask", "--json", "-", stdin=HOSTILE_STDIN)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    replies = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [r["input"] for r in replies] == HOSTILE_INPUTS  # exactly one reply per line


def test_play_and_quiz_read_stdin_as_utf8_whatever_the_locale():
    played = run_bytes("play", "--json", "--no-record", "-", stdin=HOSTILE_STDIN)
    assert played.returncode == 0 and b"Traceback" not in played.stderr, played.stderr
    inputs = [json.loads(line)["input"] for line in played.stdout.decode("utf-8").splitlines()]
    assert inputs == [i for i in HOSTILE_INPUTS if i]  # blank lines are no input in a playback file
    quiz = run_bytes("quiz", stdin=HOSTILE_STDIN)
    assert quiz.returncode == 0 and b"Traceback" not in quiz.stderr, quiz.stderr
    assert "your answer> \ufffd\n" in quiz.stdout.decode("utf-8")
    assert "Stopped after 7 of " in quiz.stdout.decode("utf-8")


def test_ask_reads_an_endless_line_without_filling_the_memory():
    """A line is read up to a bound (1,000,000 characters); the rest of it is dropped."""
    result = run_bytes("ask", "--json", "-", stdin=b"x" * 3_000_000 + b"\nhello\n")
    replies = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(replies) == 2 and replies[1]["input"] == "hello"


def test_tour_test_on_a_file_with_nothing_to_check_is_an_error(tmp_path):
    """It once said "0 passed, 0 failed" and exited 0."""
    empty = tmp_path / "empty.txt"
    empty.write_text("# only a comment\nwhere was the lighthouse\n")
    result = run_tour("test", "--script", str(MINI), str(empty))
    assert result.returncode == 2 and "passed" not in result.stdout
    assert result.stderr == (f"tour test: {empty}: nothing to check: end an input line with '=> ' and its "
                             "expected outcome (a node id, declined, chat or clarify)\n")


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_plain_replies_wrap_to_the_terminal_width_never_inside_a_word(columns, tour):
    """Once a fixed 88 columns: words broken in an 80-column terminal, citations never wrapped."""
    result = run_tour("ask", "Who built the House of Scientists?", env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    assert all(len(line) <= columns or len(line.split()) == 1 for line in lines), lines
    reply = json.loads(run_tour("ask", "--json", "Who built the House of Scientists?").stdout)
    words = result.stdout.split()
    for citation in reply["citations"]:
        quoted = f"\u201c{citation['quote']}\u201d".split()
        at = words.index(quoted[0])
        assert words[at:at + len(quoted)] == quoted  # every word whole, in order
        label = tour.source.info.label()
        assert " ".join(words).count(label) == 1  # the citation line, wrapped but whole


def test_help_is_one_help_text():
    """`tour ask help` printed the script's help and then the language's, cut mid-phrase."""
    reply = json.loads(run_tour("ask", "--json", "help").stdout)
    text = reply["say"]
    assert text.count("`help`") == 1 and text.count("`next`") <= 2 and text.count("`chapters`") == 1
    assert not text.rstrip().endswith(("returns", "shows this"))


def test_plurals_and_wording(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text("what did they eat\n9\nnext\n9\n")  # one choice on offer, then two
    played = run_tour("play", "--json", "--no-record", "--script", str(MINI), str(lesson))
    replies = [json.loads(line) for line in played.stdout.splitlines()]
    assert [len(r["suggestions"]) for r in replies[::2]] == [1, 2]
    assert "(the choices are just 1)" in replies[1]["text"]
    assert "(the choices are 1 and 2)" in replies[3]["text"]
    script = tmp_path / "one.yaml"
    script.write_text(MINI.read_text().split("chapters:")[0] + (
        "chapters:\n  - id: cape\n    title: The cape\n    nodes:\n      - id: cape\n"
        "        title: The cape\n        quote: The lighthouse stood on the northern cape\n"))
    (tmp_path / "article.txt").write_text((MINI.parent / "article.txt").read_text())
    checked = run_tour("check", str(script))
    assert checked.stdout.endswith(": ok: 1 chapter, 1 node, 1 quote, 0 warnings\n"), checked.stdout


@pytest.mark.parametrize("command", ["sessions", "transcript", "report", "init"])
def test_the_help_of_a_command_that_refuses_script_does_not_offer_it(command):
    result = run_tour(command, "--help")
    assert result.returncode == 0 and "--script" not in result.stdout


def test_lessons_lists_every_lesson_it_can_read_and_names_the_others(tmp_path):
    """One lesson that could not be read once hid every lesson after it."""
    import os

    (tmp_path / "article.txt").write_text((MINI.parent / "article.txt").read_text())
    (tmp_path / "dialogue.yaml").write_text(MINI.read_text())
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "lesson-a.txt").write_bytes(b"caf\xe9\n")
    os.mkfifo(lessons / "lesson-b.txt")
    (lessons / "lesson-c.txt").write_text("where was the lighthouse\nnext\n")
    result = run_tour("--script", str(tmp_path / "dialogue.yaml"), "lessons", timeout=30)
    assert result.returncode == 2
    assert "  c                  2 inputs  tour play --lesson c" in result.stdout
    assert result.stderr == (f"tour lessons: {lessons / 'lesson-a.txt'}: not UTF-8 text (byte 0xe9 at offset 3): "
                             f"save it as UTF-8\ntour lessons: {lessons / 'lesson-b.txt'}: a pipe (FIFO), not a "
                             "regular file: give a plain-text file\n")
