"""Widgets of the app: transcript, question box, chapter map, source view, player."""
