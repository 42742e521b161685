"""The loaded-tour cache: a second load takes the pickle, any change reads the script again."""

from __future__ import annotations

import os
import shutil

import pytest

from tour import cache
from tour.engine import loader
from tour.engine.problems import ScriptError

from .conftest import DATA


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUR_NO_CACHE", "0")
    monkeypatch.setattr(cache, "folder", lambda: tmp_path / "cache")
    work = tmp_path / "mini"
    shutil.copytree(DATA / "mini", work)
    return work


def _parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = loader._Loader.load

    def counting(self, **kwargs):
        calls.append(str(self.path))
        return real(self, **kwargs)

    monkeypatch.setattr(loader._Loader, "load", counting)
    return calls


def test_a_second_load_comes_from_the_cache(cached, monkeypatch):
    calls = _parses(monkeypatch)
    first = cache.load(cached / "dialogue.yaml").tour
    second = cache.load(cached / "dialogue.yaml").tour
    assert len(calls) == 1
    assert second == first


@pytest.mark.parametrize("changed", ["dialogue.yaml", "article.txt"])
def test_a_changed_script_or_text_is_read_again(cached, monkeypatch, changed):
    calls = _parses(monkeypatch)
    cache.load(cached / "dialogue.yaml")
    target = cached / changed
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    cache.load(cached / "dialogue.yaml")
    assert len(calls) == 2


def test_a_broken_script_is_never_cached(cached):
    script = cached / "dialogue.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace("title: The cape", "titel: The cape"),
                      encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ScriptError):
            cache.load(script)


def test_a_broken_cache_is_only_a_miss(cached, monkeypatch):
    cache.load(cached / "dialogue.yaml")
    for entry in (cached.parent / "cache" / "tours").iterdir():
        entry.write_bytes(b"not a pickle")
    calls = _parses(monkeypatch)
    assert cache.load(cached / "dialogue.yaml").tour.id == "lighthouse"
    assert len(calls) == 1


def test_tour_no_cache_turns_it_off(cached, monkeypatch):
    monkeypatch.setenv("TOUR_NO_CACHE", "1")
    calls = _parses(monkeypatch)
    cache.load(cached / "dialogue.yaml")
    cache.load(cached / "dialogue.yaml")
    assert len(calls) == 2 and not (cached.parent / "cache").exists()


def test_the_english_list_is_wordfreqs_down_to_the_floor():
    """Read bucket by bucket, it is what wordfreq's whole frequency dict gives."""
    import math

    import wordfreq

    from tour.cache import ZIPF_FLOOR, _english_from_wordfreq

    whole = {w: round(10 * math.log10(f * 1e9)) for w, f in wordfreq.get_frequency_dict("en", "large").items()
             if w.isalpha() and f * 1e9 >= 10 ** ZIPF_FLOOR}
    assert _english_from_wordfreq() == whole
    assert len(whole) > 20_000


@pytest.mark.parametrize("changed", ["dialogue.yaml", "article.txt"])
def test_a_file_restored_with_its_old_time_and_size_is_read_again(cached, monkeypatch, changed):
    """`cp -p`, `rsync -t` and `tar -x` keep a file's time: only its contents tell."""
    calls = _parses(monkeypatch)
    first = cache.load(cached / "dialogue.yaml").tour
    target = cached / changed
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    old, new = ("northern cape", "southern cape") if changed == "article.txt" else ("The cape", "The Cape")
    target.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    if changed == "article.txt":  # the quote is no longer in the text: the script now fails
        with pytest.raises(ScriptError, match="quote not found"):
            cache.load(cached / "dialogue.yaml")
    else:
        assert cache.load(cached / "dialogue.yaml").tour.chapter("cape").title == "The Cape"
        assert first.chapter("cape").title == "The cape"
    assert len(calls) == 2


def test_an_entry_that_could_not_be_written_leaves_no_part_behind(cached, monkeypatch):
    """On a full disk, half an entry is removed, not left in the cache folder."""
    import errno
    from pathlib import Path

    real = Path.write_bytes

    def full_disk(self, data):
        real(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert cache.load(cached / "dialogue.yaml").tour.id == "lighthouse"  # nothing is lost
    left = [p.name for p in (cached.parent / "cache").rglob("*") if p.is_file()]
    assert left == []


def test_a_fifo_in_place_of_an_entry_is_only_a_miss(cached, monkeypatch):
    """Whatever stands in the cache folder, reading it never waits for ever."""
    entry_folder = cached.parent / "cache" / "tours"
    cache.load(cached / "dialogue.yaml")
    (entry,) = entry_folder.iterdir()
    entry.unlink()
    os.mkfifo(entry)
    calls = _parses(monkeypatch)
    assert cache.load(cached / "dialogue.yaml").tour.id == "lighthouse"
    assert len(calls) == 1


def test_a_compiled_router_keeps_neither_a_router_nor_the_english_word_list(mini):
    """The analyser holds the router's `is_english` method: pickled as it was, the entry
    held the whole router and its English word list (1.3 MB for the bundled tour's 0.7)."""
    import pickle

    from tour.engine.routing import Router

    words = cache.english()
    router = Router(mini, words)
    data = pickle.dumps(router.compiled(), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"Router" not in data
    assert len(data) < len(pickle.dumps(dict(words), protocol=pickle.HIGHEST_PROTOCOL))
    again = Router(mini, words, compiled=pickle.loads(data))
    for question in ("where was the lighthouse", "who were the keppers", "pizza"):
        assert again.route(question) == router.route(question)
