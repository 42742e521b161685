"""Reading the files a tour is made of (its script, its text, playback files): a file
that is no regular text file is refused at once with its path and the fix, never read
for ever or into all the memory; lines end at a line break and nowhere else."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from tour.engine import files
from tour.engine.files import FileError, read_text, split_lines
from tour.engine.loader import load_tour

from .conftest import DATA, MINI

LIMITED = 1 << 31
"""Address space (2 GiB) a command is run with here: reading /dev/zero whole would
otherwise take the machine's memory."""


def run_limited(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m tour ARGS` with its memory bounded; a hang fails the test by its timeout."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMITED, LIMITED))

    return subprocess.run([sys.executable, "-m", "tour", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limit)


@pytest.fixture
def specials(tmp_path):
    """A FIFO, a link to /dev/zero and a symbolic link that leads to itself."""
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    return tmp_path


SPECIAL = [("fifo", "a pipe (FIFO), not a regular file: give a plain-text file"),
           ("zero", "a device, not a regular file: give a plain-text file"),
           ("loop", "a symbolic link that leads round in a loop: point it at the file")]


@pytest.mark.parametrize("name, reason", SPECIAL, ids=[s[0] for s in SPECIAL])
@pytest.mark.parametrize("command", [("check", "{}"), ("--script", "{}", "ask", "hello"),
                                     ("play", "--script", str(MINI), "{}"), ("test", "--script", str(MINI), "{}")],
                         ids=["check", "script", "play", "test"])
def test_a_special_file_is_refused_at_once(specials, name, reason, command):
    path = specials / name
    result = run_limited(*(part.format(path) for part in command), timeout=30)
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr == f"{path}: {reason}\n"


@pytest.mark.parametrize("name, reason", [
    ("fifo", "cannot read the source text: {}: a pipe (FIFO), not a regular file: give a plain-text file"),
    ("zero", "the source file 'zero' is outside the script's folder (/dev/zero)")], ids=["fifo", "zero"])
def test_a_special_file_as_the_source_text_is_a_located_error(specials, name, reason):
    (specials / "d.yaml").write_text(MINI.read_text().replace("file: article.txt", f"file: {name}"))
    result = run_limited("check", str(specials / "d.yaml"), timeout=30)
    assert result.returncode == 2, result.stderr[-500:]
    assert f"d.yaml:9:9: error: {reason.format(specials / name)}" in result.stderr


def test_a_file_beyond_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    (tmp_path / "big.txt").write_text("x" * 1001)
    (tmp_path / "small.txt").write_text("x" * 1000)
    with pytest.raises(FileError) as caught:
        read_text(tmp_path / "big.txt", "playback file")
    assert str(caught.value) == (f"{tmp_path / 'big.txt'}: larger than 1,000 bytes: playback files are "
                                 "read up to that size; give a smaller file")
    assert read_text(tmp_path / "small.txt") == "x" * 1000
    with pytest.raises(FileError, match="larger than"):
        load_tour(MINI)  # 2.6 kB


OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""What str.splitlines takes for a line break and a text's line may hold."""


def test_lines_end_at_a_line_break_and_nowhere_else():
    text = f"one{OTHER_BREAKS}still one\r\ntwo\rthree\n\nfive\n"
    assert split_lines(text) == [f"one{OTHER_BREAKS}still one", "two", "three", "", "five"]
    assert split_lines("") == [] and split_lines("a") == ["a"] and split_lines("a\n\n") == ["a", ""]


def test_a_form_feed_in_the_text_leaves_every_paragraph_its_number(tmp_path):
    """Citations name the line of the file: a form feed, a vertical tab, U+0085, U+2028
    or U+2029 inside a line must not make two of it and shift every later number."""
    lines = (DATA / "mini" / "article.txt").read_text().split("\n")
    lines[1] = lines[1].replace(" for two ", f" for{OTHER_BREAKS}two ")
    (tmp_path / "article.txt").write_text("\n".join(lines))
    (tmp_path / "d.yaml").write_text(MINI.read_text().replace(
        "quote: The lighthouse stood on the northern cape for two centuries",
        "quote: The lighthouse stood on the northern cape"))
    tour = load_tour(tmp_path / "d.yaml").tour
    assert len(tour.source.paragraphs) == len([line for line in lines if line or line is not lines[-1]])
    assert tour.source.paragraph(7).text.startswith("In the winter of 1899")
    assert tour.node("storm-landing").quotes[0].paragraph == 7


def test_a_playback_line_holding_a_form_feed_is_one_input(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text(f"where was{OTHER_BREAKS}the lighthouse\r\nwhat did they eat\rbye\n", encoding="utf-8")
    result = run_limited("play", "--json", "--no-record", "--script", str(MINI), str(lesson))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 3  # the session shows no control character of an input
    assert replies[0]["input"].startswith("where was") and replies[0]["input"].endswith("the lighthouse")
    assert [r["input"] for r in replies[1:]] == ["what did they eat", "bye"]
