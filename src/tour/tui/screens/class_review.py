"""The class review: the questions a class asked that the tour did not answer well, one
group at a time, each decided with one key.

1-9 adds the question as an example of a suggested topic, n marks it as one the text
does not answer, s skips it, u undoes the last decision; w writes the decisions into
the script (atomically, every other byte kept), then `tour check` runs on it and its
warnings are shown. `tour review` opens this screen in an app of its own
(tui/review_app.py); the tour's app offers it in the command palette, except in a
student's browser tab, which can never write the script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...errors import TourError
from ...review.commands import load_review, nothing_to_review
from ...review.questions import Group, Review
from ...review.script_edit import check_lines, writable, write_decisions
from ...review.walk import Walk
from ...settings import SERVE, Settings
from ...visible import visible_text
from ..widgets.conversation import quoted

if TYPE_CHECKING:
    from ..app import TourApp

STUDENT_TAB = ("This app was started by `tour serve` for students: it cannot write the script. "
               "Review with `tour review` (or `tour review --serve`) on the teacher's machine.")


def in_student_tab(front_end: str = "") -> bool:
    """Whether this app runs in a student's browser tab (`tour serve`)."""
    return SERVE in (front_end, Settings.from_env().front_end)


def palette_commands(app: TourApp) -> Iterator[SystemCommand]:
    """The command palette's "Review the class's questions", where the app may write."""
    if in_student_tab(app.recording.front_end):
        return
    tour, folder = app.tour, app.recording.directory

    def load() -> Review:
        settings = Settings.from_env()
        return load_review(Settings(script=tour.path, data_dir=Path(folder) if folder else settings.data_dir))

    yield SystemCommand("Review the class's questions",
                        "The questions the tour did not answer well: add them as examples, or as unanswered",
                        lambda: app.push_screen(ClassReviewScreen(load)))


