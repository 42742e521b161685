"""Loading and validating dialogue scripts: every problem, located, at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tour.cache import check
from tour.engine.loader import load_tour
from tour.engine.problems import ScriptError

from .conftest import DATA, MINI, run_tour

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "eval" / "squad"

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
    ("empty_welcome", 5, 12, "the welcome is empty"),
    ("empty_title", 69, 15, "the title of node 'keepers-food' is empty"),
    ("empty_quote", 72, 16, "the quote is empty"),
    ("noun_without_sequence", 56, 11, "'noun' names what a sequence chapter is (testimony, diary, journey); "
     "this chapter has no 'sequence: true'"),
    ("bad_noun", 78, 11, "the noun 'The Storm Diary!' should be a word or two in lowercase"),
    ("source_missing", 10, 9, f"cannot read the source text: {BAD / 'no-such-article.txt'}: no such file"),
    ("source_latin1", 10, 9, f"cannot read the source text: {BAD / 'latin1.txt'}: not UTF-8 text "
     "(byte 0xe9 at offset 3): save it as UTF-8"),
    ("source_binary", 10, 9, "binary.txt: a binary file, not text (a NUL byte at offset 8): give a plain-text file"),
    ("source_folder", 10, 9, "folder: is a folder, not a file: give the file inside it"),
]

# One script per warning: (file, where the warning points, line, column, words). Each
# loads, but `tour check --strict` fails on it.
WARNING_CASES = [
    ("long_example", "long_example.yaml", 70, 19, "example of 'keepers-food' is 568 characters long: "
     "an example is one question"),
    ("unreachable", "unreachable.yaml", 53, 9, "node 'aside' cannot be reached: no choice leads to it"),
    ("example_elsewhere", "example_elsewhere.yaml", 70, 20,
     "example \u201cwhen was the landing rebuilt in stone\u201d of 'keepers-food' routes to 'storm-rebuilt'"),
    ("unanswered_answered", "unanswered_answered.yaml", 65, 22,
     "unanswered question \u201cwhat did they eat\u201d of 'keepers-shifts' would be answered by 'keepers-food'"),
    ("misspelt_example", "misspelt_example.yaml", 70, 20, "'ligthouse' (for 'lighthouse'?) looks misspelt"),
    ("chat_example", "chat_example.yaml", 70, 20, "\u201cthank you\u201d of 'keepers-food' is taken as small talk"),
    ("example_lacks", "example_lacks.yaml", 70, 39, "example \u201chow many goats did they keep\u201d of "
     "'keepers-food' asks for a number, and its passage gives none"),
    ("example_pulls", "example_pulls.yaml", 50, 66, "example \u201cwhich winter did the storm destroy the boat "
     "landing\u201d of 'photo' asks what 'storm-landing''s passage says"),
    ("title_elsewhere", "title_elsewhere.yaml", 49, 16, "title \u201cThe boat landing the storm destroyed\u201d of "
     "'photo', asked as a question, reaches 'storm-landing'"),
    ("unreached", "unreached.yaml", 48, 9, "no question reaches 'photo': its title and every example route "
     "elsewhere"),
    ("line_kinds", "lines.txt", 10, 1, "line 10 is taken as a heading, but no body paragraph follows it"),
    ("line_kinds", "lines.txt", 11, 1, "line 11 is taken as a heading, but it holds a slash"),
    ("line_kinds", "lines.txt", 13, 1, "line 13 is taken as a heading, but it has 13 words"),
    ("line_kinds", "lines.txt", 15, 1, "line 15 is taken as a caption (it ends in a '/ credit'), but it has "
     "35 words and stands amid body paragraphs"),
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


@pytest.mark.parametrize("name, path, line, col, words", WARNING_CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in WARNING_CASES])
def test_each_warning_is_reported_at_its_own_place(name, path, line, col, words):
    warnings = check(BAD / f"{name}.yaml").warnings
    located = [(Path(w.path).name, w.line, w.col, w.message) for w in warnings]
    assert any((p, l, c) == (path, line, col) and words in m for p, l, c, m in located), located


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_broken_fixture_is_ever_ok(path, capsys):
    from tour.cli import main

    assert main(["check", "--strict", str(path)]) == 2
    out = capsys.readouterr()
    assert ": ok:" not in out.out and "Traceback" not in out.err
    assert ": error: " in out.err or ": warning: " in out.err


def test_every_case_has_its_fixture():
    named = {c[0] for c in CASES} | {c[0] for c in WARNING_CASES} | {"many_problems"}
    assert named == {p.stem for p in BAD.glob("*.yaml")}


def test_each_text_is_routed_once(monkeypatch):
    """The example check costs one route per distinct example, title or unanswered question."""
    from tour.engine.routing import Router

    calls = []
    route = Router.route
    monkeypatch.setattr(Router, "route", lambda self, text, **kw: calls.append(text) or route(self, text, **kw))
    tour = check(MINI).tour
    asked = ({e for n in tour.nodes.values() for e in n.examples} | {q for _, q in tour.unanswered_questions()}
             | {n.title for n in tour.nodes.values()})
    assert sorted(calls) == sorted(asked)


def test_a_sequence_names_its_noun(tmp_path, mini):
    assert mini.chapter("storm").noun == "story"  # the default
    script = _mini_with(tmp_path, "    sequence: true\n", "    sequence: true\n    noun: diary\n")
    assert load_tour(script).tour.chapter("storm").noun == "diary"


def test_the_bundled_testimony_is_called_a_testimony(tour):
    [testimony] = tour.sequences
    assert testimony.noun == "testimony"


def test_a_topic_reached_by_its_quote_needs_no_examples(tmp_path):
    """A topic with no examples is no warning when a question can share its quoted words;
    only one nothing can reach is (see the `unreachable` fixture)."""
    script = _mini_with(tmp_path, "        examples: [what does the photo show, is there a picture]\n"
                        "        keywords: [photo, 1920, archive]\n", "")
    warnings = check(script).warnings
    assert [w.kind for w in warnings if "'photo'" in w.message] == ["unoffered"]  # offered by no choice, but reached


def test_repeated_warnings_are_counted_past_a_limit():
    from tour.engine.problems import SHOWN_PER_KIND, Problem, grouped

    problems = [Problem("d.yaml", i, 1, f"node 'n{i}' is not offered", "warning", "unoffered")
                for i in range(1, 26)] + [Problem("d.yaml", 30, 1, "another", "warning", "other")]
    lines = grouped(problems)
    assert len(lines) == SHOWN_PER_KIND + 2
    assert lines[-1] == ("d.yaml: warning: 15 more like \u201cnode 'n1' is not offered\u201d "
                         "(`tour check --all` shows every one)")
    assert len(grouped(problems, None)) == 26


def test_every_problem_is_reported_at_once():
    with pytest.raises(ScriptError) as caught:
        load_tour(BAD / "many_problems.yaml")
    messages = [str(p) for p in caught.value.errors]
    assert len(messages) == 3, messages
    assert any(":7:3: error: unknown key 'colour' in 'tour'" in m for m in messages)
    assert any("quote not found" in m and "paragraph 4" in m for m in messages)
    assert any("unknown node 'nowhere'" in m for m in messages)


def test_a_bad_script_is_never_ok_wherever_script_is_given():
    bad = str(BAD / "many_problems.yaml")
    for args in (["--script", bad, "check"], ["check", "--script", bad], ["check", bad]):
        result = run_tour(*args)
        assert result.returncode == 2 and "ok" not in result.stdout, args
        assert "unknown key 'colour'" in result.stderr, args


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
    assert result.stderr == (f"{tmp_path / 'nope.yaml'}: no such file (looked in {tmp_path}); "
                             "check the name and the folder\n")


def test_the_bundled_tour_has_no_misspelt_example():
    # its British spellings and names are no misspellings
    assert not any("misspelt" in w.message for w in check(None).warnings)


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


def _content(analyser, text: str) -> frozenset[str]:
    return frozenset(analyser.tokens(text))


def _copies(analyser, written, asked) -> list:
    """Pairs of a written question and an evaluation question with (nearly) the same
    content words: the same set of two or more ("did ahiko get married" is "Did Ahiko
    ever get married?"), or, with four or more, one word apart."""
    index: dict[str, list[tuple[frozenset[str], str]]] = {}
    for q in asked:
        words = _content(analyser, q)
        for w in words:
            index.setdefault(w, []).append((words, q))
    out = []
    for where, q in written:
        words = _content(analyser, q)
        if len(words) < 2:
            continue
        for other, text in {x for w in words for x in index.get(w, ())}:
            if words == other or (min(len(words), len(other)) >= 4 and len(words ^ other) <= 1):
                out.append((where, q, text))
    return out


def _evaluation_questions() -> list[str]:
    from tour.evaluation import load_questions

    paths = [*DATA.glob("*.yaml"), *SQUAD.glob("*/questions.yaml"),
             *(ROOT / "benchmarks" / folder / "questions" / name
               for folder in ("teacher", "teacher-tuning")
               for name in os.listdir(ROOT / "benchmarks" / folder / "questions"))]
    asked = []
    for path in sorted(paths):
        qs = load_questions(path)
        asked += [q.q for q in qs.single] + [t.q for d in qs.multi for t in d.turns]
    return asked


def test_no_example_copies_an_evaluation_question(tour):
    """The question sets measure; the examples teach. No example, `unanswered` question,
    teacher's example or off-topic calibration question may share its content words
    with a question of any evaluation or tuning set (the bundled tour's, the teacher
    texts' and the teacher tuning texts', SQuAD's)."""
    import yaml

    from tour.engine.routing import Analyser

    analyser = Analyser(tour.language, tour.aliases.items())
    written = [(node.id, q) for node in tour.nodes.values() for q in (*node.examples, *node.unanswered)]
    written += [("tour", q) for q in tour.unanswered]
    written += [("offtopic-en.txt", q) for q in tour.language.offtopic]
    examples = [*(ROOT / "benchmarks" / "teacher" / "examples").glob("*.yaml"),
                *(ROOT / "benchmarks" / "teacher-tuning" / "examples").glob("*.yaml")]
    for path in sorted(examples):
        for line, questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            written += [(f"{path.name}:{line}", q) for q in questions]
    assert _copies(analyser, written, _evaluation_questions()) == []


def _chat_copies(written: list[tuple[str, str]], asked: list[str]) -> list[tuple[str, str, str]]:
    """Small talk examples of three words or more that a question of a set says whole,
    alone or with at most two more words ("see you later" in "ok, see you later!").
    Shorter ones ("hello", "good morning") are the intent's own words, which any
    greeting of a set will share."""
    from tour.engine.text import fold

    folded = [(fold(q), q) for q in asked]
    out = []
    for where, example in written:
        said = fold(example)
        n = len(said.split())
        if n >= 3:
            out += [(where, example, q) for f, q in folded
                    if f" {said} " in f" {f} " and len(f.split()) <= n + 2]
    return out


def test_no_small_talk_example_copies_an_evaluation_question(tour):
    """As for the examples above: the small talk the language and the bundled tour
    teach says no question of any set whole."""
    written = [(f"{where}:{intent.id}", e) for where, intents in (("en.yaml", tour.language.chat),
                                                                  ("dialogue.yaml", tour.chat))
               for intent in intents for e in intent.examples]
    assert _chat_copies(written, _evaluation_questions()) == []


def test_the_small_talk_copy_guard_catches_a_copy_with_a_word_or_two_more():
    asked = ["OK, see you later!", "who made you and why did they"]
    assert [c[1] for c in _chat_copies([("x", "see you later"), ("y", "who made you")], asked)] == ["see you later"]
    assert _chat_copies([("x", "hello")], ["hello"]) == []  # the intent's own word


def test_the_copy_guard_catches_a_reworded_copy(tour):
    from tour.engine.routing import Analyser

    analyser = Analyser(tour.language, tour.aliases.items())
    found = _copies(analyser, [("x", "did ahiko get married")], ["Did Ahiko ever get married?"])
    assert found == [("x", "did ahiko get married", "Did Ahiko ever get married?")]
    assert _copies(analyser, [("x", "where did ahiko work")], ["Did Ahiko ever get married?"]) == []


def test_the_example_check_gives_the_same_warnings_in_several_processes(monkeypatch):
    from tour.engine import check as checking

    one = check(BAD / "example_elsewhere.yaml").warnings
    assert any(w.kind == "example-elsewhere" for w in one)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 1)  # share even these few among processes
    assert check(BAD / "example_elsewhere.yaml", workers=2).warnings == one


