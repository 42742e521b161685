"""Work done beside the caller, in a forked process, while the caller goes on.

`tour check` on a big tour builds its router with this: a second process reads some
of the topics, and calibrates on held-out examples, while this one does the rest. A
forked process shares what is already built without copying or pickling it; only
its result travels back. Where processes cannot be forked, or the other process
fails, the work is done here when its result is asked for, so the result is the same
either way. (The app never forks: it builds its router in a thread.)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Protocol, TypeVar

_T = TypeVar("_T")


class Beside(Protocol):
    """Starts a job; returns a function that gives the job's result, waiting for it."""

    def __call__(self, job: Callable[[], _T], /) -> Callable[[], _T]: ...


def in_order(job: Callable[[], _T]) -> Callable[[], _T]:
    """The job, run here when its result is asked for: no other process."""
    return job


def can_fork() -> bool:
    """Whether this system forks processes (Linux does; Windows does not)."""
    return "fork" in multiprocessing.get_all_start_methods()


def beside(job: Callable[[], _T]) -> Callable[[], _T]:
    """The job, started at once in a forked process."""
    if not can_fork():
        return job
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def run() -> None:
        try:
            result = (job(),)
        except BaseException:  # the parent does the job again, and sees the error itself
            result = None
        writer.send(result)
        writer.close()

    process = context.Process(target=run, daemon=True)
    process.start()
    writer.close()

    def result() -> _T:
        try:
            sent = reader.recv()
        except (EOFError, OSError):  # the process died without a word
            sent = None
        finally:
            reader.close()
            process.join()
        return job() if sent is None else sent[0]

    return result
