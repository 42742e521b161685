"""The English word list that keeps the router from 'mending' real words."""

from __future__ import annotations

from tour.engine import words


def test_the_word_list_is_cached_and_read_back(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "english-words.txt"
    monkeypatch.setattr(words, "cache_file", lambda: cache)
    words.english_words.cache_clear()
    try:
        first = words.english_words()
        assert {"regard", "medals", "camp"} <= first and "vegtables" not in first
        assert cache.exists()
        words.english_words.cache_clear()
        monkeypatch.setattr(words, "_from_dictionary", lambda: (_ for _ in ()).throw(AssertionError))
        assert words.english_words() == first  # read from the cache, not rebuilt
    finally:
        words.english_words.cache_clear()


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setattr(words, "cache_file", lambda: blocked / "english-words.txt")
    words.english_words.cache_clear()
    try:
        assert words.is_english_word("regard") and not words.is_english_word("sceintists")
        assert not words.is_english_word("1945") and not words.is_english_word("")
    finally:
        words.english_words.cache_clear()
