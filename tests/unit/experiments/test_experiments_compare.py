"""The comparison report from hand-built results: table shape, ratios, drift flags, self-contained HTML.

(The same code is run on two real result files of a quick MiniStack run in
tests/integration/test_experiments_quick.py.)
"""

from __future__ import annotations

from pathlib import Path

from experiments_builders import make_environment  # type: ignore[import-not-found]

from csvpipe.experiments import compare, results
from csvpipe.experiments.results import ExperimentRecord


def write_run(path: Path, target: str, warm: list[float], started: str) -> Path:
    record = ExperimentRecord("B", "End-to-end timing")
    metric = record.metric("e2e_warm_s", "s", "End-to-end, warm (upload → summary)")
    for value in warm:
        metric.add(value)
    h = ExperimentRecord("H", "IAM policy fidelity")
    table = h.table(
        f"H — IAM matrix ({target})", ["action on resource", "expected (AWS)", "observed", "matches"]
    )
    table.rows.append(
        ["s3:PutObject — uploads/", "denied", "allowed" if target == "ministack" else "denied", "?"]
    )
    env = make_environment()
    env.update(target=target, started_at=started)
    results.write(results.build_document(env, [record, h]), path)
    return path


def test_two_targets_give_the_seed_table_with_ratio_and_behaviour_table(tmp_path: Path) -> None:
    a = write_run(
        tmp_path / "a.json", "ministack", [0.010 + i / 1000 for i in range(10)], "2026-11-25T20:00:00Z"
    )
    b = write_run(tmp_path / "b.json", "aws", [0.200 + i / 100 for i in range(10)], "2026-11-25T21:00:00Z")
    outcome = compare.compare([b, a], tmp_path / "report")
    text = outcome.report_md.read_text()
    assert "| Metric | ministack | aws | ratio aws / ministack |" in text
    # medians 14.5 ms and 245 ms -> x16.90, intervals disjoint -> flagged
    assert "×16.90 ⚑" in text
    assert "| ≠ s3:PutObject — uploads/ | denied | ministack: allowed · aws: denied | ? |" in text
    assert outcome.drifted == []  # different targets: a difference, not drift
    assert len(outcome.plots) >= 3 and all(p.stat().st_size > 5000 for p in outcome.plots)
    html = outcome.report_html.read_text()
    assert html.count("data:image/png;base64,") == len(outcome.plots)
    assert 'src="latency_cdf.png"' not in html


def test_two_runs_of_one_target_get_a_drift_check(tmp_path: Path) -> None:
    a = write_run(
        tmp_path / "a.json", "ministack", [0.010 + i / 1000 for i in range(10)], "2026-11-25T20:00:00Z"
    )
    b = write_run(
        tmp_path / "b.json", "ministack", [0.050 + i / 1000 for i in range(10)], "2026-11-25T21:00:00Z"
    )
    c = write_run(
        tmp_path / "c.json", "ministack", [0.012 + i / 1000 for i in range(10)], "2026-11-25T22:00:00Z"
    )
    moved = compare.compare([a, b], tmp_path / "r1")
    assert moved.drifted == ["B.e2e_warm_s (ministack #1 vs ministack #2)"]
    assert "Drift check" in moved.report_md.read_text()
    steady = compare.compare([a, c], tmp_path / "r2")
    assert steady.drifted == []
    assert "No metric's 95 % median interval moved" in steady.report_md.read_text()


def test_labels_number_runs_of_the_same_target() -> None:
    docs = [{"environment": {"target": t}} for t in ("ministack", "aws", "ministack")]
    assert compare.run_labels(docs) == ["ministack #1", "aws", "ministack #2"]
