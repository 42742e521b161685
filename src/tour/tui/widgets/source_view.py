"""The source view: the whole article, numbered, with a cited span highlighted."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...engine.reply import Citation
from ...engine.source import Paragraph, Source

FOOTNOTE_MARK = " \u2071"
"""Shown where the original article links to a reference (superscript i)."""
HIGHLIGHT = "bold reverse"


class SourceParagraph(Horizontal):
    """One line of the source: its number in a gutter, then its text."""

    def __init__(self, paragraph: Paragraph) -> None:
        super().__init__(id=f"p{paragraph.number}", classes=f"-{paragraph.kind}")
        self.paragraph = paragraph

    def compose(self):
        yield Static(Content(f"\u00b6{self.paragraph.number}"), classes="number")
        yield Static(self.content(), classes="text")

    def content(self, start: int | None = None, end: int | None = None) -> Content:
        """The paragraph's text, with [start, end) highlighted if given."""
        text = Content(self.paragraph.text)
        if start is not None and end is not None:
            text = text.stylize(HIGHLIGHT, start, end)
        if self.paragraph.footnote:
            text = text.append(Content.styled(FOOTNOTE_MARK, "dim"))
        return text

    def highlight(self, start: int | None = None, end: int | None = None) -> None:
        """Highlight a span (or clear the highlight with no arguments)."""
        self.set_class(start is not None, "-cited")
        self.query_one(".text", Static).update(self.content(start, end))


class SourceView(Vertical):
    """A panel with the source's title and every paragraph, headings styled."""

    def __init__(self, source: Source, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.cited: int | None = None

    def compose(self):
        info = self.source.info
        yield Static(Content(info.label()), classes="source-title")
        if info.url:
            yield Static(Content(info.url), classes="source-url")
        yield VerticalScroll(classes="paragraphs")

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one(".paragraphs", VerticalScroll)

    async def fill(self) -> None:
        """Mount the paragraphs, once: not at start-up, where they would slow it."""
        if not self.scroller.children:
            await self.scroller.mount_all(
                SourceParagraph(p) for p in self.source.paragraphs if p.text
            )

    async def show(self, citation: Citation | None) -> None:
        """Scroll to a citation's paragraph and highlight the quoted span."""
        await self.fill()
        if self.cited is not None:
            self._paragraph(self.cited).highlight()
            self.cited = None
        if citation is None:
            return
        target = self._paragraph(citation.paragraph)
        target.highlight(citation.start, citation.end)
        self.cited = citation.paragraph
        self.call_after_refresh(self.scroller.scroll_to_widget, target, animate=False, top=True)

    def _paragraph(self, number: int) -> SourceParagraph:
        return self.query_one(f"#p{number}", SourceParagraph)
