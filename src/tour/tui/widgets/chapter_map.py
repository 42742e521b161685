"""The chapter map: a Tree of chapters and their topics, visited ones marked."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...engine.script import Tour

Target = tuple[str, str]
"""('chapter', chapter id) or ('node', node id)."""


class ChapterMap(Tree[Target]):
    """Chapters and topics. Selecting one (Enter or a click) asks to go there."""

    COMPONENT_CLASSES = {"chapter-map--visited", "chapter-map--current", "chapter-map--count"}

    class Jump(Message):
        """The reader picked a chapter or a topic in the map."""

        def __init__(self, kind: str, target: str) -> None:
            super().__init__()
            self.kind = kind
            self.target = target

    def __init__(self, tour: Tour, *, id: str | None = None) -> None:
        super().__init__("Chapters", id=id)
        self.tour = tour
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.visited: set[str] = set()
        self.current: str | None = None
        self._chapters: dict[str, TreeNode[Target]] = {}
        self._leaves: dict[str, TreeNode[Target]] = {}

    def on_mount(self) -> None:
        for chapter in self.tour.chapters:
            branch = self.root.add(Text(chapter.title), data=("chapter", chapter.id), expand=True)
            self._chapters[chapter.id] = branch
            for node_id in chapter.nodes:
                leaf = branch.add_leaf(Text(self.tour.nodes[node_id].title), data=("node", node_id))
                self._leaves[node_id] = leaf

    def mark(self, visited: set[str], current: str | None) -> None:
        """Show which topics were seen; put the cursor on the current one."""
        self.visited, self.current = set(visited), current
        for branch in self._chapters.values():
            branch.refresh()
            for leaf in branch.children:
                leaf.refresh()
        leaf = self._leaves.get(current) if current else None
        if leaf is not None:
            leaf.parent.expand()
            self.call_after_refresh(self._show, leaf)

    def _show(self, leaf: TreeNode[Target]) -> None:
        self.move_cursor(leaf)
        self.scroll_to_node(leaf, animate=False)

    def render_label(self, node: TreeNode[Target], base_style: Style, style: Style) -> Text:
        """Prefix topics with a mark: '▸' current, '✓' seen; chapters get a count."""
        text = super().render_label(node, base_style, style)
        kind, target = node.data or ("", "")
        if kind == "node":
            if target == self.current:
                mark = ("\u25b8 ", self.get_component_rich_style("chapter-map--current"))
            elif target in self.visited:
                mark = ("\u2713 ", self.get_component_rich_style("chapter-map--visited"))
            else:
                mark = ("  ", base_style)
            return Text.assemble(mark, text)
        if kind == "chapter":
            nodes = self.tour.chapter(target).nodes
            seen = sum(1 for n in nodes if n in self.visited)
            count = (f"  {seen}/{len(nodes)}", self.get_component_rich_style("chapter-map--count"))
            return Text.assemble(text, count)
        return text

    def on_tree_node_selected(self, event: Tree.NodeSelected[Target]) -> None:
        event.stop()
        if event.node.data is None:
            return
        kind, target = event.node.data
        if kind == "chapter":
            event.node.expand()
        self.post_message(self.Jump(kind, target))
