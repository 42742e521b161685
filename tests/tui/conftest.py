"""Fixtures for the app's tests: a small tour of our own and an app factory.

The small tour (tests/tui/data/small.yaml) quotes eleven lines of the article, so the
tests and snapshots do not move whenever the bundled tour is edited.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tour.engine.loader import load_tour
from tour.tui.app import TourApp

SMALL = Path(__file__).parent / "data" / "small.yaml"
SIZE = (120, 40)
THEME = "textual-dark"


@pytest.fixture(scope="session")
def small_tour():
    """Three chapters, seven topics, one of them a four-step testimony."""
    return load_tour(SMALL).tour


@pytest.fixture
def make_app(small_tour):
    """Build an app on the small tour (no content note unless asked), fixed theme."""

    def make(tour=None, *, content_note: bool = False, theme: str = THEME, **options) -> TourApp:
        """options: TourApp's others (present, lesson, record, data_dir, front_end)."""
        return TourApp(tour or small_tour, theme=theme, content_note=content_note, **options)

    return make
