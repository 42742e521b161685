"""`tour init`: a starter tour from a plain text that passes `tour check --strict` at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tour.authoring.grammar import sentence_spans as split_sentences
from tour.authoring.plan import parts
from tour.cache import check
from tour.engine.loader import load_tour

from .conftest import DATA, run_tour

SQUAD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "squad"
ARTICLES = sorted(SQUAD.glob("*/article.txt"))
LINES = DATA / "bad" / "lines.txt"  # headings, captions and doubtful lines


def test_init_then_check_strict_in_a_subprocess(tmp_path):
    out = tmp_path / "tour"
    made = run_tour("init", str(LINES), "-o", str(out), "--title", "The Lighthouse", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "tour check: 0 warnings" in made.stdout
    # the table shows each line's kind, and marks the doubtful guesses
    assert "   11? heading" in made.stdout and "holds a slash" in made.stdout
    assert (out / "lines.txt").read_bytes() == LINES.read_bytes()  # the text, copied beside the script
    checked = run_tour("check", "--strict", str(out / "dialogue.yaml"), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""


def test_init_never_overwrites_without_force(tmp_path):
    out = tmp_path / "tour"
    assert run_tour("init", str(LINES), "-o", str(out)).returncode == 0
    (out / "dialogue.yaml").write_text("# my own edits\n")
    again = run_tour("init", str(LINES), "-o", str(out))
    assert again.returncode == 2
    assert again.stderr == (f"tour init: {out / 'dialogue.yaml'} exists: give --force to overwrite it, "
                            "or -o DIR for another folder\n")
    assert (out / "dialogue.yaml").read_text() == "# my own edits\n"
    assert run_tour("init", str(LINES), "-o", str(out), "--force").returncode == 0
    assert (out / "dialogue.yaml").read_text().startswith("# A starter tour")


def test_the_author_corrects_line_kinds(tmp_path, capsys):
    from tour.cli import main

    out = tmp_path / "tour"
    assert main(["init", str(LINES), "-o", str(out), "--caption", "10", "--body", "13"]) == 0
    tour = check(out / "dialogue.yaml")
    assert tour.warnings == []
    src = tour.tour.source
    assert src.paragraph(10).kind == "caption" and src.paragraph(10).confirmed
    assert src.paragraph(13).kind == "body" and src.paragraph(11).kind == "heading"
    printed = capsys.readouterr().out
    assert "   10* caption" in printed and "   13* body" in printed


def test_the_starter_tour_has_chapters_topics_and_reading_order(tmp_path, capsys):
    from tour.cli import main

    out = tmp_path / "tour"
    assert main(["init", str(LINES), "-o", str(out), "--title", "The Lighthouse"]) == 0
    tour = load_tour(out / "dialogue.yaml").tour
    # a chapter for what stands before the first heading, then one per heading with a body after it
    assert [c.section for c in tour.chapters] == [
        "The Lighthouse", "The Keepers", "The Storm", "French and Indian War/Seven Years' War, 1754-63",
        "The lighthouse keepers of the northern cape and the long winters they spent"]
    quoted = [q.paragraph for n in tour.nodes.values() for q in n.quotes]
    assert quoted == [1, 2, 4, 5, 7, 8, 9, 12, 14, 15, 16]  # every caption and body line, in order
    ids = list(tour.nodes)
    assert [tour.node(i).next for i in ids[:-1]] == [(j,) for j in ids[1:]]
    assert all(n.title and n.keywords and not n.examples for n in tour.nodes.values())
    assert "content_note:" in (out / "dialogue.yaml").read_text()  # a commented place for it
    assert tour.content_note == ""


def test_an_unreadable_text_is_a_clean_error(tmp_path):
    result = run_tour("init", str(DATA / "bad" / "latin1.txt"), "-o", str(tmp_path / "t"))
    assert result.returncode == 2
    assert result.stderr.endswith("latin1.txt: not UTF-8 text (byte 0xe9 at offset 3): save it as UTF-8\n")
    assert not (tmp_path / "t").exists()


@pytest.mark.skipif(not ARTICLES, reason=f"the SQuAD texts are not beside the checkout ({SQUAD})")
@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.parent.name)
def test_init_on_each_squad_text_passes_check_strict(article, tmp_path, capsys):
    from tour.cli import main

    assert main(["init", str(article), "-o", str(tmp_path / "tour")]) == 0
    assert main(["check", "--strict", str(tmp_path / "tour" / "dialogue.yaml")]) == 0
    assert ": warning: " not in capsys.readouterr().err
    tour = load_tour(tmp_path / "tour" / "dialogue.yaml").tour
    body = [p for p in tour.source.paragraphs if p.kind == "body" and p.text]
    assert {q.paragraph for n in tour.nodes.values() for q in n.quotes} == {p.number for p in body}
    assert len({n.title for n in tour.nodes.values()}) == len(tour.nodes)  # no two topics read the same


_sentence = st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{1,8}){0,12}( [A-Z]\.){0,1}( St\.)? [a-z]{3,8}[.!?]",
                          fullmatch=True)


@given(st.lists(_sentence, min_size=1, max_size=15))
def test_parts_cover_the_paragraph_at_sentence_ends(sentences):
    text = " ".join(sentences)
    spans = parts(text, target=20, longest=20)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_a, b), (c, _d) in zip(spans, spans[1:]):
        assert text[b:c].strip() == "" and text[b - 1] in ".!?"  # a cut is between two sentences
    assert " ".join(text[a:b] for a, b in spans) == text
    assert len(split_sentences(text)) <= len(sentences)  # "St." and initials never end one


# -- what a bad output folder or a hostile text gets ---------------------------------
def test_an_output_that_is_a_file_or_lies_under_one_is_a_clean_error(tmp_path):
    text = tmp_path / "one.txt"
    text.write_text("The keepers grew potatoes and kept goats on the rocky island for many years.\n")
    existing = tmp_path / "notes.txt"
    existing.write_text("my notes\n")
    made = run_tour("init", str(text), "-o", str(existing))
    assert (made.returncode, made.stderr) == (2, f"{existing}: is a file, not a folder: give -o a folder "
                                                 "to write the tour to (it is made if missing)\n")
    under = run_tour("init", str(text), "-o", str(existing / "tour"))
    assert (under.returncode, under.stderr) == (2, f"{existing / 'tour'}: lies under {existing}, which is a "
                                                   "file, not a folder: give -o a folder to write the tour "
                                                   "to (it is made if missing)\n")
    assert existing.read_text() == "my notes\n"


def test_a_folder_that_cannot_be_made_is_a_clean_error(tmp_path, capsys):
    from tour.cli import main

    text = tmp_path / "one.txt"
    text.write_text("The keepers grew potatoes and kept goats on the rocky island for many years.\n")
    assert main(["init", str(text), "-o", "/proc/tour-init-test/tour"]) == 2
    assert capsys.readouterr().err == ("/proc/tour-init-test/tour: cannot make the folder (No such file or "
                                       "directory): give -o a folder you can write to\n")


def test_a_text_of_headings_only_is_refused_and_nothing_written(tmp_path):
    text = tmp_path / "headings.txt"
    text.write_text("The Keepers\nThe Storm\nThe Landing\n")
    made = run_tour("init", str(text), "-o", str(tmp_path / "tour"))
    assert made.returncode == 2 and "Traceback" not in made.stderr
    assert made.stderr == (f"tour init: {text}: every line was taken for a heading (short, with no sentence "
                           "end), so the tour would have no topic: mark the paragraphs with --body N (e.g. "
                           "--body 2-9), or give a text with one whole paragraph per line\n")
    assert not (tmp_path / "tour").exists()
    marked = run_tour("init", str(text), "-o", str(tmp_path / "tour"), "--body", "2-3")
    assert marked.returncode == 0, marked.stderr


def test_a_text_of_repeated_paragraphs_is_refused(tmp_path):
    text = tmp_path / "twice.txt"
    text.write_text("The same paragraph stands here twice, as the keepers wrote it.\n" * 2)
    made = run_tour("init", str(text), "-o", str(tmp_path / "tour"))
    assert made.returncode == 2 and "every paragraph stands twice in its section" in made.stderr
    assert not (tmp_path / "tour").exists()


HOSTILE = {
    "one line": ("The keepers grew potatoes and kept goats on the rocky island.", []),
    "a short line taken as body": ("The keepers grew potatoes", ["--body", "1"]),
    "captions only": ("Keepers at the lamp, 1920 / Harbour Archive\nThe boat landing / Harbour Archive\n", []),
    "carriage returns": ("The Keepers\r\nThe keepers grew potatoes and kept goats on the rocky island.\r\n", []),
    "marks and digits taken as body": ("1899!!! ... ??? 1901 --- ***\n", ["--body", "1"]),
    "a huge paragraph": (" ".join(f"Keeper {i} trimmed the wicks of lamp {i} and wound the clock of the tower."
                                  for i in range(600)), []),
}


@pytest.mark.parametrize("text, options", HOSTILE.values(), ids=HOSTILE.keys())
def test_init_makes_a_tour_that_passes_its_check_from_any_text(text, options, tmp_path, capsys):
    from tour.cli import main

    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["init", str(path), "-o", str(tmp_path / "tour"), *options]) == 0
    assert main(["check", "--strict", str(tmp_path / "tour" / "dialogue.yaml")]) == 0
    tour = load_tour(tmp_path / "tour" / "dialogue.yaml").tour
    assert tour.nodes and all(0 < len(n.title.split()) <= 8 for n in tour.nodes.values())


def test_a_huge_paragraph_is_split_and_init_says_so(tmp_path, capsys):
    from tour.cli import main

    path = tmp_path / "text.txt"
    path.write_text(HOSTILE["a huge paragraph"][0], encoding="utf-8")
    assert main(["init", str(path), "-o", str(tmp_path / "tour")]) == 0
    out = capsys.readouterr().out
    tour = load_tour(tmp_path / "tour" / "dialogue.yaml").tour
    assert len(tour.nodes) > 10 and list(tour.nodes)[0] == "p1-1"
    assert f"Line 1 (9000 words) is split into {len(tour.nodes)} topics where its subject changes: " \
           f"p1-1 to p1-{len(tour.nodes)}." in out


# -- what students will see: the table of contents ---------------------------------
def test_init_prints_the_table_of_contents_it_made(tmp_path, capsys):
    from tour.cli import main

    assert main(["init", str(LINES), "-o", str(tmp_path / "tour"), "--title", "The Lighthouse"]) == 0
    out = capsys.readouterr().out
    tour = load_tour(tmp_path / "tour" / "dialogue.yaml").tour
    contents = out[out.index("Table of contents"):out.index("\nwrote ")].splitlines()[1:]
    contents = [line for line in contents if line.startswith("  ")]
    expected = []
    for chapter in tour.chapters:
        expected.append(f"  {chapter.title}")
        expected += [f"    {n:<8} {tour.node(n).title}" for n in chapter.nodes]
    assert contents == expected


def test_one_topic_per_paragraph_and_short_dialogue_lines_join_the_one_before(tmp_path):
    text = tmp_path / "talk.txt"
    text.write_text(
        "The Meeting\n"
        "Next morning the King rode into Smithfield with sixty gentlemen, and saw the rebels and their "
        "leader waiting at a little distance by the priory wall, armed and angry.\n"
        "'Ah,' says the King. 'Why?'\n"
        "'Because they are all at my command,' says the leader.\n"
        "The Mayor then struck the leader from his horse, and the rebels, seeing their captain fall, drew "
        "their bows; but the young King rode out alone and told them he would be their captain.\n")
    made = run_tour("init", str(text), "-o", str(tmp_path / "tour"))
    assert made.returncode == 0, made.stderr
    tour = load_tour(tmp_path / "tour" / "dialogue.yaml").tour
    assert [[q.paragraph for q in n.quotes] for n in tour.nodes.values()] == [[2, 3, 4], [5]]
    assert "2 short lines (3, 4) join the topic of line 2." in made.stdout
