"""Make src/tour/lang/related-en.txt, the related-words table, from WordNet 3.0.

    python tools/related_words.py [--wordnet /usr/share/wordnet] [--out src/tour/lang/related-en.txt]

WordNet's data files come with Debian's wordnet-base package (/usr/share/wordnet). For
each English word in use (Zipf frequency at least MIN_ZIPF in wordfreq), from its
first SENSES senses: its synonyms (the other words of the synset), the words it is
derivationally related to ("survive", "survivor"), its pertainyms ("Japanese",
"Japan"), and, marked "~" as near rather than the same, the words one step more or
less general ("sword" and "weapon"). Every word is written as the router stems it
(Snowball English), without the language's function words; a line is a stem, then
its related stems. The router weighs a related word below the word itself (routing/
model.py: related_weight).

WordNet's licence asks that its notice go with every copy: the file's header holds it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import snowballstemmer
import yaml
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
MIN_ZIPF = 2.5
"""Words rarer than this in English are left out (obscure senses, names of species)."""
SENSES = 2
"""A word's first senses read (WordNet orders them by frequency)."""
MAX_RELATED = 12
"""Related stems kept per stem, the same ones first."""
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SAME = {"+", "\\", "="}
"""Pointers to a word that says the same thing in another form: derivation, pertainym, attribute."""
NEAR = {"@", "~"}
"""Pointers one step more or less general: hypernyms, hyponyms (not instances: names)."""

NOTICE = """# Related words, made by tools/related_words.py from WordNet 3.0; see that script.
# Each line: a stem, then stems said the same way in other words or forms; "~" marks a
# stem one step more or less general.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT
# LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF
# MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED
# SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
# COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the software and/or database. Title to
# copyright in this software, database and any associated documentation shall at all
# times remain with Princeton University and LICENSEE agrees to preserve same.
# (WordNet 3.0 licence: use, copy, modify and distribute for any purpose, without fee,
# with this notice.)
"""

_WORD = re.compile(r"^[a-z]+$")


def read_data(folder: Path) -> dict[tuple[str, int], tuple[list[str], list[tuple[str, str, int, int, int]]]]:
    """(pos, offset) -> (its words, its pointers as (symbol, target pos, target offset,
    source word number, target word number))."""
    synsets = {}
    for pos, name in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset = int(fields[0])
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(count)]
            words = [re.sub(r"\(.*\)$", "", w) for w in words]
            k = 4 + 2 * count
            pointers = []
            for _ in range(int(fields[k])):
                symbol, target, tpos, st = fields[k + 1:k + 5]
                pointers.append((symbol, "a" if tpos == "s" else tpos, int(target), int(st[:2], 16), int(st[2:], 16)))
                k += 4
            synsets[(pos, offset)] = (words, pointers)
    # satellites ('s') are filed with the adjectives
    return synsets


def read_index(folder: Path) -> dict[str, list[tuple[str, int]]]:
    """word -> the synsets read for it, most used first: the first SENSES senses of its
    most used part of speech (by WordNet's counts of tagged senses), and the first
    sense of another part of speech used at least a tenth as much ("build" the verb,
    not "build" the physique)."""
    entries: dict[str, list[tuple[int, str, list[int]]]] = defaultdict(list)
    for pos, name in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            word, pointers = fields[0], int(fields[3])
            tagged = int(fields[4 + pointers + 1])
            offsets = [int(o) for o in fields[4 + pointers + 2:]]
            entries[word].append((tagged, pos, offsets))
    senses: dict[str, list[tuple[str, int]]] = {}
    for word, found in entries.items():
        found.sort(key=lambda e: -e[0])
        top = found[0][0]
        chosen = [(found[0][1], o) for o in found[0][2][:SENSES]]
        for tagged, pos, offsets in found[1:]:
            if tagged and tagged * 10 >= top:
                chosen.append((pos, offsets[0]))
        senses[word] = chosen
    return senses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "tour" / "lang" / "related-en.txt")
    args = parser.parse_args(argv)
    if not (args.wordnet / "data.noun").exists():
        print(f"{args.wordnet}: no WordNet data here: install Debian's wordnet-base, or give --wordnet",
              file=sys.stderr)
        return 2
    synsets = read_data(args.wordnet)
    senses = read_index(args.wordnet)
    stop = set(str(yaml.safe_load((ROOT / "src/tour/lang/en.yaml").read_text())["stop_words"]).split())
    stemmer = snowballstemmer.stemmer("english")

    def usable(word: str) -> bool:
        return bool(_WORD.match(word)) and word not in stop and zipf_frequency(word, "en") >= MIN_ZIPF

    same: dict[str, set[str]] = defaultdict(set)
    near: dict[str, set[str]] = defaultdict(set)
    for word, found in senses.items():
        if not usable(word):
            continue
        stem = stemmer.stemWord(word)
        for key in found:
            words, pointers = synsets[key]
            same[stem].update(stemmer.stemWord(w) for w in words if usable(w))
            me = words.index(word) + 1 if word in words else 0
            for symbol, tpos, target, source, to in pointers:
                if (tpos, target) not in synsets:
                    continue
                targets = synsets[(tpos, target)][0]
                if symbol in SAME and (source == 0 or source == me):
                    chosen = targets if to == 0 else [targets[to - 1]]
                    same[stem].update(stemmer.stemWord(w) for w in chosen if usable(w))
                elif symbol in NEAR and source == 0 and key == found[0]:
                    near[stem].update(stemmer.stemWord(w) for w in targets if usable(w))
    frequency: dict[str, float] = {}
    for word in senses:
        if usable(word):
            stem = stemmer.stemWord(word)
            frequency[stem] = max(frequency.get(stem, 0.0), zipf_frequency(word, "en"))

    def by_use(stems: set[str]) -> list[str]:
        return sorted(stems, key=lambda s: (-frequency.get(s, 0.0), s))

    lines = []
    for stem in sorted(set(same) | set(near)):
        alike = by_use(same[stem] - {stem})
        nearer = by_use(near[stem] - {stem} - set(alike))
        kept = (alike + ["~" + s for s in nearer])[:MAX_RELATED]
        if kept:
            lines.append(" ".join([stem, *kept]))
    args.out.write_text(NOTICE + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines):,} stems, {sum(len(l.split()) - 1 for l in lines):,} related", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
