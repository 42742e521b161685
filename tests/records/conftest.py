"""Fixtures for the records tests: a tiny tour, a private data directory, a `tour` runner.

Every test gets TOUR_DATA_DIR pointing into its tmp_path, so nothing touches the real
user data directory (subprocesses inherit it through run_tour).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tour.cache import router as cached_router
from tour.engine.loader import load_tour
from tour.engine.session import Session
from tour.records.store import SessionRecorder

DATA = Path(__file__).parent / "data"
SCRIPT = DATA / "dialogue.yaml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session directory of this test (via TOUR_DATA_DIR)."""
    folder = tmp_path / "sessions"
    monkeypatch.setenv("TOUR_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def script() -> str:
    """The fixture tour's dialogue script."""
    return str(SCRIPT)


@pytest.fixture(scope="session")
def railway():
    """The fixture tour (a small railway; tests/records/data/), not the bundled one."""
    return load_tour(SCRIPT).tour


@pytest.fixture
def make_session(railway, data_dir) -> Callable[..., Path]:
    """Record a session: each step is an input to ask, or a callable taking the Session."""

    def make(*steps, front_end: str = "test") -> Path:
        session = Session(railway, router_factory=cached_router)
        with SessionRecorder(railway, front_end) as recorder:
            session.listeners.append(recorder)
            session.welcome()
            for step in steps:
                step(session) if callable(step) else session.ask(step)
        return recorder.path

    return make


@pytest.fixture
def run_tour(data_dir) -> Callable[..., subprocess.CompletedProcess]:
    """Run `python -m tour ARGS` with this test's data directory; text in, text out."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "TOUR_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
        return subprocess.run([sys.executable, "-m", "tour", *args], input=stdin, text=True,
                              capture_output=True, env=env, timeout=120, encoding="utf-8")

    return run
