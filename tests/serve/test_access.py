"""Who may open a session on `tour serve` (serve_access.py), without a server: origins,
the join code, the default number of places."""

from __future__ import annotations

import pytest

from tour.cli import build_parser
from tour.serve import server_access
from tour.serve_access import (
    CODE_ALPHABET,
    FEWEST_SESSIONS,
    MOST_SESSIONS,
    SESSION_MEMORY,
    Access,
    code_needed,
    default_max_sessions,
    new_join_code,
    normal_code,
    origin_of,
)

MIB = 1024 * 1024


@pytest.mark.parametrize(("url", "origin"), [
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
    ("HTTP://Classroom.Local:8000/x?y", "http://classroom.local:8000"),
    ("https://tour.example.org:443", "https://tour.example.org"),
    ("http://tour.example.org:80/", "http://tour.example.org"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("null", ""), ("file:///tmp/page.html", ""), ("http://host:99999", ""),
], ids=str)
def test_an_origin_is_written_as_browsers_write_it(url, origin):
    assert origin_of(url) == origin


def test_only_the_served_origin_opens_sessions():
    access = Access(origin_of("http://127.0.0.1:8000"), max_sessions=30)
    assert access.origin_allowed("http://127.0.0.1:8000")
    for other in ["https://evil.example", "http://localhost:8000", "http://127.0.0.1:8001",
                  "https://127.0.0.1:8000", "null", "", None]:
        assert not access.origin_allowed(other), other
    assert access.page_origin_allowed(None)  # a page typed into the address bar
    assert not access.page_origin_allowed("https://evil.example")


@pytest.mark.parametrize(("host", "served"), [
    ("127.0.0.1:8000", True), ("127.0.0.1:8000".upper(), True), ("localhost:8000", False),
    ("evil.example:8000", False), ("127.0.0.1", False), ("", False), (None, False),
], ids=str)
def test_a_page_is_served_under_the_served_name_only(host, served):
    assert Access(origin_of("http://127.0.0.1:8000"), max_sessions=30).host_served(host) is served


def test_a_public_url_on_the_default_port_matches_a_host_without_it():
    access = Access(origin_of("https://tour.example.org"), max_sessions=30)
    assert access.host_served("tour.example.org") and access.host_served("tour.example.org:443")
    assert not access.host_served("tour.example.org:8443")


def test_a_join_code_is_short_unambiguous_and_forgiving_to_type():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        first, second = code.split("-")
        assert len(first) == len(second) == 3 and set(first + second) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    access = Access("http://127.0.0.1:8000", max_sessions=30, code="KX4-7PM")
    for typed in ["KX4-7PM", "kx47pm", " kx4 7pm ", "Kx4-7Pm"]:
        assert access.code_matches(typed), typed
    for typed in ["KX4-7PN", "", "KX4", "KX4-7PMM"]:
        assert not access.code_matches(typed), typed
    assert normal_code("ab-c d") == "ABCD"


def test_the_cookie_proves_the_code_only_when_one_is_asked():
    asked = Access("http://127.0.0.1:8000", max_sessions=30, code="KX4-7PM")
    assert asked.joined(asked.token)
    assert not asked.joined(None) and not asked.joined("") and not asked.joined("KX4-7PM")
    open_to_all = Access("http://127.0.0.1:8000", max_sessions=30)
    assert open_to_all.joined(None) and open_to_all.code_matches("anything")


@pytest.mark.parametrize(("host", "public_url", "needed"), [
    ("127.0.0.1", None, False), ("localhost", None, False), ("::1", None, False),
    ("0.0.0.0", None, True), ("192.168.1.20", None, True), ("classroom.local", None, True),
    ("127.0.0.1", "https://tour.example.org", True),  # a proxy brings other machines
], ids=str)
def test_the_code_is_asked_when_other_machines_can_reach_the_tour(host, public_url, needed):
    assert code_needed(host, public_url) is needed


def test_serve_options_make_the_access():
    parse = build_parser().parse_args
    loopback = server_access(parse(["serve", "--port", "8123"]))
    assert loopback.origin == "http://127.0.0.1:8123" and loopback.code is None
    proxied = server_access(parse(["serve", "--public-url", "https://tour.example.org/",
                                   "--max-sessions", "12"]))
    assert proxied.origin == "https://tour.example.org" and proxied.code
    assert proxied.max_sessions == 12
    trusted = server_access(parse(["serve", "--host", "0.0.0.0", "--no-code"]))
    assert trusted.code is None and "0.0.0.0" not in trusted.origin


def test_the_default_number_of_places_follows_the_memory_within_bounds():
    assert default_max_sessions(100 * SESSION_MEMORY) == 75  # three quarters of it
    assert default_max_sessions(512 * MIB) == 9
    assert default_max_sessions(64 * MIB) == FEWEST_SESSIONS
    assert default_max_sessions(0) == FEWEST_SESSIONS
    assert default_max_sessions(1024 * 1024 * MIB) == MOST_SESSIONS
    assert FEWEST_SESSIONS <= default_max_sessions() <= MOST_SESSIONS  # this machine's


def test_places_run_out_at_the_cap():
    access = Access("http://127.0.0.1:8000", max_sessions=2)
    assert not access.full(0) and not access.full(1) and access.full(2)


@pytest.mark.parametrize(("argv", "message"), [
    (["--max-sessions", "0"], "0 is not a count of sessions: use 1 to 10000"),
    (["--max-sessions", "many"], "not a whole number: 'many'"),
], ids=["zero", "not-a-number"])
def test_a_bad_cap_is_a_usage_error(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["serve", *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err
