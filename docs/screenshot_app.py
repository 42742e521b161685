"""Take docs/screenshot-answer.svg and docs/screenshot-testimony.svg: the app on the
bundled tour at 120x40, dark theme, as the README shows it.

    python docs/screenshot_app.py
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tour.engine.loader import load_tour
from tour.tui.app import TourApp

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)


async def shoot(name: str, steps) -> None:
    """Run the app, play `steps(app, pilot)`, and write docs/<name>.svg."""
    app = TourApp(load_tour().tour, theme="textual-dark", content_note=False, record=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.question.cursor_blink = False
        await steps(app, pilot)
        await pilot.pause(0.3)
        (HERE / f"{name}.svg").write_text(app.export_screenshot(title="tour"), encoding="utf-8")
    print(f"wrote docs/{name}.svg")


async def answer(app, pilot) -> None:
    await app.screen.ask("who built the house of scientists")


async def testimony(app, pilot) -> None:
    chapter = app.tour.sequences[0]
    await app.screen.jump("chapter", chapter.id)
    for _ in range(2):
        await pilot.pause()
        await pilot.press("space")


def main() -> None:
    os.environ.setdefault("TOUR_RECORD", "0")
    asyncio.run(shoot("screenshot-answer", answer))
    asyncio.run(shoot("screenshot-testimony", testimony))


if __name__ == "__main__":
    main()
