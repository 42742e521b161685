"""Where the app reaches below Textual's public API (tour/tui/textual_private): each
module names the Textual version it was written for, and what it relies on is tried
here, so an upgrade fails by name instead of quietly in the app."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from textual import events
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tour.tui.paste import PasteParser, install
from tour.tui.textual_private import keep_place, option_prompt, xterm_parser

MODULES = [xterm_parser, option_prompt, keep_place]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_written_for_the_textual_installed(module):
    """A new Textual minor version fails here, naming the module to check."""
    installed = version("textual")
    assert ".".join(installed.split(".")[:2]) == module.WRITTEN_FOR, (
        f"{module.__file__} was written for Textual {module.WRITTEN_FOR}, and Textual "
        f"{installed} is installed: check that what its docstring says it relies on still "
        f"holds (the tests below try it), then set its WRITTEN_FOR and the pin in pyproject.toml")


# -- xterm_parser -------------------------------------------------------------------------
def test_the_drivers_build_the_parser_installed():
    """install() points the drivers' parser global at PasteParser, which reads keys."""
    from textual.drivers import linux_driver

    install()
    assert linux_driver.XTermParser is PasteParser
    assert issubclass(PasteParser, xterm_parser.XTermParser)
    events_read = list(PasteParser().feed("a\x1b[200~b\x1b[201~"))
    assert [type(e) for e in events_read] == [events.Key, events.Paste]


# -- option_prompt --------------------------------------------------------------------------
class Options(App[None]):
    def compose(self):
        yield OptionList(*(Option(f"option {n}", id=f"o{n}") for n in range(3)))


async def test_one_option_redrawn_alone():
    """The fast path is there, and it redraws the option changed, keeping the others'
    drawings."""
    app = Options()
    async with app.run_test(size=(30, 6)) as pilot:
        options = app.query_one(OptionList)
        assert option_prompt.can_redraw_one(options), "the fast path is gone: see option_prompt.py"
        await pilot.pause()
        cache = options._option_render_cache
        others = {key for key in cache.keys() if key[0] is not options.get_option("o1")}
        assert others
        option_prompt.replace_prompt(options, "o1", "option one")
        await pilot.pause()
        assert others <= set(cache.keys())
        assert str(options.get_option("o1").prompt) == "option one"
        assert "option one" in "".join(s.text for s in options.render_lines(options.region.reset_offset))


# -- keep_place -----------------------------------------------------------------------------
class Lines(keep_place.KeepPlace, VerticalScroll):
    pass


class Line(Static):
    """A line that notes the row it is drawn on, each time it is drawn."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.rows: list[int] = []

    def render_lines(self, crop):
        self.rows.append(self.region.y)
        return super().render_lines(crop)


class Scroller(App[None]):
    def compose(self):
        yield Lines(*(Line(f"line {n}") for n in range(40)))


async def test_a_child_kept_in_place_as_lines_come_above_it():
    """Three lines mounted above the view: the child kept is drawn on its row in
    every frame, never where the new lines pushed it (the scroll position moves by
    three in the same layout)."""
    app = Scroller()
    async with app.run_test(size=(20, 10)) as pilot:
        lines = app.query_one(Lines)
        lines.scroll_to(y=5, animate=False)
        await pilot.pause()
        kept = lines.children[8]
        row = kept.region.y
        kept.rows.clear()
        lines.keep_place(kept)
        await lines.mount_all([Line(f"new {n}") for n in range(3)], before=0)
        await pilot.pause()
        assert lines.scroll_y == 8 and kept.region.y == row
        assert lines.vertical_scrollbar.position == 8
        assert kept.rows and set(kept.rows) == {row}
        lines.let_go()
        lines.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert lines.scroll_y == 0, "let go: the reader scrolls as usual"
