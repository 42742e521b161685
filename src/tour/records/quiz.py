"""`tour quiz`: the chapters' review questions in a plain terminal.

Each question is asked, an answer line is read, then the passage that answers it is
revealed with its citation. It reads lines from any stream, so piped input works
(and is echoed, so the output reads like the session it was).
"""

from __future__ import annotations

from typing import TextIO

from ..engine.script import Chapter, Review, Tour
from ..errors import ExitCode, TourError
from ..render import wrap
from ..terminal import lines, width
from ..visible import visible_text


class QuizError(TourError):
    """A quiz that cannot start (an unknown chapter, no questions)."""

    title = "No quiz"


def load(script: str | None) -> Tour:
    """The tour to quiz on; a script with errors raises its ScriptError (a TourError)."""
    from ..engine.loader import load_tour

    return load_tour(script).tour


def questions(tour: Tour, chapter_id: str | None = None) -> list[tuple[Chapter, Review]]:
    """(chapter, review question) pairs in tour order, for one chapter or all."""
    with_review = [c for c in tour.chapters if c.review]
    if chapter_id is not None:
        ids = [c.id for c in tour.chapters]
        if chapter_id not in ids:
            raise QuizError(f"no chapter '{chapter_id}'; the chapters are: {', '.join(ids)}")
        with_review = [c for c in with_review if c.id == chapter_id]
    if not with_review:
        where = f"chapter '{chapter_id}'" if chapter_id else "this tour"
        raise QuizError(f"{where} has no review questions")
    return [(c, r) for c in with_review for r in c.review]


def run_quiz(script: str | None, chapter_id: str | None, stdin: TextIO, stdout: TextIO) -> int:
    """Ask every question, reveal each answer; stop quietly at the end of input."""
    tour = load(script)
    items = questions(tour, chapter_id)
    echo = not stdin.isatty()
    columns = width()

    def say(text: str = "", indent: str = "", hang: str | None = None) -> None:
        """Print text wrapped to the terminal, never inside a word."""
        print(visible_text(wrap(text, columns, indent, hang)), file=stdout, flush=True)

    say(f"Review questions: {tour.title} ({len(items)} question{'s' * (len(items) != 1)})")
    say("Type your answer and press Enter to see the passage that answers it.")
    answers = lines(stdin)
    for n, (chapter, review) in enumerate(items, 1):
        say(f"\n[{n}/{len(items)}] {chapter.title}\n{review.question}", hang="")
        print("your answer> ", end="", file=stdout, flush=True)
        line = next(answers, None)
        if line is None:
            say(f"\n\nStopped after {n - 1} of {len(items)} question{'s' * (len(items) != 1)}.")
            return ExitCode.OK
        if echo:
            say(line)
        cited = tour.citation(review.answer)
        say(f"The text says: \u201c{cited.quote}\u201d", hang="")
        say(f"\u2014 {cited.label()}", "  ", "    ")
    say(f"\nThat was all {len(items)} question{'s' * (len(items) != 1)}." if len(items) != 1
        else "\nThat was the only question.")
    return ExitCode.OK
