"""English words: to tell a misspelling from a word the tour simply does not use.

The router mends typos against the tour's own vocabulary ("vegtables" -> "vegetables").
A real word it does not know must not be "mended" into another ("regard" is not
"reward", "medals" is not "meals"). The word list is pyspellchecker's English
dictionary. Building it takes a tenth of a second, so the words are also kept as a
plain list in the user's cache directory, which loads ten times faster; the list is
only read when a question first needs it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def cache_file() -> Path:
    import spellchecker
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tour")) / f"english-words-{spellchecker.__version__}.txt"


def _from_dictionary() -> frozenset[str]:
    from spellchecker import SpellChecker

    checker = SpellChecker(language="en", distance=1)
    return frozenset(w for w in checker.word_frequency.keys() if w.isalpha())


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every English word of the dictionary, from the cache when it is there."""
    path = cache_file()
    try:
        words = frozenset(path.read_text(encoding="utf-8").split())
        if words:
            return words
    except (OSError, UnicodeDecodeError):
        pass
    words = _from_dictionary()
    try:  # keep them for next time; where the cache cannot be written, nothing is lost
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text("\n".join(sorted(words)), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
    return words


def is_english_word(word: str) -> bool:
    """Whether a (folded) word is an English word, as spelt."""
    return word.isalpha() and word in english_words()
