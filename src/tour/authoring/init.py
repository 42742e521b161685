"""`tour init TEXT`: a starter tour from a plain text, one paragraph per line.

It shows how each line was taken (heading, caption, body), lets the author correct it
(--heading N, --caption N, --body N, or a prompt in a terminal), and writes
DIR/dialogue.yaml beside a copy of the text: a chapter per heading (and one for what
stands before the first), a topic per body paragraph (a long one split at sentence
ends into several, each quoting its part), a topic per caption, each titled and given
keywords from its passage's most informative words, linked by `next` in reading order,
with a neutral welcome and a commented place for the content note. The result passes
`tour check --strict` as it is; the author then adds examples where questions miss.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.files import read_text
from ..engine.source import Kind, Paragraph, Source, SourceInfo, parse_source
from ..errors import ExitCode, UsageError

PART_WORDS = 80
"""Words per topic that a long paragraph is split towards, at sentence ends."""
START_CHOICES = 4
"""Topics offered with the welcome: the first of the first chapters."""
TITLE_CHARS = 60
"""A topic title longer than this is cut at a word."""

# A sentence ends at . ! or ? (and any closing quote or bracket), before a space and a
# capital, digit or opening quote; not after an initial or a short abbreviation
# ("E.I. du Pont", "St. Louis"): the word before the stop must have three letters.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")


@dataclass
class Topic:
    id: str
    title: str
    quote: str
    keywords: list[str]
    line: int
    section: str
    next: list[str] = field(default_factory=list)


@dataclass
class ChapterPlan:
    id: str
    title: str
    section: str
    """The heading the chapter follows (the source title before the first heading)."""
    topics: list[Topic] = field(default_factory=list)


# -- the command line -----------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`tour init`'s arguments (cli.build_parser calls this)."""
    parser.add_argument("text", help="the source text: one paragraph, heading or caption per line, UTF-8")
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="the folder to write the tour to (default: TEXT's name + '-tour')")
    parser.add_argument("--title", help="the tour's title (default: the text's first heading, "
                        "else its file name)")
    parser.add_argument("--force", action="store_true", help="overwrite the files in DIR")
    for kind in ("heading", "caption", "body"):
        parser.add_argument(f"--{kind}", metavar="N", type=_line_numbers, action="extend", default=[],
                            help=f"take these lines as {kind}s (line numbers: 3 or 3,7-9; repeatable)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="accept the line kinds without asking, even in a terminal")


def _line_numbers(text: str) -> list[int]:
    """'3', '3,7-9' -> [3, 7, 8, 9]."""
    out: list[int] = []
    for part in text.split(","):
        a, dash, b = part.strip().partition("-")
        if not a.isdigit() or (dash and not b.isdigit()):
            raise argparse.ArgumentTypeError(f"not a line number or range: {part!r} (e.g. 3 or 7-9)")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def run_init(args: argparse.Namespace) -> int:
    """Classify, show, correct, write, then check what was written."""
    text_path = Path(args.text)
    raw = read_text(text_path, "source text")
    lines = raw.splitlines()
    if not any(line.strip() for line in lines):
        raise UsageError(f"{text_path}: the text is empty: give a file with one paragraph per line")
    out_dir = Path(args.output) if args.output else Path(f"{text_path.stem}-tour")
    script_path, text_copy = out_dir / "dialogue.yaml", out_dir / text_path.name
    _refuse_to_overwrite([script_path, text_copy], text_path, args.force)

    chosen: dict[int, Kind] = {}
    for kind in ("heading", "caption", "body"):
        for n in getattr(args, kind):
            if not 1 <= n <= len(lines):
                raise UsageError(f"--{kind} {n}: the text has lines 1 to {len(lines)}")
            if not lines[n - 1].strip():
                raise UsageError(f"--{kind} {n}: line {n} is empty")
            chosen[n] = kind  # type: ignore[assignment]
    source = _classify(raw, chosen)
    print(kinds_table(source, text_path))
    if sys.stdin.isatty() and sys.stdout.isatty() and not args.yes:
        source = _ask(source, raw, chosen, text_path)

    title = args.title or _default_title(source, text_path)
    source = _classify(raw, chosen, title)
    chapters = plan_chapters(source, title)
    doubted = {n for n, _ in source.doubts()}
    set_kinds = {n: source.paragraph(n).kind for n in sorted({*chosen, *doubted})}
    yaml_text = render(title, text_path.name, source, chapters, set_kinds)

    out_dir.mkdir(parents=True, exist_ok=True)
    if text_path.resolve() != text_copy.resolve():
        shutil.copyfile(text_path, text_copy)
    script_path.write_text(yaml_text, encoding="utf-8")
    topics = sum(len(c.topics) for c in chapters)
    print(f"wrote {script_path} ({len(chapters)} chapters, {topics} topics) beside {text_copy}")
    return _check(script_path)


def _refuse_to_overwrite(paths: list[Path], text_path: Path, force: bool) -> None:
    there = [p for p in paths if p.exists() and p.resolve() != text_path.resolve()]
    if there and not force:
        raise UsageError(f"{there[0]} exists: give --force to overwrite it, or -o DIR for another folder")
    for p in there:
        if p.is_dir():
            raise UsageError(f"{p} is a folder: give -o DIR for another folder")


def _classify(raw: str, chosen: dict[int, Kind], title: str = "") -> Source:
    lines = raw.splitlines()
    sets = {k: frozenset(lines[n - 1].strip() for n, kind in chosen.items() if kind == k)
            for k in ("heading", "caption", "body")}
    return parse_source(raw, SourceInfo(title or "the text"), headings=sets["heading"],
                        captions=sets["caption"], body=sets["body"])


def kinds_table(source: Source, path: Path) -> str:
    """How each line was taken, with the doubtful guesses marked and explained."""
    doubts = dict(source.doubts())
    counts = {k: sum(p.kind == k for p in source.paragraphs if p.text) for k in ("heading", "caption", "body")}
    rows = [f"{path}: {len(source.paragraphs)} lines: {counts['heading']} headings, "
            f"{counts['caption']} captions, {counts['body']} body paragraphs",
            " line  kind     words  text"]
    for p in source.paragraphs:
        if not p.text:
            continue
        mark = "*" if p.confirmed else ("?" if p.number in doubts else " ")
        text = p.text if len(p.text) <= 56 else p.text[:55] + "\u2026"
        rows.append(f"{p.number:>5}{mark} {p.kind:<8} {len(p.text.split()):>5}  {text}")
    for n, why in doubts.items():
        rows.append(f"  ? line {n}: {why.split(' list the line under')[0]}")
    rows.append("Correct a line's kind with --heading N, --caption N or --body N "
                "(* marks a kind you set; ? a doubtful guess, kept as guessed unless you correct it).")
    return "\n".join(rows)


def _ask(source: Source, raw: str, chosen: dict[int, Kind], path: Path) -> Source:
    """In a terminal: take corrections ('caption 3 7', 'heading 12') until Enter."""
    kinds = {"h": "heading", "heading": "heading", "c": "caption", "caption": "caption",
             "b": "body", "body": "body"}
    count = len(raw.splitlines())
    while True:
        try:
            answer = input("Kinds right? Enter to go on, or e.g. 'caption 3 7', 'heading 12', 'body 5': ")
        except EOFError:
            return source
        words = answer.replace(",", " ").split()
        if not words:
            return source
        kind = kinds.get(words[0].lower())
        numbers = [w for w in words[1:] if w.isdigit() and 1 <= int(w) <= count]
        if kind is None or not numbers or len(numbers) != len(words) - 1:
            print(f"  say a kind (heading, caption, body) and line numbers from 1 to {count}")
            continue
        for n in numbers:
            chosen[int(n)] = kind  # type: ignore[assignment]
        source = _classify(raw, chosen)
        print(kinds_table(source, path))


def _default_title(source: Source, path: Path) -> str:
    first = next((p for p in source.paragraphs if p.text), None)
    if first is not None and first.kind == "heading":
        return first.text
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "A tour"


# -- planning the tour ----------------------------------------------------------------
def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, covering it without gaps between
    sentences except white space."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start:m.start()].rstrip("\"'’”)]").rstrip(".!?")
        last = before.split()[-1] if before.split() else ""
        if len(last.strip("(\"'")) < 3 or "." in last:  # "E.I." "St." "U.S." "c."
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def parts(text: str, target: int = PART_WORDS) -> list[tuple[int, int]]:
    """A paragraph cut at sentence ends into about len/target parts of similar length."""
    sentences = split_sentences(text)
    words = [len(text[a:b].split()) for a, b in sentences]
    total = sum(words)
    n = max(1, min(len(sentences), round(total / target)))
    if n == 1:
        return [(sentences[0][0], sentences[-1][1])] if sentences else [(0, len(text))]
    out, first, done = [], 0, 0
    for i, w in enumerate(words):
        done += w
        if len(out) < n - 1 and done >= total * (len(out) + 1) / n - w / 2 and i + 1 < len(words):
            out.append((sentences[first][0], sentences[i][1]))
            first = i + 1
    out.append((sentences[first][0], sentences[-1][1]))
    return out


