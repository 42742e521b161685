"""The conversation: one widget per message in a scroll that follows the newest.

The reader's words are shown as Content, never as markup or Markdown. The guide's
words come from the tour's author and render as Markdown; quoted passages are shown
literally, exactly as they stand in the source, with a citation line under each.
Control characters, wherever they come from, are shown as symbols (tour.visible).

Only the messages near the view are widgets; the others are kept as recipes and built
again, as they were, when the reader scrolls back to them (see Conversation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

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
from ..textual_private.keep_place import KeepPlace

TYPING_CURSOR = "\u258f"
"""After the words of a message still being typed out (a prepared lesson's)."""


Recipe = Callable[[], Widget]
"""Builds a message's widget afresh, showing what it showed."""


class Shown(Protocol):
    """A message of the conversation: it can say how to show it again."""

    def recipe(self) -> Recipe: ...


@dataclass(eq=False)
class Said:
    """One message of the conversation: its widget while it is built, and the recipe
    that builds it again once it has been let go."""

    recipe: Recipe
    widget: Widget | None = None
    step_chapter: str | None = None
    """The sequence chapter a guide message is a step of, if it is one."""


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

    def recipe(self) -> Recipe:
        return partial(UserMessage, self.text, action=self.has_class("-action"),
                       typing=self.has_class("-typing"))

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


FOCUS_STYLE = "bold underline"
"""How the sentences that answer stand out inside a quote (bold alone is faint on some
projectors; the words themselves never change)."""


def quoted(citation: Citation) -> Content:
    """The quote between quotation marks, shown literally, the sentences that answer
    (Citation.focus) in FOCUS_STYLE."""
    block = Quote(citation)
    if not block.focused:
        return literal(f"\u201c{citation.quote}\u201d")
    before, focus, after = block.parts
    return Content.assemble(literal(f"\u201c{before}"), literal(focus, FOCUS_STYLE), literal(f"{after}\u201d"))


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
        yield Static(quoted(self.citation), classes="quote")
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

    def __init__(self, choices: tuple[Choice, ...], *, disabled: bool = False) -> None:
        super().__init__(*(self._option(n, c) for n, c in enumerate(choices, 1)), compact=True,
                         disabled=disabled)
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
    """One reply of the guide: heading, Markdown, quotations, choices.

    current: the testimony's current step (its label marked); inert: its choices can
    no longer be picked (a newer reply came).
    """

    def __init__(self, reply: Reply, *, chapter_title: str = "", current: bool = False,
                 inert: bool = False) -> None:
        classes = f"-{reply.kind}" + (" -step" if reply.step and not reply.detour else "")
        super().__init__(classes=classes)
        self.reply = reply
        self.chapter_title = chapter_title
        self.current = current
        self.inert = inert

    def recipe(self) -> Recipe:
        return partial(GuideMessage, self.reply, chapter_title=self.chapter_title)

    @property
    def step_chapter(self) -> str | None:
        """The sequence chapter this message is a step of, if it is one."""
        step = self.reply.step
        return step.chapter if step is not None and not self.reply.detour else None

    def set_current(self, current: bool) -> None:
        """Mark this step as the testimony's current one ('▶', its label's class
        -current: on the label alone, which restyles nothing else), or not."""
        self.current = current
        for label in self.query(".step").results(Static):
            label.set_class(current, "-current")
            label.update(literal(step_label(self.reply, self.chapter_title, current=current)))

    def set_inert(self) -> None:
        """A newer reply came: its choices can no longer be picked."""
        self.inert = True
        for choices in self.query(ChoiceList):
            choices.disabled = True

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
                    label = step_label(reply, self.chapter_title, current=self.current)
                    shown.insert(0, Static(literal(label), classes="step -current" if self.current else "step"))
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
                    shown.append(ChoiceList(choices, disabled=self.inert))
        yield from shown


KEEP_SCREENS = 2
"""Messages further than this many views away from the view are let go (kept as recipes)."""
NEWEST = 4
"""The newest messages are always built, however tall."""
REVEAL = 2
"""Messages built at a time as the reader scrolls back to them (a question and its
reply), again and again until a view's worth is built beyond the view."""
JUMP = 8
"""Messages built at once for Home and End (more follow as the reader scrolls)."""


class Conversation(KeepPlace, VerticalScroll, can_focus=False):
    """The scrolling conversation, anchored to the newest message.

    Every message stays as it was shown, testimony steps too: the scrollback is the
    whole session, with the testimony's current step marked. Only the messages within
    a few views of the view are widgets, though; the others are kept as recipes
    (`said`) and built again, as they were, when the reader scrolls (or pages, or
    jumps) back to them. So a reply or a resize lays out about as much after five
    hundred inputs as after five. The scrollbar measures the messages built.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.said: list[Said] = []
        """Every message, oldest first; said[first:end] are built, in that order."""
        self.first = 0
        self.end = 0
        self._newest_reply: Said | None = None
        """The latest guide message: the only one whose choices can be clicked."""
        self._steps: list[Said] = []
        self._current_step: Said | None = None
        self._settle_pending = False
        self._window = asyncio.Lock()
        """One change to the messages built at a time: replies, the reader's scrolling
        and the settling after it come from different tasks, and each awaits."""

    def messages(self) -> list[Widget]:
        """Every message, oldest first: its widget if built, else one made from its
        recipe (not mounted: to read what it shows, not to show it)."""
        return [said.widget or self._made(said) for said in self.said]

    @property
    def at_newest(self) -> bool:
        """Whether the newest message is built (else the reader went back a long way)."""
        return self.end == len(self.said)

    # -- adding messages --------------------------------------------------------------
    async def add_user(self, text: str, *, action: bool = False,
                       typing: bool = False) -> UserMessage:
        """Append the reader's words (typing: to be typed out, see UserMessage)."""
        message = UserMessage(text, action=action, typing=typing)
        await self._add(message)
        return message

    async def add_reply(self, reply: Reply, *, chapter_title: str = "") -> GuideMessage:
        """Append a reply; older choices go inert."""
        before = self._newest_reply
        if before is not None and isinstance(before.widget, GuideMessage):
            before.widget.set_inert()
        message = GuideMessage(reply, chapter_title=chapter_title)
        said = await self._add(message, step_chapter=message.step_chapter)
        self._newest_reply = said
        if said.step_chapter is not None:
            self._steps.append(said)
        return message

    async def add_message(self, widget: Widget, *, follow: bool = True) -> Widget:
        """Append another kind of message (a teacher's note, the end of a chapter): a
        widget with a recipe() (see Shown).

        follow=False leaves the view where it is (a long reply keeps its start in view).
        """
        await self._add(widget, follow=follow)
        return widget

    async def _add(self, widget: Widget, *, follow: bool = True,
                   step_chapter: str | None = None) -> Said:
        said = Said(cast(Shown, widget).recipe(), widget, step_chapter)
        async with self._window:
            self.let_go()
            if not self.at_newest:
                await self._build_range(max(0, len(self.said) - JUMP), len(self.said))
            self.said.append(said)
            self.end += 1
            widget.add_class("message")
            await self.mount(widget)
            await self._let_go_of(self._far_above(self.max_scroll_y, keep=NEWEST))
        if follow:
            self.call_after_refresh(self._follow, widget)
        return said

    async def withdraw(self, widget: Widget) -> None:
        """Take a message back (a lesson's input whose typing was cut short)."""
        async with self._window:
            for index in range(self.first, self.end):
                if self.said[index].widget is widget:
                    del self.said[index]
                    self.end -= 1
                    break
            await widget.remove()

    def mark_current_step(self, chapter: str | None) -> None:
        """Mark the newest step of the testimony `chapter` under way (None: no step)."""
        current = next((s for s in reversed(self._steps) if s.step_chapter == chapter),
                       None) if chapter is not None else None
        if current is self._current_step:
            return
        for said in (self._current_step, current):
            if said is not None and isinstance(said.widget, GuideMessage):
                said.widget.set_current(said is current)
        self._current_step = current

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

    # -- scrolling back ----------------------------------------------------------------
    async def page_up(self) -> None:
        """Up a page; first, while the first message built is near, the messages before
        it are built (the view kept in place), a few at a time."""
        async with self._window:
            more = (self.first > 0 and self.scroll_y < 2 * self._view()
                    and await self._reveal_earlier())
        if more:
            self.call_after_refresh(self.page_up)
        else:
            self.scroll_page_up()

    async def page_down(self) -> None:
        """Down a page; first, while the last message built is near, the messages after
        it are built, a few at a time."""
        async with self._window:
            more = (not self.at_newest and self.max_scroll_y - self.scroll_y < 2 * self._view()
                    and await self._reveal_later())
        if more:
            self.call_after_refresh(self.page_down)
        else:
            self.scroll_page_down()

    async def to_start(self) -> None:
        """The start of the conversation."""
        async with self._window:
            built_again = self.first > 0 and not self._typing()
            if built_again:
                await self._build_range(0, min(len(self.said), JUMP))
        if built_again:
            self.scroll_home(animate=False, immediate=True)
        else:
            self.scroll_home()

    async def to_end(self) -> None:
        """The newest message."""
        async with self._window:
            built_again = not self.at_newest and not self._typing()
            if built_again:
                await self._build_range(max(0, len(self.said) - JUMP), len(self.said))
        if built_again:
            self.anchor()  # at the bottom from the first layout on
            self.call_after_refresh(self._unanchor_if_it_fits)
        else:
            self.scroll_end()

    def _unanchor_if_it_fits(self) -> None:
        """An anchor holds only a conversation taller than the view (see _follow)."""
        if self.virtual_size.height <= self._view():
            self.anchor(False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The view moved (the reader scrolled: the place kept is no longer kept; a
        move made to keep it does not come here)."""
        super().watch_scroll_y(old_value, new_value)
        self.let_go()
        self._settle_soon()

    def _settle_soon(self) -> None:
        if not self._settle_pending:
            self._settle_pending = True
            self.call_after_refresh(self._settle)

    async def _settle(self) -> None:
        """Build the messages the view comes near, once it has stopped moving."""
        self._settle_pending = False
        view = self._view()
        if not view or not self.screen.is_current:
            return
        if self.app.animator.is_being_animated(self, "scroll_y"):
            self._settle_soon()
            return
        async with self._window:
            if self.first > 0 and self.scroll_y < view:
                if await self._reveal_earlier():
                    self._settle_soon()
            elif not self.at_newest and self.max_scroll_y - self.scroll_y < view:
                if await self._reveal_later():
                    self._settle_soon()
            else:
                await self._let_go_far()

    async def _reveal_earlier(self) -> bool:
        """Build a few messages before the first one built, the view kept in place;
        let go of those far below the view. Whether any were built."""
        start = max(0, self.first - REVEAL)
        first_built = self.said[self.first].widget if self.first < self.end else None
        if start == self.first or first_built is None or not first_built.virtual_region.height:
            return False  # none before, or not laid out yet (keys faster than the screen)
        below = self._far_below()
        self.keep_place(first_built)
        widgets = [self._build(said) for said in self.said[start:self.first]]
        self.first = start
        await self.mount_all(widgets, before=first_built)
        await self._let_go_of(below)
        return True

    async def _reveal_later(self) -> bool:
        """Build a few messages after the last one built (those far above the view are
        let go once it settles). Whether any were built."""
        stop = min(len(self.said), self.end + REVEAL)
        if stop == self.end:
            return False
        widgets = [self._build(said) for said in self.said[self.end:stop]]
        self.end = stop
        await self.mount_all(widgets)
        return True

    async def _let_go_far(self) -> None:
        """Let go of the messages far above the view (the view kept in place), and of
        those far below it."""
        above = self._far_above(self.scroll_y, keep=NEWEST)
        if above:
            kept = self.said[self.first + len(above)].widget
            assert kept is not None
            self.keep_place(kept)
        await self._let_go_of(above)
        await self._let_go_of(self._far_below())

    # -- building and letting go (with the _window lock held) ----------------------------
    def _view(self) -> int:
        return self.scrollable_content_region.height

    def _made(self, said: Said) -> Widget:
        """A message's widget made from its recipe, its choices and step marker as they
        stand now."""
        widget = said.recipe()
        if isinstance(widget, GuideMessage):
            widget.inert = said is not self._newest_reply
            widget.current = said is self._current_step
        return widget

    def _build(self, said: Said) -> Widget:
        """A message's widget, to mount in its place."""
        widget = self._made(said)
        widget.add_class("message")
        said.widget = widget
        return widget

    async def _build_range(self, start: int, stop: int) -> None:
        """Build said[start:stop] in place of the messages built now."""
        self.let_go()
        await self._let_go_of(self.said[self.first:self.end])
        self.first = self.end = start
        widgets = [self._build(said) for said in self.said[start:stop]]
        self.end = stop
        await self.mount_all(widgets)

    def _held(self, widget: Widget) -> bool:
        """A message not to let go of: it holds the focus, or is being typed out."""
        focused = self.screen.focused
        return widget.has_class("-typing") or (
            focused is not None and (focused is widget or widget in focused.ancestors))

    def _typing(self) -> bool:
        return any(s.widget is not None and s.widget.has_class("-typing")
                   for s in self.said[self.first:self.end])

    def _far_above(self, line: float, *, keep: int) -> list[Said]:
        """The first messages built that end more than KEEP_SCREENS views above `line`
        (as last laid out), but not the newest `keep`, nor one held."""
        limit = line - KEEP_SCREENS * self._view()
        far = []
        for said in self.said[self.first:self.end - keep]:
            widget = said.widget
            assert widget is not None
            region = widget.virtual_region_with_margin
            if not region.height or region.bottom >= limit or self._held(widget):
                break
            far.append(said)
        return far

    def _far_below(self) -> list[Said]:
        """The last messages built that begin more than KEEP_SCREENS views below the
        view (as last laid out), but none held."""
        limit = self.scroll_y + (1 + KEEP_SCREENS) * self._view()
        far: list[Said] = []
        for said in reversed(self.said[self.first:self.end]):
            widget = said.widget
            assert widget is not None
            region = widget.virtual_region_with_margin
            if not region.height or region.y <= limit or self._held(widget):
                break
            far.insert(0, said)
        return far

    async def _let_go_of(self, messages: list[Said]) -> None:
        """Remove these built messages (the first ones, or the last ones), keeping their
        recipes as they stand."""
        if not messages:
            return
        widgets = []
        for said in messages:
            assert said.widget is not None
            said.recipe = cast(Shown, said.widget).recipe()
            widgets.append(said.widget)
            said.widget = None
        if messages[0] is self.said[self.first]:
            self.first += len(messages)
        else:
            self.end -= len(messages)
        await self.remove_children(widgets)


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
