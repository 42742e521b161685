"""The decisions file of `tour review --apply`: every problem at once, as file:line."""

from __future__ import annotations

import pytest

from tour.review.decisions import Decision, DecisionsError, read_decisions


def read(tmp_path, text: str, tour):
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    return path, lambda: read_decisions(path, tour)


def test_a_good_file(tmp_path, lighthouse):
    _, decide = read(tmp_path, (
        "# after Tuesday's class\n"
        "- question: who painted the lighthouse\n"
        "  topic: cape\n"
        "- {question: was there a cat, unanswered: true}\n"
        "- question: what were the keepers paid\n"
        "  topic: keepers-shifts\n"
        "  unanswered: yes\n"), lighthouse)
    assert decide() == [Decision("who painted the lighthouse", "cape", line=2),
                        Decision("was there a cat", None, True, line=4),
                        Decision("what were the keepers paid", "keepers-shifts", True, line=5)]


@pytest.mark.parametrize(("text", "message"), [
    ("- question: [unclosed\n", "decisions.yaml:2: not YAML"),
    ("question: who\ntopic: cape\n", "decisions.yaml:1: a decisions file is a list of"),
    ("", "decisions.yaml:1: a decisions file is a list of"),
    ("- who painted it\n", "decisions.yaml:1: decision 1: should be a mapping"),
    ("- {question: who, topic: capes}\n", "decisions.yaml:1: decision 1: unknown topic 'capes' (did you mean 'cape'?)"),
    ("- {question: who, topik: cape}\n", "decisions.yaml:1: decision 1: unknown key 'topik' (did you mean 'topic'?)"),
    ("- {topic: cape}\n", "decisions.yaml:1: decision 1: needs a question"),
    ("- {question: who, unanswered: maybe}\n", "decisions.yaml:1: decision 1: 'unanswered' should be true or false"),
    ("- {question: who}\n", "decisions.yaml:1: decision 1: needs a topic"),
    ("- {question: who, unanswered: false}\n", "decisions.yaml:1: decision 1: needs a topic"),
    ("- {question: [a, b], topic: cape}\n", "decisions.yaml:1: decision 1: 'question' should be a single value"),
], ids=["not-yaml", "not-a-list", "empty", "not-a-mapping", "unknown-topic", "unknown-key",
        "no-question", "unanswered-not-bool", "no-topic", "unanswered-false", "question-a-list"])
def test_each_bad_file_says_where_and_what(tmp_path, lighthouse, text, message):
    _, decide = read(tmp_path, text, lighthouse)
    with pytest.raises(DecisionsError) as caught:
        decide()
    assert any(line.endswith(message) or message in line for line in caught.value.lines()), caught.value.lines()


def test_every_problem_is_reported_at_once(tmp_path, lighthouse):
    _, decide = read(tmp_path, ("- {question: fine, topic: cape}\n"
                                "- {question: who, topic: nowhere}\n"
                                "- {question: why}\n"), lighthouse)
    with pytest.raises(DecisionsError) as caught:
        decide()
    lines = caught.value.lines()
    assert len(lines) == 2
    assert lines[0].endswith("decisions.yaml:2: decision 2: unknown topic 'nowhere': "
                             f"{lighthouse.path} has no such topic (has it changed since?)")
    assert ":3: decision 3: needs a topic" in lines[1]


def test_a_file_that_cannot_be_read_says_so(tmp_path, lighthouse):
    from tour.engine.files import FileError

    with pytest.raises(FileError, match="no such file"):
        read_decisions(tmp_path / "missing.yaml", lighthouse)
