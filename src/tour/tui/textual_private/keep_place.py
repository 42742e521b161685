"""A scrolling container that keeps a child where it is in the view while messages
are added or removed above it (the conversation, as older turns are built again).

Relies on (Textual 8.2): the compositor lays a container out by calling its
`arrange()`, then reads its `scroll_offset` to place the children, in the same
pass, before anything is drawn. So moving the scroll position by the kept child's
shift inside `arrange()` draws the new content with the child in place: no frame
shows the view jump and come back. The scroll position is set with `set_reactive`
(no validation: the new content's height is not known to the container yet) and
the scrollbar's position along with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.layout import DockArrangeResult
from textual.widget import Widget

WRITTEN_FOR = "8.2"
"""The Textual version (major.minor) this module was written for."""


# A plain mixin at run time: as a Widget subclass it would bring Widget's default CSS
# in ahead of the container's own (overflow hidden).
if TYPE_CHECKING:
    _Container = ScrollableContainer
else:
    _Container = object


class KeepPlace(_Container):
    """Mixed in before a scrolling container: keep_place(child), then change the content
    above the child; the view keeps the child where it was until let_go()."""

    _kept: tuple[Widget, int] | None = None
    """The child kept in place, and its top in the content when last laid out."""

    def keep_place(self, child: Widget) -> None:
        """Keep `child` (laid out, in view or near it) where it is in the view through
        the layouts that follow, until let_go() or until it is removed."""
        self._kept = (child, child.virtual_region.y)

    def let_go(self) -> None:
        """Stop keeping a child in place (the view moves on its own again)."""
        self._kept = None

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        arrangement = super().arrange(size, optimal)
        if self._kept is not None:
            child, top = self._kept
            placement = next((p for p in arrangement.placements if p.widget is child), None)
            if placement is None:
                self._kept = None
            elif placement.region.y != top:
                self._kept = (child, placement.region.y)
                self._scroll_by(placement.region.y - top)
        return arrangement

    def _scroll_by(self, lines: int) -> None:
        y = max(0, round(self.scroll_y) + lines)
        self.set_reactive(Widget.scroll_y, y)
        self.set_reactive(Widget.scroll_target_y, y)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = y
