"""The router: which topic answers a question, and whether to answer at all.

Deciding, for one query (query.py):

1. small talk, when the input is close to a chat example or speaks only its words;
2. the topics ranked (scoring.py), with the last topic's words joining a question
   that leans on it ("when was *it* built?"), unless the question clearly fits
   another topic of its own;
3. a question the script lists as `unanswered` is declined, even when a topic scores
   well;
4. answer the best topic when its confidence reaches the tour's calibrated threshold
   (calibration.py), unless the question asks for what its passage holds nothing like
   ("in what year ...?" of a passage with no year: the language's `needs`), which is
   answered "not exactly"; offer two or three when rivals from other passages are as
   good; otherwise decline, offering the nearest passages.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TypedDict

from rapidfuzz import fuzz, process

from ..language import Language, language_of, related_words
from ..parallel import Beside, in_order
from ..reply import Focus
from ..script import Tour
from .calibration import Sample, Thresholds, calibrate, held_out_samples, needs_samples
from .index import TopicIndex, build_index, known_words, phrase_of, read_topics
from .model import MODEL, Model
from .query import Analyser, Query, clean
from .scoring import Scored, Scorer
from .smalltalk import SmallTalk
from .verify import Evidence, Verifier


class Decision(StrEnum):
    """The router's verdict on one input: what the guide does with it."""

    ANSWER = "answer"
    """The passage says it: quote it."""
    AGAIN = "again"
    """A follow-up that lands on the passage just shown: say so, show it again."""
    MORE = "more"
    """"What else ...?" after a topic, which no passage answers: follow the topic on."""
    CLARIFY = "clarify"
    """Two or three passages answer equally well: ask which was meant."""
    NOT_EXACTLY = "not-exactly"
    """The text touches the subject but does not say what was asked: say so, and quote
    the nearest passage as what the text does say."""
    DECLINE = "decline"
    """The text has nothing on it: say so, and offer the nearest topics."""
    CHAT = "chat"
    """Small talk."""
    ACKNOWLEDGE = "acknowledge"
    """After a passage, an input that asks nothing and is about that passage ("no way",
    "never heard of this before"): acknowledge it, rather than show the passage again."""


@dataclass(frozen=True)
class Candidate:
    """A topic the router considered, with its ranking confidence."""

    node: str
    score: float
    """The share of the question the topic explains, or its closeness to an example
    (0-100): what ranking says, before the verifier reads the passage."""


@dataclass(frozen=True)
class Route:
    """The router's verdict on one input: the decision, and everything it offers."""

    decision: Decision
    candidates: tuple[Candidate, ...]
    """Every topic ranked, best first; for small talk, empty."""
    choices: tuple[str, ...] = ()
    """The topics to offer, best first: the runners-up beside an answer, the close ones
    for a clarify, the nearest others for a decline (not the passage quoted)."""
    confidence: float = 0.0
    """0-100: for an answer or a non-answer, the verified probability that the best
    passage answers; for small talk, how sure it is small talk."""
    chat: str | None = None
    """The chat intent id, for small talk."""
    focus: Focus | None = None
    """The best passage's answering sentences, where they stand out."""
    tokens: tuple[str, ...] = ()
    """The topic words the router saw (after aliases and typo repair)."""
    followup: bool = False
    """Context from the previous topic was used."""
    elsewhere: bool = False
    """The question asks for something other than the last topic ("what else ...?")."""
    unanswered: str | None = None
    """For 'not-exactly': the author's `unanswered` question this one is (nearly)."""
    lacks: str | None = None
    """For 'not-exactly': what the question asks for that the passage holds nothing
    like, as the guide says it ("a year"; the language's `needs`)."""
    near: bool = False
    """For 'decline': the best passage came close to the answer threshold."""
    evidence: Evidence | None = field(default=None, compare=False, repr=False)
    """What the verifier read of the best candidate (its signals), for measuring."""

    @property
    def best(self) -> Candidate | None:
        """The best candidate, or None where there is none."""
        return self.candidates[0] if self.candidates else None

    @property
    def score(self) -> float:
        """The confidence of the verdict (0-100)."""
        return self.confidence

    @property
    def answers(self) -> bool:
        """Whether the verdict shows a passage as the answer."""
        return self.decision in (Decision.ANSWER, Decision.AGAIN)

    def score_of(self, node_id: str) -> float:
        """A topic's ranking confidence among the candidates (0 where it is not one)."""
        return next((c.score for c in self.candidates if c.node == node_id), 0.0)