def plan_chapters(source: Source, title: str) -> list[ChapterPlan]:
    """Chapters from the headings, topics from body paragraphs and captions."""
    from .words import Weigher

    passages: list[tuple[Paragraph, str]] = []
    for p in source.paragraphs:
        if not p.text or p.kind == "heading":
            continue
        if p.kind == "caption":
            passages.append((p, p.text))
        else:
            passages.extend((p, p.text[a:b]) for a, b in parts(p.text))
    weigher = Weigher([text for _, text in passages])
    chapters: list[ChapterPlan] = []
    current = ChapterPlan(_slug(title) or "opening", title, source.info.title)
    seen_titles: set[str] = set()
    by_line: dict[int, int] = {}
    passage_iter = iter(passages)
    pending = next(passage_iter, None)
    for p in source.paragraphs:
        if p.kind == "heading" and p.text:
            if current.topics:
                chapters.append(current)
            current = ChapterPlan(_unique(_slug(p.text) or "chapter", {c.id for c in chapters}),
                                  p.text, p.text)
            continue
        while pending is not None and pending[0].number == p.number:
            para, quote = pending
            pending = next(passage_iter, None)
            quote = _quote(source, para, quote)
            if quote is None:
                print(f"line {p.number} stands twice in its section, word for word: no topic quotes "
                      "it (the loader could not tell which is meant)", file=sys.stderr)
                continue
            part = by_line[p.number] = by_line.get(p.number, 0) + 1
            topic_id = f"p{p.number}" if part == 1 else f"p{p.number}-{part}"
            if part == 2:  # the first part of a split paragraph is renamed p12-1
                current.topics[-1].id = f"p{p.number}-1"
            current.topics.append(Topic(topic_id, _title(weigher, quote, para, seen_titles),
                                        quote, weigher.keywords(quote), p.number, para.section))
    if current.topics:
        chapters.append(current)
    topics = [t for c in chapters for t in c.topics]
    for topic, following in zip(topics, topics[1:]):
        topic.next = [following.id]
    return chapters


