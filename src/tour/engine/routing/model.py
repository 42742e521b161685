"""The routing model's constants, named, in one place.

Nothing here is tuned for one tour: the thresholds that decide are calibrated from
each tour's own data when its router is built (calibration.py). These constants
shape the scores; they were chosen on the tuning sets (the bundled tour's tuning
questions, its 5-example cut, and SQuAD *training* articles), never on a holdout.

Each `use_*` switch turns one mechanism off for the ablation in
`benchmarks/run.py --ablate`; the product always runs with all of them on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Model:
    """Every constant of the routing model; MODEL holds the ones the product runs with."""

    # -- input ---------------------------------------------------------------------
    max_input: int = 2000
    """Characters of an input that are routed; the rest is ignored."""

    # -- typo repair -----------------------------------------------------------------
    typo_min_length: int = 5
    """Shorter words are never mended (too many near neighbours)."""
    typo_ratio: float = 80.0
    """rapidfuzz ratio from which an unknown word may be mended into a known one."""
    typo_choices: int = 5
    """Known words considered for each unknown one."""
    form_prefix: int = 5
    """Two words one of which is the other and a letter more, the shorter this long
    or more, are one word in two forms ("storm", "stormy")."""

    # -- how telling a word is ----------------------------------------------------------
    zipf_rare: float = 3.0
    """A word this rare in English (Zipf scale) or rarer is fully telling when the tour
    has never seen it: "vaccines", "italian"."""
    zipf_common: float = 7.0
    """... and a word this common tells nothing; in between, linearly."""
    known_floor: float = 0.5
    """A word the tour knows weighs its inverse document frequency times this much at
    least, and fully as it is rarer in English: "created" tells less than "karlag"."""
    weak_factor: float = 0.5
    """Weight of a word that says what is asked for ("name", "year")."""
    information_floor: float = 0.55
    """A question carrying less information than this (the sum of its words' weights,
    as a share of what one word the tour has never seen weighs) is answered with
    proportionally less confidence: "what's your name?"."""

    # -- ranking: BM25F over a topic's fields ---------------------------------------------
    k1: float = 1.2
    """Term-frequency saturation."""
    w_passage: float = 1.0
    w_examples: float = 1.0
    w_title: float = 1.5
    """Title and keywords."""
    w_chapter: float = 0.3
    """The chapter's title and section: a testimony told as "I ..." is about its witness."""
    b_passage: float = 0.75
    b_examples: float = 0.75
    b_title: float = 0.3
    w_sentence: float = 0.5
    """Weight of the best single sentence of the passage, scored on its own."""
    w_bigram: float = 1.0
    """Weight of two question words that stand together in one sentence."""
    phrase_weight: float = 8.0
    """Ranking points for a question that is (near) one of a topic's examples, per
    unit of rapidfuzz similarity above `phrase_floor`."""
    phrase_floor: float = 0.5
    phrase_trust: float = 0.85
    """Similarity (0-1) to an example from which it alone makes the answer confident."""
    candidates: int = 20
    """Topics kept from the postings for the costlier phrase pass."""
    rescored: int = 10
    """Topics, best first, whose sentences are read to reorder them."""
    common_share: float = 0.05
    """A word in this share of topics or more (and in twice `candidates` topics at
    least) offers only its strongest topics, kept from the build."""

    # -- related words (the language's table, from WordNet) -----------------------------
    related_weight: float = 0.6
    """A word said the same way in other words or forms ("survivor", "survive") counts
    for this share of the question's word."""
    near_weight: float = 0.3
    """A word one step more or less general ("weapon", "sword") counts for this share."""

    # -- context -----------------------------------------------------------------------
    elsewhere_information: float = 0.55
    """Information a leaning question's own new words must carry to take it to another
    topic than the last (as a share of one unseen word: about one telling word)."""
    context_weight: float = 0.5
    """Weight of the last topic's own words added to a question that leans on it."""
    context_new_share: float = 0.5
    """... times this when the question brings words of its own."""
    context_same: float = 0.15
    context_alone: float = 1.0
    """Share added to the last topic for a question with no topic words of its own
    ("why?", "when?")."""
    context_next: float = 0.10
    context_chapter: float = 0.05
    """Share of ranking added to the last topic, to the topics it leads to, and to its
    chapter, for a question that leans on it."""
    context_later: float = 0.3
    later_decay: float = 0.7
    """In a sequence, "what did he do then?": share added to the next step, decaying."""

    # -- calibration ---------------------------------------------------------------------
    held_out_per_topic: int = 3
    """Examples of each topic held out, to calibrate as questions the tour never saw."""
    calibration_limit: int = 600
    """At most this many positives and this many negatives (spread evenly)."""
    negative_share: float = 0.075
    """Share of the negatives (by weight) the answer threshold lets through."""
    positive_share: float = 0.05
    """Share of the positives the answer threshold may decline, at most."""
    positive_prior: float = 30.0
    """Positives that count as much as the negatives' bound: with this many, the
    threshold moves half way from the negatives' bound to the positives'."""
    answer_floor: float = 40.0
    """Never answer with a passage the verifier gives less than this chance (percent) of
    answering, however seldom off-topic questions reach it in a tour: the operating
    point, chosen on the tuning tours. Where a wrong answer costs a decline and a half,
    the utility rises from 35 to 55 while false declines grow; 40 is the compromise
    (benchmarks/README.md, "The operating point")."""
    answer_ceiling: float = 45.0
    """In a tour without examples, the off-topic questions never set the threshold
    above this: in a long text of general subjects, many of them find words of their
    own, and there are no held-out questions to weigh them against."""
    threshold_step: float = 1.0
    """The threshold stands this far above the negative it is set by."""
    unanswered_weight: float = 0.0
    """Weight of the script's `unanswered` questions among the negatives, against 1 for
    off-topic questions. They explain themselves as well as answerable questions do
    (that is what makes them hard), so counting them only raises the threshold and
    declines answerable questions; the `unanswered` check declines them instead."""
    near_band: float = 0.1
    """Confidence (0-1) below the answer threshold still called a near miss."""
    clarify_margin: float = 0.005
    """Rivals whose ranking is within this share of the best may be offered together."""
    chat_threshold: float = 75.0
    """Small talk at or above this (0-100)."""
    unanswered_fit: float = 70.0
    """Decline when the words a question's best passage does not explain are, at least
    this percent either way by weight, the new words of an `unanswered` question."""
    gap_information: float = 0.1
    """The words a question shares with an `unanswered` one, unexplained by the best
    passage, must carry at least this much information (as a share of one unseen
    word; a word in nearly every topic carries almost none)."""
    gap_example: float = 90.0
    """A question this close to an example of its topic is answered, whatever else."""
    chat_whole: float = 90.0
    """After a topic, a question about the guide must be this close to an example."""
    whole_example: float = 80.0
    """A question made only of common words must be this close to an example, word for
    word, to be routed by it ("what is this article about?")."""

    # -- verifying (verify.py) ---------------------------------------------------------
    verifier: tuple[float, ...] = (
        4.22, 0.41, -1.09, 0.36, -6.69, -1.19, -1.98)
    """Weights of the verifier's signals (verify.SIGNALS order) in its logistic model,
    fitted by benchmarks/fit_verifier.py on the tuning tours only (the bundled tour's
    dev and tuning sets, its 5-example cut, the teacher-tuning texts with 0, 3 and 10
    examples, ten SQuAD 2.0 training articles)."""
    verifier_bias: float = -2.81
    """Its intercept."""
    example_floor: float = 0.6
    """Closeness to an example (rapidfuzz, 0-1) from which the `example` signal rises
    (to 1 for the example itself)."""
    touch_share: float = 0.34
    """A question the text does not answer is answered "not exactly", with the nearest
    passage, when that passage says at least this share of it ..."""
    touch_information: float = 0.5
    """... carrying at least this much information (in unseen words: about one telling
    word); otherwise it is declined with the nearest topics offered."""
    focus_gain: float = 0.1
    """... and the sentence next to it joins when it holds this much more of the question."""
    focus_share: float = 0.5
    """A sentence is marked as the answer when it holds at least this share of the
    question's information, more than any other sentence of the passage."""

    # -- deciding (decision.py) ------------------------------------------------------------
    chat_lead: float = 15.0
    """Small talk wins over a topic it beats by this much confidence."""
    rival_close: float = 5.0
    """Ranking confidence within which a runner-up is offered beside an answer."""
    nearest: int = 3
    """Topics offered when the text does not answer."""
    english_zipf: int = 30
    """Zipf x 10 from which a word is taken to be English as spelt (never "mended")."""
    example_telling: float = 0.5
    """A word at least this telling in English must stand in the example a question is
    taken for word for word ("author" must; "whole" need not)."""
    leaning_words: int = 2
    """A question this short whose words are all the last topic's leans on it ("why?")."""
    other_share: float = 2.0
    """"What else ...?" takes this many times `context_same` from the last topic, and
    gives this many times `context_next` to the topics it leads to."""
    typo_letters: int = 5
    """One slip per this many letters (and one more) is a typo that may be mended."""
    fallback_answer: float = 50.0
    """Answer threshold when there is nothing to calibrate on (an empty tour)."""

    # -- small talk (smalltalk.py) ------------------------------------------------------------
    chat_short: int = 2
    """Whole examples this short ("hi", "ty") still count as words."""
    chat_own_word: float = 1.5
    chat_shared_word: float = 0.5
    chat_topic_word: float = 2.0
    chat_other_word: float = 0.5
    chat_function_word: float = 0.25
    """How much each word of an input counts for an intent (its own words, words it
    shares with others) or against it (a word the tour uses for its topics most)."""
    chat_telling: float = 0.5
    """A word at least this telling in English counts against small talk like a topic
    word: "how do *vaccines* work" is no question about the guide."""
    chat_min_shared: int = 3
    """Common words an input must share with an intent to be it, having none of its own."""
    opening_words: int = 6
    """A greeting or thanks that opens a longer input is at most this many words."""

    # -- mechanisms (ablation) -----------------------------------------------------------
    use_passages: bool = True
    use_sentences: bool = True
    use_bigrams: bool = True
    use_phrase: bool = True
    use_english: bool = True
    use_lexicon: bool = True
    use_typos: bool = True
    use_context: bool = True
    use_unanswered: bool = True
    use_calibration: bool = True
    use_offtopic: bool = True
    use_related: bool = True
    use_needs: bool = True
    """Questions only a passage of a certain look answers ("in what year ...?" wants a
    year: the language's `needs`) are answered "not exactly" where the passage holds none."""
    use_verifier: bool = True
    """The verifier as a whole (off: the confidence is the coverage, as ranking gives it)."""
    use_together: bool = True
    use_unknown: bool = True
    use_closeness: bool = True
    use_addressed: bool = True
    """The verifier's signals, each off in turn for the ablation (its weights set to 0)."""

    def without(self, name: str) -> Model:
        """This model with the mechanism `use_<name>` switched off."""
        switch: dict[str, bool] = {f"use_{name}": False}
        return replace(self, **switch)  # type: ignore[arg-type]

    @classmethod
    def mechanisms(cls) -> list[str]:
        """The names of the mechanisms that can be switched off (`use_<name>`)."""
        return [f.name.removeprefix("use_") for f in fields(cls) if f.name.startswith("use_")]


MODEL = Model()
