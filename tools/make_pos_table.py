"""Write src/tour/lang/pos-en.txt: the parts of speech an English word can take, for
the noun phrases `tour init` makes titles of.

    python tools/make_pos_table.py [--wordnet /usr/share/wordnet] [--words 100000]

Reads WordNet 3.0's database (Debian's wordnet-base package: its index.*, *.exc and
cntlist.rev files; Princeton's WordNet 3.0 licence, printed at the top of the table,
allows copying and derived works with that notice kept) and wordfreq's list of the
most common English words. For each of those words it writes the parts of speech the
word can be, most likely first, as letters:

    n noun    v verb (base form or -s)    d verb past or past participle
    g verb -ing form    a adjective    r adverb

ordered by how often WordNet's sense-tagged corpus (SemCor, in cntlist.rev) uses the
word's lemma in each. The function words (determiners, pronouns, prepositions,
conjunctions, auxiliaries), which WordNet leaves out, are listed here by hand with
their own letters (t o p c x). A word the table leaves out is taken for a noun, so a
word that can only be a noun is not written. The output is deterministic: run it
again after changing this script, and commit both.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "tour" / "lang" / "pos-en.txt"
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SENSE_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}

CLOSED = {
    "t": "a an the this that these those every each either neither no some any all both "
         "another such what whatever which whichever whose my your his her its our their thy "
         "much many more most few fewer less least several enough",
    "o": "i me you he him she it we us they them myself yourself himself herself itself "
         "ourselves yourselves themselves one ones who whom whoever someone somebody "
         "something anyone anybody anything everyone everybody everything nobody nothing "
         "none mine yours hers ours theirs thee thou ye",
    "p": "of in on at by for with from to into onto upon about above across after against "
         "along amid amidst among amongst around as before behind below beneath beside besides "
         "between beyond but despite down during except inside like near off out outside over "
         "past per since than through throughout till toward towards under underneath unlike "
         "until up via within without thither whence hither",
    "c": "and or nor yet so because although though while whilst whereas if unless whether "
         "when whenever where wherever why how lest",
    "x": "be is am are was were been being have has had having do does did done doing "
         "will would shall should can could may might must ought not n't 'll 'd 've 're 's "
         "hath doth wilt shalt art wert",
}
"""Function words by their letters: determiners, pronouns, prepositions, conjunctions
(and wh-adverbs), auxiliaries and modals."""

LICENCE_END = "Princeton University and LICENSEE agrees to preserve same."


def read_index(folder: Path) -> dict[str, set[str]]:
    """lemma -> the parts of speech WordNet has it as."""
    out: dict[str, set[str]] = defaultdict(set)
    for name, letter in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            out[line.split(" ", 1)[0]].add(letter)
    return out


def read_counts(folder: Path) -> dict[tuple[str, str], int]:
    """(lemma, part of speech) -> how often SemCor tags a sense of it."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for line in (folder / "cntlist.rev").read_text(encoding="utf-8").splitlines():
        key, _sense, count = line.split()
        lemma, _, rest = key.partition("%")
        counts[(lemma, SENSE_POS[rest[0]])] += int(count)
    return counts


def read_exceptions(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """inflected form -> [(lemma, part of speech)] from noun.exc, verb.exc, adj.exc, adv.exc."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, letter in POS.items():
        for line in (folder / f"{name}.exc").read_text(encoding="utf-8").splitlines():
            form, *lemmas = line.split()
            out[form] += [(lemma, letter) for lemma in lemmas]
    return out


NOUN_RULES = [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
              ("men", "man"), ("ies", "y")]
VERB_S = [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ches", "ch"), ("shes", "sh")]
VERB_D = [("ed", "e"), ("ed", ""), ("ied", "y"), ("d", "")]
VERB_G = [("ing", "e"), ("ing", "")]
ADJ_RULES = [("er", ""), ("est", ""), ("er", "e"), ("est", "e"), ("ier", "y"), ("iest", "y")]


def _lemmas(word: str, rules: list[tuple[str, str]], pos: str, index: dict[str, set[str]]) -> list[str]:
    out = []
    for suffix, ending in rules:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)] + ending
            if pos in index.get(stem, ()):
                out.append(stem)
            elif suffix in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2] and pos in index.get(stem[:-1], ()):
                out.append(stem[:-1])  # "stopped" -> "stop"
    return out


def analyses(word: str, index, counts, exceptions) -> dict[str, float]:
    """Letter -> how likely, for one word form."""
    score: dict[str, float] = defaultdict(float)

    def add(letter: str, lemma: str, pos: str, share: float = 1.0) -> None:
        score[letter] += (counts.get((lemma, pos), 0) + 1) * share

    for pos in index.get(word, ()):
        add({"n": "n", "v": "v", "a": "a", "r": "r"}[pos], word, pos)
    for lemma, pos in exceptions.get(word, ()):
        if pos == "v":
            add("d", lemma, "v")  # the irregular forms listed are past tenses and participles
        elif pos == "n":
            add("n", lemma, "n")
        elif pos == "a":
            add("a", lemma, "a")
        else:
            add("r", lemma, "r")
    for lemma in _lemmas(word, NOUN_RULES, "n", index):
        add("n", lemma, "n")
    for lemma in _lemmas(word, VERB_S, "v", index):
        add("v", lemma, "v", 0.7)
    for lemma in _lemmas(word, VERB_D, "v", index):
        add("d", lemma, "v")
    for lemma in _lemmas(word, VERB_G, "v", index):
        add("g", lemma, "v")
    for lemma in _lemmas(word, ADJ_RULES, "a", index):
        add("a", lemma, "a", 0.7)
    return score


def licence(folder: Path) -> list[str]:
    """WordNet's licence, as its index files carry it (to be kept on every copy)."""
    lines = []
    for line in (folder / "index.noun").read_text(encoding="utf-8").splitlines():
        if not line.startswith("  "):
            break
        text = line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else ""
        lines.append(text.rstrip())
        if LICENCE_END in text:
            break
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--words", type=int, default=100_000, help="wordfreq's most common words to read")
    args = parser.parse_args()
    from wordfreq import top_n_list

    index = read_index(args.wordnet)
    counts = read_counts(args.wordnet)
    exceptions = read_exceptions(args.wordnet)
    closed: dict[str, str] = {}
    for letter, words in CLOSED.items():
        for w in words.split():
            closed[w] = closed.get(w, "") + letter
    rows = []
    for word in sorted(set(top_n_list("en", args.words)) | set(closed)):
        if not re.fullmatch(r"[a-z][a-z'-]*", word) and word not in closed:
            continue
        if word in closed:
            rows.append(f"{word} {closed[word]}")
            continue
        score = analyses(word, index, counts, exceptions)
        if not score:
            continue
        best = max(score.values())
        letters = "".join(k for k, v in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if v * 20 >= best)
        if letters != "n":
            rows.append(f"{word} {letters}")
    head = [
        "# The parts of speech of English words, most likely first, for tour init's titles.",
        "# Written by tools/make_pos_table.py from WordNet 3.0 (Debian's wordnet-base) and",
        "# wordfreq's word list; do not edit by hand. Letters: n noun, v verb, d past or past",
        "# participle, g -ing form, a adjective, r adverb; t determiner, o pronoun,",
        "# p preposition, c conjunction, x auxiliary. A word not listed is a noun.",
        "#",
        "# Derived from WordNet 3.0, under its licence:",
        *(f"# {line}".rstrip() for line in licence(args.wordnet)),
    ]
    OUT.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
