"""Shared fixtures: the bundled tour, a small fixture tour, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tour.cache import router as cached_router
from tour.engine.loader import load_tour
from tour.engine.session import Session

# Every cache (checked tours, compiled routers, the English word list) goes to a
# temporary folder, never the user's; subprocesses inherit it. The cache has its own
# tests, with folders of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tour-tests-cache-")

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini" / "dialogue.yaml"


@pytest.fixture(scope="session")
def tour():
    """The bundled tour."""
    return load_tour().tour


@pytest.fixture(scope="session")
def router(tour):
    return cached_router(tour)


@pytest.fixture
def session(tour, router):
    return Session(tour, router)


@pytest.fixture(scope="session")
def mini():
    """A seven-paragraph lighthouse tour: small enough to reason about exactly."""
    return load_tour(MINI).tour


@pytest.fixture(scope="session")
def mini_router(mini):
    return cached_router(mini)


@pytest.fixture
def mini_session(mini, mini_router):
    return Session(mini, mini_router)


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
