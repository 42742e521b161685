"""The index: what routing keeps of each topic, built once per tour.

Every topic is a small document of four fields: its quoted passage, its example
questions, its title and keywords, and its chapter's title and section. For each
word the index keeps the topics it stands in with their BM25F weight (term
frequency saturated over the fields together, each field normalised by its length),
already multiplied by the word's inverse document frequency, so scoring a question
is a sum over the postings of its words. The passage's sentences are read when a
topic is first a candidate (scoring.py); the rest is here.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..parallel import Beside, in_order
from ..script import Node, Tour
from ..text import fold
from .model import MODEL, Model
from .query import Analyser

FIELDS = ("passage", "examples", "title", "chapter")


@dataclass(frozen=True)
class Gap:
    """An `unanswered` question of the script, as the router reads it."""

    question: str
    topic: str | None
    tokens: frozenset[str]
    kinds: frozenset[str]
    cues: frozenset[str] = frozenset()
    phrase: str = ""
    """Its topic words and kinds, as phrase_of writes them."""


@dataclass
class TopicIndex:
    """Postings and facts for every topic of a tour."""

    ids: list[str]
    postings: dict[str, dict[int, float]]
    """word -> {topic: BM25F weight x idf}."""
    explained: dict[str, frozenset[int]]
    """word -> the topics whose text (passage, title, keywords, chapter) has it: what a
    passage speaks of, as against what its examples ask."""
    idf: dict[str, float]
    strongest: dict[str, list[tuple[int, float]]]
    """For the words in many topics: the topics where they weigh most."""
    phrases: list[list[str]]
    """Each topic's examples as phrases (sorted topic words and kinds) for rapidfuzz."""
    example_texts: list[str]
    """The examples with at most one topic word, folded (for questions with none)."""
    example_topics: list[int]
    keywords: list[frozenset[str]]
    """Each topic's title and keyword words."""
    own_words: list[frozenset[str]]
    """Each topic's words in any field."""
    paragraphs: list[frozenset[int]]
    gaps: list[Gap]
    gap_index: dict[str, list[int]]
    unseen_idf: float
    gap_phrases: list[str] = field(default_factory=list)
    surface: frozenset[str] = frozenset()
    """Every word of the tour as written (folded), for mending typos."""
    field_lengths: dict[str, float] = field(default_factory=dict)
    """Average length of each field, for the sentences' normalisation."""
    related: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    """A word the tour may not use -> the tour's words said the same way in other words
    or forms ("survivor" -> "surviv"; "weapon" -> "sword"), each with how much it
    counts for it (model.related_weight, near_weight): from the language's related-words
    table, kept for the tour's own words only."""

    def position(self, topic: str) -> int:
        """A topic's position in `ids` (and in every per-topic list)."""
        return self._positions[topic]

    def same_passage(self, a: str, b: str) -> bool:
        """Whether two topics are one answer: the same topic, or quoting one paragraph."""
        paragraphs = self.paragraphs
        return a == b or bool(paragraphs[self.position(a)] & paragraphs[self.position(b)])

    def __post_init__(self) -> None:
        self._positions = {t: i for i, t in enumerate(self.ids)}


def phrase_of(tokens: Iterable[str], kinds: Iterable[str]) -> str:
    """Topic words sorted, then the kinds of question ("~count").

    Compared whole with rapidfuzz's ratio: word order and filler do not matter, the
    kind of question does, and a short query cannot match a long example by being
    contained in it.
    """
    return " ".join([*sorted(set(tokens)), *sorted(f"~{k}" for k in kinds)])


@dataclass
class Reading:
    """A tour's topics read once: each topic's fields as word counts, and each example
    read alone. Indexes (the router's, and the calibration's with some examples held
    out) are assembled from it without reading anything again."""

    nodes: list[Node]
    fields: list[dict[str, Counter[str]]]
    """Each topic's passage, title, chapter (and all examples, as 'examples')."""
    examples: list[list[Counter[str]]]
    """Each topic's examples, one count each."""
    phrases: list[list[str]]
    texts: list[list[str]]
    keywords: list[frozenset[str]]
    surface: frozenset[str]


READ_APART_FROM = 400
"""Topics from which a build given another process reads some of them there."""
READ_HERE = 0.62
"""The share of the topics read here when another process reads the rest (its
reading comes back pickled, which costs both processes time)."""