class Compiled(TypedDict):
    """What a cache keeps of a built router (`Router.compiled()`)."""

    analyser: Analyser
    index: TopicIndex
    thresholds: Thresholds


class _Found(TypedDict):
    """What a route says of the question besides the decision and its candidates."""

    tokens: tuple[str, ...]
    followup: bool
    elsewhere: bool


class Router:
    """Built once per tour; routing a question is then read-only and cheap.

    `english` maps a folded word to its English frequency (Zipf scale x 10), as
    loaded outside the engine (tour.english); without it every unseen word counts as
    fully telling. `compiled` is the state of an earlier build of the same tour
    (`Router.compiled()`), which skips indexing and calibration. `beside`
    (parallel.py) does parts of a build in another process meanwhile: some of the
    reading, and the calibration's held-out index; by default all is done here.
    """

    def __init__(self, tour: Tour, english: Mapping[str, int] | None = None, *,
                 model: Model = MODEL, compiled: Compiled | None = None, beside: Beside = in_order):
        self.tour = tour
        self.model = model
        self.english = english or {}
        language = language_of(tour)
        held: Callable[[], list[Sample]] = list  # the held-out samples: none for a compiled router
        if compiled is not None:
            self.analyser: Analyser = compiled["analyser"]
            self.index: TopicIndex = compiled["index"]
            if model.use_typos:
                self.analyser.learn(self.index.postings.keys(), self.index.surface, self._is_english)
        else:
            self.analyser = Analyser(language if model.use_lexicon else _without_lexicon(language),
                                     tour.aliases.items(), model)
            reading = read_topics(tour, self.analyser, model, beside)
            if model.use_typos:  # the index's words, known before it is built
                self.analyser.learn(known_words(reading, model), reading.surface, self._is_english)
            # The calibration's held-out index and questions, meanwhile where `beside` forks.
            related = related_words(language.code) if model.use_related else {}
            held = (beside if needs_samples(tour, model) else in_order)(
                lambda: held_out_samples(tour, self.analyser, reading, self.english, model, related))
            self.index = build_index(tour, self.analyser, model, reading=reading, related=related)
        self.scorer = Scorer(tour, self.index, self.analyser, self.english, model)
        self.verifier = Verifier(self.index, self.scorer, model)
        self.smalltalk = SmallTalk(tour.chat or language.chat, language,
                                   topical=self.index.postings.__contains__, model=model)
        self.thresholds: Thresholds = compiled["thresholds"] if compiled is not None else calibrate(self, held)

    def compiled(self) -> Compiled:
        """What a cache may keep to build this router again quickly."""
        return {"analyser": self.analyser, "index": self.index, "thresholds": self.thresholds}

    def _is_english(self, word: str) -> bool:
        return self.english.get(word, 0) >= self.model.english_zipf

    # -- reading -------------------------------------------------------------------
    def analyse(self, text: str) -> Query:
        """The input read once (query.py)."""
        return self.analyser.analyse(text)

    def same_passage(self, a: str, b: str) -> bool:
        """Whether two topics are one answer: the same topic, or quoting one paragraph."""
        return self.index.same_passage(a, b)

    # -- routing -------------------------------------------------------------------
    def route(self, text: str | Query, *, last: str | None = None) -> Route:
        """Route one input; `last` is the topic of the previous answer, if any. The one
        place the guide decides what to do with a question (see Decision)."""
        th, m = self.thresholds, self.model
        said = text.text if isinstance(text, Query) else clean(text, m.max_input)
        opened = self.smalltalk.opening(said)
        if opened is not None:  # "Hello! Who was Ahiko?": what follows the greeting decides,
            greeting, rest = opened  # unless it only reacts ("thanks, that was so sad"), or
            if rest:  # follows thanks and asks nothing ("thanks, the winters sound brutal")
                after, language = self.analyse(rest), self.analyser.language
                closes = language.parting(after.words) is not None  # "thanks. bye"
                if not after.acknowledges and (after.asks or closes or greeting not in language.partings):
                    return self.route(after, last=last)
        else:  # "that was so interesting, thank you!": a reaction closed by thanks is thanks
            closed = self.smalltalk.closing(said)
            if closed is not None and self.analyse(closed[1]).acknowledges:
                opened = closed
        q = text if isinstance(text, Query) else self.analyse(text)
        if opened is None and not q.asks:  # "nice explanation, thank you so much"
            parting = self.analyser.language.parting(q.words)
            opened = (parting, "") if parting is not None else None
        if opened is not None:
            return Route(Decision.CHAT, (), confidence=100.0, chat=opened[0], tokens=q.tokens)
        if last is not None and last not in self.tour.nodes:
            last = None
        ranked = self.scorer.rank(q)
        if not q.topic or self.scorer.information(q) < self.model.information_floor * self.index.unseen_idf:
            # Common words only ("what is this story about?"): the question whole,
            # word for word, is the best evidence there is.
            whole = self._said_as_example(q)
            if whole:
                ranked = whole + [s for s in ranked if s.topic != whole[0].topic]
        leans = m.use_context and last is not None and self._leans(q, last)
        elsewhere = leans and q.asks_other
        extra: dict[str, float] = {}
        if leans and last is not None and not self._fits_elsewhere(q, last, ranked):
            ranked, extra = self._with_context(q, last, ranked)
        else:
            leans = False
        evidence = self.verifier.read(q, ranked, extra)
        confidence = round(100.0 * self.verifier.confidence(evidence), 1)
        top = confidence if ranked else 0.0
        chat, chat_score = self.smalltalk.score(q, self.analyser.stem, self.scorer.telling)
        topical = [t for t in q.tokens if t in self.index.postings]
        casual = chat_score >= th.chat and not (leans and chat_score < 100)
        if casual and leans and chat == "about" and self.smalltalk.whole(q) < m.chat_whole:
            casual = False  # after a topic, "who wrote it?" asks about the topic, not the guide
        # "thanks, that was interesting" after a topic is thanks, not a question about it.
        plain = chat_score >= th.chat and self.smalltalk.says_only(chat, q)
        if chat and (plain or casual and (top < th.answer or not topical or chat_score - top >= m.chat_lead)):
            return Route(Decision.CHAT, (), confidence=chat_score, chat=chat, tokens=q.tokens)
        candidates = tuple(Candidate(s.topic, round(s.confidence, 1)) for s in ranked)
        if not ranked:
            return Route(Decision.DECLINE, (), tokens=q.tokens, followup=leans, elsewhere=elsewhere)
        best = ranked[0]
        nearest = tuple(c.node for c in candidates if c.score > 0)

        def verdict(decision: Decision, choices: tuple[str, ...] = (), **more: object) -> Route:
            return Route(decision, candidates, choices, confidence, None, evidence.focus if evidence else None,
                         q.tokens, leans, elsewhere, evidence=evidence, **more)  # type: ignore[arg-type]

        gap = self.unanswered(q, best.topic) if m.use_unanswered else None
        if gap is not None:
            return verdict(Decision.NOT_EXACTLY, self._others(nearest[1:], best.topic), unanswered=gap)
        if confidence >= th.answer:
            lacking = self._lacks(q, best.topic)
            if lacking is not None:  # "in what year ...?" of a passage that gives no year
                return verdict(Decision.NOT_EXACTLY, self._others(nearest[1:], best.topic), lacks=lacking)
            close = [s.topic for s in ranked[1:3]
                     if s.score >= (1.0 - th.margin) * best.score and s.confidence >= best.confidence - m.rival_close
                     and not self.same_passage(s.topic, best.topic)]
            if close:
                return verdict(Decision.CLARIFY, (best.topic, *close))
            rivals = tuple(c.node for c in candidates[1:3]
                           if best.confidence - c.score <= m.rival_close and not self.same_passage(c.node, best.topic))
            if leans and best.topic == last:
                stop = self.analyser.language.stop_words
                if not q.asks and any(w in stop for w in q.words):  # a remark, not a search ("Spassky")
                    return verdict(Decision.ACKNOWLEDGE)
                others = self._others(nearest[1:m.nearest + 1], best.topic)
                return verdict(Decision.AGAIN, tuple(dict.fromkeys(rivals + others)))
            return verdict(Decision.ANSWER, rivals)
        if elsewhere:
            return verdict(Decision.MORE)  # "what else did they build?": the topic goes on
        if evidence is not None and self._touches(evidence):
            return verdict(Decision.NOT_EXACTLY, self._others(nearest[1:], best.topic))
        return verdict(Decision.DECLINE, nearest[:m.nearest], near=confidence >= th.near)

    def _others(self, nodes: Iterable[str], quoted: str) -> tuple[str, ...]:
        """Up to `model.nearest` topics besides the passage quoted, none quoting the same paragraph."""
        return tuple(n for n in nodes if not self.same_passage(n, quoted))[:self.model.nearest]

    def _lacks(self, q: Query, topic: str) -> str | None:
        """What the question asks for that the topic's passage holds nothing like ("in
        what year ...?" where it gives no year: the language's `needs`), as the guide
        names it; None where nothing is lacking."""
        if not self.model.use_needs:
            return None
        passage = " ".join(quote.text for quote in self.tour.nodes[topic].quotes)
        need = self.analyser.language.lacks(q.text, passage) if passage else None
        return need.name if need is not None else None

    def _touches(self, evidence: Evidence) -> bool:
        """Whether the text speaks of what a question is about, though it does not
        answer it: its best passage says a real share of the question, carrying at
        least about one telling word."""
        m = self.model
        return evidence.said >= m.touch_share and evidence.said * evidence.information >= m.touch_information

    def _said_as_example(self, q: Query) -> list[Scored]:
        """For a question with no topic words ("what is this article about?"): the topic
        one of whose examples it is, near enough word for word."""
        idx = self.index
        if not q.folded or not idx.example_texts or not self.model.use_phrase:
            return []
        match = process.extractOne(q.folded, idx.example_texts, scorer=fuzz.ratio,
                                   score_cutoff=self.model.whole_example)
        if not match:
            return []
        telling = {t for t, w in zip(q.tokens, q.written)
                   if t not in q.cues and self.scorer.telling(w) >= self.model.example_telling}
        if not telling <= set(self.analyser.tokens(match[0])):
            return []  # "who is the *author*?" is not "who is the *hero*?", however alike they look
        similarity = match[1] / 100.0
        return [Scored(idx.ids[idx.example_topics[match[2]]], match[1], similarity, similarity, whole=True)]

    # -- context -------------------------------------------------------------------
    def _leans(self, q: Query, last: str) -> bool:
        """Whether a question leans on the last topic: it says so ("it", "and ...",
        "what about ..."), or it is short and all its words are the topic's own
        ("why?", "how long?"; not "food?" or "xyzzy plugh")."""
        if q.leans:
            return True
        topic = q.topic
        own = self.index.own_words[self.index.position(last)]
        return len(topic) <= self.model.leaning_words and all(t in own for t in topic)

    def _fits_elsewhere(self, q: Query, last: str, ranked: list[Scored]) -> bool:
        """A question that leans but clearly fits another topic goes there: that topic
        answers it with confidence, and either the question is (nearly) one of its
        examples ("what is this story about?" after the House of Scientists) or it
        brings words the last topic lacks that carry real information ("what did he
        *eat*?" at a step of a testimony; not "how long did that *last*?")."""
        best = ranked[0] if ranked else None
        if best is None or best.topic == last:
            return False
        if 100.0 * self.verifier.confidence(self.verifier.read(q, ranked)) < self.thresholds.answer:
            return False
        if q.asks_other:
            return False  # "what else ...?" asks for a neighbour of the last topic
        if best.phrase >= best.trust:
            return True
        return self._new_information(q, last) >= self.model.elsewhere_information * self.index.unseen_idf

    def _new_information(self, q: Query, last: str) -> float:
        """What the question's words the tour knows but the last topic lacks weigh."""
        own = self.index.own_words[self.index.position(last)]
        return sum(w for t, w in self.scorer.weights(q).items() if t in self.index.postings and t not in own)

    def _with_context(self, q: Query, last: str, ranked: list[Scored]) -> tuple[list[Scored], dict[str, float]]:
        """Scores when the question leans on the last topic.

        The last topic's title and keyword words join the question at
        `context_weight`, and topics near it gain a share: the topic itself most,
        unless the question asks for something else ("what else ..."); then the topics
        it leads to; then its chapter. In a sequence, "what did he do then?" prefers
        the steps after it.
        """
        m, idx, tour = self.model, self.index, self.tour
        i = idx.position(last)
        node = tour.nodes[last]
        chapter = tour.chapter_of(last)
        later: dict[str, float] = {}
        if q.asks_later and chapter.sequence:
            steps = chapter.nodes[chapter.nodes.index(last) + 1:]
            later = {n: m.context_later * (m.later_decay ** k) for k, n in enumerate(steps)}
        # The last topic's words join the question, unless it asks what came after it;
        # less so when the question brings words of its own that the topic lacks
        # ("and the *cemetery*?"), and then the topic itself gains nothing for being last.
        own = idx.own_words[i]
        brings_new = self._new_information(q, last) >= m.elsewhere_information * idx.unseen_idf
        words = [t for t in (() if later else (idx.keywords[i] or own)) if t in idx.idf]
        # Together they weigh a share of what the question's own words weigh (or of
        # one word, for "why?"), so the last topic's many keywords cannot drown it.
        own_weight = sum(1.0 for t in q.topic if t in idx.idf)
        weight = m.context_weight * (m.context_new_share if brings_new else 1.0)
        extra = {t: weight * max(1.0, own_weight) / len(words) for t in words} if words else {}
        merged = {s.topic: s for s in self.scorer.rank(q, extra)} if extra else {}
        for s in ranked:
            merged.setdefault(s.topic, s)
        out = []
        for topic, s in merged.items():
            share = 0.0
            if topic in later:
                share = later[topic]
            elif topic == last and later:
                share = -m.context_later / 2
            elif topic == last and q.asks_other:
                share = -m.other_share * m.context_same
            elif topic == last:
                # "why?", "when?": with no words of its own, the question is about it.
                share = 0.0 if brings_new else m.context_alone if own_weight == 0 else m.context_same
            elif topic in node.next:
                share = m.context_next * (m.other_share if q.asks_other else 1.0)
            elif topic in chapter.nodes:
                share = m.context_chapter
            out.append(Scored(topic, s.score * (1.0 + share), s.coverage, s.phrase, s.trust))
        out.sort(key=lambda s: (-s.score, s.topic))
        return out, extra

    # -- the text's silences ---------------------------------------------------------
    def unanswered(self, q: Query, topic: str) -> str | None:
        """The author's `unanswered` question that this one asks, if it is one.

        The test is on the words the best passage does not explain (words absent from
        its quotes, title, keywords and chapter): "what was Ahiko's wife called?" routes
        to the passage on his family, which never speaks of a wife. When those words
        are the new words of an unanswered question ("ahiko wife name"), and that
        question's new words are the question's, both at least `unanswered` percent by
        weight, and the kind of question agrees ("when ...?"), the text is silent. A
        question whose every word the passage explains is never declined here, nor one
        that is (nearly) an example of the passage.
        """
        idx = self.index
        if not idx.gaps:
            return None
        i = idx.position(topic)
        phrase = phrase_of(q.tokens, q.kinds)
        listed = self.verifier.nearest_listed(phrase)
        if listed is not None and listed[0] >= self.model.gap_example and not (idx.phrases[i] and process.extractOne(
                phrase, idx.phrases[i], scorer=fuzz.ratio, score_cutoff=listed[0] + 1e-9)):
            return idx.gaps[listed[1]].question  # (nearly) a question the author listed

        def unexplained(tokens: Iterable[str], cues: Collection[str]) -> set[str]:
            return {t for t in tokens if i not in idx.explained.get(t, ()) and t not in cues}

        asked_words = unexplained(q.tokens, q.cues)
        if not asked_words:
            return None
        if idx.phrases[i] and process.extractOne(
                phrase, idx.phrases[i], scorer=fuzz.ratio, score_cutoff=self.model.gap_example):
            return None  # the author gave it as a question the passage answers

        def weigh(words: Iterable[str]) -> float:
            return sum(idx.idf.get(t, idx.unseen_idf) for t in words)

        asked = weigh(asked_words)
        best, found = self.thresholds.unanswered / 100.0, None
        # Only the listed questions sharing enough of the asked words can fit: summed word
        # by word first (a margin for the order of the sums), then tested exactly below.
        common: dict[int, float] = {}
        for t in asked_words:
            w = idx.idf.get(t, idx.unseen_idf)
            for g in idx.gap_index.get(t, ()):
                common[g] = common.get(g, 0.0) + w
        enough = best * asked - 1e-9
        for g in sorted(g for g, w in common.items() if w >= enough):
            gap = idx.gaps[g]
            if not gap.kinds <= q.kinds or weigh(asked_words & gap.tokens) < best * asked:
                continue  # cannot fit: another kind of question, or too few words in common
            new = unexplained(gap.tokens, gap.cues)
            shared = weigh(asked_words & new)
            fit = min(shared / weigh(new), shared / asked) if new else 0.0
            if fit >= best and gap.kinds <= q.kinds and shared >= self.model.gap_information * idx.unseen_idf:
                best, found = fit, gap.question
        return found


def _without_lexicon(language: Language) -> Language:
    """The language without its shared lexicon (synonyms and phone spellings), for the ablation."""
    return replace(language, synonyms=(), spellings={})
