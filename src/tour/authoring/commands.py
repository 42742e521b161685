"""`tour init`'s command line: its arguments, read without loading what init needs to
run (the command line builds every command's parser at each start)."""

from __future__ import annotations

import argparse

PLURALS = {"heading": "headings", "caption": "captions", "body": "body paragraphs"}


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
                            help=f"take these lines as {PLURALS[kind]} (line numbers: 3 or 3,7-9; repeatable)")
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