def read_topics(tour: Tour, analyser: Analyser, model: Model = MODEL, beside: Beside = in_order) -> Reading:
    """Read every topic of a tour once (the costly part of indexing). On a big tour,
    `beside` (parallel.py) reads the last of them (all but READ_HERE) in another process."""
    nodes = list(tour.nodes.values())
    if beside is in_order or len(nodes) < READ_APART_FROM:
        fields, examples, phrases, texts, keywords, surface = _read(tour, analyser, model, nodes)
    else:
        half = int(len(nodes) * READ_HERE)
        later = beside(lambda: _read(tour, analyser, model, nodes[half:]))
        fields, examples, phrases, texts, keywords, surface = _read(tour, analyser, model, nodes[:half])
        more = later()
        fields += more[0]
        examples += more[1]
        phrases += more[2]
        texts += more[3]
        keywords += more[4]
        surface |= more[5]
    return Reading(nodes, fields, examples, phrases, texts, keywords, frozenset(surface))


_Part = tuple[list[dict[str, Counter[str]]], list[list[Counter[str]]], list[list[str]], list[list[str]],
              list[frozenset[str]], set[str]]


def _read(tour: Tour, analyser: Analyser, model: Model, nodes: list[Node]) -> _Part:
    """The Reading's lists for these nodes, and the words of the tour as written."""
    fields, examples, phrases, texts, keywords = [], [], [], [], []
    surface: set[str] = set()
    stop = analyser.language.stop_words
    chapters: dict[str, Counter[str]] = {}

    seen: dict[str, tuple[list[str], list[str], list[str]]] = {}

    def read(text: str) -> tuple[list[str], list[str], list[str]]:
        """A text's words, aliased tokens and both; a text read before is not read again
        (passages are often quoted by several topics)."""
        found = seen.get(text)
        if found is None:
            words, aliased, written = analyser.read(text)
            surface.update(w for w in words if w not in stop)
            found = seen[text] = (words, aliased, _both(aliased, written))
        return found

    for node in nodes:
        chapter = tour.chapter(node.chapter)
        if chapter.id not in chapters:
            chapters[chapter.id] = Counter(set(read(f"{chapter.title} {chapter.section}")[2]))
        passage = " ".join(q.text for q in node.quotes) if model.use_passages else ""
        heading_words, heading_tokens, heading_both = read(" ".join((node.title, *node.keywords)))
        own, node_phrases = [], []
        for example in node.examples:
            words, aliased, tokens = read(example)
            own.append(Counter(tokens))
            node_phrases.append(phrase_of(aliased, analyser.kinds(words)))
        fields.append({
            "passage": Counter(read(passage)[2]),
            "examples": sum(own, Counter()),
            "title": Counter(heading_both),
            "chapter": chapters[chapter.id],
        })
        examples.append(own)
        phrases.append(node_phrases)
        texts.append([fold(e) for e in node.examples])
        keywords.append(frozenset(heading_tokens))
    return fields, examples, phrases, texts, keywords, surface


def _field_weights(model: Model) -> dict[str, tuple[float, float]]:
    return {"passage": (model.w_passage, model.b_passage),
            "examples": (model.w_examples, model.b_examples),
            "title": (model.w_title, model.b_title),
            "chapter": (model.w_chapter, model.b_title)}


def known_words(reading: Reading, model: Model = MODEL) -> frozenset[str]:
    """The words an index built from `reading` (with nothing held out) has postings
    for, known before it is built: those of a field that weighs anything."""
    weighing = [f for f, (w, _) in _field_weights(model).items() if w]
    return frozenset(t for fs in reading.fields for f in weighing for t in fs[f])


