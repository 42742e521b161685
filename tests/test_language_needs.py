"""The language's `needs`: questions only a passage of a certain look answers."""

from __future__ import annotations

import pytest

from tour.engine.language import LanguageError, english_language, parse_language


@pytest.mark.parametrize(("question", "passage", "need"), [
    ("In what year was the fort finished?", "The fort was finished by the Spanish.", "year"),
    ("In what year was the fort finished?", "The fort was finished in 1695.", None),
    ("In what year was the fort finished?", "It was finished in the seventeenth century.", None),
    ("How many soldiers held the fort?", "Soldiers held the fort through the siege.", "number"),
    ("How many soldiers held the fort?", "Three hundred soldiers held the fort.", None),
    ("How tall was the tower?", "The tower was built of brick.", "size"),
    ("How tall was the tower?", "The tower rose thirty feet.", None),
    ("How old was the captain?", "The captain sailed from Havana.", "age"),
    ("How old was the captain?", "The captain, aged 40, sailed from Havana.", None),
    ("How old is the lighthouse?", "It has stood on the cape for two centuries.", None),
    ("Who finished the fort?", "The fort was finished by the Spanish.", None),  # no need: not this rule's
])
def test_a_need_is_lacking_only_where_the_question_asks_it_and_the_passage_holds_none(question, passage, need):
    found = english_language().lacks(question, passage)
    assert (found.id if found else None) == need


@pytest.mark.parametrize("needs", [
    {"year": {"asks": ["what year"]}},                     # no holds
    {"year": {"asks": ["what year"], "holds": ["(19"]}},  # not a regular expression
    {"year": "what year"},                                 # not a mapping
])
def test_a_malformed_need_is_a_language_error_naming_it(needs):
    with pytest.raises(LanguageError, match="needs: year"):
        parse_language({"code": "xx", "stop_words": "a the", "needs": needs})
