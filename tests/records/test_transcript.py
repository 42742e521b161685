"""Transcripts: every citation in Markdown; HTML well-formed, self-contained, escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tour.records.store import read_session
from tour.records.transcript import export, html_blocks, html_inline, to_html, to_markdown, tour_for

EVIL = '<script>alert("x")</script> & \'quoted\''
SOURCE_URL = "https://example.org/grunthal-railway"


@pytest.fixture
def record(make_session):
    """A session through two chapters, a choice by number, a decline and some hostile input."""
    path = make_session(
        lambda s: s.goto("line-built", "who paid for the line?"),
        "1",  # line-built offers one choice: The first train
        lambda s: s.goto("station-sign", EVIL),
        lambda s: s.open_chapter("daily"),
        "next",
        "chapters",
    )
    return read_session(path)


def parse_xhtml(page: str) -> ET.Element:
    """The page as XML (it is written to be XHTML-ish): fails on any unclosed or stray tag."""
    assert page.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))


class TagChecker(HTMLParser):
    """Balanced tags by the HTML parser too (void elements aside)."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"stray </{tag}>"


def test_markdown_has_every_citation(record):
    md = to_markdown(record)
    for turn in record.turns:
        for c in turn.citations:
            assert f"\u2014 \u00b6{c.paragraph}, {c.section}" in md
            assert c.quote in md
    assert md.count("\u00b6") == sum(len(t.citations) for t in record.turns) > 0
    assert f"[*The Little Railway of Grünthal*]({SOURCE_URL}) (Test Press)" in md


def test_markdown_shows_the_choice_a_number_picked(record):
    assert "**You:** 1 \u2192 *The first train*" in to_markdown(record)


def test_markdown_escapes_user_input(record):
    md = to_markdown(record)
    assert "<script>" not in md
    assert r"\<script\>" in md


def test_markdown_shows_content_notes_and_steps(record):
    md = to_markdown(record)
    assert "*Content note: This text mentions a hard winter.*" in md
    assert "*Step 2 of 3*" in md


def test_html_is_well_formed(record):
    page = to_html(record, handout=True)
    root = parse_xhtml(page)
    assert root.tag == "html" and root.find("head/title").text == "The little railway of Grünthal"
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []


def test_html_is_self_contained(record):
    page = to_html(record, handout=True)
    checker = TagChecker()
    checker.feed(page)
    links = [(tag, k, v) for tag, k, v in checker.attrs if k in {"src", "href", "action", "srcset"}]
    assert links and all(v == SOURCE_URL for _, _, v in links)
    assert not {tag for tag, _, _ in checker.attrs} & {"script", "link", "img", "iframe", "object"}
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert re.search(r"<style>.+</style>", page, re.S)


def test_html_escapes_user_input_and_quotes(record):
    page = to_html(record)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in page
    # The source's own quote marks, ampersands and angle brackets are escaped too.
    assert "read &quot;Slow &amp; steady &lt;beats&gt; fast &amp; late&quot;." in page
    assert 'named &quot;Edelweiss&quot;.' in page
    you = [p for p in parse_xhtml(page).iter("p") if p.get("class") == "you"]
    assert any(EVIL in "".join(p.itertext()) for p in you)


def test_html_has_every_citation_and_the_source(record):
    root = parse_xhtml(to_html(record))
    quotes = [q for q in root.iter("blockquote") if q.get("class") == "source"]
    cited = [(t.citations[i]) for t in record.turns for i in range(len(t.citations))]
    assert len(quotes) == len(cited)
    for block, c in zip(quotes, cited):
        assert "".join(block.find("p").itertext()) == c.quote
        assert block.find("footer/cite").text == f"\u00b6{c.paragraph}, {c.section}"
    footer = root.find(".//footer[@class='source-ref']")
    assert footer.find(".//a").get("href") == SOURCE_URL
    assert SOURCE_URL in "".join(footer.itertext())


def test_the_guide_is_set_apart_from_the_quotes(record):
    root = parse_xhtml(to_html(record))
    guide = [d for d in root.iter("div") if d.get("class") == "guide"]
    assert any("It began with a loan." in "".join(d.itertext()) for d in guide)
    for d in guide:
        assert d.find(".//blockquote") is None
    assert root.find(".//div[@class='guide']/p/em").text == "celebration"


def test_handout_adds_prompts_of_visited_chapters_only(record, railway):
    page = to_html(record, railway, handout=True)
    section = next(s for s in parse_xhtml(page).iter("section") if s.get("class") == "discussion")
    text = "".join(section.itertext())
    for prompt in railway.chapter("building").discussion + railway.chapter("daily").discussion:
        assert prompt in text
    assert [h.text for h in section.iter("h3")] == ["Building the line", "Daily life on the railway"]
    md = to_markdown(record, railway, handout=True)
    assert "## For discussion" in md and railway.chapter("building").discussion[0] in md
    assert "For discussion" not in to_html(record, railway)


def test_handout_without_a_tour_says_so(record):
    assert "No discussion prompts" in to_html(record, None, handout=True)


def test_tour_for_loads_the_recorded_script(record, railway):
    assert tour_for(record.header).id == railway.id


def test_tour_for_falls_back_to_the_bundled_tour_only_if_it_is_the_same(record):
    header = record.header
    moved = type(header)(**{**header.__dict__, "script": "/nowhere/dialogue.yaml"})
    assert tour_for(moved) is None  # the bundled tour is another tour


@pytest.mark.parametrize("markdown, html", [
    ("plain", "<p>plain</p>"),
    ("**bold** and *it* and `code`", "<p><strong>bold</strong> and <em>it</em> and <code>code</code></p>"),
    ("a\n- one\n- two\n\nb", "<p>a</p><ul><li>one</li><li>two</li></ul><p>b</p>"),
    ("<b>&", "<p>&lt;b&gt;&amp;</p>"),
    ("**a *b** c*", "<p><strong>a *b</strong> c*</p>"),
    ("5 * 3 * 2", "<p>5 * 3 * 2</p>"),
], ids=["plain", "inline", "list", "escaped", "crossed", "arithmetic"])
def test_guide_markdown_subset(markdown, html):
    assert html_blocks(markdown) == html
    ET.fromstring(f"<div>{html_blocks(markdown)}</div>")


def test_inline_never_makes_a_tag_from_text():
    assert "<" not in html_inline("<em>*x*</em>").replace("<em>x</em>", "")


def test_export_writes_beside_the_caller(record, tmp_path, monkeypatch):
    """The front-ends' export: <session id>.html in the current directory, or a given path."""
    monkeypatch.chdir(tmp_path)
    written = export(record.path)
    assert written == tmp_path / f"{record.id}.html"
    parse_xhtml(written.read_text(encoding="utf-8"))
    md = export(record.path, tmp_path / "t.md", fmt="md", handout=True)
    assert "## For discussion" in md.read_text(encoding="utf-8")


def test_an_indented_line_continues_a_list_item():
    assert html_blocks("- one\n  more\n- two\nafter") == (
        "<ul><li>one more</li><li>two</li></ul><p>after</p>")
