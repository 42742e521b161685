"""The conversation: one widget per message in a scroll that follows the newest.

The reader's words are shown as Content, never as markup or Markdown. The guide's
words come from the tour's author and render as Markdown; quoted passages are shown
literally, exactly as they stand in the source, with a citation line under each.
Control characters, wherever they come from, are shown as symbols (tour.visible).
"""

from __future__ import annotations

from textual.containers import Right, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from ...blocks import Choices, ContentNote, FootnoteNote, Guide, Quote, StepLabel, reply_blocks
from ...engine.reply import Choice, Citation, Reply
from ...visible import visible_text
from ..literal import literal

TYPING_CURSOR = "\u258f"
"""After the words of a message still being typed out (a prepared lesson's)."""


class UserMessage(Right):
    """What the reader typed (or picked), shown literally, on the right.

    typing: the words are being typed out (by a prepared lesson): show_text() shows
    them as they come, with a cursor, and typed() ends it.
    """

    def __init__(self, text: str, *, action: bool = False, typing: bool = False) -> None:
        super().__init__(classes=" ".join(c for c, on in (("-action", action), ("-typing", typing)) if on))
        self.text = text

    def compose(self):
        yield Static(self._content(), classes="bubble")

    def _content(self) -> Content:
        content = literal(self.text)
        return content.append(TYPING_CURSOR) if self.has_class("-typing") else content

    def show_text(self, text: str) -> None:
        self.text = text
        self.query_one(".bubble", Static).update(self._content())

    def typed(self) -> None:
        """The words are all there: no more cursor."""
        self.remove_class("-typing")
        self.show_text(self.text)


class CitationLine(Static):
    """'— ¶10 · section · source (publisher)'. A click opens the source there."""

    class Selected(Message):
        """The reader asked to see a citation in the source."""

        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, citation: Citation) -> None:
        super().__init__(literal(f"\u2014 {citation.label()}"))
        self.citation = citation
        self.tooltip = "Click to read this passage in the source"

    def on_click(self) -> None:
        self.post_message(self.Selected(self.citation))


class Quotation(Vertical):
    """A quoted passage with its citation line, and under it `footnote_note` if given
    (the sentence for a quote whose original cites a reference)."""

    def __init__(self, citation: Citation, *, first_person: bool = False, footnote_note: str = "") -> None:
        super().__init__(classes="-first-person" if first_person else "")
        self.citation = citation
        self.footnote_note = footnote_note

    def compose(self):
        if self.has_class("-first-person"):
            yield Static(literal("First-hand account"), classes="voice")
        yield Static(literal(f"\u201c{self.citation.quote}\u201d"), classes="quote")
        yield CitationLine(self.citation)
        if self.footnote_note:
            yield Static(literal(self.footnote_note), classes="footnote")