def build_index(tour: Tour, analyser: Analyser, model: Model = MODEL,
                held_out: Mapping[str, frozenset[int]] | None = None,
                reading: Reading | None = None,
                related: Mapping[str, tuple[str, ...]] | None = None) -> TopicIndex:
    """Index every topic of a tour. `held_out` names examples (topic -> positions) to
    leave out, for calibrating on them as unseen questions; `reading` is the tour
    already read (read_topics), to assemble a second index cheaply; `related` is the
    language's related-words table (language.related_words)."""
    held_out = held_out or {}
    reading = reading or read_topics(tour, analyser, model)
    nodes = reading.nodes
    n = max(len(nodes), 1)
    fields_of: list[dict[str, Counter[str]]] = []
    kept: list[list[int]] = []
    for node, fs, own in zip(nodes, reading.fields, reading.examples):
        skip = held_out.get(node.id, frozenset())
        keep = [j for j in range(len(own)) if j not in skip]
        kept.append(keep)
        if skip:
            fs = {**fs, "examples": sum((own[j] for j in keep), Counter())}
        fields_of.append(fs)
    avg = {f: max(1e-9, sum(sum(fs[f].values()) for fs in fields_of) / n) for f in FIELDS}
    df: Counter[str] = Counter()
    for fs in fields_of:
        df.update(set().union(*fs.values()))
    idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    weights = _field_weights(model)
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    explained: dict[str, set[int]] = defaultdict(set)
    own_words = []
    for i, fs in enumerate(fields_of):
        lengths = {f: sum(fs[f].values()) for f in FIELDS}
        words = set().union(*fs.values())
        own_words.append(frozenset(words))
        for token in words:
            tf = 0.0
            for f in FIELDS:
                count = fs[f].get(token, 0)
                if count:
                    w, b = weights[f]
                    tf += w * count / (1.0 - b + b * lengths[f] / avg[f])
                    if f != "examples":
                        explained[token].add(i)
            if tf:
                postings[token][i] = idf[token] * tf * (model.k1 + 1.0) / (model.k1 + tf)
    strongest = {
        t: heapq.nlargest(model.candidates, p.items(), key=lambda kv: kv[1])
        for t, p in postings.items() if len(p) >= max(2 * model.candidates, model.common_share * n)
    }
    phrases = [[reading.phrases[i][j] for j in keep] for i, keep in enumerate(kept)]
    # For a question with no topic word ("what is this all about?"), only an example
    # with at most one topic word can be it, near enough word for word.
    texts, owners = [], []
    for i, keep in enumerate(kept):
        plain = [j for j in keep if len(reading.examples[i][j]) <= 1]
        texts += [reading.texts[i][j] for j in plain]
        owners += [i] * len(plain)
    paragraphs = [frozenset(q.paragraph for q in node.quotes) for node in nodes]
    gaps = []
    for topic, q in tour.unanswered_questions():
        tokens = analyser.tokens(q)
        kinds, cues = analyser.kinds_and_cues(analyser.words(q))
        gaps.append(Gap(q, topic, frozenset(tokens), kinds, cues, phrase_of(tokens, kinds)))
    gap_index: dict[str, list[int]] = defaultdict(list)
    for g, gap in enumerate(gaps):
        for token in gap.tokens:
            gap_index[token].append(g)
    return TopicIndex(
        ids=[node.id for node in nodes],
        postings=dict(postings),
        explained={t: frozenset(s) for t, s in explained.items()},
        idf=idf,
        strongest=strongest,
        phrases=phrases,
        example_texts=texts,
        example_topics=owners,
        keywords=reading.keywords,
        own_words=own_words,
        paragraphs=paragraphs,
        gaps=gaps,
        gap_index=dict(gap_index),
        gap_phrases=[g.phrase for g in gaps],
        unseen_idf=math.log(1.0 + (n + 0.5) / 0.5),
        surface=reading.surface,
        field_lengths=avg,
        related=relate(related or {}, idf, model) if model.use_related else {},
    )


def relate(table: Mapping[str, tuple[str, ...]], known: Mapping[str, float],
           model: Model = MODEL) -> dict[str, tuple[tuple[str, float], ...]]:
    """The related-words table kept for the tour's own words: each word of the table
    -> the `known` words it relates to, with the share each counts ("~": near)."""
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for word, others in table.items():
        found = []
        for other in others:
            near = other.startswith("~")
            stem = other[1:] if near else other
            if stem in known and stem != word:
                found.append((stem, model.near_weight if near else model.related_weight))
        if found:
            out[word] = tuple(found)
    return out


def both(analyser: Analyser, text: str) -> list[str]:
    """A text's topic words with aliases applied, and as written where they differ:
    "Kwantung Army" is found by "kwantung" (its alias) and by "army" alone."""
    return _both(*analyser.read(text)[1:])


def _both(aliased: list[str], written: list[str]) -> list[str]:
    seen = set(aliased)
    return aliased + [t for t in written if t not in seen]
