"""Command palette provider: jump to any chapter or topic; a chapter's discussion and review."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..engine.script import Tour


class Jumper(Protocol):
    """The screen a jump lands on (TourScreen)."""

    tour: Tour

    async def jump(self, kind: str, target: str) -> None: ...

    async def discuss(self, chapter_id: str) -> None: ...

    async def review(self, chapter_id: str) -> None: ...


DISCOVERED = ("Chapter: ", "Discussion: ", "Review: ")
"""The commands listed before the reader types (topics appear once they do)."""


class TourCommands(Provider):
    """'Chapter: …', 'Topic: …', 'Discussion: …', 'Review: …' for the palette's screen."""

    def _targets(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(text, command, help) for every chapter and topic, in reading order."""
        screen: Jumper = self.screen  # type: ignore[assignment]
        tour = screen.tour
        for chapter in tour.chapters:
            yield (f"Chapter: {chapter.title}", partial(screen.jump, "chapter", chapter.id),
                   f"Start this chapter ({len(chapter.nodes)} topics)")
        for chapter in tour.chapters:
            if chapter.discussion:
                yield (f"Discussion: {chapter.title}", partial(screen.discuss, chapter.id),
                       f"{len(chapter.discussion)} prompts for a class discussion")
            if chapter.review:
                yield (f"Review: {chapter.title}", partial(screen.review, chapter.id),
                       f"{len(chapter.review)} questions, answered from the text")
        for chapter in tour.chapters:
            for node_id in chapter.nodes:
                node = tour.nodes[node_id]
                yield (f"Topic: {node.title}", partial(screen.jump, "node", node_id),
                       f"In {chapter.title}")

    async def discover(self) -> Hits:
        """Every chapter, with its discussion and review (topics appear once the reader types)."""
        for text, command, help_text in self._targets():
            if text.startswith(DISCOVERED):
                yield DiscoveryHit(text, command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        """Chapters and topics whose title matches the query."""
        matcher = self.matcher(query)
        for text, command, help_text in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
