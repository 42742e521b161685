"""Scoring: how well each topic answers a query, and how much of the query it explains.

Ranking is BM25F over the topic's fields (index.py), plus the best single sentence of
its passage scored on its own (an answer usually stands in one sentence), a bonus for
two question words that stand together there, and how close the question is to one
of the topic's example questions (rapidfuzz over sorted topic words and kinds of
question). (A bonus for the kind of question, a year for "when" or a number for "how
many", was measured and changed nothing: it went.)

Coverage is what the decision reads: the share of the question's information the
topic's words explain. Each word weighs what it tells: a word the tour knows by its
inverse document frequency; a word the tour has never seen by how rare it is in
English ("vaccines" tells much, "totally" little), from the English word frequencies
passed in (wordfreq's).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from ..script import Tour
from .index import TopicIndex, both, phrase_of
from .model import MODEL, Model
from .query import Analyser, Query

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'\u201c(])")
SENTENCE_CACHE = 4096
"""Topics whose sentences are kept once read."""
RELATED_CACHE = 50_000
"""Words whose related words' postings are kept once looked up."""


_Informed = tuple[float, Mapping[int, float], Sequence[tuple[float, Mapping[int, float]]]]
"""A question word's weight, its postings, and its related words' (their share, postings)."""


@dataclass(frozen=True)
class Scored:
    """One topic's standing for one query."""

    topic: str
    score: float
    """Ranking: higher is better; comparable within one query only."""
    coverage: float
    """Share (0-1) of the query's information the topic's words explain, scaled down
    where the query carries little information at all ("what's your name?")."""
    phrase: float = 0.0
    """Similarity (0-1) to the topic's nearest example question."""

    trust: float = 1.0
    """Similarity from which the phrase alone vouches for the topic."""
    whole: bool = False
    """Found as a question (nearly) one of the topic's examples word for word, having no
    words of its own to be read by ("what is this all about?")."""

    @property
    def confidence(self) -> float:
        """What the decision reads, 0-100: the coverage, or the similarity to an example
        where that is close enough to vouch for the topic on its own."""
        return 100.0 * max(self.coverage, self.phrase if self.phrase >= self.trust else 0.0)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage, read for scoring and verifying."""

    counts: Counter[str]
    """Its topic words (aliased and as written)."""
    length: int
    pairs: frozenset[tuple[str, str]]
    """Two words standing together (or one apart)."""
    quote: int
    """Which of its topic's quotes it stands in."""
    start: int
    end: int
    """Its span within that quote's text."""
    answers: frozenset[str]
    """The kinds of question it holds an answer to, by its look (a year: "when")."""
    saturated: Mapping[str, float] = field(default_factory=dict)
    """Each word's BM25 term frequency in it, normalised by its length and saturated
    (what a word of weight 1 scores there)."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a text's sentences, without the spaces between them."""
    spans, start = [], 0
    for gap in SENTENCE_END.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


