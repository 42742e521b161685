"""Fixtures for the review's tests: a copy of the lighthouse tour the test may write,
a private data directory, and a class recorded in it.

The tour is copied into tmp_path, so a test that writes decisions never touches
tests/data; sessions go to this test's data directory (TOUR_DATA_DIR).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tour.cache import router as cached_router
from tour.engine.loader import load_tour
from tour.engine.session import Session
from tour.records.store import SessionRecorder

MINI_FOLDER = Path(__file__).parents[1] / "data" / "mini"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's session directory (also $TOUR_DATA_DIR, for subprocesses)."""
    folder = tmp_path / "sessions"
    monkeypatch.setenv("TOUR_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def script(tmp_path: Path) -> Path:
    """A copy of the lighthouse tour (dialogue.yaml beside article.txt) to write into."""
    folder = tmp_path / "tour"
    shutil.copytree(MINI_FOLDER, folder)
    return folder / "dialogue.yaml"


@pytest.fixture
def lighthouse(script: Path):
    return load_tour(script).tour


@pytest.fixture
def play_class(lighthouse, data_dir) -> Callable[..., list[Path]]:
    """Record one session per student, each asking its list of inputs in order."""

    def play(*students: list[str], tour=None) -> list[Path]:
        tour = tour or lighthouse
        router = cached_router(tour)
        paths = []
        for inputs in students:
            session = Session(tour, router)
            with SessionRecorder(tour, "test", data_dir) as recorder:
                session.listeners.append(recorder)
                session.welcome()
                for text in inputs:
                    session.ask(text)
            paths.append(recorder.path)
        return paths

    return play
