"""The router: which node answers a question, and how sure it is.

Scoring, per node, on a 0-100 scale:

* coverage - how much of the question's topic words (weighted by how rare each is
  across nodes) the node's keywords, title, examples and quoted text explain. A word
  the tour has never seen counts against every node: "How many *Italian* prisoners?"
  is not answered by any passage about Japanese prisoners.
* phrasing - the best rapidfuzz similarity between the question and one of the node's
  example questions (token-sorted ratio over topic words, so word order and filler
  do not matter, and a short query cannot match a long example by containment).
* focus - how much of the node's own keywords the question names.

The kind of question adjusts it: "how many ...?" wants a passage with a number, "what
does NKVD stand for?" the passage that spells the term out.

Typos are mended first: a word the tour does not know is replaced by the nearest
known word when rapidfuzz finds one close enough, unless it is an English word spelt
right (see words.py). Context from the conversation (the last topic) is used only when
the question leans on it ("when was *it* built?", "how long?", "what about ...?").

Deciding: small talk (smalltalk.py) first; then answer a clear best topic, ask which
was meant between close ones, or decline. A question that asks what the script lists
as `unanswered` is declined even when a topic scores well.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .script import Node, Tour
from .smalltalk import SmallTalk
from .text import ANAPHORA, LATER_WORDS, OTHER_WORDS, STOP_WORDS, AliasTable, analyse, content_tokens, fold, stem
from .words import is_english_word

MAX_INPUT = 2000
"""Characters of a question that are routed; the rest is ignored."""
CANDIDATES = 40
"""Nodes kept from the lexical pass for the (costlier) phrasing comparison."""

# Scoring. Weights of the fields a topic word may be found in, and how the three
# signals combine.
W_KEYWORD, W_EXAMPLE, W_QUOTE = 1.0, 0.9, 0.6
A_COVER, A_PHRASE, A_FOCUS = 0.58, 0.30, 0.12
UNKNOWN_FACTOR = 0.9
"""How much a word the tour has never seen weighs, against its rarest word."""
WHOLE_EXAMPLE = 85.0
"""How close a question made only of common words must be to an example, word for word."""
TYPO_CUTOFF = 80.0
"""rapidfuzz ratio from which an unknown word may be mended into a known one."""

# The kind of question ("how many ...?", "what does NKVD stand for?").
P_NO_NUMBER = 12.0
"""Taken from a topic whose passage has no number, when the question asks how many."""
B_EXPAND = 20.0
"""Given to a topic whose passage spells out the term a question asks the long form of."""

# Context bonuses, added when a question leans on the previous topic.
B_SAME, B_SAME_NEW, B_NEXT, B_CHAPTER, B_OTHER = 8.0, 0.0, 7.0, 6.0, 30.0
B_LATER, LATER_DECAY = 10.0, 0.7
"""Bonus to the steps after the last one, for "what happened then?" in a testimony."""

# Declining and small talk.
GAP_EXAMPLE = 90.0
"""A question this close to an example of its topic is answered, whatever else it asks."""
CHAT_WHOLE = 90.0
"""After a topic, a question about the guide must be this close to an example of one."""
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|thousand|million|dozens?|half|third|quarter)\b", re.I)
# Kinds of question, told by their opening words (matched on folded text).
_CUES = (
    (" how many ", "~count"), (" how much ", "~count"), (" when ", "~when"), (" what year ", "~when"),
    (" where ", "~where"), (" who ", "~who"), (" whose ", "~who"), (" why ", "~why"),
    (" how come ", "~why"), (" how long ", "~long"), (" how old ", "~age"), (" what age ", "~age"),
    (" stand for ", "~expand"), (" stands for ", "~expand"), (" short for ", "~expand"),
    (" full name ", "~expand"), (" abbreviation ", "~expand"), (" acronym ", "~expand"),
)


_CUE_WORDS = frozenset(
    stem(w) for pattern, cue in _CUES if cue != "~expand" for w in pattern.split()) - STOP_WORDS
"""Words that only say what kind of question it is ("how *long*"): the cue speaks for them."""


def _cues(text: str) -> frozenset[str]:
    """The kinds of question a text asks ("how many" -> "~count")."""
    folded = f" {fold(text[:MAX_INPUT])} "
    return frozenset(cue for pattern, cue in _CUES if pattern in folded)


@dataclass(frozen=True)
class Candidate:
    node: str
    score: float


@dataclass(frozen=True)
class Route:
    """The router's verdict on one question."""

    decision: str
    """'answer', 'clarify', 'fallback' or 'chat'."""
    candidates: tuple[Candidate, ...]
    """Best first; for 'chat', empty."""
    chat: str | None = None
    """The chat intent id, for 'chat'."""
    chat_score: float = 0.0
    tokens: tuple[str, ...] = ()
    """The topic words the router saw (after aliases and typo repair)."""
    followup: bool = False
    """Context from the previous topic was used."""
    elsewhere: bool = False
    """The question asks for something other than the last topic ("what else ...?")."""
    unanswered: str | None = None
    """For a 'fallback': the author's `unanswered` question this one is closest to."""

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def score(self) -> float:
        if self.decision == "chat":
            return self.chat_score
        return self.candidates[0].score if self.candidates else 0.0

    def score_of(self, node_id: str) -> float:
        return next((c.score for c in self.candidates if c.node == node_id), 0.0)