class Scorer:
    """Scores queries against one index. Read-only after construction, except for a
    bounded memory of the passages' sentences."""

    def __init__(self, tour: Tour, index: TopicIndex, analyser: Analyser,
                 english: Mapping[str, int] | None = None, model: Model = MODEL):
        self.tour = tour
        self.index = index
        self.analyser = analyser
        self.english = english or {}
        self.model = model
        self._sentences: dict[int, list[Sentence]] = {}
        self._quotes: dict[str, list[Sentence]] = {}
        self._related: dict[str, tuple[tuple[float, Mapping[int, float]], ...]] = {}
        self._weak = frozenset(analyser.stem(w) for w in analyser.language.weak_words)
        self._sentence_avg = max(1.0, index.field_lengths.get("passage", 20.0) / 4.0)
        self._weighed: tuple[Query, dict[str, float]] | None = None

    # -- weights -------------------------------------------------------------------
    def telling(self, word: str) -> float:
        """How telling (0-1) a word is by its English frequency: rare words fully."""
        m = self.model
        if not m.use_english:
            return 1.0
        zipf = self.english.get(word, 0) / 10.0
        return min(1.0, max(0.0, (m.zipf_common - zipf) / (m.zipf_common - m.zipf_rare)))

    def weights(self, query: Query) -> dict[str, float]:
        """Each distinct token of the query with its information weight (remembered for
        the last query: ranking, verifying and deciding each ask; callers copy before
        changing it)."""
        memo = self._weighed
        if memo is not None and memo[0] is query:
            return memo[1]
        out = self._weigh(query)
        self._weighed = (query, out)
        return out

    def _weigh(self, query: Query) -> dict[str, float]:
        weak = self._weak
        idf, unseen = self.index.idf, self.index.unseen_idf
        out: dict[str, float] = {}
        for token, word in zip(query.tokens, query.written):
            if token in out or token in query.cues:
                continue
            telling = self.telling(word)
            if token in idf:
                w = idf[token] * (self.model.known_floor + (1.0 - self.model.known_floor) * telling)
            else:
                w = unseen * telling
            if token in weak:
                w *= self.model.weak_factor
            out[token] = w
        return out

    def informed(self, query: Query, extra: Mapping[str, float] | None = None) -> dict[str, float]:
        """The query's weights, with the `extra` words (the last topic's, for a question
        that leans on it) weighing their share times their inverse document frequency:
        the information a topic's coverage is the share of."""
        return self._with_extra(self.weights(query), extra)

    def _with_extra(self, own: dict[str, float], extra: Mapping[str, float] | None) -> dict[str, float]:
        info = dict(own)
        for t, w in (extra or {}).items():
            if t not in info and t in self.index.idf:
                info[t] = w * self.index.idf[t]
        return info

    def _alternatives(self, token: str) -> Sequence[tuple[float, Mapping[int, float]]]:
        """A word's related words the tour uses, with their share and postings (remembered)."""
        found = self._related.get(token)
        if found is None:
            postings = self.index.postings
            found = tuple((f, postings[r]) for r, f in self.index.related.get(token, ()) if r in postings)
            if len(self._related) < RELATED_CACHE:
                self._related[token] = found
        return found

    def degree(self, token: str, present: Callable[[str], bool]) -> float:
        """How far (0-1) a question word is there, by `present`: 1 as itself, else the
        share of its nearest related word that is."""
        if present(token):
            return 1.0
        return max((f for r, f in self.index.related.get(token, ()) if present(r)), default=0.0)

    def information(self, query: Query) -> float:
        """What the query's words weigh together."""
        return sum(self.weights(query).values())

    # -- ranking -------------------------------------------------------------------
    def rank(self, query: Query, extra: Mapping[str, float] | None = None) -> list[Scored]:
        """Every candidate topic, best first. `extra` adds tokens (the last topic's
        words, for a question that leans on it) with their own weights."""
        own = self.weights(query)
        factor = {t: (1.0 if t in self.index.idf else 0.0) for t in own}
        weak = self._weak
        for t in factor:
            if t in weak and factor[t]:
                factor[t] = self.model.weak_factor
        for t, w in (extra or {}).items():
            if t not in factor and t in self.index.idf:
                factor[t] = w
        for t in own:  # a word the tour never uses ranks by its related words, for less
            if t in self.index.idf:
                continue  # (ranking by the related words of words the tour uses ranked worse)
            base = self.model.weak_factor if t in weak else 1.0
            for r, f in self.index.related.get(t, ()):
                if r not in own:
                    factor[r] = max(factor.get(r, 0.0), f * base)
        if not any(factor.values()):
            return []
        chosen = self._candidates(factor)
        phrase_q = phrase_of(query.tokens, query.kinds) if self.model.use_phrase else ""
        info = self._with_extra(own, extra)
        total = sum(info.values())
        # A question leaning on the last topic takes its information from there too.
        floor = self.model.information_floor * self.index.unseen_idf
        carried = total if not extra else max(total, floor)
        m, idx = self.model, self.index
        terms = [(f, idx.postings[t]) for t, f in factor.items() if f]
        first = self._first_pass(chosen, terms, phrase_q)
        # The sentences are read for the best few only: they reorder the top, and cost.
        if m.use_sentences and m.use_passages:
            idf = idx.idf
            weighted = [(t, f * idf[t]) for t, f in factor.items() if f and t in idf]
            pairs = [(a, b) for a, b in zip(query.tokens, query.tokens[1:]) if a != b and a in idf and b in idf]
            for i in heapq.nlargest(m.rescored, first, key=lambda i: first[i][0]):
                score, phrase = first[i]
                first[i] = (score + m.w_sentence * self._best_sentence(i, weighted, pairs), phrase)
        informed = [(w, idx.postings.get(t, {}), self._alternatives(t)) for t, w in info.items()]
        covered = self._covered(first, informed)
        scale = min(1.0, carried / floor)
        ids, trust = idx.ids, m.phrase_trust
        out = [Scored(ids[i], score, (covered[i] / total if total else 0.0) * scale, phrase, trust)
               for i, (score, phrase) in first.items()]
        out.sort(key=lambda s: (-s.score, s.topic))
        return out

    def _candidates(self, factor: Mapping[str, float]) -> list[int]:
        """The topics most worth scoring: those sharing the query's rarer words.

        A word in a large share of topics picks no one out, so its topics join only
        when the rarer words bring too few, and then only its strongest (kept from the
        build): this keeps routing fast on tours of tens of thousands of topics.
        """
        idx, limit = self.index, self.model.candidates
        acc: dict[int, float] = {}
        common = []
        for t, f in factor.items():
            if not f:
                continue
            if t in idx.strongest:
                common.append((t, f))
                continue
            for i, w in idx.postings[t].items():
                acc[i] = acc.get(i, 0.0) + f * w
        chosen = heapq.nlargest(limit, acc, key=acc.__getitem__)
        if len(chosen) < limit and common:
            more: dict[int, float] = {}
            for t, f in common:
                for i, w in idx.strongest[t]:
                    if i not in acc:
                        more[i] = more.get(i, 0.0) + f * w
            chosen += heapq.nlargest(limit - len(chosen), more, key=more.__getitem__)
        return chosen

    def _first_pass(self, chosen: list[int], terms: Sequence[tuple[float, Mapping[int, float]]],
                    phrase_q: str) -> dict[int, tuple[float, float]]:
        """Each chosen topic's BM25F over the fields, and its similarity to its nearest
        example (a similarity under `phrase_floor` or `example_floor` counts for nothing
        anywhere, so rapidfuzz may stop short of it: 0)."""
        idx, m = self.index, self.model
        scores = dict.fromkeys(chosen, 0.0)
        for f, posting in terms:  # word by word, as the sum over words runs
            for i in chosen:
                w = posting.get(i)
                if w is not None:
                    scores[i] += f * w
        phrases = idx.phrases
        cutoff = 100.0 * min(m.phrase_floor, m.example_floor)
        span = 1.0 - m.phrase_floor
        out = {}
        for i, score in scores.items():
            phrase = 0.0
            if phrase_q and phrases[i]:
                found = process.extractOne(phrase_q, phrases[i], scorer=fuzz.ratio, score_cutoff=cutoff)
                if found is not None:
                    phrase = found[1] / 100.0
                    score += m.phrase_weight * max(0.0, phrase - m.phrase_floor) / span
            out[i] = (score, phrase)
        return out

    @staticmethod
    def _covered(first: Mapping[int, object], informed: Sequence[_Informed]) -> dict[int, float]:
        """The information each topic explains (`informed`: each question word's weight,
        postings and related words' postings): a word it holds whole, a related word
        for its share."""
        covered = dict.fromkeys(first, 0.0)
        for w, posting, alternatives in informed:
            for i in covered:
                if i in posting:
                    covered[i] += w
                else:
                    share = 0.0
                    for f, other in alternatives:
                        if f > share and i in other:
                            share = f
                    covered[i] += w * share
        return covered

    # -- sentences ---------------------------------------------------------------------
    def sentences(self, i: int) -> list[Sentence]:
        """A topic's passage as scored sentences, read on first use."""
        found = self._sentences.get(i)
        if found is None:
            if len(self._sentences) >= SENTENCE_CACHE:
                self._sentences.clear()
            node = self.tour.nodes[self.index.ids[i]]
            found = [replace(s, quote=k) for k, quote in enumerate(node.quotes) for s in self._read_quote(quote.text)]
            self._sentences[i] = found
        return found

    def _read_quote(self, text: str) -> list[Sentence]:
        """A quote's sentences, read once however many topics quote it."""
        found = self._quotes.get(text)
        if found is None:
            if len(self._quotes) >= SENTENCE_CACHE:
                self._quotes.clear()
            found = []
            answer_kinds = self.analyser.language.answer_kinds
            for start, end in sentence_spans(text):
                sentence = text[start:end]
                tokens = both(self.analyser, sentence)
                if tokens:
                    pairs = frozenset(zip(tokens, tokens[1:])) | frozenset(zip(tokens, tokens[2:]))
                    counts = Counter(tokens)
                    found.append(Sentence(counts, len(tokens), pairs, 0, start, end, answer_kinds(sentence),
                                          self._saturated(counts, len(tokens))))
            self._quotes[text] = found
        return found

    def _saturated(self, counts: Counter[str], length: int) -> dict[str, float]:
        """BM25's term frequency of each word of a sentence of `length` words."""
        m = self.model
        k1, norm = m.k1, 1.0 - m.b_passage + m.b_passage * length / self._sentence_avg
        return {t: (n / norm) * (k1 + 1.0) / (k1 + n / norm) for t, n in counts.items()}

    def _best_sentence(self, i: int, terms: list[tuple[str, float]], pairs: list[tuple[str, str]]) -> float:
        """BM25 of topic `i`'s best sentence for the query's `terms` (each with its weight
        times idf), plus its bigram `pairs` standing together there."""
        m, idf = self.model, self.index.idf
        bigrams = m.use_bigrams and pairs
        best = 0.0
        for s in self.sentences(i):
            saturated = s.saturated
            score = 0.0
            for t, w in terms:
                tf = saturated.get(t)
                if tf is not None:
                    score += w * tf
            if not score:
                continue
            if bigrams:
                score += m.w_bigram * sum((idf[a] + idf[b]) / 2.0 for a, b in pairs if (a, b) in s.pairs)
            if score > best:
                best = score
        return best
