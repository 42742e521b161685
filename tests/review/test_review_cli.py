"""`tour review --json` and `tour review --apply` as scripts run them: exit codes,
messages, and the script untouched whenever anything is wrong."""

from __future__ import annotations

import json

from tests.conftest import run_tour


def test_json_lists_each_group_with_its_suggested_topics(script, play_class, data_dir):
    play_class(["who painted the lighthouse", "what is the name of the cat"],
               ["who painted the lighthouse?", "how many keepers were there"])
    result = run_tour("review", "--json", "--data-dir", str(data_dir), "--script", str(script))
    assert result.returncode == 0, result.stderr
    groups = json.loads(result.stdout)
    assert [g["question"] for g in groups] == ["who painted the lighthouse", "what is the name of the cat"]
    assert groups[0]["count"] == 2 and groups[0]["members"] == [{"question": "who painted the lighthouse", "count": 2}]
    assert groups[0]["suggested"] and groups[0]["suggested"][0] == groups[0]["topics"][0]["id"]
    assert all(isinstance(t, str) for g in groups for t in g["suggested"])


def test_json_with_nothing_to_review_prints_an_empty_list(script, play_class, data_dir):
    play_class(["how many keepers were there", "hello", "next"])
    result = run_tour("review", "--json", "--script", str(script))
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert "nothing to review: in 1 session of this tour" in result.stderr


def test_no_sessions_is_a_message_and_exit_2(script, data_dir):
    for mode in (["--json"], []):  # the app too: it says so before it opens
        result = run_tour("review", *mode, "--script", str(script))
        assert result.returncode == 2
        assert f"tour review: no sessions recorded in {data_dir}" in result.stderr
        assert "Traceback" not in result.stderr


def test_apply_writes_the_decisions_then_checks(script, tmp_path):
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("- question: who painted the lighthouse\n  topic: cape\n"
                         "- question: was there a cat\n  unanswered: true\n"
                         "- question: where was the lighthouse\n  topic: cape\n", encoding="utf-8")
    result = run_tour("review", "--apply", str(decisions), "--script", str(script))
    assert result.returncode == 0, result.stderr
    assert f"{script}:43: added \u201cwho painted the lighthouse\u201d as an example of 'cape'" in result.stdout
    assert f"{script}:21: added \u201cwas there a cat\u201d as unanswered (the tour's list)" in result.stdout
    assert (f"{decisions}:5: not added \u201cwhere was the lighthouse\u201d: already in the script: "
            "an example of 'cape'") in result.stderr
    assert f"{script}: ok:" in result.stdout  # tour check's own summary
    text = script.read_text(encoding="utf-8")
    assert "what is this all about, who painted the lighthouse]" in text and "  - was there a cat\n" in text


def test_apply_with_an_unknown_topic_leaves_the_script_untouched(script, tmp_path):
    old = script.read_bytes()
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("- {question: who painted it, topic: cape}\n"
                         "- {question: how bright was the lamp, topic: lamp}\n", encoding="utf-8")
    result = run_tour("review", "--apply", str(decisions), "--script", str(script))
    assert result.returncode == 2
    assert f"{decisions}:2: decision 2: unknown topic 'lamp'" in result.stderr
    assert script.read_bytes() == old


def test_apply_with_a_malformed_file_leaves_the_script_untouched(script, tmp_path):
    old = script.read_bytes()
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("- question: who painted it\n  topic: [cape\n", encoding="utf-8")
    result = run_tour("review", "--apply", str(decisions), "--script", str(script))
    assert result.returncode == 2 and result.stderr.startswith(f"{decisions}:")
    assert "not YAML" in result.stderr and "Traceback" not in result.stderr
    assert script.read_bytes() == old


def test_modes_do_not_mix_and_a_port_is_checked(script):
    assert run_tour("review", "--json", "--apply", "x.yaml", "--script", str(script)).returncode == 2
    result = run_tour("review", "--serve", "--port", "70000", "--script", str(script))
    assert result.returncode == 2 and "70000 is not a port" in result.stderr
