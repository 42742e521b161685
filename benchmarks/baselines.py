"""Retrieval baselines the router is measured against: TF-IDF and BM25.

Each baseline ranks the article's paragraphs (every non-heading line of the source)
for a question and answers with the top one, or declines when its score is below a
threshold. The threshold is tuned once on the dev set and then used unchanged.

A baseline's answer is turned into a `Reply` citing that one paragraph, so that it
is judged by exactly the rules of `tour.evaluation` (`is_right`, `Report.metrics`).
Baselines cannot make small talk: their chat figures are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from tour.engine.reply import Citation, Reply
from tour.engine.source import Source
from tour.evaluation import Outcome, Question, QuestionSet, Report, is_right

_WORD = re.compile(r"\w+")


def documents(source: Source) -> list[tuple[int, str]]:
    """(paragraph number, text) of every non-empty, non-heading line of the source."""
    return [(p.number, p.text) for p in source.paragraphs if p.kind != "heading" and p.text]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class Retriever:
    """Ranks paragraphs for a question; subclasses fill in `scores`."""

    name = "retriever"

    def __init__(self, docs: list[tuple[int, str]]):
        self.numbers = [number for number, _ in docs]

    def scores(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def top(self, text: str) -> tuple[int, float]:
        """The best paragraph and its score."""
        scores = self.scores(text)
        i = int(np.argmax(scores))
        return self.numbers[i], float(scores[i])


class TfidfRetriever(Retriever):
    """Word 1-2 grams and char_wb 3-5 grams (scikit-learn defaults otherwise), cosine."""

    name = "tfidf"

    def __init__(self, docs: list[tuple[int, str]]):
        super().__init__(docs)
        self.vectorizer = FeatureUnion([
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2))),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))),
        ])
        self.matrix = normalize(self.vectorizer.fit_transform([text for _, text in docs]))

    def scores(self, text: str) -> np.ndarray:
        query = normalize(self.vectorizer.transform([text]))
        return (self.matrix @ query.T).toarray().ravel()


class BM25Retriever(Retriever):
    """rank_bm25.BM25Okapi with its default parameters, over lowercased word tokens."""

    name = "bm25"

    def __init__(self, docs: list[tuple[int, str]]):
        super().__init__(docs)
        self.bm25 = BM25Okapi([words(text) for _, text in docs])

    def scores(self, text: str) -> np.ndarray:
        return self.bm25.get_scores(words(text))


@dataclass(frozen=True)
class Ranked:
    """A question with the retriever's best paragraph and score."""

    question: Question
    paragraph: int
    score: float


def reply(ranked: Ranked, threshold: float) -> Reply:
    """The baseline's reply: the top paragraph, or a decline below the threshold."""
    q = ranked.question.q
    if ranked.score < threshold:
        return Reply(q, "fallback", "", score=ranked.score)
    citation = Citation("", ranked.paragraph, "", 0, 0, "")
    return Reply(q, "answer", "", citations=(citation,), score=ranked.score)


def rank(retriever: Retriever, questions: QuestionSet) -> tuple[list[Ranked], list[Ranked]]:
    """Rank the single questions (chat excluded) and the follow-up turns of a set.

    A dialogue turn is ranked on the concatenation of every turn so far, the only
    context a stateless retriever can have; the first turn is not a follow-up.
    """
    singles = [_ranked(retriever, q, q.q) for q in questions.single if q.style != "chat"]
    turns = [
        _ranked(retriever, turn, " ".join(t.q for t in dialogue.turns[: i + 1]))
        for dialogue in questions.multi
        for i, turn in enumerate(dialogue.turns)
        if i
    ]
    return singles, turns


def _ranked(retriever: Retriever, question: Question, text: str) -> Ranked:
    paragraph, score = retriever.top(text)
    return Ranked(question, paragraph, score)


def report(name: str, singles: list[Ranked], turns: list[Ranked], threshold: float) -> Report:
    """A tour.evaluation Report of the baseline's replies at a threshold."""
    out = Report(name)
    for target, ranked in ((out.singles, singles), (out.turns, turns)):
        for r in ranked:
            answer = reply(r, threshold)
            rank = 1 if r.paragraph in r.question.lines else None  # for the AUC: its top paragraph right
            target.append(Outcome(r.question, answer, is_right(r.question, answer), rank))
    return out


def objective(metrics: dict) -> float:
    """What the threshold maximises on dev: the mean of in-scope top-1 and OOS declined."""
    return ((metrics["in_scope"] or 0.0) + (metrics["oos_declined"] or 0.0)) / 2


def tune_threshold(singles: list[Ranked]) -> tuple[float, float]:
    """The threshold (and its objective) that does best on these ranked dev questions.

    Candidates are 0 and the midpoints between consecutive distinct top scores, plus
    one above the highest; ties go to the lowest threshold.
    """
    scores = sorted({r.score for r in singles})
    candidates = [0.0, *((a + b) / 2 for a, b in zip(scores, scores[1:])), scores[-1] + 1.0]
    best = max(candidates, key=lambda t: (objective(report("dev", singles, [], t).metrics()), -t))
    return best, objective(report("dev", singles, [], best).metrics())


BASELINES: tuple[type[Retriever], ...] = (TfidfRetriever, BM25Retriever)

