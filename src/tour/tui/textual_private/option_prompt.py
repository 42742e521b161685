"""An OptionList option given a new prompt, the other options left as they are.

`OptionList.replace_option_prompt` (public) lays every option out again: some 25 ms
a reply for the chapter map's 61 options, when only a mark or a count has changed.

Relies on (Textual 8.2): `Option._set_prompt(prompt)` sets an option's prompt, and
the list keeps each option's drawn lines in `_option_render_cache`, keyed by tuples
whose first item is the option. Dropping that option's keys redraws it alone. Where
either is missing, the public method is used (slower, never wrong).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList

WRITTEN_FOR = "8.2"
"""The Textual version (major.minor) this module was written for."""


def can_redraw_one(option_list: OptionList) -> bool:
    """Whether this Textual has what replace_prompt() relies on (else it falls back)."""
    options = option_list.options
    return getattr(option_list, "_option_render_cache", None) is not None and (
        not options or hasattr(options[0], "_set_prompt"))


def replace_prompt(option_list: OptionList, option_id: str, prompt: Content) -> None:
    """Give an option a new prompt, of as many lines as its old one, redrawing that
    option alone."""
    if not can_redraw_one(option_list):
        option_list.replace_option_prompt(option_id, prompt)
        return
    option = option_list.get_option(option_id)
    option._set_prompt(prompt)
    cache = option_list._option_render_cache
    for key in [key for key in cache.keys() if key[0] is option]:
        cache.discard(key)
    option_list.refresh()
