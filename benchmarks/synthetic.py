"""Synthetic tours of any size, made from the article's vocabulary, for scale tests.

Every node gets a title, a few keywords and example questions whose words are drawn
from the article (as often as they occur there, so common words are common here too),
and one or two real quotes taken from the bundled tour's nodes. Nodes are grouped in
chapters of 50. The same size and seed always give the same tour.
"""

from __future__ import annotations

import random

from tour.engine.script import Chapter, Node, Tour
from tour.engine.text import fold

CHAPTER_SIZE = 50
OPENERS = ("what about", "tell me about", "how did", "why were", "when was", "where is", "")


def vocabulary(tour: Tour) -> list[str]:
    """The article's topic words, repeated as often as they occur (for weighted draws)."""
    stop = tour.language.stop_words
    return [
        w for p in tour.source.paragraphs for w in fold(p.text).split()
        if len(w) > 2 and w not in stop and not w.isdigit()
    ]


def synthetic_tour(base: Tour, size: int, seed: int = 0, examples: int | None = None) -> Tour:
    """A tour of `size` nodes over the base tour's source, chat, aliases and routing,
    with `examples` example questions per node (default: 3 to 6)."""
    rng = random.Random(seed)
    words = vocabulary(base)
    quotes = [q for node in base.nodes.values() for q in node.quotes]
    nodes: dict[str, Node] = {}
    chapters: list[Chapter] = []
    for c in range(0, size, CHAPTER_SIZE):
        chapter_id = f"chapter-{c // CHAPTER_SIZE:04d}"
        ids = [f"node-{i:05d}" for i in range(c, min(c + CHAPTER_SIZE, size))]
        for node_id in ids:
            nodes[node_id] = Node(
                id=node_id,
                title=" ".join(rng.choices(words, k=3)).capitalize(),
                chapter=chapter_id,
                examples=tuple(_question(rng, words) for _ in range(examples or rng.randint(3, 6))),
                keywords=tuple(" ".join(rng.choices(words, k=rng.randint(1, 2))) for _ in range(4)),
                say="A synthetic node.",
                quotes=tuple(rng.sample(quotes, k=rng.randint(1, 2))),
            )
        chapters.append(Chapter(chapter_id, f"Chapter {len(chapters) + 1}", tuple(ids)))
    return Tour(
        id=f"synthetic-{size}", title=f"Synthetic tour of {size} nodes", welcome="Welcome.",
        source=base.source, chapters=tuple(chapters), nodes=nodes, chat=base.chat,
        aliases=base.aliases, routing=base.routing, start=(chapters[0].nodes[0],),
        language=base.language,
    )


def _question(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choices(words, k=rng.randint(2, 6)))
    return f"{rng.choice(OPENERS)} {body}?".strip()
