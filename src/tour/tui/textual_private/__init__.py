"""Where the app reaches below Textual's public API: one small module for each use.

Each module names what it relies on and the Textual version it was written for
(WRITTEN_FOR); tests/tui/test_textual_private.py checks that version against the one
installed and tries each module's reliance, so a Textual upgrade fails there, by
name, rather than quietly somewhere in the app. pyproject.toml pins the minor version.

- xterm_parser: the input parser the drivers build (a bracketed paste kept whole).
- option_prompt: an OptionList option's prompt changed without laying out every option.
- keep_place: a scrolling container keeping a child in place as content above it changes.
"""
