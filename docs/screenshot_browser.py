"""Take docs/screenshot-browser.png: the tour served by `tour serve`, in headless
chromium, after one question.

    python docs/screenshot_browser.py [--question TEXT] [-o PATH]

Needs /usr/bin/chromium and the test extra (playwright); see tests/serve/browser.py.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "serve"))

from browser import VIEWPORT, ServedTour, TourPage, citation_marks, launch, planned_replies  # noqa: E402

from tour.engine.loader import load_tour  # noqa: E402


async def shoot(url: str, question: str, output: Path) -> None:
    from playwright.async_api import async_playwright

    tour = load_tour().tour
    (reply,) = planned_replies(tour, [question])
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        context = await browser.new_context(viewport=VIEWPORT)
        tab = await TourPage.open(context, url)
        await tab.start(tour)
        await tab.ask(question, citation_marks(reply) or [reply.title or question])
        await asyncio.sleep(1)  # let xterm.js finish drawing
        await tab.page.screenshot(path=str(output))
        await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--question", default="what did the prisoners build in Almaty?")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "screenshot-browser.png")
    args = parser.parse_args()
    with ServedTour(Path(tempfile.mkdtemp(prefix="tour-screenshot-"))) as served:
        asyncio.run(shoot(served.url, args.question, args.output))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