@pytest.mark.parametrize("workers", [1, 2])
def test_the_check_reports_progress_from_the_router_build_to_the_last_example(monkeypatch, workers):
    from tour.engine import check as checking

    monkeypatch.setattr(checking, "PARALLEL_FROM", 1)  # with 2 workers, share even these few
    calls: list[tuple[int, int]] = []
    check(BAD / "example_elsewhere.yaml", progress=lambda done, total: calls.append((done, total)),
          workers=workers)
    total = calls[0][1]
    assert calls[0] == (0, total) and total > 0  # before the router is built
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# A value with a YAML tag a script cannot use, or that does not fit its tag: (what the
# title is written as, the words of the error). Each is an error at the value, never a
# traceback.
TAG_CASES = [
    ("!!int abc", "'abc' is not a valid !!int"),
    ("!!int ''", "'' is not a valid !!int"),
    ("!!float '_'", "'_' is not a valid !!float"),
    ("!!float abc", "'abc' is not a valid !!float"),
    ("!!bool maybe", "'maybe' is not a valid !!bool"),
    ("!!timestamp nope", "'nope' is not a valid !!timestamp"),
    ("!custom x", "the YAML tag '!custom' is not one a script can use"),
    ('!custom ""', "the YAML tag '!custom' is not one a script can use"),
    ("!!binary aGk=", "the YAML tag '!!binary' is not one a script can use"),
    ("!!python/object:os.system x", "the YAML tag '!!python/object:os.system' is not one a script can use"),
    ("!!set {a: null}", "the YAML tag '!!set' is not one a script can use"),
]


