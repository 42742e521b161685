"""Command palette provider: jump to any chapter or topic of the tour."""

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


class TourCommands(Provider):
    """'Chapter: …' and 'Topic: …' commands for the screen the palette opened on."""

    def _targets(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(text, command, help) for every chapter and topic, in reading order."""
        screen: Jumper = self.screen  # type: ignore[assignment]
        tour = screen.tour
        for chapter in tour.chapters:
            yield (f"Chapter: {chapter.title}", partial(screen.jump, "chapter", chapter.id),
                   f"Start this chapter ({len(chapter.nodes)} topics)")
        for chapter in tour.chapters:
            for node_id in chapter.nodes:
                node = tour.nodes[node_id]
                yield (f"Topic: {node.title}", partial(screen.jump, "node", node_id),
                       f"In {chapter.title}")

    async def discover(self) -> Hits:
        """Every chapter (topics appear once the reader types)."""
        for text, command, help_text in self._targets():
            if text.startswith("Chapter: "):
                yield DiscoveryHit(text, command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        """Chapters and topics whose title matches the query."""
        matcher = self.matcher(query)
        for text, command, help_text in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
