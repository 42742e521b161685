"""Textual's input parser, which the terminal and web drivers build: XTermParser.

Relies on (Textual 8.2): `textual._xterm_parser.XTermParser`, whose `feed(data)` turns
what the terminal sends into key, mouse and paste events; and the driver modules
(`linux_driver`, `web_driver`), which each build their parser from a module global
named `XTermParser`, so pointing that global at a subclass makes the driver use it.
"""

from __future__ import annotations

import importlib

from textual._xterm_parser import XTermParser

WRITTEN_FOR = "8.2"
"""The Textual version (major.minor) this module was written for."""

DRIVER_MODULES = ("textual.drivers.linux_driver", "textual.drivers.web_driver")

__all__ = ["XTermParser", "use_parser"]


def use_parser(parser: type[XTermParser]) -> None:
    """Make the terminal and web drivers parse input with `parser` (a subclass of
    XTermParser), where they still use Textual's own."""
    for name in DRIVER_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # e.g. a driver of another platform
            continue
        if getattr(module, "XTermParser", None) is XTermParser:
            setattr(module, "XTermParser", parser)  # noqa: B010 (a module global, by name)
