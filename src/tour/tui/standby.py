"""The app as `tour serve`'s pool runs it: started ahead of demand, then handed a tab.

A waiting app has started up fully at a stand-in size, its output going nowhere and
its input coming from a pipe of its own. When the pool hands it a browser tab's
streams (over its control socket), it makes the tab's output and error its own, has
a thread copy the tab's input into its pipe, says again to the browser's terminal
what Textual said at start (the alternate screen, mouse, bracketed paste), and lays
itself out at the tab's size, which draws the whole screen. Only then does its
session begin to be recorded: the welcome, shown before anyone was there, first (its
file made at the tab's first input). What this replays of textual-serve's protocol
is in web_protocol.py.
"""

from __future__ import annotations

import json
import os
import socket
import threading

from textual import events
from textual.geometry import Size

from ..engine.reply import Reply
from ..processes import MESSAGE_LIMIT, name_process
from ..web_protocol import PRELUDE, TERMINAL_MODES, write_to_terminal
from .app import TourApp
from .recording import Recording
from .screens.tour import TourScreen


class StandbyApp(TourApp):
    """TourApp, waiting for a tab when given a control socket (see the module)."""

    def __init__(self, *args, control: socket.socket | None = None, feeder: int | None = None,
                 record: bool = False, **kwargs) -> None:
        """control: the pool's end of a socket that brings the tab's streams (None: the
        streams are already the tab's); feeder: the write end of this app's input pipe."""
        super().__init__(*args, record=record and control is None, **kwargs)
        self.control = control
        self.feeder = feeder
        self.record_when_handed = record and control is not None
        self._shown: list[Reply] = []
        """Replies shown while waiting (the welcome), recorded once a tab has the app."""

    def get_default_screen(self) -> TourScreen:
        screen = super().get_default_screen()
        if self.control is not None:
            screen.session.listeners.append(self._shown.append)
        return screen

    def on_mount(self) -> None:
        """(TourApp's on_mount runs too: Textual calls each class's handler.)"""
        if self.control is not None:
            self.call_after_refresh(self._say_ready)

    def _say_ready(self) -> None:
        import asyncio

        control = self.control
        asyncio.get_running_loop().add_reader(control.fileno(), self._hand_over)
        name_process("tour-standby")
        control.send(b"ready")

    def _hand_over(self) -> None:
        """The pool has sent a tab's streams and size: take them."""
        import asyncio

        control, self.control = self.control, None
        asyncio.get_running_loop().remove_reader(control.fileno())
        try:
            message, fds, _, _ = socket.recv_fds(control, MESSAGE_LIMIT, 3)
            size = json.loads(message or b"{}")
        except (OSError, ValueError):
            fds, size = [], {}
        finally:
            control.close()
        if len(fds) != 3:
            self.exit(1)  # the pool has gone: nobody will use this app
            return
        name_process("tour-tab")
        tab_input, tab_output, tab_error = fds
        os.dup2(tab_output, 1)
        os.dup2(tab_error, 2)
        os.close(tab_output)
        os.close(tab_error)
        threading.Thread(target=_copy, args=(tab_input, self.feeder), daemon=True,
                         name="tour-tab-input").start()
        os.write(1, PRELUDE)
        for mode in TERMINAL_MODES:
            write_to_terminal(self, mode)
        self._start_recording()
        self._resize(int(size.get("COLUMNS") or 80), int(size.get("ROWS") or 24))

    def _resize(self, width: int, height: int) -> None:
        """Lay out at the tab's size: a new size draws the whole screen."""
        if (width, height) == tuple(self.size):
            self.post_message(events.Resize(Size(width, height + 1), Size(width, height + 1)))
        self.post_message(events.Resize(Size(width, height), Size(width, height)))

    def _start_recording(self) -> None:
        if not self.record_when_handed:
            return
        screen = self.screen_stack[0]
        session = screen.session
        session.listeners.remove(self._shown.append)
        waiting = self.recording
        self.recording = Recording(self.tour, waiting.front_end, waiting.directory, enabled=True,
                                   defer=waiting.defer)
        self.recording.start(session, on_error=self._recording_failed)
        if self.recording.problem:
            self._recording_failed(self.recording.problem)
        elif self.recording.recorder is not None:
            for reply in self._shown:
                self.recording.recorder(reply)


def _copy(source: int, sink: int) -> None:
    """Copy bytes from `source` to `sink` until either closes, then close both."""
    try:
        while data := os.read(source, 65536):
            os.write(sink, data)
    except OSError:
        pass
    finally:
        os.close(source)
        os.close(sink)

