"""The export of a recorded session as a transcript file: Markdown, or one self-contained HTML page.

Each turn is the reader's input and the blocks of its reply (blocks.reply_blocks):
every citation is shown with its label, with the source's title and link at the top
and the bottom. The guide's words and the quoted source text are kept visibly apart
(quotes are blockquotes of class "source"). A handout adds the discussion prompts of
the chapters the session visited.

The HTML has its CSS inline and no scripts, images or other external resources; its
only outside link is the source's. The guide's Markdown is rendered by markdown-it-py
with raw HTML, images and links off; every other recorded text is escaped, and
control characters are shown, never passed on (tour.visible). The page is also
well-formed XML, so it can be checked with a plain XML parser.
"""

from __future__ import annotations

import html
import importlib.resources
import os
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..blocks import Choices, ContentNote, FootnoteNote, Guide, Quote, StepLabel, reply_blocks
from ..engine.script import Tour
from ..render import markdown_escape, reply_markdown
from ..visible import visible_text as visible
from .store import Header, SessionFile, Turn, read_session

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_NUMBER = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"
"""What a URL keeps as it is in a Markdown transcript; the rest is percent-encoded."""


def tour_for(header: Header) -> Tour | None:
    """The tour a session was recorded with: its script, else the bundled tour (if the same id)."""
    from ..engine.loader import load_tour
    from ..errors import TourError

    for path in ([header.script] if header.script else []) + [None]:
        try:
            tour = load_tour(path).tour
        except (TourError, OSError):  # a script with errors, or one that cannot be read
            continue
        if not header.tour_id or tour.id == header.tour_id:
            return tour
    return None


def export(session_path: str | Path, output: str | Path | None = None, *, fmt: str = "html",
           handout: bool = False) -> Path:
    """Write a session's transcript (default: <session id>.html in the current directory).

    For a front-end's "export" key: returns where it wrote; raises RecordsError or OSError.
    """
    record = read_session(session_path)
    tour = tour_for(record.header) if handout else None
    text = (to_html if fmt == "html" else to_markdown)(record, tour, handout=handout)
    target = Path(output) if output is not None else Path.cwd() / f"{record.id}.{fmt}"
    write_whole(target, text)
    return target


FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
"""The transcript formats by the suffix of the file they are written to."""


def format_of(output: str | None) -> str:
    """The format a transcript file's name asks for ('md' where none is named);
    UsageError for a name whose suffix names no format."""
    if not output:
        return "md"
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        from ..errors import UsageError

        suffix = Path(output).suffix
        what = (f"transcripts are written as Markdown (.md) or HTML (.html), not {suffix}" if suffix
                else "the name has no suffix to tell the format")
        raise UsageError(f"{output}: {what}: name the file .md or .html, or give --format md or "
                         "--format html")
    return fmt


def write_whole(target: Path, text: str) -> None:
    """Write a file whole or not at all: into a file beside it, renamed over it once
    complete. A half-written transcript (a full disk) is removed; OSError says why."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    except OSError:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise


# -- what both formats need ------------------------------------------------------------
def _pairs(turns: list[Turn]) -> Iterator[tuple[Turn, Turn | None]]:
    previous = None
    for turn in turns:
        yield turn, previous
        previous = turn


def chosen(turn: Turn, previous: Turn | None) -> str:
    """The label of the choice a bare number picked ('2' after a list), else ''."""
    match = _NUMBER.match(turn.input)
    if not match or previous is None:
        return ""
    n = int(match.group(1))
    return previous.choices[n - 1].label if 1 <= n <= len(previous.choices) else ""


def shows_choices(turn: Turn) -> bool:
    """Choices are part of the reply itself for a list of chapters, a clarification, a decline."""
    return turn.kind != "answer" and turn.intent != "welcome" and bool(turn.choices)


def visited_chapters(record: SessionFile) -> list[str]:
    """Chapter ids the session showed a passage from, in order of first visit."""
    return list(dict.fromkeys(t.chapter for t in record.turns if t.chapter))


def discussion(record: SessionFile, tour: Tour | None) -> list[tuple[str, tuple[str, ...]]]:
    """(chapter title, prompts) for each visited chapter that has prompts."""
    if tour is None:
        return []
    out = []
    for chapter in tour.chapters:
        if chapter.id in visited_chapters(record) and chapter.discussion:
            out.append((chapter.title, chapter.discussion))
    return out


def started(header: Header) -> str:
    """The start time in local time, '2026-11-30 12:22', or '' if unknown."""
    try:
        return datetime.fromisoformat(header.started).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


def _title(header: Header) -> str:
    return header.tour_title or header.tour_id or "Tour transcript"


def _session_line(record: SessionFile) -> str:
    when = started(record.header)
    n = len(record.asked)
    return f"Session {record.id}" + (f", {when}" if when else "") + f", {n} turn{'s' * (n != 1)}."


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def welcome_note(record: SessionFile) -> str:
    """The tour's content note, as the welcome gave it (a transcript shows it once, at the top)."""
    return next((t.content_note.strip() for t in record.turns if not t.asked), "")


