"""The runner's life cycle with fakes for the emulator and the stack: whatever happens inside an
experiment — an error or Ctrl-C — the stack is destroyed and the emulator the run started is stopped."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest

from csvpipe.deploy.emulator import EmulatorState, UpResult
from csvpipe.deploy.stack import StackOutputs
from csvpipe.experiments import runner
from csvpipe.experiments.base import Settings


class Calls(list[str]):
    pass


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Calls:
    calls = Calls()
    state = EmulatorState("http://127.0.0.1:1", 1, 1, "log", False, "us-east-1", 0.0)
    monkeypatch.setattr(runner.emulator, "read_state", lambda _d: None)
    monkeypatch.setattr(runner.emulator, "up", lambda **_k: calls.append("up") or UpResult(state, False))
    monkeypatch.setattr(runner.emulator, "down", lambda **_k: calls.append("down"))
    outputs = StackOutputs("s", "us-east-1", "http://127.0.0.1:1", "b", "t", "f", "q", "a")
    monkeypatch.setattr(
        runner.stack, "deploy_stack", lambda _t, name, _p: calls.append(f"deploy {name}") or outputs
    )
    monkeypatch.setattr(runner.stack, "destroy_stack", lambda _t, name: calls.append(f"destroy {name}"))
    return calls


def fake_module(monkeypatch: pytest.MonkeyPatch, behaviour: Any) -> None:
    module = types.SimpleNamespace(TITLE="fake", run=behaviour)
    real_import = runner.importlib.import_module
    monkeypatch.setattr(
        runner.importlib,
        "import_module",
        lambda name: module if name.endswith("exp_b_end_to_end") else real_import(name),
    )


def options(tmp_path: Path) -> runner.RunOptions:
    return runner.RunOptions(Settings("ministack", only=("B",), run_id="abc123"), state_dir=tmp_path)


def test_a_failing_experiment_is_recorded_and_everything_is_cleaned_up(
    fakes: Calls, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def boom(_ctx: Any, _record: Any) -> None:
        raise RuntimeError("the emulator fell over")

    fake_module(monkeypatch, boom)
    document = runner.run(options(tmp_path))
    assert document["experiments"]["B"]["status"] == "failed"
    assert "the emulator fell over" in document["experiments"]["B"]["error"]
    assert fakes == ["up", "deploy cx-abc123", "destroy cx-abc123", "down"]


def test_ctrl_c_still_destroys_the_stack_stops_the_emulator_and_hands_back_partial_results(
    fakes: Calls, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(_ctx: Any, _record: Any) -> None:
        raise KeyboardInterrupt

    fake_module(monkeypatch, interrupted)
    partial: list[dict[str, Any]] = []
    with pytest.raises(KeyboardInterrupt):
        runner.run(options(tmp_path), on_partial=partial.append)
    assert fakes == ["up", "deploy cx-abc123", "destroy cx-abc123", "down"]
    assert partial and partial[0]["environment"]["interrupted"] is True
    assert partial[0]["experiments"]["B"]["error"] == "interrupted (Ctrl-C)"


def test_stack_names_fit_the_name_prefix_rule() -> None:
    assert runner.stack_name("abc123") == "cx-abc123"
    assert len(runner.stack_name("abc123", "-a9")) <= 20
