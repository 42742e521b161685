"""`tour review --serve`: the class review in a browser tab, on the teacher's machine only.

The review writes the dialogue script, so it is never one of the apps `tour serve`
gives students (their app does not even offer it: tui/screens/class_review.py). It is
served by the same server class as `tour serve` (serve_site.server_class: its page, its
origin check and its clean stop), on 127.0.0.1 alone, with no pool and no join code:
one teacher, one tab at a time.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from . import serve
from .errors import ExitCode, UsageError
from .review.commands import load_review
from .settings import Settings

HOST = "127.0.0.1"
"""Only this machine: a tab that can write the script is never offered to a network."""


def review_command(settings: Settings) -> str:
    """The shell command each tab runs: `tour review` on the same script and sessions."""
    argv = [sys.executable, "-m", "tour", "review", "--data-dir", os.path.abspath(settings.data_dir)]
    if settings.script:
        argv += ["--script", os.path.abspath(settings.script)]
    if settings.theme:
        argv += ["--theme", settings.theme]
    return "exec " + shlex.join(argv)


def serve_review(args: argparse.Namespace, settings: Settings) -> int:
    """Check that there is something to review, then serve the review app until Ctrl+C."""
    if not 1 <= args.port <= 65535:
        raise UsageError(f"{args.port} is not a port: use 1 to 65535 (e.g. 8001)")
    review = load_review(settings)  # no sessions, or none of this tour: a message, exit 2
    try:
        from .serve_site import server_class

        server_type = server_class()
    except ImportError:
        raise UsageError("tour review --serve needs textual-serve; from the tour's folder: "
                         "pip install '.[serve]'") from None
    problem = serve.cannot_listen(HOST, args.port)
    if problem:
        raise UsageError(f"cannot listen on {HOST}:{args.port}: {problem}")

    class ReviewServer(server_type):
        async def on_startup(self, app) -> None:
            print(f"Serving the class review: open {self.public_url} in a browser on this machine "
                  "(Ctrl+C to stop)", flush=True)

    from .serve_access import Access, origin_of

    url = serve.default_public_url(HOST, args.port)
    server = ReviewServer(review_command(settings), access=Access(origin_of(url), max_sessions=1),
                         host=HOST, port=args.port,
                         title=f"Class review \u00b7 {review.tour.title}", templates_path=serve.TEMPLATES,
                         public_url=url)
    try:
        server.serve()
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{args.port}: {exc.strerror or exc}") from None
    return ExitCode.OK
