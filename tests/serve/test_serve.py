"""`tour serve` in a real browser: headless Debian chromium asks a question and sees a
cited passage; Ctrl+C ends every app process. Skipped only when /usr/bin/chromium is
missing, and then not under TOUR_REQUIRE_CHROMIUM=1 (`.ci/run` installs chromium and
sets it). Helpers are in browser.py beside this file."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tour.engine.loader import load_tour
from tour.processes import child_pids
from tour.records.store import list_sessions, read_session

from .browser import CHROMIUM, ServedTour, TourPage, alive, citation_marks, launch, planned_replies

if not Path(CHROMIUM).exists():
    if os.environ.get("TOUR_REQUIRE_CHROMIUM"):  # set by .ci/run: a missing browser is a failure there
        raise RuntimeError(f"TOUR_REQUIRE_CHROMIUM is set but {CHROMIUM} is missing")
    pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

QUESTION = "where is the house of scientists?"  # answered with one passage, which fits the screen


@pytest.fixture
def served(tmp_path):
    with ServedTour(tmp_path) as served:
        yield served


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await launch(playwright)
        yield browser
        await browser.close()


async def test_a_question_typed_in_the_browser_gets_a_cited_passage(served, browser):
    """The keyboard works from the first screen, with no click: the content note closes
    on Enter and the question typed gets its passage. Every request stays on this
    machine (the font included)."""
    tour = load_tour().tour
    (reply,) = planned_replies(tour, [QUESTION])
    assert reply.citations, "the question must be one the tour answers with a passage"
    tab = await TourPage.open(browser, served.url)
    await tab.start(tour)  # keys only: no click, no focus() from the test
    await tab.ask(QUESTION, citation_marks(reply))
    assert await tab.page.evaluate("document.activeElement.className") == "xterm-helper-textarea"
    origin = served.url.rstrip("/")
    elsewhere = [url for url in tab.requests
                 if not url.startswith((origin, origin.replace("http", "ws", 1)))]
    assert elsewhere == [], elsewhere
    assert any(url.endswith(".ttf") for url in tab.requests), "the font comes from the server"
    screen = await tab.screen()
    assert QUESTION in screen
    quote_start = reply.citations[-1].quote.split()[:3]
    assert " ".join(quote_start) in " ".join(screen.split()), screen
    (record,) = [read_session(path) for path in list_sessions(served.data_dir)]
    assert record.header.front_end == "serve"
    assert QUESTION in [turn.input for turn in record.asked], record.asked


async def test_ctrl_c_ends_the_server_and_every_app_it_started(served, browser):
    tour = load_tour().tour
    tabs = [await TourPage.open(browser, served.url) for _ in range(2)]
    for tab in tabs:
        await tab.start(tour)
    apps = served.app_pids()
    assert len(apps) == 2, served.output
    pool = [pid for pid in child_pids(served.process.pid, recursive=True) if pid not in apps]
    assert pool, "the pool and the apps waiting in it"
    started = time.monotonic()
    assert served.stop(signal.SIGINT, timeout=20) == 0, served.output
    assert time.monotonic() - started < 15
    time.sleep(0.5)
    assert alive(apps) == [], f"app processes left running: {alive(apps)}"
    assert alive(pool) == [], f"pool processes left running: {alive(pool)}"


async def test_the_join_code_is_asked_once_then_the_tour_opens(tmp_path, browser):
    """When other machines can reach the tour, the page asks for the code printed with
    the address; a wrong one is asked again; the right one opens the tour, and a reload
    goes straight back to it (the browser remembers)."""
    import re

    tour = load_tour().tour
    served = ServedTour(tmp_path)
    served.extra_args = ["--no-pool", "--public-url", served.origin]
    with served:
        (code,) = re.findall(r"join code ([A-Z0-9]{3}-[A-Z0-9]{3})", served.output)
        context = await browser.new_context()
        tab = await TourPage.open(context, served.url)
        await tab.page.wait_for_selector("#code")
        assert await tab.page.evaluate("document.activeElement.id") == "code"
        await tab.page.keyboard.type("ZZZ-ZZZ")
        await tab.page.keyboard.press("Enter")
        await tab.page.wait_for_selector(".wrong")
        await tab.page.fill("#code", code.lower())
        await tab.page.keyboard.press("Enter")
        await tab.start(tour)
        await tab.page.reload()
        await tab.start(tour)
        await context.close()
