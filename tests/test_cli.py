"""The command line, run as a user would: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import DATA, MINI, run_tour

KEYS = {"input", "kind", "node", "score", "text", "citations", "suggestions"}
CITATION_KEYS = {"quote", "paragraph", "section", "start", "end"}


def test_ask_json_shape(tour):
    result = run_tour("ask", "--json", "Who built the House of Scientists?")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert KEYS <= reply.keys()
    assert reply["kind"] == "answer" and reply["citations"]
    for c in reply["citations"]:
        assert CITATION_KEYS <= c.keys()
        para = tour.source.paragraph(c["paragraph"])
        assert para.text[c["start"]:c["end"]] == c["quote"]
        raw_line = tour.source.raw_lines[c["paragraph"] - 1]
        assert c["quote"] in raw_line  # paragraph is the 1-based line of the source file


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
    assert result.stderr.startswith(f"{tmp_path / 'none.txt'}: no such file")


def test_bad_script_exits_2_without_traceback():
    result = run_tour("ask", "--script", str(DATA / "bad" / "unknown_next.yaml"), "hi")
    assert result.returncode == 2
    assert "unknown_next.yaml:62:16:" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_exits_2():
    assert run_tour("play").returncode == 2
    assert run_tour("frobnicate").returncode == 2


def test_ask_and_play_never_import_textual(tmp_path):
    code = (
        "import sys, io\n"
        "from tour.cli import main\n"
        "sys.stdin = io.StringIO('who was ahiko\\n')\n"
        "main(['ask', '--json', '-'])\n"
        "main(['play', '--json', sys.argv[1]])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "sys.exit('imported: ' + ', '.join(bad) if bad else 0)\n"
    )
    script = tmp_path / "lesson.txt"
    script.write_text("hello\n")
    result = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_engine_modules_import_without_textual():
    code = (
        "import sys, pkgutil, importlib, tour.engine, tour.evaluation, tour.render\n"
        "for m in pkgutil.iter_modules(tour.engine.__path__):\n"
        "    importlib.import_module('tour.engine.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "sys.exit('imported: ' + ', '.join(bad) if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_tour_help():
    result = run_tour("--help")
    assert result.returncode == 0 and "ask" in result.stdout and "play" in result.stdout
