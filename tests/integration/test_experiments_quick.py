"""The experiment suite end to end: two quick runs through the CLI against a real MiniStack started by
this module, then `csvpipe compare` on the two real result files.

Run 1 is every experiment A–H with --quick (H starts its own AUTH=true emulator); run 2 is A, B and C
again, so the report has two runs of one target to drift-check. Both runs must leave the emulator they
were given running (they did not start it) and must destroy their stacks.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.main import main
from csvpipe.deploy import emulator
from csvpipe.deploy.targets import emulator_target
from csvpipe.experiments import results

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    state_dir = tmp_path_factory.mktemp("exp-ministack")
    out = tmp_path_factory.mktemp("exp-results")
    started = emulator.up(port=emulator.free_port(), state_dir=state_dir)
    environ = {"CSVPIPE_STATE_DIR": str(state_dir), "PATH": "/usr/bin:/bin"}
    outcome: dict[str, Any] = {"state": started.state, "out": out, "stderr": []}
    try:
        for name, extra in (("a", []), ("b", ["--only", "A,B,C"])):
            env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), cwd=out, environ=environ)
            argv = ["experiments", "run", "--target", "ministack", "--quick", "--out", f"{name}.json", *extra]
            outcome[f"{name}_status"] = main(argv, env)
            outcome["stderr"].append(env.stderr.getvalue())
        outcome["healthy_after"] = emulator.is_healthy(started.state.endpoint_url)
        outcome["stacks_after"] = [
            s["StackName"]
            for s in emulator_target("ministack", started.state.endpoint_url)
            .client("cloudformation")
            .describe_stacks()
            .get("Stacks", [])
            if s.get("StackStatus") != "DELETE_COMPLETE"
        ]
        yield outcome
    finally:
        emulator.down(state_dir=state_dir)


def load(runs: dict[str, Any], name: str) -> dict[str, Any]:
    return results.read(runs["out"] / f"{name}.json")  # read() validates against the schema


def test_both_runs_succeed_and_clean_up(runs: dict[str, Any]) -> None:
    assert runs["a_status"] == ExitStatus.OK, runs["stderr"][0][-3000:]
    assert runs["b_status"] == ExitStatus.OK, runs["stderr"][1][-3000:]
    assert runs["healthy_after"], "the run stopped an emulator it did not start"
    assert runs["stacks_after"] == [], "a run left its stack behind"


def test_full_quick_run_has_every_experiment_and_raw_samples(runs: dict[str, Any]) -> None:
    document = load(runs, "a")
    assert {k: e["status"] for k, e in document["experiments"].items()} == dict.fromkeys("ABCDEFGH", "ok")
    env = document["environment"]
    assert env["target"] == "ministack" and env["emulator"]["name"] == "ministack"
    assert env["emulator"]["started_by_run"] is False
    assert env["parameters"]["quick"] is True and env["cpu_count"] >= 1
    for name, metric in document["metrics"].items():
        assert metric["stats"]["n"] == len(metric["samples"]), name


def test_cold_is_slower_than_warm_and_both_were_measured(runs: dict[str, Any]) -> None:
    metrics = load(runs, "a")["metrics"]
    cold, warm = metrics["B.e2e_cold_s"]["stats"], metrics["B.e2e_warm_s"]["stats"]
    assert cold["n"] >= 3 and warm["n"] >= 3
    assert cold["median"] > warm["median"]
    assert metrics["C.cold_invoke_s"]["stats"]["median"] > metrics["C.warm_invoke_s"]["stats"]["median"]


def test_nothing_was_lost(runs: dict[str, Any]) -> None:
    metrics = load(runs, "a")["metrics"]
    assert sum(metrics["G.lost_files"]["samples"]) == 0
    assert sum(metrics["D.lost_events"]["samples"]) == 0
    rows = load(runs, "a")["experiments"]["D"]["tables"][0]["rows"]
    injected = next(r for r in rows if r[0].startswith("injected handler exception"))
    assert injected[6] == "yes", "the injected failure did not reach the failure queue"


def test_iam_matrix_ran_with_enforcement(runs: dict[str, Any]) -> None:
    rows = load(runs, "a")["experiments"]["H"]["tables"][0]["rows"]
    observed = {r[0]: r[2] for r in rows}
    assert observed["s3:PutObject — uploads/ object (would re-trigger)"] == "denied"
    assert observed["s3:PutObject — processed/ object"] == "allowed"


def test_size_fit_and_throughput_present(runs: dict[str, Any]) -> None:
    experiments = load(runs, "a")["experiments"]
    fit = experiments["F"]["fits"]["processing"]
    assert fit["slope_s_per_mb"] > 0 and fit["n"] >= 5
    assert experiments["G"]["series"]["throughput"]["x"] == [1, 10, 25]


def test_compare_two_real_runs(runs: dict[str, Any]) -> None:
    out = runs["out"] / "report"
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), cwd=runs["out"])
    status = main(["compare", "a.json", "b.json", "--out", str(out), "--json"], env)
    assert status == ExitStatus.OK, env.stderr.getvalue()
    written = json.loads(env.stdout.getvalue())
    report = (out / "report.md").read_text()
    assert "| Metric | ministack #1 | ministack #2 | ratio ministack #2 / ministack #1 |" in report
    assert "Drift check" in report and "H — IAM policy fidelity" in report and "Environment" in report
    assert len(written["plots"]) >= 3
    for plot in written["plots"]:
        assert Path(plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == len(written["plots"])
