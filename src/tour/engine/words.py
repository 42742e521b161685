"""English words: to tell a misspelling from a word the tour simply does not use.

The router mends typos against the tour's own vocabulary ("vegtables" -> "vegetables").
A real word it does not know must not be "mended" into another ("regard" is not
"reward", "medals" is not "meals"). The word list is pyspellchecker's English
dictionary, loaded on the first question that needs it.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _dictionary():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_english_word(word: str) -> bool:
    """Whether a (folded) word is an English word, as spelt."""
    return word.isalpha() and word in _dictionary()
