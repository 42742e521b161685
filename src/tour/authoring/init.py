"""`tour init TEXT`: a starter tour from a plain text, one paragraph per line.

It shows how each line was taken (heading, caption, body), lets the author correct it
(--heading N, --caption N, --body N, or a prompt in a terminal), plans the tour
(plan.py: a chapter per heading, a topic per paragraph and per caption, titled and
given keywords that say what each is about), checks the script it made, and only
then writes DIR/dialogue.yaml beside a copy of the text, with a neutral welcome and a
commented place for the content note. It prints the table of contents students will
see. The result passes `tour check --strict` as it is; the author then fixes titles
and adds examples where questions miss. An output folder that cannot be written, or
a text that gives no topic, is refused before anything is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from ..engine.files import read_text, split_lines
from ..engine.source import Kind, Source, SourceInfo, parse_source
from ..errors import ExitCode, LocatedError, TourError, UsageError
from .grammar import has_verb, names, sentence_spans
from .plan import ChapterPlan, Plan, plan, slug

START_CHOICES = 4
"""Topics offered with the welcome: the first of the first chapters."""


def run_init(args: argparse.Namespace) -> int:
    """Classify, show, correct, plan, check, then write what passed its check."""
    text_path = Path(args.text)
    raw = read_text(text_path, "source text")
    lines = _classify(raw, {}).raw_lines
    if not any(line.strip() for line in lines):
        raise UsageError(f"{text_path}: the text is empty: give a file with one paragraph per line")
    out_dir = Path(args.output) if args.output else Path(f"{text_path.stem}-tour")
    script_path, text_copy = out_dir / "dialogue.yaml", out_dir / text_path.name
    _check_output(out_dir, [script_path, text_copy], text_path, args.force)

    chosen: dict[int, Kind] = {}
    for kind in ("heading", "caption", "body"):
        for n in getattr(args, kind):
            if not 1 <= n <= len(lines):
                raise UsageError(f"--{kind} {n}: the text has lines 1 to {len(lines)}")
            if not lines[n - 1].strip():
                raise UsageError(f"--{kind} {n}: line {n} is empty")
            chosen[n] = kind  # type: ignore[assignment]
    source, guessed = _read_kinds(raw, chosen)
    print(kinds_table(source, text_path, guessed))
    if sys.stdin.isatty() and sys.stdout.isatty() and not args.yes:
        source, guessed = _ask(source, raw, chosen, text_path, guessed)

    title = args.title or _default_title(source, text_path)
    source, guessed = _read_kinds(raw, chosen, title)
    _refuse_without_passages(source, text_path)
    made = plan(source, title)
    if not made.topics():
        raise UsageError(f"{text_path}: every paragraph stands twice in its section, word for word, so no "
                         "topic can quote one: remove the repeats, or put a heading between them")
    doubted = {n for n, _ in source.doubts()}
    set_kinds = {n: source.paragraph(n).kind for n in sorted({*chosen, *doubted, *guessed})}
    yaml_text = render(title, text_path.name, source, made.chapters, set_kinds)
    for n in made.unquoted:
        print(f"line {n} stands twice in its section, word for word: no topic quotes it "
              "(the loader could not tell which is meant)", file=sys.stderr)
    _check_before_writing(yaml_text, raw, text_path.name)
    _write(out_dir, {script_path: yaml_text.encode("utf-8"), text_copy: text_path.read_bytes()}, text_path)
    print(contents(made))
    topics = len(made.topics())
    print(f"wrote {script_path} ({_count(len(made.chapters), 'chapter')}, {_count(topics, 'topic')}) "
          f"beside {text_copy}")
    return _check(script_path)


class OutputError(LocatedError):
    """A folder or file `tour init` cannot write: `path: what is wrong: the fix`."""

    title = "Cannot write the tour"


def _check_output(out_dir: Path, paths: list[Path], text_path: Path, force: bool) -> None:
    """Refuse, before anything is written, a folder that is a file, lies under a file,
    or holds files that --force does not allow to overwrite."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                what = "is a file" if folder == out_dir else f"lies under {folder}, which is a file"
                raise OutputError(f"{out_dir}: {what}, not a folder: give -o a folder to write the tour to "
                                  "(it is made if missing)")
            break
    there = [p for p in paths if p.exists() and p.resolve() != text_path.resolve()]
    if there and not force:
        raise UsageError(f"{there[0]} exists: give --force to overwrite it, or -o DIR for another folder")
    for p in there:
        if p.is_dir():
            raise OutputError(f"{p}: is a folder: give -o DIR for another folder")


def _refuse_without_passages(source: Source, text_path: Path) -> None:
    """A text with no body paragraph or caption gives a tour with no topic: refuse it."""
    if any(p.text and p.kind != "heading" for p in source.paragraphs):
        return
    raise UsageError(f"{text_path}: every line was taken for a heading (short, with no sentence end), so "
                     "the tour would have no topic: mark the paragraphs with --body N (e.g. --body 2-9), "
                     "or give a text with one whole paragraph per line")


