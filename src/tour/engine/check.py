"""Checking a loaded tour by routing it: every example and `unanswered` question asked
of the tour's own router, and the words of examples that look misspelt.

Above the router in the engine's imports (the loader only loads); `tour check` runs it
(tour.cache.check) and prints what it finds with each problem's place in the script.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Literal

from rapidfuzz import fuzz, process

from . import parallel
from .loader import Loaded, Place
from .problems import Problem
from .routing import Decision, Route, Router
from .routing.index import phrase_of
from .script import Node, Tour
from .text import fold


def check_examples(loaded: Loaded, progress: Callable[[int, int], None] | None = None,
                   workers: int = 1, english: Mapping[str, int] | None = None,
                   is_word: Callable[[str], bool] | None = None) -> list[Problem]:
    """Route every example and `unanswered` question once, and look for misspellings:
    the warnings, each at its place in the script.

    It builds the router, with the English word frequencies `english`; `is_word` tells
    a misspelling from a rare English word; `progress(done, total)` is called before the
    router is built (done 0) and as the examples are routed, by up to `workers`
    processes on a big tour.
    """
    tour, marks = loaded.tour, loaded.marks
    found: list[Problem] = []

    def warn(place: Place | None, message: str, kind: str) -> None:
        found.append(marks.problem(place, message, kind))

    keep: dict[str, set[str]] = {}  # each text, and the nodes whose score the check reads
    for _, question in tour.unanswered_questions():
        keep.setdefault(question, set())
    for node in tour.nodes.values():
        for example in node.examples:
            keep.setdefault(example, set()).add(node.id)
        keep.setdefault(node.title, set()).add(node.id)  # a title, asked as a question
    if progress is not None:
        progress(0, len(keep))  # building the router comes first
    apart = workers > 1 and len(keep) >= PARALLEL_FROM
    router = Router(tour, english, beside=parallel.beside if apart else parallel.in_order)
    route = _route_all(router, keep, progress, workers if apart else 1).__getitem__

    counters: dict[str | None, int] = {}
    for node_id, question in tour.unanswered_questions():
        i = counters[node_id] = counters.get(node_id, -1) + 1
        mark = marks.unanswered.get((node_id, i))
        where = f"'{node_id}'" if node_id else "the tour"
        result = route(question)
        if result.answers or result.decision == Decision.CLARIFY:
            warn(mark, f"unanswered question \u201c{question}\u201d of {where} would be answered "
                      f"by '{result.candidates[0].node}' (that passage names all its words, or an example "
                      "is as close): reword it as a reader would ask it, with the word the passage "
                      "lacks", "unanswered-answered")
    for mark_key, where, question, words in _misspellings(tour, router, is_word):
        mark = (marks.examples.get(mark_key[1]) if mark_key[0] == "example"
                else marks.unanswered.get(mark_key[1]))
        warn(mark, f"{where} \u201c{question}\u201d: {', '.join(words)} looks misspelt; the router "
                  "mends users' typos itself, and a misspelt one here teaches it the typo", "misspelt")
    for node in tour.nodes.values():
        for i, example in enumerate(node.examples):
            mark = marks.examples.get((node.id, i))
            result = route(example)
            top = result.best
            if top is None:
                why = (f"is taken as small talk ('{result.chat}')" if result.decision == Decision.CHAT
                       else "routes nowhere: the tour knows none of its words")
                warn(mark, f"example \u201c{example}\u201d of '{node.id}' {why}", "example-nowhere")
                continue
            own = result.score_of(node.id)
            if result.lacks is not None and router.same_passage(top.node, node.id):
                warn(mark, f"example \u201c{example}\u201d of '{node.id}' asks for {result.lacks}, and its "
                          f"passage gives none: the tour answers it \u201cnot exactly\u201d; list it under "
                          "`unanswered` if the text does not say it, or reword it as the passage answers it",
                     "example-lacks")
            if result.decision != Decision.CHAT and not router.same_passage(top.node, node.id):
                warn(mark, f"example \u201c{example}\u201d of '{node.id}' routes to '{top.node}' "
                          f"({top.score:.0f}) rather than to its own node ({own:.0f}): reword it with "
                          f"words of '{node.id}''s passage, or move it to '{top.node}'", "example-elsewhere")
                culprit = _nearest_example(router, example, top.node)
                if culprit is not None:
                    j, similarity = culprit
                    warn(marks.examples.get((top.node, j)),
                         f"example \u201c{tour.nodes[top.node].examples[j]}\u201d of '{top.node}' pulls "
                         f"\u201c{example}\u201d, an example of '{node.id}', to '{top.node}' ({similarity:.0f}% "
                         "alike): questions about one will land on the other; reword one of them",
                         "example-pulls")
    for node, i, other, mine, theirs in _pulls(router):
        example = node.examples[i]
        warn(marks.examples.get((node.id, i)),
             f"example \u201c{example}\u201d of '{node.id}' asks what '{other}''s passage says "
             f"({100 * theirs:.0f}% of its words there, {100 * mine:.0f}% in its own): it pulls questions "
             f"about '{other}' to '{node.id}'; move it there, or reword it with this passage's words",
             "example-pulls")
    reached: set[str] = set()
    for node in tour.nodes.values():
        result = route(node.title)
        if result.best is not None and result.decision != Decision.CHAT and (
                router.same_passage(result.best.node, node.id)
                or _said(router, node.title, node.id) >= TITLE_NEAR * _said(router, node.title, result.best.node)):
            reached.add(node.id)  # (a title another passage says as well is no misleading one)
        elif node.examples or node.quotes:
            where = (f"is taken as small talk ('{result.chat}')" if result.decision == Decision.CHAT
                     else f"reaches '{result.best.node}'" if result.best else "reaches no topic")
            warn(marks.titles.get(node.id) or marks.nodes.get(node.id),
                 f"title \u201c{node.title}\u201d of '{node.id}', asked as a question, {where}: a reader who "
                 "types it lands elsewhere; name what the passage is about in words it uses", "title-elsewhere")
        for example in node.examples:
            result = route(example)
            if result.best is not None and router.same_passage(result.best.node, node.id):
                reached.add(node.id)
    for node in tour.nodes.values():
        if node.id not in reached and node.examples:  # (without examples, its quote's words reach it)
            warn(marks.nodes.get(node.id),
                 f"no question reaches '{node.id}': its title and every example route elsewhere; "
                 "give it examples in its passage's words", "unreached")
    return found


TITLE_NEAR = 0.8
"""A title its own passage says this share of what the passage it reaches says is
shared by both, not misleading (two passages on Norman architecture)."""
PULL_OTHER = 0.9
"""An example another topic's passage says this share of (by weight) ..."""
PULL_OWN = 0.2
"""... while its own passage says less than this, pulls that topic's questions."""
PULL_WORDS = 2
"""Telling words an example needs to be judged ..."""
PULL_INFORMATION = 1.0
"""... and information, as a share of one word the tour has never seen."""
PULL_COMMON = 0.05
"""Words in more than this share of the topics (and more than 20) are left out of it:
they say nothing of which topic an example asks about."""


