"""What is kept between runs: checked tours, the English word frequencies, and each
tour's compiled router.

The engine does no file I/O after loading a script and keeps no cache: these are
read here and passed in. All live in the user cache directory (`platformdirs`;
XDG_CACHE_HOME moves it, and the tests point it at a temporary folder), as Python
keeps compiled modules. An entry is keyed on the contents of the files it was built
from (SHA-256), never on their times or sizes: a text restored with its old time
(`cp -p`, `rsync -t`, `tar -x`) is read again. Any doubt about an entry (another
version, a changed file, an unreadable or broken file) means it is built again; where
the cache cannot be written, nothing is lost and no part of a file is left behind.
TOUR_NO_CACHE=1 turns all three off.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .processes import batch

if TYPE_CHECKING:
    from .engine.routing import Router
    from .engine.script import Tour

ZIPF_FLOOR = 3.0
"""English words at least this frequent (Zipf scale) are kept; rarer ones, and words
not English at all, count as fully telling for the router."""
ENTRY_LIMIT = 1 << 31
"""The largest cache entry read back (2 GiB): a checked tour over a long text is large."""
ROUTER_FORMAT = 3
TOUR_FORMAT = 3


def enabled() -> bool:
    return os.environ.get("TOUR_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tour"))


def _wordfreq_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "unknown"


def _entry(path: Path) -> bytes:
    """The bytes of a cache entry, read as the loader reads files (a FIFO or a device put
    in its place is refused, not read for ever); OSError where it cannot be read."""
    from .engine.files import FileError, read_bytes

    try:
        return read_bytes(path, "cache entry", limit=ENTRY_LIMIT)
    except FileError as exc:
        raise OSError(str(exc)) from None


def _write(path: Path, data: bytes) -> None:
    """Write an entry whole or not at all: into a file of its own, renamed into place
    once complete; a file that could not be written (a full disk) is removed."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass


@lru_cache(maxsize=1)
def english() -> dict[str, int]:
    """English words with their frequency, Zipf x 10 (wordfreq's "large" English list,
    alphabetic words of Zipf 3 or more: about 28,000)."""
    path = folder() / f"english-zipf-{_wordfreq_version()}.marshal"
    if enabled():
        try:
            words = marshal.loads(_entry(path))
            if isinstance(words, dict) and words:
                return words
        except (OSError, ValueError, EOFError, TypeError):
            pass
    words = _english_from_wordfreq()
    if enabled():
        _write(path, marshal.dumps(words))
    return words


def _english_from_wordfreq() -> dict[str, int]:
    """The list built from wordfreq's, as get_frequency_dict would give it, but reading
    only its buckets down to the floor (the frequency list is ordered by frequency,
    a bucket per centibel), not the hundreds of thousands of rarer words."""
    import wordfreq  # only to build the list: importing it costs a tenth of a second

    words: dict[str, int] = {}
    for index, bucket in enumerate(wordfreq.get_frequency_list("en", "large")):
        f = 10 ** (-index / 100)  # wordfreq's cB_to_freq(-index)
        if f * 1e9 < 10 ** ZIPF_FLOOR:
            break
        zipf = round(10 * math.log10(f * 1e9))
        words.update((w, zipf) for w in bucket if w.isalpha() and w not in words)
    return words


# -- checked tours -------------------------------------------------------------------------
def digest(path: str | Path) -> str | None:
    """The SHA-256 of a file's contents, read as the loader reads files (a regular file
    of bounded size); None where it cannot be read."""
    from .engine.files import FileError, read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except FileError:
        return None


@lru_cache(maxsize=4)
def _code_digest(names: tuple[str, ...]) -> str | None:
    """One digest of the contents of the engine's modules of these names and of the
    language files: a change to any voids the entries that depend on them."""
    from .engine import language

    here = Path(language.__file__).parent
    whole = hashlib.sha256()
    for path in [*(here / name for name in names), *language.language_files()]:
        part = digest(path)
        if part is None:
            return None
        whole.update(f"{path.name} {part}\n".encode())
    return whole.hexdigest()


