"""Writing decisions into a script: the author's bytes kept (comments, order, quoting,
layout, line ends), each list added to in its own style, never a duplicate, and the
script replaced atomically or not at all."""

from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path

import pytest

from tour.engine.loader import load_tour
from tour.review import script_edit
from tour.review.decisions import Decision
from tour.review.questions import ReviewError
from tour.review.script_edit import check_lines, writable, write_decisions

DATA = Path(__file__).parent / "data"


@pytest.fixture
def layout(script: Path):
    """Put one of tests/review/data's scripts beside the lighthouse's text; its path."""

    def put(name: str, transform=lambda data: data) -> Path:
        path = script.parent / name
        path.write_bytes(transform((DATA / name).read_bytes()))
        return path

    return put


def added_lines(old: str, new: str, *, flow: bool = False) -> list[str]:
    """The lines of `new` that are not `old`'s, checking that every line of `old` is
    still there, in order and unchanged (with `flow`, a line may also have grown by
    text inserted at one place: a flow list added to)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added, i = [], 0
    for line in new_lines:
        if i < len(old_lines) and line == old_lines[i]:
            i += 1
        elif flow and i < len(old_lines) and _grown(old_lines[i], line):
            added.append(line)
            i += 1
        else:
            added.append(line)
    assert i == len(old_lines), f"line {i + 1} of the old script is gone or changed: {old_lines[i]!r}"
    return added


def _grown(old: str, new: str) -> bool:
    cut = next((k for k in range(len(old)) if old[k] != new[k]), len(old))
    return len(new) > len(old) and new.endswith(old[cut:]) and new.startswith(old[:cut])


def test_a_block_list_gets_new_lines_after_its_last_item_in_its_own_layout(layout):
    path = layout("block.yaml")
    old = path.read_text(encoding="utf-8")
    written = write_decisions(path, [Decision("who painted the lighthouse", "cape"),
                                     Decision("who fed the goats", "keepers-food")])
    new = path.read_text(encoding="utf-8")
    # plain after a folded item; double-quoted after a double-quoted one, its spacing copied
    assert added_lines(old, new) == ["    - who painted the lighthouse\n", '        -   "who fed the goats"\n']
    assert new.index("who painted") < new.index("    # more to come")  # after the folded item, before the comment
    assert new.index("      lighthouse\n") < new.index("who painted")
    lines = new.splitlines()
    assert [(d.question, lines[line - 1]) for d, line in written.added] == [
        ("who painted the lighthouse", "    - who painted the lighthouse"),
        ("who fed the goats", '        -   "who fed the goats"')]
    tour = load_tour(path).tour
    assert tour.nodes["cape"].examples[-1] == "who painted the lighthouse"
    assert tour.nodes["keepers-food"].examples[-1] == "who fed the goats"


def test_missing_and_empty_lists_are_made_as_the_file_makes_its_lists(layout):
    path = layout("block.yaml")
    old = path.read_text(encoding="utf-8")
    write_decisions(path, [Decision("what does the photo show", "photo"),
                           Decision("when did the shifts change", "keepers-shifts"),
                           Decision("who owned the reef", "cape", unanswered=True),
                           Decision("was there a cat", unanswered=True)])
    new = path.read_text(encoding="utf-8")
    assert added_lines(old, new) == [
        "    unanswered:\n", "    - 'who owned the reef'\n",  # after the keywords, the last of its lists
        "    - what does the photo show\n",  # under the empty `examples:`
        "    examples:\n", "    - when did the shifts change\n",  # after the title
        "\n", "unanswered:\n", "- was there a cat\n",  # the tour's own, at the end
    ]
    assert new.index("    - reef\n") < new.index("    unanswered:") < new.index("    quote: The lighthouse stood")
    assert new.endswith("- was there a cat\n# the end\n")
    tour = load_tour(path).tour
    assert tour.nodes["photo"].examples == ("what does the photo show",)
    assert tour.nodes["keepers-shifts"].examples == ("when did the shifts change",)
    assert tour.nodes["cape"].unanswered == ("who owned the reef",)
    assert tour.unanswered == ("was there a cat",)


def test_flow_lists_grow_in_place_comments_kept(layout):
    path = layout("init.yaml")
    old = path.read_text(encoding="utf-8")
    write_decisions(path, [Decision("who built the lighthouse", "cape"), Decision("yes", "cape"),
                           Decision("how long was a shift", "keepers-shifts")])
    new = path.read_text(encoding="utf-8")
    assert added_lines(old, new, flow=True) == [
        '        examples: ["who built the lighthouse", "yes"]  # questions readers ask that this passage answers\n',
        '          "how many keepers were there", "how long was a shift",\n']
    tour = load_tour(path).tour
    assert tour.nodes["cape"].examples == ("who built the lighthouse", "yes")


def test_plain_lists_get_plain_questions_quoted_only_where_yaml_needs_it(script):
    old = script.read_text(encoding="utf-8")
    tricky = ["who built the lighthouse?", "yes", "keeper: what did he do", "was it # the first",
              "'quoted' start", "100", "[brackets] and, commas", "caf\u00e9 au lait \u2028 here", "- dash"]
    write_decisions(script, [Decision(q, "cape") for q in tricky])
    new = script.read_text(encoding="utf-8")
    [grown] = added_lines(old, new, flow=True)
    assert grown.startswith('        examples: ["Where was the lighthouse?", how old is the lighthouse, '
                            'what is this all about, who built the lighthouse?, ')
    assert "caf\u00e9 au lait here" in grown  # a line separator is no part of a question
    assert load_tour(script).tour.nodes["cape"].examples[3:] == tuple(Decision(q, "cape").question for q in tricky)


@pytest.mark.parametrize("name", ["block.yaml", "init.yaml"])
def test_line_ends_and_a_byte_order_mark_are_kept(layout, name):
    path = layout(name, lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    old = path.read_bytes()
    write_decisions(path, [Decision("who painted it", "cape"), Decision("was there a cat", unanswered=True)])
    new = path.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") and b"\n" not in new.replace(b"\r\n", b"")
    assert new.count(b"\r\n") > old.count(b"\r\n")
    assert load_tour(path).tour.unanswered[-1] == "was there a cat"


def test_a_script_without_a_final_line_break(layout):
    path = layout("block.yaml", lambda data: data.rstrip(b"\n"))
    write_decisions(path, [Decision("was there a cat", unanswered=True)])
    assert load_tour(path).tour.unanswered == ("was there a cat",)


def test_never_a_duplicate(script):
    old = script.read_text(encoding="utf-8")
    written = write_decisions(script, [
        Decision("WHERE was the lighthouse", "cape"),  # an example already, wording folded
        Decision("When was the lighthouse closed down?", "cape", unanswered=True),  # the tour's unanswered
        Decision("what did the keepers drink", "keepers-food"),
        Decision("What did the keepers drink?", "keepers-shifts")])  # the same, given twice
    assert [d.question for d, _ in written.added] == ["what did the keepers drink"]
    assert [why for _, why in written.skipped] == [
        "already in the script: an example of 'cape'",
        "already in the script: an unanswered question of the tour",
        "already in the script: an example of 'keepers-food' (given earlier)"]
    assert len(added_lines(old, script.read_text(encoding="utf-8"), flow=True)) == 1
    assert write_decisions(script, [Decision("what did the keepers drink", "keepers-food")]).added == []


def test_a_topic_gone_writes_nothing(script):
    old = script.read_bytes()
    with pytest.raises(ReviewError, match="no longer has the topic 'lamp' .*nothing was written"):
        write_decisions(script, [Decision("who lit it", "cape"), Decision("how bright", "lamp")])
    assert script.read_bytes() == old


def _no_temporary_files(folder: Path) -> bool:
    return sorted(p.name for p in folder.iterdir()) == ["article.txt", "dialogue.yaml"]


def test_a_crash_while_replacing_leaves_the_old_script_whole(script, monkeypatch):
    old = script.read_bytes()

    def crash(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(script_edit.os, "replace", crash)
    with pytest.raises(ReviewError, match="cannot write .*No space left on device; nothing was written"):
        write_decisions(script, [Decision("who lit it", "cape")])
    assert script.read_bytes() == old and _no_temporary_files(script.parent)


def test_an_interrupted_write_leaves_the_old_script_whole(script, monkeypatch):
    old = script.read_bytes()

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(script_edit, "load_tour", lambda path, real=load_tour: (
        interrupted(path) if str(path).endswith(".review") else real(path)))
    with pytest.raises(KeyboardInterrupt):
        write_decisions(script, [Decision("who lit it", "cape")])
    assert script.read_bytes() == old and _no_temporary_files(script.parent)


def test_a_script_changed_meanwhile_is_not_overwritten(script, monkeypatch):
    def edited_meanwhile(path, real=load_tour):
        if str(path).endswith(".review"):
            with script.open("a", encoding="utf-8") as f:
                f.write("# the author's edit\n")
        return real(path)

    monkeypatch.setattr(script_edit, "load_tour", edited_meanwhile)
    with pytest.raises(ReviewError, match="changed while the questions were being written"):
        write_decisions(script, [Decision("who lit it", "cape")])
    assert script.read_text(encoding="utf-8").endswith("# the author's edit\n")
    assert "who lit it" not in script.read_text(encoding="utf-8")


def test_a_result_that_reads_otherwise_is_never_written(script, monkeypatch):
    old = script.read_bytes()
    monkeypatch.setattr(script_edit, "_scalar", lambda text, style, flow: text)  # no quoting at all
    with pytest.raises(ReviewError, match="without changing the rest of the script: nothing was written"):
        write_decisions(script, [Decision("yes", "cape")])
    assert script.read_bytes() == old


def test_a_script_with_errors_is_not_written(script):
    from tour.engine.problems import ScriptError

    broken = script.read_text(encoding="utf-8").replace("next: [keepers-shifts]", "next: [nowhere]")
    script.write_text(broken, encoding="utf-8")
    with pytest.raises(ScriptError):
        write_decisions(script, [Decision("who lit it", "cape")])
    assert script.read_text(encoding="utf-8") == broken


def test_the_installed_tour_is_not_written():
    installed = Path(str(importlib.resources.files("tour"))) / "bundled" / "dialogue.yaml"
    with pytest.raises(ReviewError, match="installed with the package"):
        writable(installed)


def test_the_check_runs_on_the_result(layout, tmp_path):
    path = layout("block.yaml")
    write_decisions(path, [Decision("who painted the lighthouse", "cape")])
    lines = check_lines(path)
    assert any("node 'photo' is not offered by any choice" in line for line in lines)
    assert lines[-1] == f"{path}: tour check: 1 warning"


def test_the_bundled_tour_keeps_every_byte_but_the_added_lines(tmp_path, tour):
    """The real script: block lists, flow lists, folded text, long comments."""
    from tour.engine.files import bundled_folder

    folder = tmp_path / "bundled"
    shutil.copytree(bundled_folder(), folder)
    path = folder / "dialogue.yaml"
    old = path.read_text(encoding="utf-8")
    write_decisions(path, [Decision("what did the prisoners eat for breakfast", "lead-overview"),
                           Decision("who was the camp's cook", "lead-overview", unanswered=True),
                           Decision("were there cats in the camp", unanswered=True)])
    assert added_lines(old, path.read_text(encoding="utf-8")) == [
        "  - were there cats in the camp\n",
        "          - what did the prisoners eat for breakfast\n",
        "          - who was the camp's cook\n"]


def test_a_new_list_after_an_empty_one_filled_at_once_keeps_them_apart(layout):
    """`examples:` (empty) then a new `unanswered:` after it, in one write, the
    unanswered decided first: each question lands in its own list."""
    path = layout("block.yaml")
    write_decisions(path, [Decision("who took it", "photo", unanswered=True),
                           Decision("what does it show", "photo")])
    photo = load_tour(path).tour.nodes["photo"]
    assert photo.examples == ("what does it show",) and photo.unanswered == ("who took it",)
