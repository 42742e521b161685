"""Moved to records/export.py; kept only for the app's imports (tui/recording.py), until
they read `from ..records.export import ...`. Delete this file then."""

from .export import export, to_html, to_markdown, tour_for  # noqa: F401
