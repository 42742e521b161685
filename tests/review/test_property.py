"""Any list of valid decisions, written into any of our layouts, keeps the script
loadable, keeps every line it had (a flow list's line may only grow), and adds exactly
the questions written, each at the end of its list."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tour.engine.loader import load_tour
from tour.review.decisions import Decision
from tour.review.questions import clean
from tour.review.script_edit import write_decisions

from .conftest import MINI_FOLDER
from .test_script_edit import DATA, added_lines

LAYOUTS = {"dialogue.yaml": MINI_FOLDER / "dialogue.yaml", "block.yaml": DATA / "block.yaml",
           "init.yaml": DATA / "init.yaml"}
TOPICS = {"dialogue.yaml": ["cape", "photo", "keepers-shifts", "keepers-food", "storm-landing"],
          "block.yaml": ["cape", "photo", "keepers-shifts", "keepers-food"],
          "init.yaml": ["cape", "keepers-shifts"]}

questions = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda q: clean(q) != "")


@st.composite
def cases(draw):
    name = draw(st.sampled_from(sorted(LAYOUTS)))
    crlf = draw(st.booleans())
    decisions = draw(st.lists(st.builds(
        lambda q, topic, unanswered: Decision(q, topic, unanswered or topic is None),
        questions, st.sampled_from([*TOPICS[name], None]), st.booleans()), max_size=8))
    return name, crlf, decisions


def lists_of(tour) -> dict[tuple[str, str | None], tuple[str, ...]]:
    out = {("unanswered", None): tour.unanswered}
    for node in tour.nodes.values():
        out[("examples", node.id)] = node.examples
        out[("unanswered", node.id)] = node.unanswered
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_any_valid_decisions_keep_the_script_and_add_just_them(case):
    name, crlf, decisions = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(MINI_FOLDER / "article.txt", folder / "article.txt")
        path = folder / name
        data = LAYOUTS[name].read_bytes()
        path.write_bytes(data.replace(b"\n", b"\r\n") if crlf else data)
        old_text = path.read_bytes().decode("utf-8")
        before = lists_of(load_tour(path).tour)
        written = write_decisions(path, decisions)
        after_tour = load_tour(path).tour  # loadable
        new_text = path.read_bytes().decode("utf-8")
    added_lines(old_text, new_text, flow=name != "block.yaml")  # every earlier line kept
    assert len(written.added) + len(written.skipped) == len(decisions)
    expected = {key: list(values) for key, values in before.items()}
    for d, _ in written.added:
        expected[(d.key, d.topic)].append(d.question)
    assert {k: list(v) for k, v in lists_of(after_tour).items()} == expected
