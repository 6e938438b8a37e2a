"""The specs behind `presslens train HEAD` and `presslens eval TASK`: the commands are made from them, and they
agree with each other and with the results table."""
import json
import shlex
import subprocess
import sys

import pytest

from presslens.errors import UsageError
from presslens.lab.evaluation.results_table import read_spec
from presslens.lab.evaluation.specs import TASK_NAMES, TASKS, task_of
from presslens.lab.training.specs import HEAD_NAMES, HEADS, spec_of, train_head

from conftest import ROOT


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "presslens", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


def test_every_head_is_scored_by_an_evaluation_task_and_every_task_scores_a_head():
    for spec in HEADS:
        words = spec.scored_by.split(";")[0].split()
        assert words[:2] == ["presslens", "eval"] and words[2] in TASK_NAMES, spec.name
        assert spec.name in task_of(words[2]).scores, (spec.name, words[2])   # the two specs say the same
        assert spec.reads and spec.split and spec.metric and spec.takes, spec.name
    for task in TASKS:
        assert set(task.scores) <= set(HEAD_NAMES), task.name
        assert shlex.split(task.reported)[:3] == ["presslens", "eval", task.name]


def test_every_command_of_the_results_table_names_a_command_that_exists():
    for row in read_spec():
        words = shlex.split(row["command"])
        if words[0] == "make":
            continue
        assert words[1] in ("eval", "train") and words[2] in (TASK_NAMES if words[1] == "eval" else HEAD_NAMES), row
        if row.get("refresh"):
            assert shlex.split(row["refresh"])[1] in TASK_NAMES, row


def test_the_train_and_eval_commands_are_made_from_the_specs():
    listed = json.loads(_cli("train", "list", "--json").stdout)
    assert [row["head"] for row in listed] == list(HEAD_NAMES)
    tasks = json.loads(_cli("eval", "list", "--json").stdout)
    assert [row["task"] for row in tasks] == list(TASK_NAMES)
    helped = _cli("train", "verifier", "--help").stdout
    for option in spec_of("verifier").options:
        assert option.option_flag in helped
    assert "--model" in _cli("train", "technique-calibration", "--help").stdout   # the spec's own output flag


def test_a_bad_head_option_or_value_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no option"):
        train_head("claims", data=tmp_path, out=tmp_path / "out", depth=3)
    with pytest.raises(UsageError, match="no head"):
        spec_of("sentiment")
    proc = _cli("train", "encoder", "--tasks", "genre", "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "--tasks takes techniques" in proc.stderr and "Traceback" not in proc.stderr


def test_the_default_files_of_the_evaluation_tasks_are_under_the_data_root():
    from presslens.cli import DATA_ROOT

    if not DATA_ROOT.is_dir():
        pytest.skip("no labelled data here")
    for task in TASKS:
        for option in task.files:
            assert task.default(option, DATA_ROOT).exists(), (task.name, option)


def test_a_missing_train_extra_is_said_before_any_work(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sklearn" else real(name, *a))
    with pytest.raises(UsageError, match=r"needs the train extra \(sklearn missing\): pip install"):
        train_head("claims", data=tmp_path, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()