@pytest.mark.parametrize("written, words", TAG_CASES, ids=[c[0] for c in TAG_CASES])
def test_a_yaml_tag_is_a_located_error(tmp_path, written, words):
    script = _mini_with(tmp_path, "  title: The lighthouse\n", f"  title: {written}\n")
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert [(p.line, p.col) for p in caught.value.errors] == [(3, 10)]  # one error, at the value
    assert words in caught.value.errors[0].message
    result = run_tour("check", str(script))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"d.yaml:3:10: error: {words}" in result.stderr


def test_a_tag_on_a_mapping_or_a_number_is_located_too(tmp_path):
    script = _mini_with(tmp_path, "  footnote_marker: \"i\"\n",
                        "  footnote_marker: \"i\"\nrouting: {answer: !!int x, near: !!float 1e400}\n")
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    messages = [(p.line, p.message) for p in caught.value.errors]
    assert (14, "'x' is not a valid !!int: write the value without the tag, or one that fits it") in messages
    assert (14, "routing.near should be a number from 0 to 100") in messages  # inf


@pytest.mark.parametrize("node_id", ["@next", "@back", "@chapter:cape", "@anything"])
def test_a_node_id_starting_with_at_is_an_error_not_a_crash_later(tmp_path, node_id):
    """'@' marks the moves of a choice: a node so named was checked ok, then every
    session offering it crashed."""
    script = _mini_with(tmp_path, "      - id: photo\n", f"      - id: \"{node_id}\"\n")
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert [(p.line, p.col) for p in caught.value.errors] == [(47, 13)]
    assert f"the node id '{node_id}' starts with '@'" in caught.value.errors[0].message


