"""The results document: built from records, validated by the JSON schema, read back with checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from csvpipe.experiments import results
from csvpipe.experiments.results import ExperimentRecord


def record_with_samples(samples: list[float]) -> ExperimentRecord:
    record = ExperimentRecord("B", "End-to-end timing")
    metric = record.metric("e2e_warm_s", "s", "End-to-end, warm")
    for value in samples:
        metric.add(value)
    metric.discard("asked warm, handler reported cold")
    table = record.table("B — phases", ["phase", "ms"])
    table.rows.append(["claim", 1.5])
    return record


def test_document_validates_and_carries_statistics_and_raw_samples(
    results_environment: dict[str, Any],
) -> None:
    document = results.build_document(
        results_environment, [record_with_samples([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])]
    )
    results.validate(document)
    metric = document["metrics"]["B.e2e_warm_s"]
    assert metric["samples"] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    assert metric["discarded"] == 1
    assert metric["stats"]["n"] == 6
    assert metric["stats"]["median"] == pytest.approx(0.35)
    assert metric["stats"]["ci95_median"]["low"] == 0.1  # n=6: ranks 1 and 6
    assert document["experiments"]["B"]["metrics"] == ["B.e2e_warm_s"]


def test_empty_metric_is_valid_with_n_zero(results_environment: dict[str, Any]) -> None:
    record = ExperimentRecord("G", "Parallel upload")
    record.metric("latency_c1_s", "s", "latency").discard("lost")
    document = results.build_document(results_environment, [record])
    results.validate(document)
    assert document["metrics"]["G.latency_c1_s"]["stats"] == {"n": 0}


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["environment"].pop("git_commit"), "environment"),
        (lambda d: d["environment"].update(target="azure"), "environment/target"),
        (lambda d: d["metrics"]["B.e2e_warm_s"]["stats"].pop("median"), "metrics/B.e2e_warm_s/stats"),
        (lambda d: d["experiments"]["B"].update(status="done"), "experiments/B/status"),
        (lambda d: d["metrics"].update({"bad name": d["metrics"]["B.e2e_warm_s"]}), "metrics"),
    ],
)
def test_schema_rejects_broken_documents(
    mutate: Any, where: str, results_environment: dict[str, Any]
) -> None:
    document = results.build_document(results_environment, [record_with_samples([0.1, 0.2, 0.3])])
    mutate(document)
    with pytest.raises(results.ResultsError, match=where.split("/")[0]):
        results.validate(document)


def test_read_round_trip_and_version_check(tmp_path: Path, results_environment: dict[str, Any]) -> None:
    document = results.build_document(results_environment, [record_with_samples([0.1, 0.2])])
    path = tmp_path / "r.json"
    results.write(document, path)
    assert results.read(path) == json.loads(path.read_text())
    document["schema_version"] = 99
    path.write_text(json.dumps(document))
    with pytest.raises(results.ResultsError, match="version 99"):
        results.read(path)
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(results.ResultsError, match="cannot read"):
        results.read(tmp_path / "x.json")
