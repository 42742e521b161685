"""Shared fixtures: the bundled tour, a small fixture tour, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tour.engine.loader import load_tour
from tour.engine.router import Router
from tour.engine.session import Session

# Tests load many throwaway scripts: keep them out of the user's tour cache (the cache
# has its own tests, with a cache directory of their own).
os.environ["TOUR_NO_CACHE"] = "1"

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini" / "dialogue.yaml"


@pytest.fixture(scope="session")
def tour():
    """The bundled tour."""
    return load_tour().tour


@pytest.fixture(scope="session")
def router(tour):
    return Router(tour)


@pytest.fixture
def session(tour, router):
    return Session(tour, router)


@pytest.fixture(scope="session")
def mini():
    """A seven-paragraph lighthouse tour: small enough to reason about exactly."""
    return load_tour(MINI).tour


@pytest.fixture
def mini_session(mini):
    return Session(mini)


def run_tour(*args: str, stdin: str = "", env: dict | None = None, timeout: float = 60, cwd=None):
    """Run `python -m tour ARGS` in a subprocess (in folder `cwd`); return the CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tour", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd,
    )


@pytest.fixture(autouse=True)
def _private_session_dir(tmp_path_factory, monkeypatch):
    """Session files go to a temporary directory, never the user's (`tour play` records by default).

    Subprocesses started by run_tour inherit it through the environment.
    """
    monkeypatch.setenv("TOUR_DATA_DIR", str(tmp_path_factory.mktemp("sessions")))