# -- Markdown --------------------------------------------------------------------------
def to_markdown(record: SessionFile, tour: Tour | None = None, *, handout: bool = False) -> str:
    """The session as Markdown."""
    h = record.header
    parts = [f"# {markdown_escape(_title(h))}",
             f"A guided tour over {_md_source(h)}.\n{markdown_escape(_session_line(record))}"]
    if welcome_note(record):
        parts.append(f"*Content note: {markdown_escape(welcome_note(record))}*")
    parts += [_md_turn(turn, previous) for turn, previous in _pairs(record.turns)]
    if handout:
        parts.append(_md_discussion(record, tour))
    url = _md_url(h.source_url)
    parts.append(f"---\n\nSource: {_md_source(h)}" + (f"\n<{url}>" if url else ""))
    return visible("\n\n".join(p for p in parts if p)) + "\n"


def _md_source(h: Header) -> str:
    title = markdown_escape(h.source_title or "the source text")
    url = _md_url(h.source_url)
    linked = f"[*{title}*]({url})" if url else f"*{title}*"
    return linked + (f" ({markdown_escape(h.source_publisher)})" if h.source_publisher else "")


def _md_url(url: str) -> str:
    """A safe link (http or https) as a Markdown link destination: every character that
    could end it or start markup (space, parentheses, angle brackets) percent-encoded."""
    return quote(_safe_url(url), safe=_URL_SAFE)


def _md_turn(turn: Turn, previous: Turn | None) -> str:
    parts = ["---"]
    if turn.asked:
        pick = chosen(turn, previous)
        picked = f" \u2192 *{markdown_escape(pick)}*" if pick else ""
        parts.append(f"**You:** {markdown_escape(turn.input)}{picked}")
    parts.append(reply_markdown(turn, choices=shows_choices(turn)))
    return "\n\n".join(p for p in parts if p)


def _md_discussion(record: SessionFile, tour: Tour | None) -> str:
    prompts = discussion(record, tour)
    if not prompts:
        return "## For discussion\n\n*No discussion prompts for the chapters visited.*"
    parts = ["## For discussion"]
    for title, items in prompts:
        parts.append(f"### {markdown_escape(title)}\n\n"
                     + "\n".join(f"{n}. {markdown_escape(p)}" for n, p in enumerate(items, 1)))
    return "\n\n".join(parts)


# -- HTML ------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="generator" content="tour"/>
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def escape(text: str) -> str:
    """Recorded text as HTML text: markup escaped, control characters shown (tour.visible)."""
    return html.escape(visible(text))


def to_html(record: SessionFile, tour: Tour | None = None, *, handout: bool = False) -> str:
    """The session as one self-contained HTML page (also well-formed XML)."""
    h = record.header
    body = [_html_header(record)]
    body += ['<section class="conversation">']
    body += [_html_turn(turn, previous) for turn, previous in _pairs(record.turns)]
    body += ["</section>"]
    if handout:
        body.append(_html_discussion(record, tour))
    body.append(f'<footer class="source-ref"><p>Source: {_html_source(h, with_url=True)}</p>'
                '</footer>')
    return PAGE.format(title=escape(_title(h)), css=_css(), body="\n".join(body))


