"""A checked tour kept between runs, as Python keeps compiled modules.

Reading and checking the bundled script takes longer than everything else `tour ask`
does before its first answer. So once a script has loaded without errors, the result
is pickled into the user cache directory, beside the size and modification time of
every file it came from: the script, its source text, and the modules that define the
tour's model. The next run that finds all of them unchanged takes the pickle instead.
Any doubt (a file changed, another version of tour, an unreadable or broken cache)
means the script is read again. TOUR_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

FORMAT = 1


def enabled() -> bool:
    return os.environ.get("TOUR_NO_CACHE", "") in ("", "0")


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tour")) / "tours"


def _entry(script: Path) -> Path:
    digest = hashlib.sha256(str(script.resolve()).encode("utf-8")).hexdigest()[:24]
    return _cache_dir() / f"{digest}.pickle"


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_mtime_ns, st.st_size


def _model_files() -> list[Path]:
    """The modules whose classes are pickled: a change to them voids every entry."""
    here = Path(__file__).parent
    return [here / name for name in ("script.py", "source.py", "problems.py", "loader.py")]


def _key(files: list[Path]) -> list[Any]:
    from .. import __version__

    return [FORMAT, __version__, *(_stamp(p) for p in [*files, *_model_files()])]


def read(script: Path) -> Any | None:
    """The cached result of loading `script`, if every file behind it is unchanged."""
    try:
        with _entry(script).open("rb") as fh:
            files, key, loaded = pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing, old or broken cache is only a miss
        return None
    if key != _key([Path(f) for f in files]):
        return None
    return loaded


def write(script: Path, files: list[Path], loaded: Any) -> None:
    """Keep a loaded script; where the cache cannot be written, nothing is lost."""
    path = _entry(script)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as fh:
            pickle.dump(([str(f) for f in files], _key(files), loaded), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        pass
