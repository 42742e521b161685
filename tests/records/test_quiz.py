"""`tour quiz`: ask, read an answer, reveal the quoted answer with its citation."""

from __future__ import annotations

import io

import pytest

from tour.records.quiz import QuizError, questions, run_quiz


def play(script: str, answers: str, chapter: str | None = None) -> str:
    out = io.StringIO()
    assert run_quiz(script, chapter, io.StringIO(answers), out) == 0
    return out.getvalue()


def test_every_question_is_asked_then_answered_with_its_citation(script, railway):
    out = play(script, "1898\nEdelweiss\nAnna\n")
    assert out.count("your answer> ") == 3
    assert "[1/3] Building the line\nWhen did work on the line begin?" in out
    assert ("your answer> 1898\nThe text says: \u201cWork on the line began in 1898\u201d\n"
            "  \u2014 \u00b64 \u00b7 Building the Line \u00b7 The Little Railway of Grünthal (Test Press)") in out
    assert '\u201cnamed "Edelweiss"\u201d' in out
    assert "\u00b69 \u00b7 Daily Life on the Railway" in out
    assert out.rstrip().endswith("That was all 3 questions.")


def test_end_of_input_stops_quietly(script):
    out = play(script, "1898\n")
    assert "Stopped after 1 of 3 questions." in out
    assert "Edelweiss\u201d" not in out


def test_one_chapter(script):
    out = play(script, "Anna\n", chapter="daily")
    assert "(1 question)" in out and "Who kept a diary" in out and "1898" not in out


@pytest.mark.parametrize("chapter, message", [
    ("nope", "no chapter 'nope'; the chapters are: building, daily, end"),
    ("end", "chapter 'end' has no review questions"),
], ids=["unknown", "no-questions"])
def test_bad_chapters(railway, chapter, message):
    with pytest.raises(QuizError, match=message):
        questions(railway, chapter)


def test_a_bad_script_is_a_quiz_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tour: [\n", encoding="utf-8")
    from tour.engine.problems import ScriptError

    with pytest.raises(ScriptError) as caught:  # a TourError, printed by cli.main like any other
        run_quiz(str(bad), None, io.StringIO(), io.StringIO())
    assert "cannot be used until fixed" in caught.value.lines()[-1]