PULL_ALIKE = 70.0
"""An example at least this alike (rapidfuzz, 0-100) to another topic's example that
routes to it is taken for what pulled it there."""


def _said(router: Router, text: str, topic: str) -> float:
    """The share (by weight) of a text's words that a topic's quoted passage says."""
    weights = router.scorer.weights(router.analyse(text))
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    passage = set()
    for quote in router.tour.nodes[topic].quotes:
        passage.update(router.analyser.tokens(quote.text))
    return sum(w for t, w in weights.items() if t in passage) / total


def _nearest_example(router: Router, text: str, topic: str) -> tuple[int, float] | None:
    """The example of `topic` nearest to a question, word for word (index, similarity), if alike."""
    idx = router.index
    phrases = idx.phrases[idx.position(topic)]
    if not phrases or len(phrases) != len(router.tour.nodes[topic].examples):
        return None  # (a held-out build keeps fewer: the positions would not match)
    q = router.analyse(text)
    found = process.extractOne(phrase_of(q.tokens, q.kinds), phrases, scorer=fuzz.ratio, score_cutoff=PULL_ALIKE)
    return (found[2], found[1]) if found else None


def _pulls(router: Router) -> list[tuple[Node, int, str, float, float]]:
    """(node, example index, other topic, share its own passage says, share the other's
    says) for each example that asks what another topic's passage says, not its own."""
    idx, tour = router.index, router.tour
    common = max(20, int(PULL_COMMON * len(idx.ids)))
    out = []
    for node in tour.nodes.values():
        position = idx.position(node.id)
        for i, example in enumerate(node.examples):
            weights = router.scorer.weights(router.analyse(example))
            telling = {t: w for t, w in weights.items() if len(idx.explained.get(t, ())) <= common}
            total = sum(telling.values())
            if len(telling) < PULL_WORDS or total < PULL_INFORMATION * idx.unseen_idf:
                continue  # too little of its own to say which passage it asks about
            said: dict[int, float] = {}
            for token, weight in telling.items():
                for t in idx.explained.get(token, frozenset()):
                    said[t] = said.get(t, 0.0) + weight
            mine = said.get(position, 0.0) / total
            if mine >= PULL_OWN or not said:
                continue
            other = max(said, key=lambda t: (said[t], -t))
            theirs = said[other] / total
            if theirs >= PULL_OTHER and not router.same_passage(idx.ids[other], node.id):
                out.append((node, i, idx.ids[other], mine, theirs))
    return out



