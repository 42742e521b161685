"""The answer, marked: the sentences that answer (Citation.focus) stand out inside the
verbatim quote in Markdown, in HTML transcripts and in the app, and the quote's words
never change."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tour.blocks import Quote, reply_blocks
from tour.engine.reply import Reply
from tour.records.export import _html_quote
from tour.render import escaped_parts, markdown_escape, reply_markdown, reply_text
from tour.tui.widgets.conversation import FOCUS_STYLE, quoted


def focused_reply(mini_session) -> tuple[Reply, str]:
    """A reply whose first quote has words in its middle marked, and those words."""
    mini_session.welcome()
    reply = mini_session.ask("where was the lighthouse")
    assert reply.citations, reply
    first = reply.citations[0]
    words = [m.span() for m in re.finditer(r"\S+", first.quote)]
    assert len(words) >= 5, first.quote
    a, b = words[1][0], words[-2][1]
    marked = replace(first, focus=(first.start + a, first.start + b))
    return replace(reply, citations=(marked, *reply.citations[1:])), first.quote[a:b]


def test_markdown_bolds_the_answering_sentence_and_keeps_the_words(mini_session):
    reply, sentence = focused_reply(mini_session)
    md = reply_markdown(reply)
    assert f"**{markdown_escape(sentence)}**" in md
    unmarked = reply_markdown(replace(reply, citations=tuple(replace(c, focus=None) for c in reply.citations)))
    assert md.replace("**", "") == unmarked.replace("**", "")


def test_plain_text_shows_the_quote_unmarked(mini_session):
    reply, sentence = focused_reply(mini_session)
    text = reply_text(reply, width=400)
    assert sentence in text and "**" not in text


def test_html_marks_the_sentence_inside_the_blockquote(mini_session):
    reply, sentence = focused_reply(mini_session)
    quote = next(b for b in reply_blocks(reply) if isinstance(b, Quote))
    html = _html_quote(quote)
    assert f'<mark class="focus">{sentence}</mark>' in html
    assert re.sub(r"</?mark[^>]*>", "", html) == quote.text


def test_the_app_styles_the_sentence_and_nothing_else(mini_session):
    reply, sentence = focused_reply(mini_session)
    content = quoted(reply.citations[0])
    assert content.plain == f"\u201c{reply.citations[0].quote}\u201d"
    styled = [content.plain[span.start:span.end] for span in content.spans if str(span.style) == FOCUS_STYLE]
    assert styled == [sentence]


def test_no_focus_no_mark(mini_session):
    mini_session.welcome()
    reply = mini_session.ask("where was the lighthouse")
    plain = replace(reply, citations=tuple(replace(c, focus=None) for c in reply.citations))
    assert "**" not in "".join(quote_lines(plain))
    assert not quoted(plain.citations[0]).spans


def quote_lines(reply: Reply) -> list[str]:
    return [line for line in reply_markdown(reply).splitlines() if line.startswith("> ")]


words = st.text(alphabet=st.sampled_from(list("ab .*_#-1\n\t[]")), max_size=12)


@given(words, words, words)
@example("", "1", ".")  # "1." starts a numbered list only once the parts are joined
@example(" ", "-", " a")
@settings(max_examples=400)
def test_escaped_parts_join_to_the_escaped_quote(before, focus, after):
    """Escaped apart, the three parts read as the whole quote escaped: no word is lost,
    doubled or left unescaped at a seam."""
    assert "".join(escaped_parts((before, focus, after))) == markdown_escape(before + focus + after)
