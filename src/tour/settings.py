"""The settings of one run of `tour`: read from the command line and the environment
here, once, and passed to what needs them.

    settings = Settings.from_args(args)      # the command line over the environment
    settings = Settings.from_env()           # the environment alone (an app started by `tour serve`)

The environment variables, each read only here:

- TOUR_DATA_DIR: where session files are kept (`--data-dir` wins over it);
- TOUR_RECORD: "0" records nothing (`tour serve --no-record` sets it for its apps);
- TOUR_FRONT_END: "serve" names the sessions of the apps `tour serve` starts;
- TOUR_NO_CACHE: "1" keeps nothing in the user cache;
- TEXTUAL_THEME: the app's colour theme when `--theme` gives none.

The script is found as tools find their configuration: `--script PATH`, else the
`dialogue.yaml` of the current folder, else the bundled tour (settings.script is
None, and the command line says so on stderr).

No Textual and no Rich here; nothing is read from disk (whether ./dialogue.yaml
exists is the one look).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DATA_DIR_VAR = "TOUR_DATA_DIR"
RECORD_VAR = "TOUR_RECORD"
FRONT_END_VAR = "TOUR_FRONT_END"
NO_CACHE_VAR = "TOUR_NO_CACHE"
THEME_VAR = "TEXTUAL_THEME"
SERVE = "serve"
"""The front-end name of the sessions `tour serve` runs."""
SCRIPT_NAME = "dialogue.yaml"
"""The script a command uses when run in a tour's folder with no `--script`."""
ScriptOrigin = Literal["option", "folder", "bundled"]


def default_data_dir() -> Path:
    """The user data directory's tour/sessions (platformdirs: ~/.local/share/tour/sessions on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("tour")) / "sessions"


@dataclass(frozen=True)
class Settings:
    """What the command line and the environment ask of this run."""

    script: str | None = None
    """The dialogue script: `--script PATH`, else ./dialogue.yaml where the current
    folder has one; None for the bundled tour."""
    script_origin: ScriptOrigin = "bundled"
    """Where the script came from: the option, the current folder, or neither (bundled)."""
    data_dir: Path = field(default_factory=default_data_dir)
    """Where session files are written and read: `--data-dir`, else $TOUR_DATA_DIR,
    else the user data directory's tour/sessions."""
    record: bool = True
    """Record each session to a session file: off with `--no-record` or $TOUR_RECORD=0."""
    front_end: str = ""
    """The front-end name sessions are recorded under when the environment sets one:
    "serve" where $TOUR_FRONT_END says so; '' lets a front-end use its own ("tui", "play")."""
    theme: str | None = None
    """The app's colour theme: `--theme`, else $TEXTUAL_THEME unless `--present` (the
    projector layout picks its own); None leaves the choice to the app."""
    present: bool = False
    """The projector layout (`--present`)."""
    content_note: bool = True
    """Show the tour's content note at start (off with `--no-content-note`)."""
    cache: bool = True
    """Keep checked tours, compiled routers and the word list in the user cache
    (off with $TOUR_NO_CACHE=1)."""

    @classmethod
    def from_args(cls, args: argparse.Namespace | None = None,
                  environ: Mapping[str, str] | None = None, folder: Path | None = None) -> Settings:
        """The settings of parsed command-line arguments, the environment filling in what
        they leave unset (`environ` defaults to os.environ; `folder`, where a
        dialogue.yaml is looked for, to the current folder)."""
        env = os.environ if environ is None else environ

        def given(name: str, default: Any = None) -> Any:
            return getattr(args, name, default) if args is not None else default

        present = bool(given("present", False))
        script, origin = find_script(given("script"), folder)
        return cls(
            script=script,
            script_origin=origin,
            data_dir=_data_dir(given("data_dir"), env.get(DATA_DIR_VAR)),
            record=bool(given("record", True)) and env.get(RECORD_VAR, "1") != "0",
            front_end=SERVE if env.get(FRONT_END_VAR) == SERVE else "",
            theme=given("theme") or (None if present else env.get(THEME_VAR) or None),
            present=present,
            content_note=not given("no_content_note", False),
            cache=env.get(NO_CACHE_VAR, "") in ("", "0"),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment alone gives (no command line)."""
        return cls.from_args(None, environ)


def find_script(given: str | None, folder: Path | None = None) -> tuple[str | None, ScriptOrigin]:
    """The script a command uses, and where it came from: the one given, else the
    dialogue.yaml of `folder` (the current folder), else None for the bundled tour."""
    if given:
        return given, "option"
    here = (folder or Path.cwd()) / SCRIPT_NAME
    if here.exists():
        return str(here) if folder is not None else SCRIPT_NAME, "folder"
    return None, "bundled"


def _data_dir(given: str | Path | None, from_env: str | None) -> Path:
    if given:
        return Path(given).expanduser()
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()