def _quote(source: Source, para: Paragraph, quote: str) -> str | None:
    """The part, or the whole paragraph where the part's words stand in another paragraph
    of the same section too (the loader could not tell which is meant); None where
    even the whole paragraph does."""
    for text in (quote, para.text):
        if {loc.paragraph for loc in source.find(text, para.section)} == {para.number}:
            return text
    return None


def _title(weigher, quote: str, para: Paragraph, seen: set[str]) -> str:
    """A short label for a topic: its best phrase, and the next where two topics would
    read the same."""
    if para.kind == "caption":
        shown = re.sub(r"\s/\s?[^/]{2,40}$", "", para.text).strip()  # without the credit
        phrases = [shown]
    else:
        phrases = [p for _, p in weigher.phrases(quote)] or [" ".join(quote.split()[:6])]
    title = phrases[0]
    for extra in phrases[1:3]:
        if title.casefold() not in seen and len(title.split()) >= 2:
            break
        if extra.casefold() not in title.casefold():
            title = f"{title}, {extra}"
    title = _cut(title[:1].upper() + title[1:])
    base, n = title, 2
    while title.casefold() in seen:
        title, n = f"{base} ({n})", n + 1
    seen.add(title.casefold())
    return title


def _cut(text: str, width: int = TITLE_CHARS) -> str:
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return "-".join(words)[:40].strip("-")


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name}-{n}", n + 1
    return out


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
        f"  id: {_q(_slug(title) or 'tour')}",
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
                f"      - id: {_q(t.id)}  # line {t.line}",
                f"        title: {_q(t.title)}",
                f"        keywords: [{', '.join(_q(k) for k in t.keywords)}]",
                "        examples: []  # questions readers ask that this passage answers",
                f"        quote: {_q(t.quote)}",
            ]
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
