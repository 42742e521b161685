"""Widgets of the app: the conversation, question box, chapter map, source view, the
testimony's step bar, the lesson bar, a teacher's note, the end of a chapter."""
