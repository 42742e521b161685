"""The source text as numbered paragraphs, and locating quotes in it."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tour.engine.source import SourceInfo, classify, parse_source


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
    from tour.engine.loader import bundled_script

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


@given(st.text(max_size=400))
def test_any_text_parses_into_one_paragraph_per_line(text):
    src = parse_source(text, SourceInfo("T"), footnote_marker="i")
    assert len(src.paragraphs) == len(text.splitlines())
    for p in src.paragraphs:
        assert p.kind in ("heading", "caption", "body")


def test_classify_overrides_win():
    assert classify("Short line") == "heading"
    assert classify("Short line", captions=frozenset({"Short line"})) == "caption"
    assert classify("A photo of a harbour. 1920 / Archive") == "caption"
    assert classify("This is a full sentence of body text that ends with a stop.") == "body"