def _check_before_writing(yaml_text: str, raw: str, text_name: str) -> None:
    """Load the script made, beside its text, in a scratch folder: a script with errors
    is never written."""
    from ..engine.loader import load_tour

    with tempfile.TemporaryDirectory(prefix="tour-init-") as scratch:
        folder = Path(scratch)
        (folder / text_name).write_text(raw, encoding="utf-8")
        (folder / "dialogue.yaml").write_text(yaml_text, encoding="utf-8")
        try:
            load_tour(folder / "dialogue.yaml")
        except TourError as exc:
            raise LocatedError("tour init: the tour made from this text fails its own check, so nothing "
                               "was written (a fault in tour init: please report it with the text):\n"
                               + "\n".join(exc.lines()), title="tour init failed") from None


def _write(out_dir: Path, files: dict[Path, bytes], text_path: Path) -> None:
    """Make the folder and write each file whole (a temporary file renamed into place),
    or raise OutputError saying what stopped it; a file half written is removed."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot make the folder ({exc.strerror or exc}): "
                          "give -o a folder you can write to") from None
    for path, data in files.items():
        if path.exists() and path.resolve() == text_path.resolve():
            continue  # the text is already where the copy would go
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise OutputError(f"{path}: cannot be written ({exc.strerror or exc}): "
                              "give -o a folder you can write to, with room for it") from None


def contents(made: Plan) -> str:
    """The table of contents students will see: each chapter and its topics' titles."""
    rows = ["Table of contents (titles are what students see; edit them in dialogue.yaml):"]
    for chapter in made.chapters:
        rows.append(f"  {chapter.title}")
        rows += [f"    {t.id:<8} {t.title}" for t in chapter.topics]
    for line, ids in made.split.items():
        words = sum(len(q.split()) for t in made.topics() if t.lines[0] == line for q in t.quotes)
        named = ", ".join(ids) if len(ids) <= 4 else f"{ids[0]} to {ids[-1]}"
        rows.append(f"Line {line} ({words} words) is split into {len(ids)} topics where its subject "
                    f"changes: {named}.")
    for line, joined in made.joined.items():
        rows.append(f"{_count(len(joined), 'short line')} ({', '.join(map(str, joined))}) "
                    f"{'joins' if len(joined) == 1 else 'join'} the topic of line {line}.")
    return "\n".join(rows)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


HEADING_WORDS = 20
"""A line of at most this many words, one sentence with no verb, is taken for a heading."""


def _read_kinds(raw: str, chosen: dict[int, Kind], title: str = "") -> tuple[Source, dict[int, str]]:
    """The text's lines with their kinds: as the author set them, else as the loader
    guesses, except that a short line ending in a full stop with no verb, which the
    loader takes for body text, is a heading ("Prosecution of the Voyage, till the
    Death of Magellan."). The second value says which lines were taken so, and why."""
    source = _classify(raw, chosen, title)
    known = names("\n".join(p.text for p in source.paragraphs))
    guessed = {p.number: "a short line with no verb, taken for a heading; give --body N if it is a paragraph"
               for p in source.paragraphs
               if p.kind == "body" and not p.confirmed and p.text.endswith(".") and not p.first_person
               and len(p.text.split()) <= HEADING_WORDS and len(sentence_spans(p.text)) == 1
               and not has_verb(p.text, known)}
    if not guessed:
        return source, {}
    return _classify(raw, {**dict.fromkeys(guessed, "heading"), **chosen}, title), guessed


def _classify(raw: str, chosen: dict[int, Kind], title: str = "") -> Source:
    lines = split_lines(raw)
    sets = {k: frozenset(lines[n - 1].strip() for n, kind in chosen.items() if kind == k)
            for k in ("heading", "caption", "body")}
    return parse_source(raw, SourceInfo(title or "the text"), headings=sets["heading"],
                        captions=sets["caption"], body=sets["body"])


def kinds_table(source: Source, path: Path, guessed: dict[int, str] | None = None) -> str:
    """How each line was taken, with the doubtful guesses marked and explained (the
    loader's, and `guessed`: init's own)."""
    doubts = dict(sorted({**dict(source.doubts()), **(guessed or {})}.items()))
    counts = {k: sum(p.kind == k for p in source.paragraphs if p.text) for k in ("heading", "caption", "body")}
    rows = [f"{path}: {len(source.paragraphs)} lines: {counts['heading']} headings, "
            f"{counts['caption']} captions, {counts['body']} body paragraphs",
            " line  kind     words  text"]
    for p in source.paragraphs:
        if not p.text:
            continue
        mark = "?" if p.number in doubts else ("*" if p.confirmed else " ")
        text = p.text if len(p.text) <= 56 else p.text[:55] + "\u2026"
        rows.append(f"{p.number:>5}{mark} {p.kind:<8} {len(p.text.split()):>5}  {text}")
    for n, why in doubts.items():
        rows.append(f"  ? line {n}: {why.split(' list the line under')[0]}")
    rows.append("Correct a line's kind with --heading N, --caption N or --body N "
                "(* marks a kind you set; ? a doubtful guess, kept as guessed unless you correct it).")
    return "\n".join(rows)


