"""`tour serve` without a browser: its options, the command each tab runs, the checks
made before serving, and that the other commands never load textual-serve."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tour import serve_pool
from tour.cli import build_parser
from tour.serve import (
    TEMPLATES,
    app_command,
    app_environment,
    cannot_listen,
    default_public_url,
)
from tour.serve_access import is_loopback


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("classroom.local", False),
], ids=str)
def test_only_loopback_hosts_count_as_private(host, loopback):
    assert is_loopback(host) is loopback


def test_the_default_binds_to_this_machine_only():
    args = parse("serve")
    assert (args.host, args.port, args.public_url) == ("127.0.0.1", 8000, None)
    assert default_public_url(args.host, args.port) == "http://127.0.0.1:8000"


def test_a_wildcard_host_is_announced_by_an_address_browsers_can_open():
    url = default_public_url("0.0.0.0", 8000)
    assert url.startswith("http://") and url.endswith(":8000") and "0.0.0.0" not in url


def test_each_tab_runs_this_python_on_the_same_script_and_options(tmp_path):
    script = tmp_path / "my tour.yaml"
    args = parse("--theme", "textual-light", "--no-content-note", "serve", "--script", str(script))
    command = app_command(args)
    assert command.startswith("trap '' INT; exec ")  # Ctrl+C is the server's: it ends the apps
    words = shlex.split(command.removeprefix("trap '' INT; "))
    assert words == ["exec", sys.executable, "-m", "tour", "--script", str(script),
                     "--theme", "textual-light", "--no-content-note"]


def test_with_a_pool_each_tab_hands_its_streams_over_or_starts_the_app_itself(tmp_path):
    args = parse("--no-content-note", "serve")
    words = shlex.split(app_command(args, "/run/pool.sock").removeprefix("trap '' INT; "))
    assert words == ["exec", sys.executable, "-I", "-S", serve_pool.__file__, "/run/pool.sock",
                     sys.executable, "-m", "tour", "--no-content-note"]


def test_the_hand_over_falls_back_to_starting_the_app(tmp_path):
    """No pool at the socket: the tab's command becomes its fallback, the ordinary app."""
    done = subprocess.run([sys.executable, "-I", "-S", serve_pool.__file__, str(tmp_path / "none.sock"),
                           sys.executable, "-c", "print('started on its own')"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "started on its own\n", done.stderr


@pytest.mark.parametrize(("argv", "message"), [
    (["--port", "99999"], "99999 is not a port: use 1 to 65535"),
    (["--port", "-1"], "-1 is not a port: use 1 to 65535"),
    (["--port", "eighty"], "not a whole number: 'eighty'"),
    (["--ready", "-3"], "-3 is not a count of apps: use 0 to 500"),
], ids=["too-high", "negative", "not-a-number", "ready"])
def test_bad_numbers_are_usage_errors_with_a_message(argv, message):
    done = subprocess.run([sys.executable, "-m", "tour", "serve", *argv],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_host_that_is_not_this_machines_is_named_as_such():
    assert "not this machine's" in cannot_listen("192.0.2.1", 8000)  # TEST-NET-1
    assert cannot_listen("no-such-host.invalid", 8000).startswith("unknown host")


def test_the_page_asks_nothing_of_other_servers():
    """The page template loads only from this server (the font too); textual.js's focus
    hook is there."""
    import re

    page = (Path(TEMPLATES) / "app_index.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "fonts/RobotoMono-VariableFont_wght.ttf" in page and "googleapis" not in page
    assert ".xterm-helper-textarea" in page


def test_tabs_record_as_serve_in_the_data_dir_given(tmp_path):
    env = app_environment(parse("serve", "--data-dir", str(tmp_path)))
    assert env == {"TOUR_FRONT_END": "serve", "TOUR_DATA_DIR": str(tmp_path)}
    assert app_environment(parse("serve", "--no-record"))["TOUR_RECORD"] == "0"


def test_a_port_in_use_is_reported_before_anything_is_announced():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert "in use" in cannot_listen("127.0.0.1", port)
        done = subprocess.run([sys.executable, "-m", "tour", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in done.stderr


def test_a_bad_script_is_refused_before_serving(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tour", "serve", "--script", str(tmp_path / "none.yaml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "none.yaml: no such file" in done.stderr


def test_other_commands_never_load_textual_serve():
    code = ("import sys; from tour.cli import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual_serve', 'aiohttp', 'textual')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
