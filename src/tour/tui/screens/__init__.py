"""Screens of the app: the tour (and the tour playing a lesson), the content note, help,
a chapter's discussion prompts and review questions."""