PROGRESS_EVERY = 500
"""Examples routed between two calls of a check's progress callback."""
PARALLEL_FROM = 2000
"""Texts to route from which the check shares them among several processes."""
_CHUNK = 250
_SHARED: tuple[Router, list[str], dict[str, set[str]]] | None = None
"""The router and the texts, for the forked processes of _route_all to read."""
_MarkKey = tuple[Literal["example"], tuple[str, int]] | tuple[Literal["unanswered"], tuple[str | None, int]]
"""Which of the loader's marks a misspelling stands at: an example's, or an unanswered question's."""


def _route_all(router: Router, keep: dict[str, set[str]], progress: Callable[[int, int], None] | None,
               workers: int) -> dict[str, Route]:
    """Each text's route, its candidates cut to the best and those named in keep[text].

    With more than one worker (check_examples asks for them on a big tour), and where
    processes can be forked (they then share the built router without copying it), the
    texts are routed by `workers` processes at once.
    """
    global _SHARED
    texts = list(keep)
    out: dict[str, Route] = {}
    if workers > 1 and parallel.can_fork():
        _SHARED = (router, texts, keep)
        try:
            chunks = [range(i, min(i + _CHUNK, len(texts))) for i in range(0, len(texts), _CHUNK)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part in pool.imap(_route_chunk, chunks):
                    out.update(part)
                    if progress is not None:
                        progress(len(out), len(texts))
        finally:
            _SHARED = None
        return out
    for text in texts:
        out[text] = _trimmed(router.route(text), keep[text])
        if progress is not None and (len(out) % PROGRESS_EVERY == 0 or len(out) == len(texts)):
            progress(len(out), len(texts))
    return out


def _route_chunk(indices: range) -> dict[str, Route]:
    assert _SHARED is not None  # set by _route_all before the processes fork
    router, texts, keep = _SHARED
    return {texts[i]: _trimmed(router.route(texts[i]), keep[texts[i]]) for i in indices}


def _trimmed(route: Route, nodes: set[str]) -> Route:
    """The route with only the candidates the check reads (the best, and `nodes`)."""
    kept = tuple(c for i, c in enumerate(route.candidates) if i == 0 or c.node in nodes)
    return replace(route, candidates=kept)


def _misspellings(tour: Tour, router: Router, is_word: Callable[[str], bool] | None = None
                  ) -> list[tuple[_MarkKey, str, str, list[str]]]:
    """Examples and unanswered questions with a word that looks like a misspelling of
    one of the tour's own words (its text, titles, keywords, aliases): not English, not
    the tour's, and close to one of the tour's ("vegtables" for "vegetables").

    Returns (mark key, where, question, odd words); each distinct word is looked up once.
    """
    stem = router.analyser.stem
    stop_words = router.analyser.language.stop_words
    is_english_word = is_word or router._is_english

    texts = [p.text for p in tour.source.paragraphs]
    texts += [t for term, variants in tour.aliases.items() for t in (term, *variants)]
    texts += [t for n in tour.nodes.values() for t in (n.title, *n.keywords)]
    # Folding works within a run of non-space characters, so each distinct run is folded
    # once, in order of first use: the words and their order are fold(text)'s, and a
    # long text costs a dictionary look-up per word, not a fold.
    runs: dict[str, None] = {}
    for i in range(0, len(texts), 4096):  # in slices: the runs of a whole book at once fill the memory
        runs.update(dict.fromkeys(" ".join(texts[i:i + 4096]).split()))
    own: dict[str, str] = {}  # stem -> the word as the tour writes it
    for run in runs:
        for w in fold(run).split():
            if w not in stop_words:
                own.setdefault(stem(w), w)
    vocabulary = sorted(own)
    verdicts: dict[str, str | None] = {}  # word -> the tour's word it looks like a typo of

    def odd(word: str) -> str | None:
        if word not in verdicts:
            verdicts[word] = None
            if word.isalpha() and len(word) >= 5 and word not in stop_words and stem(word) not in own:
                near = process.extractOne(stem(word), vocabulary, scorer=fuzz.ratio, score_cutoff=85)
                if near and near[0][0] == word[0] and not is_english_word(word):
                    verdicts[word] = own[near[0]]
        return verdicts[word]

    written: list[tuple[_MarkKey, str, str]] = [
        (("example", (node.id, i)), f"example of '{node.id}'", q)
        for node in tour.nodes.values() for i, q in enumerate(node.examples)]
    counters: dict[str | None, int] = {}
    for node_id, q in tour.unanswered_questions():
        i = counters[node_id] = counters.get(node_id, -1) + 1
        where = f"unanswered question of '{node_id}'" if node_id else "the tour's unanswered question"
        written.append((("unanswered", (node_id, i)), where, q))
    out = []
    for key, where, question in written:
        words = [f"{w!r} (for {near!r}?)" for w in dict.fromkeys(fold(question).split())
                 if (near := odd(w))]
        if words:
            out.append((key, where, question, words))
    return out


