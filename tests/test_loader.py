"""Loading and validating dialogue scripts: every problem, located, at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tour.engine.loader import load_tour
from tour.engine.problems import ScriptError

from .conftest import DATA, MINI, run_tour

BAD = DATA / "bad"

# One malformed script per failure mode: (file, line, column, words of the message).
CASES = [
    ("yaml_syntax", 4, 10, "YAML syntax"),
    ("unknown_key", 59, 9, "unknown key 'exmaples' in a node (did you mean 'examples'?)"),
    ("missing_key", 34, 5, "missing the required key 'title'"),
    ("quote_not_found", 67, 16, "quote not found in the source text; the closest passage is in paragraph 5"),
    ("unknown_next", 62, 16, "names unknown node 'keepers-fod' (did you mean 'keepers-food'?)"),
    ("duplicate_id", 63, 9, "duplicate node id 'keepers-shifts'"),
    ("ambiguous_quote", 48, 16, "quote stands in paragraphs 1, 4, 5, 7"),
]


def _mini_with(tmp_path: Path, old: str, new: str) -> Path:
    """The small fixture tour, its script edited (`old` must be there), beside its text."""
    (tmp_path / "article.txt").write_text((DATA / "mini" / "article.txt").read_text())
    mini = MINI.read_text()
    assert old in mini, old
    script = tmp_path / "d.yaml"
    script.write_text(mini.replace(old, new))
    return script


@pytest.mark.parametrize("name, line, col, words", CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported_at_its_place(name, line, col, words):
    with pytest.raises(ScriptError) as caught:
        load_tour(BAD / f"{name}.yaml")
    located = [(p.line, p.col, p.message) for p in caught.value.errors]
    assert any((l, c) == (line, col) and words in m for l, c, m in located), located


def test_every_problem_is_reported_at_once():
    with pytest.raises(ScriptError) as caught:
        load_tour(BAD / "many_problems.yaml")
    messages = [str(p) for p in caught.value.errors]
    assert len(messages) == 3, messages
    assert any(":7:3: error: unknown key 'colour' in 'tour'" in m for m in messages)
    assert any("quote not found" in m and "paragraph 4" in m for m in messages)
    assert any("unknown node 'nowhere'" in m for m in messages)


def test_check_prints_file_line_col_and_exits_2():
    result = run_tour("check", str(BAD / "many_problems.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if ": error: " in l]
    assert len(lines) == 3
    for line in lines:
        path, lineno, col, _ = line.split(":", 3)
        assert path.endswith("many_problems.yaml") and lineno.isdigit() and col.isdigit()


def test_missing_script_file_is_a_clean_error(tmp_path):
    result = run_tour("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file (looked in {tmp_path}); check the name and the folder\n"


def test_missing_source_file_is_located(tmp_path):
    text = (DATA / "mini" / "dialogue.yaml").read_text()
    script = tmp_path / "d.yaml"
    script.write_text(text)  # article.txt is not beside it
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    [problem] = caught.value.errors
    assert problem.message == (f"cannot read the source text: {tmp_path / 'article.txt'}: no such file "
                               f"(looked in {tmp_path}); check the name and the folder")
    assert (problem.line, problem.col) == (9, 9)  # at `file: article.txt`


def test_an_example_routed_elsewhere_is_a_warning(tmp_path):
    script = _mini_with(tmp_path, "[what did they eat,", "[when was the landing rebuilt in stone,")
    loaded = load_tour(script, check_examples=True)
    assert any("routes to 'storm-rebuilt'" in w.message for w in loaded.warnings)
    result = run_tour("check", "--strict", str(script))
    assert result.returncode == 2 and "warning:" in result.stderr


def test_unanswered_questions_are_checked_against_the_examples(tmp_path):
    # an author lists as unanswered a question the topic answers, word for word
    script = _mini_with(tmp_path, 'unanswered: ["what were', 'unanswered: ["what did they eat", "what were')
    loaded = load_tour(script, check_examples=True)
    assert any("unanswered question \u201cwhat did they eat\u201d of 'keepers-shifts' would be answered"
               in w.message for w in loaded.warnings), [w.message for w in loaded.warnings]


def test_an_example_taken_as_small_talk_is_a_warning(tmp_path):
    script = _mini_with(tmp_path, "[what did they eat,", "[thank you,")
    loaded = load_tour(script, check_examples=True)
    assert any("\u201cthank you\u201d of 'keepers-food' is taken as small talk ('thanks')" in w.message
               for w in loaded.warnings), [w.message for w in loaded.warnings]


def test_a_misspelt_example_is_a_warning(tmp_path):
    script = _mini_with(tmp_path, "[what did they eat,", "[did they eat in the ligthouse,")
    messages = [w.message for w in load_tour(script, check_examples=True).warnings]
    assert any("example of 'keepers-food' \u201cdid they eat in the ligthouse\u201d: 'ligthouse' "
               "(for 'lighthouse'?) looks misspelt" in m for m in messages), messages
    # the bundled tour's British spellings and names are no misspellings
    assert not any("misspelt" in w.message for w in load_tour(check_examples=True).warnings)


def test_unanswered_must_be_a_list_of_texts(tmp_path):
    script = _mini_with(tmp_path, "unanswered:\n  - when was the lighthouse closed down",
                        "unanswered: {when: closed}")
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert any("'unanswered' should be a list of texts" in p.message for p in caught.value.errors)


def test_quotes_get_paragraph_and_span(mini):
    node = mini.node("keepers-shifts")
    [quote] = node.quotes
    para = mini.source.paragraph(quote.paragraph)
    assert quote.paragraph == 4 and quote.section == "The Keepers"
    assert para.text[quote.start:quote.end] == quote.text
    assert quote.footnote  # the paragraph ends in the stripped marker, and so does the quote


def test_bundled_tour_passes_check_strictly():
    result = run_tour("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout


def test_bundled_tour_quotes_every_paragraph_and_caption(tour):
    quoted = {q.paragraph for n in tour.nodes.values() for q in n.quotes}
    wanted = {p.number for p in tour.source.paragraphs if p.kind != "heading"}
    assert wanted - quoted == set()


def test_bundled_tour_answers_stay_focused(tour):
    for node in tour.nodes.values():
        assert len({q.paragraph for q in node.quotes}) <= 3, node.id


def test_bundled_tour_has_the_testimony_in_order(tour):
    [testimony] = tour.sequences
    body = {p.number for p in tour.source.paragraphs if p.kind == "body"}
    paragraphs = [min(q.paragraph for q in tour.node(n).quotes if q.paragraph in body)
                  for n in testimony.nodes]
    assert paragraphs == sorted(paragraphs)  # photo captions may stand beside any step
    first_person = {36, 41, 44, 45, 46}
    steps_by_paragraph = {}
    for n in testimony.nodes:
        for q in tour.node(n).quotes:
            steps_by_paragraph.setdefault(q.paragraph, set()).add(n)
    for p in first_person:
        assert p in steps_by_paragraph, p
        (step,) = steps_by_paragraph[p]
        assert {q.paragraph for q in tour.node(step).quotes} - {p} <= {34, 37, 42, 43}


def test_coverage_report_lists_never_quoted(tmp_path):
    mini = MINI.read_text()
    photo = mini[mini.index("      - id: photo"):mini.index("  - id: keepers")]
    script = _mini_with(tmp_path, photo, "")
    result = run_tour("check", "--coverage", str(script))
    assert result.returncode == 0
    assert "never quoted: 1" in result.stdout


def test_first_person_passages_are_marked(tour):
    voices = {q.paragraph: q.voice for n in tour.nodes.values() for q in n.quotes}
    assert {p for p, v in voices.items() if v == "first-person"} == {36, 41, 44, 45, 46}


def test_voice_can_be_set_by_the_author(tmp_path):
    script = _mini_with(tmp_path, "quote: The landing was rebuilt in 1901 with stone from the mainland.",
                        "quotes: [{text: The landing was rebuilt in 1901, voice: first-person}]")
    tour = load_tour(script).tour
    assert tour.node("storm-rebuilt").quotes[0].voice == "first-person"
    assert tour.node("storm-memory").quotes[0].voice == "first-person"  # "I remember ..."
    assert tour.node("cape").quotes[0].voice == "narration"


def test_no_example_copies_an_evaluation_question(tour):
    """The question sets measure; the examples teach. None may be a near-copy of the other,
    and neither may an `unanswered` question (the tour's list of what the text is silent on)."""
    from rapidfuzz import fuzz, process

    from tour.engine.text import fold
    from tour.evaluation import load_questions

    asked = []
    for path in sorted(DATA.glob("*.yaml")):
        qs = load_questions(path)
        asked += [q.q for q in qs.single] + [t.q for d in qs.multi for t in d.turns]
    folded = [fold(q) for q in asked]
    copies = []
    written = [(node.id, q) for node in tour.nodes.values() for q in (*node.examples, *node.unanswered)]
    written += [("tour", q) for q in tour.unanswered]
    for where, question in written:
        match = process.extractOne(fold(question), folded, scorer=fuzz.ratio, score_cutoff=90)
        if match:
            copies.append((where, question, asked[match[2]]))
    assert copies == []
