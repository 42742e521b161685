"""Transcripts: every citation in Markdown; HTML well-formed, self-contained, escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tour.engine.reply import Choice
from tour.records.export import export, markdown_html, to_html, to_markdown, tour_for
from tour.records.store import Header, SessionFile, Turn, read_session

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


def rendered(markdown: str) -> tuple[str, list[str]]:
    """Markdown as a permissive renderer shows it (CommonMark, raw HTML on): its text,
    whitespace made single spaces, and the tags it made."""
    from markdown_it import MarkdownIt

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.text: list[str] = []
            self.tags: list[str] = []

        def handle_data(self, data):
            self.text.append(data)

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    page = Text()
    page.feed(MarkdownIt("commonmark").render(markdown))
    return " ".join("".join(page.text).split()), page.tags


def test_markdown_has_every_citation(record):
    md = to_markdown(record)
    text, _ = rendered(md)
    for turn in record.turns:
        for c in turn.citations:
            assert f"\u2014 {c.label()}" in md
            assert c.quote in text  # word for word, rendered: "<beats>" is no tag, "&" no entity
    assert md.count("\u00b6") == sum(len(t.citations) for t in record.turns) > 0
    assert f"[*The Little Railway of Grünthal*]({SOURCE_URL}) (Test Press)" in md


def test_markdown_shows_the_choice_a_number_picked(record):
    assert "**You:** 1 \u2192 *The first train*" in to_markdown(record)


def test_markdown_escapes_user_input(record):
    md = to_markdown(record)
    assert "<script>" not in md
    assert r"\<script\>" in md


HOSTILE_MD = ['<img src=x onerror=alert(1)>', "*bold* _it_ `code` [link](http://x) ![i](y)", "# heading",
              "1. a list", "- item", "> quote", "&amp; &lt;b&gt;", "a | table | row", "~~struck~~",
              "<script>alert(1)</script>"]


@pytest.mark.parametrize("hostile", HOSTILE_MD)
def test_every_plain_text_field_of_a_markdown_transcript_is_escaped(make_session, railway, hostile):
    """The tour's title, the source's title and publisher, the content note, the step
    label, the discussion prompts, every quote: each reads as written when rendered by a
    permissive renderer, and makes no tag but those the transcript itself writes."""
    from dataclasses import replace

    from tour.engine.script import Tour

    record = read_session(make_session(lambda s: s.goto("line-built", "who paid?"),
                                       lambda s: s.open_chapter("daily")))

    def transcript(words: str) -> str:
        header = replace(record.header, tour_title=f"T {words}", source_title=f"S {words}",
                         source_publisher=f"P {words}")
        turns = [replace(t, content_note=f"N {words}",
                         citations=tuple(replace(c, quote=f"Q {words}") for c in t.citations))
                 for t in record.turns]
        chapters = tuple(replace(c, title=f"C {words}", discussion=(f"D {words}",)) for c in railway.chapters)
        tour: Tour = replace(railway, chapters=chapters)
        return to_markdown(replace(record, header=header, turns=turns), tour, handout=True)

    text, tags = rendered(transcript(hostile))
    for field in "TSPNQCD":
        assert f"{field} {' '.join(hostile.split())}" in text, field
    assert tags == rendered(transcript("plain words"))[1]  # no tag more or less than for plain words


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
        assert block.find("footer/cite").text == c.label()
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
    ("5 * 3 * 2", "<p>5 * 3 * 2</p>"),
    ("![a photo](https://x.org/p.png) [a link](https://x.org) <https://x.org>",
     "<p>![a photo](https://x.org/p.png) [a link](https://x.org) &lt;https://x.org&gt;</p>"),
    ("[ref]: https://x.org\n\n[ref]", "<p>[ref]: https://x.org</p><p>[ref]</p>"),
], ids=["plain", "inline", "list", "escaped", "arithmetic", "no-images-or-links", "no-references"])
def test_guide_markdown(markdown, html):
    assert markdown_html(markdown).replace("\n", "") == html
    ET.fromstring(f"<div>{markdown_html(markdown)}</div>")


HOSTILE = "<script>alert(1)</script> [bold]x[/] **y** <b onclick=z>w</b> \x1b[31mred\x1b[0m \x00\x07\x9b\udcff end"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def test_script_markup_and_control_characters_come_out_escaped_and_visible():
    """Whatever a record holds (typed input, the guide's words, a choice label), the
    transcript shows it as text: no tag from it, no control character passed on."""
    header = Header("s", tour_title="T", source_title="S", source_url=SOURCE_URL)
    turns = [Turn(input="", kind="chat", text="hi", say="hi", intent="welcome", turn=1),
             Turn(input=HOSTILE, kind="chat", text=HOSTILE, say=HOSTILE, intent="hello", turn=2,
                  choices=(Choice(HOSTILE, "@chapters"),))]
    record = SessionFile(Path("s.jsonl"), header, turns)
    page = to_html(record)
    root = parse_xhtml(page)  # an XML parser refuses control characters: none got through
    assert not CONTROL.search(page)
    assert "<script" not in page and "onclick" not in {k for _, k, _ in _attrs(page)}
    you = next(p for p in root.iter("p") if p.get("class") == "you")
    shown = "".join(you.itertext())
    assert "<script>alert(1)</script> [bold]x[/] **y** <b onclick=z>w</b>" in shown
    assert "\u241b[31mred\u241b[0m \u2400\u2407\ufffd\ufffd end" in shown
    guide = next(d for d in root.iter("div") if d.get("class") == "guide" and "red" in "".join(d.itertext()))
    assert [e.tag for e in guide.iter()] == ["div", "span", "p", "strong"]  # only the author's **y**
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b onclick=z&gt;" in page
    choice = "".join(next(o for o in root.iter("ol") if o.get("class") == "choices").itertext())
    assert choice.startswith("<script>alert(1)</script>")
    md = to_markdown(record)
    assert not CONTROL.search(md)
    assert r"**You:** \<script\>alert(1)\</script\> \[bold\]x\[/\] \*\*y\*\*" in md
    assert "\u241b[31mred" in md and "1. \\<script\\>" in md


def _attrs(page: str) -> list[tuple[str, str, str | None]]:
    checker = TagChecker()
    checker.feed(page)
    return checker.attrs


def test_export_writes_beside_the_caller(record, tmp_path, monkeypatch):
    """The front-ends' export: <session id>.html in the current directory, or a given path."""
    monkeypatch.chdir(tmp_path)
    written = export(record.path)
    assert written == tmp_path / f"{record.id}.html"
    parse_xhtml(written.read_text(encoding="utf-8"))
    md = export(record.path, tmp_path / "t.md", fmt="md", handout=True)
    assert "## For discussion" in md.read_text(encoding="utf-8")



def test_a_transcript_that_could_not_be_written_leaves_no_half_file(record, tmp_path, monkeypatch):
    """On a full disk, half a transcript would pass for a whole one: it is removed, and a
    transcript written before under that name is kept as it was."""
    import errno

    target = tmp_path / "lesson.html"
    target.write_text("the earlier transcript", encoding="utf-8")
    real = Path.write_text

    def full_disk(self, data, *args, **kwargs):
        real(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(OSError, match="No space left"):
        export(record.path, target)
    assert target.read_text(encoding="utf-8") == "the earlier transcript"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["lesson.html"]