MODEL_MODULES = ("script.py", "source.py", "problems.py", "loader.py", "language.py", "files.py")
"""The modules whose classes a loaded tour pickles, or that decide what it holds."""


def _tour_key(script: str, files: list[str]) -> list[Any] | None:
    """What a loaded tour depends on: the script as named, the contents of every file it
    was read from, the model's code; None where a file cannot be read."""
    from . import __version__

    digests = [digest(f) for f in files]
    code = _code_digest(MODEL_MODULES)
    if code is None or None in digests:
        return None
    return [TOUR_FORMAT, __version__, script, code, *zip(files, digests)]


def load(path: str | Path | None = None):
    """`load_tour(path)`, from the cache when the script, its text and the model's
    modules hold what they held when it last loaded without errors."""
    from .engine.files import bundled_script
    from .engine.loader import load_tour

    script = Path(path) if path is not None else bundled_script()
    named = os.path.abspath(script)  # never resolve(): a symbolic link loop raises there
    entry = folder() / "tours" / f"{hashlib.sha256(os.fsencode(os.path.realpath(named))).hexdigest()[:24]}.pickle"
    if enabled():
        try:
            files, key, loaded = pickle.loads(_entry(entry))
            if key is not None and key == _tour_key(named, files):
                return loaded
        except Exception:  # noqa: BLE001 - a missing, old or broken entry is only a miss
            pass
    loaded = load_tour(script)
    if enabled():
        files = [os.path.abspath(f) for f in loaded.files]
        key = _tour_key(named, files)
        if key is not None:
            _write(entry, pickle.dumps((files, key, loaded), protocol=pickle.HIGHEST_PROTOCOL))
    return loaded


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Whether wordfreq knows a word as English at all, however rare ("foremen",
    "reorganisation"): what `tour check` asks before calling a word misspelt."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") > 0


def check(path, **options):
    """`load_tour(path)`, then every example routed (engine/check.py) with the English
    word list and `is_word`, as `tour check` runs it: the Loaded tour with all the
    warnings."""
    from .engine.check import check_examples
    from .engine.loader import load_tour

    loaded = load_tour(path)
    loaded.warnings += check_examples(loaded, english=english(), is_word=is_word, **options)
    return loaded


def _router_key(tour: Tour) -> str | None:
    """What a compiled router depends on: the script and its text, the routing code,
    the language files and the word list."""
    from . import __version__
    from .engine import language

    if not tour.path:
        return None
    script = digest(tour.path)
    engine = Path(language.__file__).parent
    routing = tuple(str(p.relative_to(engine)) for p in sorted((engine / "routing").glob("*.py")))
    code = _code_digest((*routing, "language.py", "text.py", "script.py"))
    if script is None or code is None:
        return None
    whole = hashlib.sha256(f"{ROUTER_FORMAT} {__version__} {_wordfreq_version()} {script} {code}\n".encode())
    whole.update("\n".join(p.text for p in tour.source.paragraphs).encode("utf-8"))
    return whole.hexdigest()[:32]


def router(tour: Tour) -> Router:
    """The tour's router, from the cache when it was built before for the same files."""
    from .engine.routing import Router

    words = english()
    key = _router_key(tour) if enabled() else None
    path = folder() / "routers" / f"{key}.pickle" if key else None
    if path is not None:
        try:
            with batch():  # tens of thousands of objects: the cycle collector would walk them
                compiled: Any = pickle.loads(_entry(path))
            return Router(tour, words, compiled=compiled)
        except Exception:  # noqa: BLE001 - a missing, old or broken entry is only a miss
            pass
    built = Router(tour, words)
    if path is not None:
        _write(path, pickle.dumps(built.compiled(), protocol=pickle.HIGHEST_PROTOCOL))
    return built