def _source_at(tmp_path: Path, file: str) -> Path:
    return _mini_with(tmp_path, "  file: article.txt\n", f"  file: {file}\n")


@pytest.mark.parametrize("make, words", [
    (lambda d: "/etc/hostname", "the source file '/etc/hostname' is an absolute path"),
    (lambda d: str(d / "article.txt"), "is an absolute path"),
    (lambda d: "../outside/article.txt", "the source file '../outside/article.txt' is outside the script's folder"),
    (lambda d: (d / "link.txt").symlink_to(d.parent / "outside" / "article.txt") or "link.txt",
     "the source file 'link.txt' is outside the script's folder"),
    (lambda d: (d / "loop.txt").symlink_to(d / "loop.txt") or "loop.txt",
     "loop.txt: a symbolic link that leads round in a loop"),
], ids=["absolute", "absolute-inside", "dot-dot", "symlink-out", "symlink-loop"])
def test_the_source_text_must_stand_in_the_scripts_folder(tmp_path, make, words):
    """Else a tour (and `tour serve`, to every reader) could show any file of the machine."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "article.txt").write_text((DATA / "mini" / "article.txt").read_text())
    folder = tmp_path / "tour"
    folder.mkdir()
    script = _source_at(folder, make(folder))
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert [(p.line, p.col) for p in caught.value.errors] == [(9, 9)]
    assert words in caught.value.errors[0].message
    if "outside" in words or "absolute" in words:
        assert caught.value.errors[0].message.endswith(
            "copy the text into the script's folder and give its name")


def test_a_source_text_in_a_folder_inside_the_scripts_is_read(tmp_path):
    (tmp_path / "texts").mkdir()
    script = _source_at(tmp_path, "texts/../texts/lighthouse.txt")
    (tmp_path / "article.txt").rename(tmp_path / "texts" / "lighthouse.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "texts" / "lighthouse.txt")
    assert load_tour(script).tour.source.paragraph(3).text == "The Keepers"
    assert load_tour(_source_at(tmp_path, "link.txt")).tour.source.paragraph(3).text == "The Keepers"


def test_every_bundled_and_fixture_text_stands_beside_its_script():
    """The rule holds for every script the project ships or tests with."""
    scripts = [*ROOT.joinpath("scripts").glob("*.yaml"), *DATA.rglob("*.yaml"),
               *ROOT.joinpath("tests", "tui", "data").glob("*.yaml")]
    for script in scripts:
        try:
            load_tour(script)
        except ScriptError as exc:
            assert not any("outside the script's folder" in p.message or "absolute path" in p.message
                           for p in exc.errors), script
        except Exception:  # noqa: BLE001 - question sets and other YAML that is no script
            continue


@pytest.mark.parametrize("written", ["{tour.nope}", "{tour[x]}", "{number:{tour.__class__}}"])
def test_a_message_filling_in_more_than_a_name_is_an_error(tmp_path, written):
    """Once checked ok, then every session that said the message crashed (or showed what
    the attribute held)."""
    script = _mini_with(tmp_path, "chat:\n", f'messages:\n  empty: "{written}"\n\nchat:\n')
    script.write_text(script.read_text().replace("    say: Hello!", f'    say: "Hi {written}"'))
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert [(p.line, p.col) for p in caught.value.errors] == [(23, 10), (28, 10)]
    assert all("a name alone goes in braces" in p.message for p in caught.value.errors)
    plain = _mini_with(tmp_path, "chat:\n", 'messages:\n  empty: "Type {{this}} or {tour}"\n'
                       '  no_choices: "a { b"\n\nchat:\n')
    language = load_tour(plain).tour.language
    assert language.message("empty", tour="T") == "Type {this} or T"
    assert language.message("no_choices", tour="T") == "a { b"  # no format string: shown as written


def test_a_break_only_yaml_sees_is_a_located_error(tmp_path):
    """YAML takes U+0085, U+2028 and U+2029 for line breaks where an editor shows none: it
    folded a text there, or reported a syntax error on a line the file does not have."""
    script = _mini_with(tmp_path, "welcome: Welcome to the lighthouse tour.",
                        "welcome: Welcome\u2028 to the lighthouse tour.")
    script.write_text(script.read_text().replace("say: Hello!", 'say: "Hello\u0085!"'))
    with pytest.raises(ScriptError) as caught:
        load_tour(script)
    assert [(p.line, p.col, p.message.split(" here:")[0]) for p in caught.value.errors] == [
        (4, 19, "a line separator (U+2028)"), (25, 16, "a next-line character (U+0085)")]
    assert caught.value.errors[0].message.endswith("or write it as \\u2028 inside double quotes")
    written = _mini_with(tmp_path, "welcome: Welcome to the lighthouse tour.", 'welcome: "Welcome\\Lto the tour."')
    assert load_tour(written).tour.welcome == "Welcome\u2028to the tour."
