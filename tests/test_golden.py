"""Golden transcripts (`tour test`) and the playback file format."""

from __future__ import annotations

import pytest

from tour.playback import Line, PlaybackError, parse

from .conftest import MINI, run_tour


def test_bundled_golden_transcripts_hold():
    result = run_tour("test")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith(", 0 failed")


def test_a_broken_expectation_fails_with_a_readable_diff(tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text("where was the lighthouse => keepers-food\nhello => chat\n")
    result = run_tour("test", "--script", str(MINI), str(transcript))
    assert result.returncode == 1
    assert f"{transcript}:1: \u201cwhere was the lighthouse\u201d" in result.stdout
    assert "expected: keepers-food" in result.stdout
    assert "got:      cape" in result.stdout
    assert "1 passed, 1 failed" in result.stdout


def test_parse_expectations_directives_and_comments():
    lines = parse("# c\n\nhello => chat\n!pause\n!note Look at the map\nwhat => a, b\nplain\n")
    assert lines == [
        Line(3, "hello", ("chat",)),
        Line(4, "", directive="pause"),
        Line(5, "", directive="note", argument="Look at the map"),
        Line(6, "what", ("a", "b")),
        Line(7, "plain"),
    ]


@pytest.mark.parametrize("text, words", [("!dance\n", "unknown directive '!dance'"), ("hi =>\n", "nothing after '=>'")])
def test_parse_errors_name_the_line(text, words):
    with pytest.raises(PlaybackError) as caught:
        parse(text, "lesson.txt")
    assert str(caught.value).startswith("lesson.txt:1: ") and words in str(caught.value)


def test_play_skips_directives_and_expectations(tmp_path):
    lesson = tmp_path / "l.txt"
    lesson.write_text("!pause\nwhere was the lighthouse => cape\n")
    result = run_tour("play", "--json", "--script", str(MINI), str(lesson))
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1 and '"input": "where was the lighthouse"' in result.stdout
