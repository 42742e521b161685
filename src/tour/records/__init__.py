"""Session records: durable session files, transcripts, and the report of unanswered questions.

Nothing here imports Textual or Rich, so the command line stays light.

- store.py: where session files live, SessionRecorder (a Session listener), reading files back
- transcript.py: a session as Markdown or as one self-contained HTML file
- report.py: declined and unclear questions, grouped by similarity
- commands.py: `tour sessions`, `tour transcript`, `tour report`, `tour quiz`
"""