class ChoiceList(OptionList):
    """The numbered choices under the latest reply. Older lists are disabled."""

    class Picked(Message):
        """A choice was clicked (or chosen with Enter); `number` is 1-based."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, choices: tuple[Choice, ...]) -> None:
        super().__init__(*(self._option(n, c) for n, c in enumerate(choices, 1)), compact=True)
        self.choices = choices

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Textual's height, asked for at least one column beside the options' padding:
        in a terminal too small to lay the list out, Textual 8.2 asks for none, and its
        line wrapping fails at width 0."""
        padding = self.get_component_styles("option-list--option").padding.width
        return super().get_content_height(container, viewport, max(width, padding + 1))

    @staticmethod
    def _option(number: int, choice: Choice) -> Option:
        key = f"{number:>2} " if number < 10 else "   "
        return Option(Content.assemble((key, "bold $text-accent"), literal(choice.label)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.disabled:
            self.post_message(self.Picked(event.option_index + 1))


CURRENT = "\u25b6 "
"""Before the label of the testimony's current step."""


def step_label(reply: Reply, chapter_title: str, *, current: bool = False) -> str:
    """'Ahiko Tetsuro's testimony · step 2 of 9' for a testimony step ('▶ ' first if current)."""
    assert reply.step is not None
    label = f"{chapter_title} \u00b7 step {reply.step.index} of {reply.step.total}"
    return CURRENT + label if current else label


class GuideMessage(Vertical):
    """One reply of the guide: heading, Markdown, quotations, choices."""

    def __init__(self, reply: Reply, *, chapter_title: str = "") -> None:
        classes = f"-{reply.kind}" + (" -step" if reply.step and not reply.detour else "")
        super().__init__(classes=classes)
        self.reply = reply
        self.chapter_title = chapter_title

    @property
    def step_chapter(self) -> str | None:
        """The sequence chapter this message is a step of, if it is one."""
        step = self.reply.step
        return step.chapter if step is not None and not self.reply.detour else None

    @property
    def current(self) -> bool:
        """Whether this is the testimony's current step."""
        return any(label.has_class("-current") for label in self.query(".step"))

    def set_current(self, current: bool) -> None:
        """Mark this step as the testimony's current one ('▶', its label's class
        -current: on the label alone, which restyles nothing else), or not."""
        for label in self.query(".step").results(Static):
            if label.has_class("-current") != current:
                label.set_class(current, "-current")
                label.update(literal(step_label(self.reply, self.chapter_title, current=current)))

    def compose(self):
        """The reply's blocks (tour.blocks), as this app shows them, with the topic's title
        first (under the step label, for a step)."""
        reply = self.reply
        shown: list[Widget] = []
        if reply.title:
            shown.append(Static(literal(reply.title), classes="title"))
        for block in reply_blocks(reply):
            match block:
                case StepLabel():
                    shown.insert(0, Static(literal(step_label(reply, self.chapter_title)), classes="step"))
                case ContentNote():
                    shown.append(Static(literal(block.text), classes="note"))
                case Guide(markdown=markdown):
                    shown.append(Markdown(visible_text(markdown)))
                case Quote():
                    shown.append(Quotation(block.citation, first_person=block.first_person))
                case FootnoteNote(text=note):  # it follows its Quote, and is shown inside it
                    quotation = shown[-1]
                    assert isinstance(quotation, Quotation)
                    quotation.footnote_note = note
                case Choices(choices=choices):
                    shown.append(ChoiceList(choices))
        yield from shown


class Conversation(VerticalScroll, can_focus=False):
    """The scrolling conversation, anchored to the newest message.

    Every message stays as it was shown, testimony steps too: the scrollback is the
    whole session, with the testimony's current step marked.
    """

    @property
    def last(self) -> UserMessage | GuideMessage | None:
        """The newest message, if any."""
        messages = self.query_children(".message")
        return messages.last() if messages else None

    async def add_user(self, text: str, *, action: bool = False,
                       typing: bool = False) -> UserMessage:
        """Append the reader's words (typing: to be typed out, see UserMessage)."""
        message = UserMessage(text, action=action, typing=typing)
        message.add_class("message")
        await self.mount(message)
        self.call_after_refresh(self._follow, message)
        return message

    async def add_reply(self, reply: Reply, *, chapter_title: str = "") -> GuideMessage:
        """Append a reply; older choices go inert."""
        for choices in self.query(ChoiceList):
            choices.disabled = True
        message = GuideMessage(reply, chapter_title=chapter_title)
        message.add_class("message")
        await self.mount(message)
        self.call_after_refresh(self._follow, message)
        return message

    async def add_message(self, widget: Widget, *, follow: bool = True) -> Widget:
        """Append another kind of message (a teacher's note, the end of a chapter).

        follow=False leaves the view where it is (a long reply keeps its start in view).
        """
        widget.add_class("message")
        await self.mount(widget)
        if follow:
            self.call_after_refresh(self._follow, widget)
        return widget

    def mark_current_step(self, chapter: str | None) -> None:
        """Mark the newest step of the testimony `chapter` under way (None: no step)."""
        steps = [m for m in self.query_children(GuideMessage) if m.step_chapter is not None]
        current = next((m for m in reversed(steps) if m.step_chapter == chapter), None)
        for message in steps:
            message.set_current(message is current)

    def _follow(self, message: Widget) -> None:
        """Keep the newest message in view.

        While the conversation fits, it starts at the top. Once it overflows, the
        view stays anchored to the bottom, unless the newest reply is taller than
        the view: then its beginning is shown, so it reads from the start.
        """
        if message not in self.children:
            return  # removed meanwhile
        view = self.scrollable_content_region.height
        if self.virtual_size.height <= view:
            self.anchor(False)
            return
        index = self.children.index(message)
        before = self.children[index - 1] if index > 0 else None
        top = before if isinstance(before, UserMessage) else message
        span = message.virtual_region_with_margin.bottom - top.virtual_region_with_margin.y
        if span > view:
            self.anchor(False)
            self.scroll_to_widget(top, top=True, animate=False)
        else:
            self.anchor()


def answer_text(reply: Reply) -> str:
    """An answer as plain text for the clipboard: its title, the guide's words, each quote
    with its citation (and link), the footnote note; no step label, note or choices."""
    parts = [reply.title] if reply.title else []
    for block in reply_blocks(reply):
        match block:
            case Guide(markdown=markdown):
                parts.append(markdown)
            case Quote(citation=citation):
                url = f"\n{citation.url}" if citation.url else ""
                parts.append(f"\u201c{block.text}\u201d\n\u2014 {block.label}{url}")
            case FootnoteNote(text=note):
                parts.append(note)
    return "\n\n".join(parts)
