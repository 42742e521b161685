"""Session records: durable session files, transcripts, and the report of unanswered questions.

Nothing here imports Textual or Rich, so the command line stays light.

- store.py: where session files live, SessionRecorder (a Session listener), reading files back
- export.py: a session exported as a transcript file: Markdown, or one self-contained HTML page
- report.py: declined and unclear questions, grouped by similarity
- commands.py: `tour sessions`, `tour transcript`, `tour report`, `tour quiz`
"""
