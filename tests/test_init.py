"""`tour init`: a starter tour from a plain text that passes `tour check --strict` at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tour.authoring.init import parts, split_sentences
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
    spans = parts(text, target=20)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_a, b), (c, _d) in zip(spans, spans[1:]):
        assert text[b:c].strip() == "" and text[b - 1] in ".!?"  # a cut is between two sentences
    assert " ".join(text[a:b] for a, b in spans) == text
    assert len(split_sentences(text)) <= len(sentences)  # "St." and initials never end one