def _css() -> str:
    return (importlib.resources.files("tour.records") / "transcript.css").read_text(encoding="utf-8")


def _html_source(h: Header, *, with_url: bool = False) -> str:
    title = escape(h.source_title or "the source text")
    url = _safe_url(h.source_url)
    out = f'<a href="{escape(url)}"><cite>{title}</cite></a>' if url else f"<cite>{title}</cite>"
    out += f" ({escape(h.source_publisher)})" if h.source_publisher else ""
    if url and with_url:
        out += f'<br/><span class="url">{escape(url)}</span>'
    return out


def _html_header(record: SessionFile) -> str:
    h = record.header
    lines = [f"<header>\n<h1>{escape(_title(h))}</h1>",
             f'<p class="meta">A guided tour over {_html_source(h)}. {escape(_session_line(record))}</p>']
    if welcome_note(record):
        lines.append(f'<p class="note">Content note: {escape(welcome_note(record))}</p>')
    lines.append("</header>")
    return "\n".join(lines)


def _html_turn(turn: Turn, previous: Turn | None) -> str:
    out = ['<article class="turn">']
    if turn.asked:
        pick = chosen(turn, previous)
        extra = f' <span class="chosen">\u2192 {escape(pick)}</span>' if pick else ""
        out.append(f'<p class="you"><span class="who">You</span> {escape(turn.input)}{extra}</p>')
    for block in reply_blocks(turn):
        match block:
            case StepLabel():
                out.append(f'<p class="step">{escape(block.text)}</p>')
            case ContentNote():
                out.append(f'<p class="note">{escape(block.text)}</p>')
            case Guide(markdown=markdown, after=after):
                who = "" if after else '<span class="who">Guide</span>'
                out.append(f'<div class="guide">{who}{markdown_html(markdown)}</div>')
            case Quote():
                text = "".join(f"<p>{line}</p>" for line in _html_quote(block).split("\n"))
                out.append(f'<blockquote class="source">{text}'
                           f"<footer><cite>{escape(block.label)}</cite></footer></blockquote>")
            case FootnoteNote():
                out.append(f'<p class="footnote">{escape(block.text)}</p>')
            case Choices() if shows_choices(turn):
                items = "".join(f"<li>{escape(c.label)}</li>" for c in block.choices)
                out.append(f'<ol class="choices">{items}</ol>')
    out.append("</article>")
    return "\n".join(out)


def _html_quote(block: Quote) -> str:
    """A quote's words escaped, the sentences that answer in <mark> (each line's share of
    them marked on its own, so that every line stays a paragraph of its own)."""
    if not block.focused:
        return escape(block.text)
    before, focus, after = (escape(part) for part in block.parts)
    marked = "\n".join(f'<mark class="focus">{line}</mark>' if line else "" for line in focus.split("\n"))
    return before + marked + after


def _html_discussion(record: SessionFile, tour: Tour | None) -> str:
    out = ['<section class="discussion">', "<h2>For discussion</h2>"]
    prompts = discussion(record, tour)
    if not prompts:
        out.append("<p><em>No discussion prompts for the chapters visited.</em></p>")
    for title, items in prompts:
        out.append(f"<h3>{escape(title)}</h3>")
        out.append("<ol>" + "".join(f"<li>{escape(p)}</li>" for p in items) + "</ol>")
    out.append("</section>")
    return "\n".join(out)


# -- the guide's Markdown --------------------------------------------------------------
def markdown_html(markdown: str) -> str:
    """The author's Markdown as HTML (CommonMark by markdown-it-py, XHTML-style tags).

    Raw HTML is off, so markup in the text is shown as text; images and links are off
    too, so the page loads nothing and links nowhere but to its source."""
    return _markdown_it().render(visible(markdown)).strip()


@cache
def _markdown_it() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True})
    return md.disable(["image", "link", "autolink", "reference", "html_block", "html_inline"])
