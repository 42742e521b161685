"""`tour review`: the class makes the tour better.

The questions a class asked that the tour declined, answered "not exactly", asked
about, or answered with low confidence are read from the session records, grouped,
and given the topics the tour suggests now; the teacher's decisions (an example of a
topic, or a question the text does not answer) are written into the dialogue script
as its author wrote it, then checked. Nothing here imports Textual.

- questions.py: which turns to review, grouping alike questions, suggesting topics
- decisions.py: a decision, and the decisions file `tour review --apply` reads
- script_edit.py: writing decisions into the script, every other byte kept, atomically
- walk.py: going through the groups one decision at a time, with undo (the screen's state)
- commands.py: the `tour review` command line (`--json`, `--apply`, the app)
"""