class ClassReviewScreen(Screen[None]):
    """Walks the groups of a review; decisions are written when the teacher says so."""

    CSS_PATH = "class_review.tcss"
    BINDINGS = [
        Binding("1", "example(1)", "Example of topic N", key_display="1-9",
                tooltip="Add the question as an example of suggested topic N"),
        *(Binding(str(n), f"example({n})", f"Example of topic {n}", show=False) for n in range(2, 10)),
        Binding("n", "unanswered", "Not in the text",
                tooltip="Mark the question as one the text does not answer"),
        Binding("s,space", "skip", "Skip", tooltip="Leave the question as it is"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Take the last decision back"),
        Binding("w", "write", "Write", tooltip="Write the decisions into the script, then check it"),
        Binding("q,escape", "close", "Close", tooltip="Close the review"),
    ]

    def __init__(self, review: Review | Callable[[], Review]) -> None:
        """review: the review, or a function that gathers it (called in a thread)."""
        super().__init__()
        self.review: Review | None = review if isinstance(review, Review) else None
        self._gather = None if isinstance(review, Review) else review
        self.walk = Walk(self.review.groups if self.review else [])
        self.busy = False
        """Reading the sessions, or writing the script."""
        self.problem = ""
        """Why there is nothing to review (the sessions could not be read), if so."""
        self.outcome: list[str] = []
        """What the last write did, and the check's warnings."""
        self._close_warned = False

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-question")
            yield Static(id="review-asked")
            yield Static(id="review-topics")
            yield Static(id="review-outcome")
        yield Static(id="review-hint")
        yield Footer()

    def on_mount(self) -> None:
        if self._gather is not None:
            self.busy = True
            self.run_worker(self._read, thread=True, exclusive=True, group="review")
        self.show()

    def _read(self) -> None:
        assert self._gather is not None
        try:
            review = self._gather()
        except TourError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._read_done, review)

    def _read_done(self, review: Review) -> None:
        self.review, self.walk, self.busy = review, Walk(review.groups), False
        self.show()

    def _failed(self, message: str) -> None:
        self.problem, self.busy = message, False
        self.show()

    # -- showing -------------------------------------------------------------------------
    @property
    def script(self) -> Path | None:
        return Path(self.review.tour.path) if self.review and self.review.tour.path else None

    def show(self) -> None:
        """Draw the current group (or what there is instead)."""
        self._set("#review-title", self.heading())
        group = self.walk.current
        if self.review is None or group is None:
            self._set("#review-question", self.problem or self.summary())
            self._set("#review-asked", "")
            self._set("#review-topics", "")
        else:
            self._set("#review-question", f"\u201c{group.question}\u201d")
            self.query_one("#review-asked", Static).update(self.asked(group))
            self.query_one("#review-topics", Static).update(self.topics(group))
        self._set("#review-outcome", "\n".join(self.outcome))
        self._set("#review-hint", self.hint())

    def _set(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(_lines(text))

    def heading(self) -> str:
        total = len(self.walk.groups)
        if self.review is None:
            return "Class review"
        if not total:
            return "Class review \u00b7 nothing to review"
        where = f"all {total} decided" if self.walk.done else f"question {self.walk.index + 1} of {total}"
        counts = self.walk.counts()
        pending = len(self.walk.pending())
        return (f"Class review \u00b7 {where} \u00b7 {_count(counts['examples'], 'example')}, "
                f"{counts['unanswered']} unanswered, {counts['skipped']} skipped"
                + (f" \u00b7 {pending} not written" if pending else ""))

    def asked(self, group: Group) -> Content:
        """How often, in which wordings, and what the tour replied then and now."""
        assert self.review is not None
        titles = {n: node.title for n, node in self.review.tour.nodes.items()}
        s = "s" * (group.count != 1)
        lines = [f"Asked {group.count} time{s} in {group.sessions} session{'s' * (group.sessions != 1)}."]
        others = group.wordings[1:]
        if others:
            lines.append("Also asked as: " + "; ".join(
                f"\u201c{text}\u201d" + (f" \u00d7{n}" if n > 1 else "") for text, n in others))
        lines.append("The tour " + "; ".join(r.describe(titles) for r in group.replies()) + ".")
        if group.now == "answer" and group.now_node:
            lines.append(f"Now it answers with \u201c{titles.get(group.now_node, group.now_node)}\u201d "
                         f"(score {group.now_score:.0f}).")
        elif group.now:
            lines.append({"fallback": "Now it declines.", "clarify": "Now it asks which was meant.",
                          "chat": "Now it takes it for small talk."}.get(group.now, ""))
        shown = _lines("\n".join(lines))
        if group.now_quote is not None:  # what it would quote, the answering sentences marked
            shown = Content("\n").join([shown, quoted(group.now_quote)])
        return shown

    def topics(self, group: Group) -> Content:
        if not group.suggested:
            return _lines("The tour suggests no topic: n marks it as a question the text does not answer.")
        rows = [f" {n}  {s.title}  [{s.node}]  {s.score:.0f}" for n, s in enumerate(group.suggested, 1)]
        return _lines("Suggested topics (press the number to add it as an example):\n" + "\n".join(rows))

    def summary(self) -> str:
        if self.busy and self.review is None:
            return "Reading the class's sessions\u2026"
        if not self.walk.groups:
            return nothing_to_review(self.review) if self.review else ""
        return "Every question is decided."

    def hint(self) -> str:
        if self.busy:
            return "Reading\u2026" if self.review is None else "Writing and checking the script\u2026"
        pending = len(self.walk.pending())
        if self.walk.done and pending:
            return f"w writes the {pending} decisions into {self.script} \u00b7 u undoes the last \u00b7 q closes"
        if self.walk.done:
            return "u undoes the last decision \u00b7 q closes"
        return "1-9 example of that topic \u00b7 n not in the text \u00b7 s skip \u00b7 u undo \u00b7 w write"

    # -- deciding ------------------------------------------------------------------------
    def _decided(self, done: object) -> None:
        if done:
            self._close_warned = False
            self.outcome = []
        self.show()

    def action_example(self, number: int) -> None:
        if not self.busy:
            self._decided(self.walk.example(number))

    def action_unanswered(self) -> None:
        if not self.busy:
            self._decided(self.walk.unanswered())

    def action_skip(self) -> None:
        if not self.busy:
            self._decided(self.walk.skip())

    def action_undo(self) -> None:
        if self.busy:
            return
        if self.walk.undo() is None:
            self.notify("Nothing to undo" + (" (the decisions before are written)" if self.walk.written else ""),
                        timeout=4)
        self._decided(True)

    def action_write(self) -> None:
        """Write the pending decisions (in a thread), then show the check's warnings."""
        if self.busy:
            return
        decisions = self.walk.pending()
        if not decisions:
            self.notify("No decisions to write", timeout=4)
            return
        if in_student_tab():
            self.notify(STUDENT_TAB, severity="error", timeout=12, markup=False)
            return
        self.busy = True
        self.show()
        self.run_worker(lambda: self._write(decisions, len(self.walk.steps)), thread=True,
                        exclusive=True, group="review")

    def _write(self, decisions, steps: int) -> None:
        try:
            script = writable(self.script or "")
            written = write_decisions(script, decisions)
            lines = [f"{script}:{line}: added \u201c{d.question}\u201d as {d.describe()}" for d, line in written.added]
            lines += [f"not added \u201c{d.question}\u201d: {why}" for d, why in written.skipped]
            lines += check_lines(script) if written.added else []
        except TourError as exc:
            self.app.call_from_thread(self._written, [f"Nothing was written: {exc}"], None)
            return
        self.app.call_from_thread(self._written, lines, steps)

    def _written(self, lines: list[str], steps: int | None) -> None:
        self.busy = False
        if steps is not None:
            self.walk.written = steps
        self.outcome = lines
        self.show()

    def action_close(self) -> None:
        if self.busy and self.review is not None:
            self.notify("Writing the script: a moment", timeout=4)
            return
        pending = len(self.walk.pending())
        if pending and not self._close_warned:
            self._close_warned = True
            self.notify(f"{pending} decision{'s' * (pending != 1)} not written: w writes them, "
                        "q again closes without writing", severity="warning", timeout=8)
            return
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit()


def _lines(text: str) -> Content:
    """Text of several lines shown literally (no markup; control characters as symbols)."""
    return Content(visible_text(text))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"
