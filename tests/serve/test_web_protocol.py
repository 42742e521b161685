"""web_protocol.py holds every use `tour serve` makes of textual-serve's and Textual's
private parts. These tests name the versions it was written for and check each use
against the installed packages: when one fails, read the new version (see the
module's docstring), adjust web_protocol.py, then WRITTEN_FOR."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from pathlib import Path

import pytest

from tour import web_protocol
from tour.web_protocol import APP_ENVIRONMENT, PRELUDE, TERMINAL_MODES, WRITTEN_FOR

UPDATE = ("tour/web_protocol.py was written for {package} {series}.x, and {installed} is "
          "installed: check each of its uses against the new version (its docstring says "
          "where to look), then update WRITTEN_FOR")


def as_written(prelude: bytes) -> str:
    """The prelude as a Python literal's text holds it (a newline as backslash-n)."""
    return prelude.decode().replace("\n", "\\n")


@pytest.mark.parametrize("package", sorted(WRITTEN_FOR))
def test_written_for_the_installed_versions(package):
    installed = version(package)
    series = WRITTEN_FOR[package]
    assert installed.split(".")[:2] == series.split("."), UPDATE.format(
        package=package, series=series, installed=installed)


def test_written_for_the_series_pyproject_allows():
    """pyproject.toml pins the same series (textual-serve>=1.1,<1.2; textual>=8.2,<8.3)."""
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    for package, series in WRITTEN_FOR.items():
        major, minor = (int(part) for part in series.split("."))
        assert f'"{package}>={series},<{major}.{minor + 1}"' in text, package


def test_the_web_driver_starts_as_the_pool_replays_it():
    """A waiting app replays what the web driver wrote at start, in the same order."""
    from textual.drivers import web_driver

    source = inspect.getsource(web_driver.WebDriver.start_application_mode)
    mouse = inspect.getsource(web_driver.WebDriver._enable_mouse_support)
    paste = inspect.getsource(web_driver.WebDriver._enable_bracketed_paste)
    assert as_written(PRELUDE) in source
    written = source + mouse + paste
    for mode in TERMINAL_MODES:
        escaped = mode.replace("\x1b", "\\x1b")
        assert escaped in written or mode.replace("\x1b", "\\033") in written, repr(mode)
    assert hasattr(web_driver.WebDriver, "write")


def test_textual_serve_waits_for_the_prelude_and_sets_the_environment():
    from textual_serve.app_service import AppService

    assert as_written(PRELUDE) in inspect.getsource(AppService.run)
    service = AppService("true", write_bytes=None, write_str=None, close=None, download_manager=None)
    environment = service._build_environment(width=100, height=30)
    assert {name: environment[name] for name in APP_ENVIRONMENT} == APP_ENVIRONMENT
    for own in ("COLUMNS", "ROWS", "TERM_PROGRAM_VERSION"):
        assert own in environment


def test_the_server_hooks_are_where_they_were():
    """Server.serve() builds the site with _make_app; its websocket handler reads messages
    with _process_messages; a download's metadata names its app service."""
    from textual_serve.download_manager import Download
    from textual_serve.server import Server

    assert "self._make_app()" in inspect.getsource(Server.serve)
    assert "_process_messages" in inspect.getsource(Server.handle_websocket)
    assert "show_index=True" in inspect.getsource(Server._make_app)  # why routes() replaces them
    assert "app_service" in {field for field in Download.__dataclass_fields__}
    base = web_protocol.server_base()
    assert base.__mro__[1] is Server


def test_the_page_sends_the_tab_id_back_with_downloads():
    """textual.js keeps the id the server sends as "instance_id" and adds it to a
    download's address; serve_site checks it there."""
    import textual_serve

    script = Path(textual_serve.__file__).parent / "static" / "js" / "textual.js"
    text = script.read_text(encoding="utf-8")
    assert 'case"instance_id":this.instance=' in text
    assert "?instance=${this.instance}" in text and "/download/${" in text
