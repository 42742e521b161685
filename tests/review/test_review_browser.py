"""`tour review --serve`: the class review in a browser tab, on this machine only.
Skipped when Debian's chromium is missing (as tests/serve/test_serve.py is)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.serve.browser import CHROMIUM, TourPage, as_in_a_terminal, free_port, launch

if not Path(CHROMIUM).exists():
    if os.environ.get("TOUR_REQUIRE_CHROMIUM"):
        raise RuntimeError(f"TOUR_REQUIRE_CHROMIUM is set but {CHROMIUM} is missing")
    pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def serve_review(script: Path, data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    """`tour review --serve` in its own process group, once it accepts connections."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tour", "review", "--serve", "--port", str(port),
             "--data-dir", str(data_dir), "--script", str(script)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=as_in_a_terminal,
            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    output = log.read_text(errors='replace')
    raise RuntimeError(f"tour review --serve did not listen (exit {process.poll()}):\n{output}")


async def test_a_teacher_reviews_in_a_browser_tab(script, play_class, data_dir, tmp_path):
    from playwright.async_api import async_playwright

    play_class(["who painted the lighthouse", "what is the name of the cat"])
    port = free_port()
    process = serve_review(script, data_dir, port, tmp_path / "serve.log")
    try:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            tab = await TourPage.open(browser, f"http://127.0.0.1:{port}/")
            await tab.wait_for_text("\u201cwho painted the lighthouse\u201d")
            await tab.press("1")
            await tab.wait_for_text("\u201cwhat is the name of the cat\u201d")
            await tab.press("n")
            await tab.press("w")
            await tab.wait_for_text("tour check:")
            await browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    log = (tmp_path / "serve.log").read_text(errors="replace")
    assert f"Serving the class review: open http://127.0.0.1:{port}" in log
    text = script.read_text(encoding="utf-8")
    assert "who painted the lighthouse" in text and "  - what is the name of the cat\n" in text


def test_it_listens_on_this_machine_only(script):
    from tests.conftest import run_tour

    result = run_tour("review", "--serve", "--host", "0.0.0.0", "--script", str(script))
    assert result.returncode == 2 and "unrecognized arguments: --host" in result.stderr