@dataclass
class _NodeIndex:
    weights: dict[str, float] = field(default_factory=dict)
    keyword_weight: float = 0.0
    keywords: frozenset[str] = frozenset()
    examples: list[str] = field(default_factory=list)
    explained: frozenset[str] = frozenset()
    """Words of the node's quotes, title and keywords: what the passage speaks of."""
    counts: bool = False
    """The quoted text gives a number (for "how many ...?")."""
    expands: frozenset[str] = frozenset()
    """Terms whose long form the quoted text spells out ("NKVD" in "People's
    Commissariat for Internal Affairs"): it answers "what does NKVD stand for?"."""


class Router:
    """Built once per tour; routing a question is then read-only and cheap."""

    def __init__(self, tour: Tour):
        self.tour = tour
        self.aliases = AliasTable(tour.aliases)
        self.thresholds = tour.routing
        self._nodes: dict[str, _NodeIndex] = {}
        postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for node in tour.nodes.values():
            idx = self._nodes[node.id] = self._index(node)
            for token, weight in idx.weights.items():
                postings[token].append((node.id, weight))
        self._postings = dict(postings)
        self._paragraphs = {n.id: frozenset(q.paragraph for q in n.quotes) for n in tour.nodes.values()}
        # For the words in a quarter of all nodes or more: the nodes where they weigh most.
        self._strongest = {
            t: heapq.nlargest(CANDIDATES, p, key=lambda pair: pair[1])
            for t, p in self._postings.items() if len(p) * 4 > len(self._nodes)
        }
        n = max(len(self._nodes), 1)
        self._idf = {t: math.log((n + 1) / (len(p) + 0.5)) + 0.1 for t, p in postings.items()}
        self._unknown_idf = math.log((n + 1) / 0.5) * UNKNOWN_FACTOR
        for idx in self._nodes.values():
            idx.keyword_weight = sum(self._idf.get(t, 0.0) for t in idx.keywords)
        self._vocabulary = sorted(self._postings)
        self._repair = lru_cache(maxsize=4096)(self._repair_uncached)
        # Every `unanswered` question, the tour's and each topic's: its words, its kind
        # of question, and an index from each word to the questions that use it.
        self._gap_questions = [q for _, q in tour.unanswered_questions()]
        self._gap_words = [frozenset(self.understand(q)) for q in self._gap_questions]
        self._gap_cues = [_cues(q) for q in self._gap_questions]
        self._gap_index: dict[str, list[int]] = defaultdict(list)
        for i, words in enumerate(self._gap_words):
            for word in words:
                self._gap_index[word].append(i)
        # Examples whole, for the questions made only of common words.
        self._example_nodes = [n.id for n in tour.nodes.values() for _ in n.examples]
        self._example_texts = [fold(e) for n in tour.nodes.values() for e in n.examples]
        self.smalltalk = SmallTalk(tour.chat, topical=self._postings.__contains__)

    def _index(self, node: Node) -> _NodeIndex:
        """What the router keeps of one node: its words by field, examples, and facts."""
        idx = _NodeIndex()
        fields = (
            (W_QUOTE, " ".join(q.text for q in node.quotes)),
            (W_EXAMPLE, " ".join(node.examples)),
            (W_KEYWORD, " ".join((node.title, *node.keywords))),
        )
        explained: set[str] = set()
        for weight, text in fields:
            # Both the aliased words and the words as written: "Kwantung Army" is
            # found by "kwantung" (its alias) and by "army" alone.
            analysed = analyse(text)
            written = content_tokens(analysed)
            for token in {*content_tokens(self.aliases.apply(analysed)), *written}:
                idx.weights[token] = max(weight, idx.weights.get(token, 0.0))
                if weight != W_EXAMPLE:
                    explained.add(token)
        # The chapter's title speaks for its passages: a testimony told as "I ..."
        # is still about Ahiko when the chapter is "Ahiko Tetsuro's testimony".
        chapter = self.tour.chapter(node.chapter)
        explained.update(self.tokens(f"{chapter.title} {chapter.section}"))
        idx.explained = frozenset(explained - _CUE_WORDS)
        idx.keywords = frozenset(self.tokens(" ".join((node.title, *node.keywords))))
        idx.examples = [self._phrase(e) for e in node.examples]
        idx.counts = any(_NUMBER.search(q.text) for q in node.quotes)
        quoted = f" {analyse(' '.join(q.text for q in node.quotes))} "
        idx.expands = frozenset(
            " ".join(canonical) for variant, canonical in self.aliases.pairs.items()
            if len(canonical) == 1 and len(variant) >= 3 and f" {' '.join(variant)} " in quoted)
        return idx

    # -- text ----------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        return content_tokens(self.aliases.apply(analyse(text)))

    def _phrase(self, text: str) -> str:
        return self._phrase_of(self.tokens(text), _cues(text))

    @staticmethod
    def _phrase_of(tokens: list[str], cues: frozenset[str]) -> str:
        """Topic words sorted, plus the kind of question ("how many" -> "~count").

        Compared whole with rapidfuzz's ratio: word order and filler do not matter,
        the kind of question does, and a short query cannot match a long example by
        being contained in it.
        """
        return " ".join([*sorted(set(tokens)), *sorted(cues)])

    def _repair_uncached(self, token: str, written: str = "") -> str | None:
        """The known word a misspelt one stands for, or None.

        A word spelt as English ("regard", "medals") is no misspelling: it may only
        become a longer or shorter form of itself ("originally" -> "original").
        """
        if len(token) < 5 or token.isdigit():
            return None
        real = None  # whether the word is English, looked up only when it matters
        for word, _, _ in process.extract(
            token, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=5
        ):
            # People seldom mistype the first letter, and a word that differs there is
            # more often another word ("marry" is not "carry"); one slip per five
            # letters at most.
            if word[0] != token[0] or Levenshtein.distance(token, word) > max(1, len(token) // 5) + 1:
                continue
            if (word.startswith(token) or token.startswith(word)) and abs(len(word) - len(token)) <= 1:
                return word  # another form of the same word ("originally", "original")
            if real is None:
                real = is_english_word(written or token)
            if not real:
                return word
        return None

    def understand(self, text: str) -> list[str]:
        """Topic words of a question, with aliases applied and typos repaired."""
        text = text[:MAX_INPUT]
        written = {stem(w): w for w in fold(text).split()}  # the word as typed, by its stem
        out = []
        for token in self.tokens(text):
            if token not in self._postings:
                token = self._repair(token, written.get(token, token)) or token
            out.append(token)
        return out

    # -- scoring -------------------------------------------------------------------
    def scores(self, tokens: list[str], extra: list[str] = (),
               cues: frozenset[str] = frozenset()) -> dict[str, float]:
        """Score every node that shares a word with the question (0-100)."""
        words = list(dict.fromkeys([*tokens, *extra]))
        if not words:
            return {}
        weight = {t: self._idf.get(t, self._unknown_idf) * (0.5 if t in extra and t not in tokens else 1.0)
                  for t in words}
        total = sum(weight.values())
        ranked = self._candidates(words, weight)
        if not ranked:
            return {}
        phrase = self._phrase_of(words, cues)
        out: dict[str, float] = {}
        for node_id in ranked:
            idx = self._nodes[node_id]
            cover = sum(weight[t] * idx.weights.get(t, 0.0) for t in words)
            best = 0.0
            if idx.examples and len(phrase) > 2:
                best = max(process.extractOne(phrase, idx.examples, scorer=fuzz.ratio)[1], 0.0)
            focus = 0.0
            if idx.keyword_weight:
                named = sum(self._idf.get(t, 0.0) for t in idx.keywords if t in weight)
                focus = min(1.0, 2.0 * named / idx.keyword_weight)
            score = 100.0 * (A_COVER * cover / total + A_PHRASE * best / 100.0 + A_FOCUS * focus)
            if "~count" in phrase and not idx.counts:
                score -= P_NO_NUMBER  # "how many ...?" and the passage gives no number
            if "~expand" in phrase and idx.expands & weight.keys():
                score += B_EXPAND  # "what does NKVD stand for?" and the passage spells it out
            out[node_id] = score
        return out

    def _said_as_example(self, text: str) -> dict[str, float]:
        """For a question with no topic words ("what is this article about?"): the node
        one of whose examples it is, near enough word for word."""
        folded = fold(text[:MAX_INPUT])
        if not folded or not self._example_texts:
            return {}
        match = process.extractOne(folded, self._example_texts, scorer=fuzz.ratio,
                                   score_cutoff=WHOLE_EXAMPLE)
        return {self._example_nodes[match[2]]: float(match[1])} if match else {}

    def _candidates(self, words: list[str], weight: dict[str, float]) -> list[str]:
        """The nodes most worth scoring: those sharing the question's rarer words.

        A word found in a quarter of all nodes or more picks no one out, so its nodes
        are added only when the rarer words bring too few, and then only its strongest
        (kept from the build); this keeps routing fast on tours of tens of thousands of
        nodes. The chosen nodes are then scored on every word.
        """
        rare = [(t, self._postings[t]) for t in words if t in self._postings and t not in self._strongest]
        common = [t for t in words if t in self._strongest]
        covered: dict[str, float] = defaultdict(float)
        for token, posting in rare:
            w = weight[token]
            for node_id, field_weight in posting:
                covered[node_id] += w * field_weight
        chosen = heapq.nlargest(CANDIDATES, covered, key=covered.__getitem__)
        if len(chosen) < CANDIDATES and common:
            # Too few nodes share a rare word ("what was Ahiko's wife *called*?"): the
            # nodes of the common words ("Ahiko") are worth scoring too; each common
            # word offers its strongest nodes, kept from the build.
            more: dict[str, float] = defaultdict(float)
            for token in common:
                w = weight[token]
                for node_id, field_weight in self._strongest[token]:
                    if node_id not in covered:
                        more[node_id] += w * field_weight
            chosen += heapq.nlargest(CANDIDATES - len(chosen), more, key=more.__getitem__)
        return chosen

    # -- deciding ------------------------------------------------------------------
    def route(self, text: str, *, last: str | None = None) -> Route:
        """Route one question; `last` is the node of the previous answer, if any."""
        tokens = self.understand(text)
        words = fold(text[:MAX_INPUT]).split()
        unknown = [tok for tok in tokens if tok not in self._postings]
        # "when was *it* built?", "*and* the school?", "*what about* in Almaty?"
        anaphoric = (any(w in ANAPHORA for w in words) or words[:1] == ["and"]
                     or words[:2] in (["what", "about"], ["how", "about"]))
        # A short question leans on the last topic only if all its words are the
        # topic's own: "why?" and "how long?" do; "food?", "xyzzy plugh" or "world
        # cup" does not. Words that only tell the kind of question count for nothing.
        topic = [tok for tok in tokens if tok not in _CUE_WORDS]
        leans = last is not None and last in self.tour.nodes and (
            anaphoric or (len(topic) <= 2 and all(tok in self._nodes[last].weights for tok in topic))
        )
        wants_other = any(w in OTHER_WORDS for w in words)
        wants_later = any(w in LATER_WORDS for w in words)
        cues = _cues(text)
        scores = self.scores(tokens, cues=cues) if tokens else self._said_as_example(text)
        if leans:
            # the share of its topic words the tour knows ("how long was his *sentence*?")
            known = 1.0 - sum(tok in unknown for tok in topic) / len(topic) if topic else 1.0
            scores = self._with_context(tokens, cues, scores, last, known, wants_other,  # type: ignore[arg-type]
                                        wants_later)
        ranked = tuple(
            Candidate(n, round(s, 1)) for n, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        top = ranked[0].score if ranked else 0.0
        t = self.thresholds
        chat, chat_score = self.smalltalk.score(text)
        topical = [tok for tok in tokens if tok in self._postings]
        casual = chat_score >= t.chat and not (leans and chat_score < 100)
        if casual and leans and chat == "about" and self.smalltalk.whole(text) < CHAT_WHOLE:
            casual = False  # after a topic, "who wrote it?" asks about the topic, not the guide
        # "thanks, that was interesting" after a topic is thanks, not a question about it.
        plain = chat_score >= t.chat and self.smalltalk.says_only(chat, text)
        if chat and (plain or casual and (top < t.answer or not topical or chat_score - top >= 15)):
            return Route("chat", (), chat, chat_score, tuple(tokens))
        second = ranked[1].score if len(ranked) > 1 else 0.0
        elsewhere = leans and wants_other
        gap = self.unanswered(tokens, cues, ranked[0].node) if ranked else None
        found = dict(tokens=tuple(tokens), followup=leans, elsewhere=elsewhere)
        if gap is None and (top >= t.answer or (top >= t.clear and top - second >= t.lead)):
            return Route("answer", ranked, **found)
        close = [c for c in ranked if c.score >= t.clarify and top - c.score <= t.margin]
        if gap is None and top >= t.clarify and len(close) >= 2:
            # Rivals that quote the same paragraph as the best are no real choice.
            same = self._paragraphs[ranked[0].node]
            if all(self._paragraphs[c.node] & same for c in close[1:]):
                return Route("answer", ranked, **found)
            return Route("clarify", ranked, **found)
        return Route("fallback", ranked, unanswered=gap, **found)

    def unanswered(self, tokens: list[str], cues: frozenset[str], node_id: str) -> str | None:
        """The author's `unanswered` question that this one asks, if it is one.

        The test is on the words the best passage does not explain (words absent from
        its quotes, title and keywords): "what was Ahiko's wife called?" routes to the
        passage on his family, which never speaks of a wife. When those words are the
        new words of an unanswered question ("ahiko wife name"), and that question's
        new words are the question's, both at least `routing.unanswered` percent by
        rarity, and the kind of question agrees ("when ...?"), the text is silent.
        A question whose every word the passage explains is never declined here, nor
        one that is (nearly) an example of the passage.
        """
        idx = self._nodes[node_id]
        explained = idx.explained
        unexplained = {t for t in tokens if t not in explained and t not in _CUE_WORDS}
        if not unexplained or not self._gap_questions:
            return None
        if idx.examples and process.extractOne(
                self._phrase_of(tokens, cues), idx.examples, scorer=fuzz.ratio, score_cutoff=GAP_EXAMPLE):
            return None  # the author gave it as a question the passage answers
        weigh = lambda words: sum(self._idf.get(t, self._unknown_idf) for t in words)  # noqa: E731
        asked = weigh(unexplained)
        best, found = self.thresholds.unanswered / 100.0, None
        for i in sorted({i for t in unexplained for i in self._gap_index.get(t, ())}):
            new = self._gap_words[i] - explained - _CUE_WORDS
            shared = weigh(unexplained & new)
            fit = min(shared / weigh(new), shared / asked)
            if fit >= best and self._gap_cues[i] <= cues:
                best, found = fit, self._gap_questions[i]
        return found

    def _with_context(self, tokens, cues, scores, last: str, known: float,
                      wants_other: bool, wants_later: bool = False) -> dict[str, float]:
        """Scores when the question leans on the previous topic.

        The previous topic's keywords join the question at half weight, and nodes
        near it gain a bonus: the topic itself most ("when was it built?"), unless the
        question brings words of its own that the topic does not have ("what happened
        at its cemetery?") or asks for something else ("what else ..."). Words the
        tour does not know weaken the pull ("how much was he *paid*?").
        """
        node = self.tour.nodes[last]
        own = self._nodes[last].weights
        brings_new = any(t in self._postings and t not in own for t in tokens)
        merged = self.scores(tokens, sorted(self._nodes[last].keywords), cues) if known else {}
        chapter_of = self.tour.chapter_of(last)
        chapter = chapter_of.nodes
        # In a testimony, "what did he do *then*?" asks for the steps after this one.
        later = {}
        if wants_later and chapter_of.sequence:
            steps = chapter[chapter.index(last) + 1:]
            later = {n: B_LATER * (LATER_DECAY ** i) for i, n in enumerate(steps)}
        for node_id in set(merged) | set(scores) | set(later):
            s = max(merged.get(node_id, 0.0), scores.get(node_id, 0.0))
            if node_id in later:
                s += known * later[node_id]
            elif node_id == last and later:
                s += -known * B_LATER / 2
            elif node_id == last:
                s += -B_OTHER if wants_other else known * (B_SAME_NEW if brings_new else B_SAME)
            elif node_id in node.next:
                # "what else ...?" asks for a neighbour of the last topic
                s += known * (B_NEXT + (B_OTHER / 2 if wants_other else 0.0))
            elif node_id in chapter:
                s += known * B_CHAPTER
            merged[node_id] = min(s, 100.0)
        return merged
