"""Who may open a session on `tour serve`: a browser tab on the served address, with
the join code when other machines can reach it, while places are left.

- The origin: a browser says which page opens a websocket (its Origin header). Only
  the served address (the address printed, or --public-url) may, so that no other web
  page open on a student's or the teacher's machine can start sessions. A page asked
  for under another name (localhost for 127.0.0.1, this machine's name, a DNS name
  that points here) is sent to the served address, where its tab can open a session.
- The join code: when other machines can reach the tour (a --host that is not
  loopback, or a --public-url behind a proxy), the page asks once for a short code
  printed with the address, and the browser keeps a cookie that says it was given;
  --no-code waives it on a trusted network.
- The places: at most `max_sessions` sessions at once (each app takes about
  SESSION_MEMORY); the default is what the machine's available memory allows.

No textual-serve and no aiohttp here: serve.py asks these questions of each request.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The join code's characters: no 0/O, 1/I/L, which are easily confused."""
CODE_LENGTH = 6
"""31**6, about 890 million codes; a wrong one costs its sender WRONG_CODE_DELAY, one at
a time across the whole server."""
WRONG_CODE_DELAY = 1.0
"""Seconds before a wrong join code is answered (guesses are made one at a time)."""
COOKIE = "tour-joined"
"""The cookie that says this browser gave the join code."""
SESSION_MEMORY = 40 * 1024 * 1024
"""What one session's app takes (measured: 34-42 MiB, shared pages counted once)."""
MEMORY_SHARE = 0.75
"""The share of the available memory the sessions may take by default."""
FEWEST_SESSIONS, MOST_SESSIONS = 4, 200
"""The bounds of the default --max-sessions: a few sessions on any machine; no more than
a lecture hall, whatever the memory (each session also holds a few files open)."""


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for an address that listens on every network (0.0.0.0, ::)."""
    return host in ("0.0.0.0", "::", "")


def origin_of(url: str) -> str:
    """The origin of `url` as a browser writes it: scheme://host[:port], the port left
    out when it is the scheme's default; '' for what is not an http(s) address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def new_join_code() -> str:
    """A fresh join code, shown as two groups of three: 'KX4-7PM'."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:3]}-{code[3:]}"


def normal_code(text: str) -> str:
    """A code as typed, compared without case, spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def available_memory() -> int | None:
    """Bytes of memory available for new processes (Linux's MemAvailable; else the
    free pages), or None where neither is known."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def default_max_sessions(memory: int | None = None) -> int:
    """The sessions `memory` bytes (default: what is available now) hold at
    SESSION_MEMORY each, using MEMORY_SHARE of it, from FEWEST to MOST_SESSIONS."""
    memory = available_memory() if memory is None else memory
    if memory is None:
        return FEWEST_SESSIONS * 4
    return max(FEWEST_SESSIONS, min(MOST_SESSIONS, int(memory * MEMORY_SHARE) // SESSION_MEMORY))


def code_needed(host: str, public_url: str | None) -> bool:
    """Whether browsers must give the join code: when machines other than this one can
    reach the tour (a host that is not loopback, or a public URL, which a proxy serves)."""
    return bool(public_url) or not is_loopback(host)


@dataclass
class Access:
    """The checks made on each request (serve.py answers them)."""

    origin: str
    """The served address's origin (origin_of the public URL): the only one that may
    open sessions."""
    max_sessions: int
    code: str | None = None
    """The join code, None when none is asked."""
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    """The cookie's value for a browser that gave the code (one for the whole server)."""

    def origin_allowed(self, origin: str | None) -> bool:
        """A websocket: its Origin must be ours (a browser always sends one)."""
        return bool(origin) and origin_of(origin) == self.origin

    def page_origin_allowed(self, origin: str | None) -> bool:
        """A page or a form: no Origin (a page typed into the address bar), or ours."""
        return origin is None or self.origin_allowed(origin)

    def host_served(self, host: str | None) -> bool:
        """A page is asked for under the served address's name (a browser sends
        host[:port] in Host, the port left out when it is the scheme's default)."""
        if not host:
            return False
        scheme, _, served = self.origin.partition("://")
        return origin_of(f"{scheme}://{host}").partition("://")[2] == served

    def joined(self, cookie: str | None) -> bool:
        """The browser has given the join code (or none is asked)."""
        if self.code is None:
            return True
        return cookie is not None and hmac.compare_digest(cookie.encode(), self.token.encode())

    def code_matches(self, typed: str) -> bool:
        if self.code is None:
            return True
        return hmac.compare_digest(normal_code(typed).encode(), normal_code(self.code).encode())

    def full(self, open_sessions: int) -> bool:
        return open_sessions >= self.max_sessions
