"""`tour check`: validating a script, and the reports a teacher reads beside it.

The loader finds what is wrong with the script; engine/check.py routes its examples;
this module runs both (through the cache, with the English word list) and prints what
they found, each problem at its place in the script, with the `--lines` and
`--coverage` reports.
"""

from __future__ import annotations

import os
import sys

from .cache import check
from .engine.problems import SHOWN_PER_KIND, grouped
from .engine.script import Tour
from .errors import ExitCode
from .processes import batch
from .visible import visible_text


def run_check(path: str | None, *, strict: bool, lines: bool, coverage: bool, every: bool) -> int:
    """`tour check`: errors and warnings as file:line:col, a summary line; the exit
    status (2 where --strict fails)."""
    with batch():
        loaded = check(path, progress=_progress if sys.stderr.isatty() else None,
                       workers=os.cpu_count() or 1)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)  # clear the progress line
    for line in grouped(loaded.warnings, None if every else SHOWN_PER_KIND):
        print(visible_text(line), file=sys.stderr)
    tour = loaded.tour
    if lines:
        print(visible_text(lines_report(tour)))
    quotes = sum(len(n.quotes) for n in tour.nodes.values())
    failed = strict and bool(loaded.warnings)
    verdict = "fails --strict (warnings are errors)" if failed else "ok"
    counts = ", ".join(f"{n} {noun}{'s' * (n != 1)}" for n, noun in (
        (len(tour.chapters), "chapter"), (len(tour.nodes), "node"), (quotes, "quote"),
        (len(loaded.warnings), "warning")))
    print(visible_text(f"{tour.path}: {verdict}: {counts}"))
    if coverage:
        print(visible_text(coverage_report(tour)))
    return ExitCode.USAGE if failed else ExitCode.OK


def _progress(done: int, total: int) -> None:
    doing = f"{done:,} of {total:,}" if done else f"building the router to route {total:,}"
    print(f"\r\033[Kchecking examples: {doing}\u2026", end="", file=sys.stderr, flush=True)


def lines_report(tour: Tour) -> str:
    """Every line of the source text: number, kind, whether the script set it (or the
    guess is doubtful), section and the start of its text."""
    doubtful = {n for n, _ in tour.source.doubts()}
    rows = ["line  kind     set  section                         text"]
    for p in tour.source.paragraphs:
        mark = "yes" if p.confirmed else ("?" if p.number in doubtful else "")
        rows.append(f"{p.number:>4}  {p.kind:<7}  {mark:<3}  {_clip(p.section, 30):<30}  {_clip(p.text, 60)}")
    rows.append("set: yes where source.headings, captions or body set the kind; ? where the "
                "guess is doubtful (see the warnings)")
    return "\n".join(rows)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def coverage_report(tour: Tour) -> str:
    """Which paragraphs and captions the tour quotes, and by which nodes; those never quoted."""
    quoted: dict[int, list[str]] = {}
    for node in tour.nodes.values():
        for q in node.quotes:
            quoted.setdefault(q.paragraph, []).append(node.id)
    lines, missing = [], []
    for p in tour.source.paragraphs:
        if p.kind == "heading":
            continue
        mark = "quoted" if p.number in quoted else "NEVER QUOTED"
        by = ", ".join(quoted.get(p.number, []))
        lines.append(f"  \u00b6{p.number:<3} {p.kind:<7} {mark:<12} {by}")
        if p.number not in quoted:
            missing.append(p.number)
    total = sum(1 for p in tour.source.paragraphs if p.kind != "heading")
    head = (f"coverage: {total - len(missing)} of {total} paragraphs and captions quoted"
            + (f"; never quoted: {', '.join(map(str, missing))}" if missing else ""))
    return "\n".join([head, *lines])
