"""The processes `tour serve` runs: naming them for `ps`, finding them, and the size of
the messages the pool and its apps pass each other; and a batch run's garbage
collection. The standard library only."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

MESSAGE_LIMIT = 65536
"""The largest message the pool and its apps pass each other (bytes)."""


def name_process(name: str) -> None:
    """Name this process for `ps` (Linux; elsewhere nothing happens)."""
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(name)
    except OSError:
        pass


def process_name(pid: int) -> str:
    """What `name_process` named process `pid` ('' if unknown)."""
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return ""


def child_pids(parent: int | None = None, *, recursive: bool = False) -> list[int]:
    """The running (not zombie) children of `parent` (default: this process), and their
    children too if `recursive`, by psutil if installed, else from /proc (Linux); []
    where neither works."""
    parent = os.getpid() if parent is None else parent
    try:
        import psutil
    except ImportError:
        children = _proc_children(parent)
        if recursive:
            children += [pid for child in children for pid in child_pids(child, recursive=True)]
        return children
    try:
        children = psutil.Process(parent).children(recursive=recursive)
    except psutil.NoSuchProcess:
        return []
    pids = []
    for child in children:
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                pids.append(child.pid)
        except psutil.NoSuchProcess:
            pass
    return pids


def _proc_children(parent: int) -> list[int]:
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    pids = []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                state, ppid = stat.read().rsplit(b")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if int(ppid) == parent and state != b"Z":
            pids.append(int(entry))
    return pids


@contextmanager
def batch() -> Iterator[None]:
    """A run that builds much and keeps it until it ends (`tour check`): Python's
    cycle collector is paused. It would walk everything built so far, again and again
    (a tenth of a check of 10,000 topics), and in forked processes it would copy the
    memory they share with this one; what is built holds few cycles to free (the peak
    memory measured the same)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
