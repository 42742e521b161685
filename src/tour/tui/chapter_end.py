"""When a chapter ends, for the class: plain logic beside the offer that shows it
(widgets/chapter_offer.py).

A chapter ends for the class
- for a sequence chapter (the testimony): when the session says "sequence-end",
  that is when the reader goes on past its last step;
- for any other chapter: the first time every one of its topics has been seen.

Only chapters with discussion prompts or review questions are offered.
"""

from __future__ import annotations

from ..engine.reply import Reply
from ..engine.script import Chapter, Tour


class ChapterEnds:
    """Notices the end of a chapter from the replies shown, one after another."""

    def __init__(self, tour: Tour) -> None:
        self.tour = tour
        self.offered: set[str] = set()
        """Topic chapters already offered (each is offered once)."""
        self.sequence: str | None = None
        """The sequence chapter under way before the latest reply."""

    def after(self, reply: Reply, visited: set[str], sequence: str | None) -> Chapter | None:
        """The chapter this reply ends, if it has something for the class.

        visited: the topics seen so far; sequence: the sequence chapter under way now.
        """
        ended = None
        if reply.intent == "sequence-end" and self.sequence is not None:
            ended = self.tour.chapter(self.sequence)
        elif reply.node is not None:
            chapter = self.tour.chapter_of(reply.node)
            if (not chapter.sequence and chapter.id not in self.offered
                    and set(chapter.nodes) <= visited):
                ended = chapter
        self.sequence = sequence
        if ended is None or not (ended.discussion or ended.review):
            return None
        self.offered.add(ended.id)
        return ended