def _ask(source: Source, raw: str, chosen: dict[int, Kind], path: Path,
         guessed: dict[int, str]) -> tuple[Source, dict[int, str]]:
    """In a terminal: take corrections ('caption 3 7', 'heading 12') until Enter."""
    kinds = {"h": "heading", "heading": "heading", "c": "caption", "caption": "caption",
             "b": "body", "body": "body"}
    count = len(source.raw_lines)
    while True:
        try:
            answer = input("Kinds right? Enter to go on, or e.g. 'caption 3 7', 'heading 12', 'body 5': ")
        except EOFError:
            return source, guessed
        words = answer.replace(",", " ").split()
        if not words:
            return source, guessed
        kind = kinds.get(words[0].lower())
        numbers = [w for w in words[1:] if w.isdigit() and 1 <= int(w) <= count]
        if kind is None or not numbers or len(numbers) != len(words) - 1:
            print(f"  say a kind (heading, caption, body) and line numbers from 1 to {count}")
            continue
        for n in numbers:
            chosen[int(n)] = kind  # type: ignore[assignment]
        source, guessed = _read_kinds(raw, chosen)
        print(kinds_table(source, path, guessed))


def _default_title(source: Source, path: Path) -> str:
    first = next((p for p in source.paragraphs if p.text), None)
    if first is not None and first.kind == "heading":
        return first.text
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "A tour"


# -- writing the script ---------------------------------------------------------------
def _q(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is one."""
    return json.dumps(text, ensure_ascii=False)


def render(title: str, text_name: str, source: Source, chapters: list[ChapterPlan],
           set_kinds: dict[int, str]) -> str:
    """The dialogue script, with comments saying what to do next."""
    first = [c.topics[0].id for c in chapters][:START_CHOICES]
    out = [
        f"# A starter tour over {text_name}, made by `tour init`. Check it with",
        "# `tour check dialogue.yaml`, try it with `tour --script dialogue.yaml`, then add",
        "# examples (questions in readers' words) where questions miss: docs/authoring.md.",
        "",
        "tour:",
        f"  id: {_q(slug(title) or 'tour')}",
        f"  title: {_q(title)}",
        "  welcome: |",
        f"    Welcome. This tour goes through *{_md(title)}*, passage by passage.",
        "    Ask a question in your own words, or type the number of a choice.",
        "    Every answer quotes the text, with the line it stands on.",
        "  # A content note, shown before the first passage, says what the text describes",
        "  # that some readers may find hard to read (violence, deaths, ...). Write one, or",
        "  # leave these lines as they are if the text needs none:",
        "  # content_note: |",
        "  #   This text describes ...",
        f"  start: [{', '.join(first)}]",
        "",
        "source:",
        f"  file: {_q(text_name)}",
        f"  title: {_q(title)}",
        "  # publisher: ...",
        "  # url: ...",
    ]
    for kind, key in (("heading", "headings"), ("caption", "captions"), ("body", "body")):
        lines = [n for n, k in set_kinds.items() if k == kind]
        if lines:
            out.append(f"  {key}:  # set by tour init: lines you corrected, or doubtful guesses you kept")
            out += [f"    - {_q(source.paragraph(n).text)}  # line {n}" for n in lines]
    out += ["", "chapters:"]
    for chapter in chapters:
        out += [f"  - id: {_q(chapter.id)}", f"    title: {_q(chapter.title)}",
                f"    section: {_q(chapter.section)}", "    nodes:"]
        for t in chapter.topics:
            out += [
                f"      - id: {_q(t.id)}  # line{'s' * (len(t.lines) > 1)} {', '.join(map(str, t.lines))}",
                f"        title: {_q(t.title)}",
                f"        keywords: [{', '.join(_q(k) for k in t.keywords)}]",
                "        examples: []  # questions readers ask that this passage answers",
            ]
            if len(t.quotes) == 1:
                out.append(f"        quote: {_q(t.quotes[0])}")
            else:
                out += ["        quotes:", *(f"          - {_q(q)}" for q in t.quotes)]
            if t.next:
                out.append(f"        next: [{', '.join(t.next)}]")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _check(script: Path) -> int:
    """Run `tour check` on what was written and say how it went."""
    from ..cache import check
    from ..engine.problems import grouped

    loaded = check(script)
    for line in grouped(loaded.warnings):
        print(line, file=sys.stderr)
    n = len(loaded.warnings)
    print(f"tour check: {n} warning{'s' * (n != 1)}. Next: `tour check --lines {script}` to see "
          f"each line's kind, `tour --script {script}` to try it.")
    return ExitCode.OK
