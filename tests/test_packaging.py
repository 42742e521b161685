"""The wheel holds every package and data file, and the bundled tour as tour/bundled,
so a non-editable install works from any folder (no package list is kept by hand)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    build = pytest.importorskip("hatchling.build")
    out = tmp_path_factory.mktemp("wheel")
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        name = build.build_wheel(str(out))
    finally:
        os.chdir(here)
    with zipfile.ZipFile(out / name) as wheel:
        return set(wheel.namelist())


def test_every_module_and_data_file_is_in_the_wheel(wheel_names):
    source = ROOT / "src"
    wanted = {p.relative_to(source).as_posix() for p in (source / "tour").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert wanted - wheel_names == set()


def test_the_bundled_tour_ships_inside_the_package(wheel_names):
    scripts = ROOT / "scripts"
    wanted = {"tour/bundled/" + p.relative_to(scripts).as_posix() for p in scripts.rglob("*") if p.is_file()}
    assert "tour/bundled/dialogue.yaml" in wanted
    assert "tour/bundled/golden/testimony.txt" in wanted
    assert wanted - wheel_names == set()


def test_a_checkout_finds_its_bundled_tour_in_scripts():
    from tour.engine.files import bundled_script

    assert bundled_script() == ROOT / "scripts" / "dialogue.yaml"
