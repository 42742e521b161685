"""`tour serve` without a browser: its options, the command each tab runs, the checks
made before serving, and that the other commands never load textual-serve."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys

import pytest

from tour.cli import build_parser
from tour.serve import app_command, app_environment, cannot_listen, default_public_url, is_loopback


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
    words = shlex.split(app_command(args))
    assert words == ["exec", sys.executable, "-m", "tour", "--script", str(script),
                     "--theme", "textual-light", "--no-content-note"]


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
