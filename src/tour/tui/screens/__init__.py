"""Screens of the app: the tour itself and its dialogs."""
