"""The source text as numbered paragraphs, and locating quotes in it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tour.engine.source import SourceInfo, classify, parse_source, speaks_in_first_person


def test_article_kinds_sections_and_footnotes(tour):
    src = tour.source
    assert len(src.paragraphs) == 50
    headings = [p.number for p in src.paragraphs if p.kind == "heading"]
    assert headings == [3, 7, 11, 22, 32]
    captions = [p.number for p in src.paragraphs if p.kind == "caption"]
    assert captions == [1, 6, 9, 13, 17, 19, 24, 27, 31, 34, 37, 42]
    assert src.paragraph(2).section == src.info.title
    assert src.paragraph(23).section == "The Legacy of the Samurai"
    footnoted = [p.number for p in src.paragraphs if p.footnote]
    assert footnoted == [4, 5, 8, 10, 25, 35, 38, 39, 47]
    assert src.paragraph(4).text.endswith("allied states")
    assert src.paragraph(47).text.endswith("stayed on in Karaganda")
    assert src.paragraph(39).text.endswith("22 April 1950")


def test_raw_text_is_kept_verbatim(tour):
    from tour.engine.files import bundled_script

    article = bundled_script().with_name("article.txt").read_text(encoding="utf-8")
    assert tour.source.raw_lines == tuple(article.splitlines())


def test_find_prefers_the_given_section(tour):
    caption = "Captured Japanese soldiers. Khalkhyn Gol. 1939 / wwii.space"
    assert [loc.paragraph for loc in tour.source.find(caption)] == [19, 24]
    assert [loc.paragraph for loc in tour.source.find(caption, "The Legacy of the Samurai")] == [24]


def test_find_allows_rewrapped_white_space(tour):
    [loc] = tour.source.find("The Spassky Camp for POWs\n   in Karaganda")
    assert loc.paragraph == 10 and loc.start == 0


def test_closest_points_at_the_nearest_passage(tour):
    number, passage, score = tour.source.closest("The Spassky Camp for POWs in Karaganda was founded on 24 June 1941")
    assert number == 10 and "24 June" in passage and score > 80


@given(st.data())
def test_every_substring_is_found_where_it_stands(tour, data):
    para = data.draw(st.sampled_from([p for p in tour.source.paragraphs if len(p.text) > 20]))
    start = data.draw(st.integers(0, len(para.text) - 10))
    end = data.draw(st.integers(start + 5, len(para.text)))
    quote = para.text[start:end]
    if not quote.strip():
        return
    found = tour.source.find(quote, para.section)
    assert any(loc.paragraph == para.number and para.text[loc.start:loc.end].split() == quote.split()
               for loc in found)


LINE_BREAKS = ["\n", "\r\n", "\r"]
"""What ends a line of a text; not what str.splitlines also takes (a form feed, a vertical
tab, \x1c-\x1e, U+0085, U+2028, U+2029), which a paragraph may hold."""
OTHER_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def lines_of(text: str) -> list[str]:
    """The lines of a text, by LINE_BREAKS alone (a last line break ends the last line)."""
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[:-1] if lines[-1] == "" else lines


@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(LINE_BREAKS + OTHER_BREAKS)),
                max_size=40).map("".join))
def test_any_text_parses_into_one_paragraph_per_line(text):
    src = parse_source(text, SourceInfo("T"), footnote_marker="i")
    lines = lines_of(text)
    assert len(src.paragraphs) == len(lines)
    section = "T"
    for number, (p, line) in enumerate(zip(src.paragraphs, lines), 1):
        assert p.number == number and src.paragraph(number) is p
        # The line as written, less the footnote marker where the paragraph has one.
        assert p.text + ("i" if p.footnote else "") == line.strip()
        assert not p.footnote or p.kind == "body"
        section = p.text if p.kind == "heading" else section
        assert p.section == section  # the nearest heading above, else the source's title


@pytest.mark.parametrize("text, first_person", [
    ("In 1949, I was transferred to the third sector.", True),
    ("Home? Where is home? I walked out of the gates.", True),
    ("Then I went back to the camp.", True),
    ("It was my father who stayed.", True),
    ("My mother never knew.", True),
    ("Who was I? Where could I go?", True),
    ("The duchy under Richard I of Normandy was a formidable principality.", False),
    ("Richard I of Normandy forged it into a principality.", False),
    ("The armies of World War I met here.", False),
    ("E.I. du Pont built a powder mill.", False),
    ("The principality that Bohemond I founded was Antioch.", False),
    # Not told apart: at the start of a sentence, "Bohemond I founded ..." reads as "Then I went ...".
], ids=lambda v: v if isinstance(v, str) else None)
def test_first_person_voice(text, first_person):
    assert speaks_in_first_person(text) is first_person


@pytest.mark.parametrize("line, kind", [
    ("French and Indian War/Seven Years' War, 1754-63", "heading"),  # a slash inside words: no credit
    ("A photo of a harbour. 1920 / Archive", "caption"),
    ("Railway at the gorge / Qalam", "caption"),
    ("Railway at the gorge/ Qalam", "heading"),  # no space before the slash: list it under captions
    ("This is a full sentence of body text that ends with a stop.", "body"),
    ("THE VICTUAL BROTHERS.", "heading"),  # an old book's chapter title, in capitals
    ("TOMB OF SIMON OF UTRECHT, HAMBURG.", "heading"),
    ("STOP. THE ENEMY IS COMING.", "body"),  # two sentences, shouted
    ("WAIT...", "body"),
    ("Some Account of Magellan, previous to his Voyage.", "body"),  # not in capitals: a sentence
    ("", "body"),
], ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_classify_guesses(line, kind):
    assert classify(line) == kind


def test_classify_overrides_win():
    assert classify("Short line", captions=frozenset({"Short line"})) == "caption"
    assert classify("A photo. 1920 / Archive", body=frozenset({"A photo. 1920 / Archive"})) == "body"
    assert classify("A full sentence.", headings=frozenset({"A full sentence."})) == "heading"


DOUBTFUL = "\n".join([
    "Opening words of the text, which run on as a sentence does.",
    "Keepers at the lamp, 1920",                                  # 2: a caption without credit?
    "The harbour was built in stone.",
    "French and Indian War/Seven Years' War, 1754-63",            # 4: a slash
    "The war came to the harbour in the end, as the keepers told it.",
    "One two three four five six seven eight nine ten eleven twelve thirteen",  # 6: many words
    "The lamp was lit.",
    "Rice for the keepers. August of 1901",                       # 8: a stop inside
    "The boat came in August.",
    "The old lamp",                                               # 10: nothing follows it
])


def test_doubtful_guesses_are_listed_and_confirming_silences_them():
    src = parse_source(DOUBTFUL, SourceInfo("T"))
    doubts = dict(src.doubts())
    assert sorted(doubts) == [2, 4, 6, 8, 10]
    assert "ends in a number" in doubts[2] and "holds a slash" in doubts[4]
    assert "13 words" in doubts[6] and "holds a full stop" in doubts[8]
    assert "no body paragraph follows it" in doubts[10]
    lines = DOUBTFUL.splitlines()
    confirmed = parse_source(DOUBTFUL, SourceInfo("T"), headings=frozenset({lines[3], lines[9]}),
                             captions=frozenset({lines[1], lines[7]}), body=frozenset({lines[5]}))
    assert confirmed.doubts() == []
    assert [confirmed.paragraph(n).kind for n in (2, 4, 6, 8, 10)] == [
        "caption", "heading", "body", "caption", "heading"]


@pytest.mark.parametrize("line", ["By Orville Wright", "by the Rev. J. Smith", "Translated by A. Lang"])
def test_a_byline_taken_for_a_heading_is_doubted(line):
    """It would head the whole text as a chapter; as body it is a topic ("who wrote this?")."""
    src = parse_source(f"How We Flew\n{line}\nThe glider flew well that year.\n", SourceInfo("T"))
    assert src.paragraph(2).kind == "heading"
    assert "byline" in dict(src.doubts())[2]
    fixed = parse_source(f"How We Flew\n{line}\nThe glider flew well that year.\n", SourceInfo("T"),
                         body=frozenset({line}))
    assert fixed.paragraph(2).kind == "body" and fixed.doubts() == []


@pytest.mark.parametrize("heading", ["Bygone Days", "The Road by the River", "Byzantium"])
def test_headings_with_by_in_them_are_no_bylines(heading):
    src = parse_source(f"{heading}\nThe glider flew well that year.\n", SourceInfo("T"))
    assert src.paragraph(1).kind == "heading" and src.doubts() == []



def test_a_quote_equal_to_a_line_is_that_line():
    text = "\n".join([
        "The Fort",
        "Fort Duquesne / Library",
        "The French built Fort Duquesne / Library at the forks, the sign read.",
        "Fort Duquesne / Library",
        "Another Section",
        "Fort Duquesne / Library",
    ])
    src = parse_source(text, SourceInfo("T"))
    assert [loc.paragraph for loc in src.find("Fort Duquesne / Library", "The Fort")] == [2, 4]
    assert [loc.paragraph for loc in src.find("Fort Duquesne / Library", "Another Section")] == [6]
    assert [loc.paragraph for loc in src.find("French built Fort Duquesne", "The Fort")] == [3]


_line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60).map(str.strip)


@given(st.lists(_line, min_size=1, max_size=12), st.data())
def test_every_line_gets_one_kind_and_a_line_quoted_whole_is_found_there(lines, data):
    text = "\n".join(lines)
    set_lines = data.draw(st.lists(st.sampled_from(lines), max_size=3))
    kinds = data.draw(st.lists(st.sampled_from(["heading", "caption", "body"]),
                               min_size=len(set_lines), max_size=len(set_lines)))
    chosen = {k: frozenset(l for l, kk in zip(set_lines, kinds) if kk == k) for k in ("heading", "caption", "body")}
    src = parse_source(text, SourceInfo("T"), headings=chosen["heading"], captions=chosen["caption"],
                       body=chosen["body"])
    assert len(src.paragraphs) == len(text.splitlines())
    for p in src.paragraphs:
        assert p.confirmed == any(p.text in chosen[k] for k in chosen)
        if p.confirmed:  # the kind the script sets (the first of headings, captions, body)
            assert p.kind == next(k for k in ("heading", "caption", "body") if p.text in chosen[k])
    for p in src.paragraphs:
        if not p.text.strip():
            continue
        found = src.find(p.text, p.section)
        assert any(loc.paragraph == p.number for loc in found), (p, found)
        assert all(loc.start == 0 and loc.end == len(src.paragraph(loc.paragraph).text) for loc in found)


class CountingTuple(tuple):
    """A tuple that counts the items it hands out, one by one or in slices."""

    handed = 0

    def __getitem__(self, index):
        got = super().__getitem__(index)
        CountingTuple.handed += len(got) if isinstance(index, slice) else 1
        return got

    def __iter__(self):
        for item in super().__iter__():
            CountingTuple.handed += 1
            yield item


def test_doubting_line_kinds_grows_in_step_with_the_text():
    """Every short line is a heading whose section is looked at: that look once sliced
    the rest of the text, so a text ten times as long took a hundred times as long (the
    times themselves: benchmarks/text_speed.py). The paragraphs it takes, counted."""
    from dataclasses import replace

    for lines in (1_000, 10_000):
        source = parse_source("\n".join(f"Line {i}" for i in range(lines)), SourceInfo("T"))
        counted = replace(source, paragraphs=CountingTuple(source.paragraphs))
        CountingTuple.handed = 0
        assert len(counted.doubts()) == lines
        assert CountingTuple.handed < 10 * lines


def test_a_pickled_source_keeps_its_fields_not_what_was_computed(tour):
    """The tour cache pickles a loaded tour: the joined text (as long as the text itself)
    is computed again where needed, not stored twice."""
    import pickle

    source = tour.source
    found = source.find("Ahiko Tetsuro")
    copy = pickle.loads(pickle.dumps(source))
    assert "_joined" in source.__dict__ and "_joined" not in copy.__dict__
    assert copy == source and copy.raw_lines == source.raw_lines and copy.find("Ahiko Tetsuro") == found
