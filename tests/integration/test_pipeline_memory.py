"""A file that outgrows the function's memory ends as an OUT_OF_MEMORY error report and a FAILED item,
not as a killed function that the platform retries twice and then parks in the failure queue.

MiniStack does not enforce MemorySize (docs/fidelity.md); the handler's own ceiling (RLIMIT_DATA,
csvpipe.handler.memory) does, in MiniStack's worker process as in a Lambda. The shared stack's
function gets the smallest memory (128 MB) for the duration of the test, restored afterwards, and a
file that is within each of the engine's budgets at 128 MB but over them together
(`experiments.datagen.outgrows_small_function_csv`: killed in a 128 MB memory cgroup without the
ceiling). Then a normal file must still get its summary from the same function.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import jsonschema
import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline
from csvpipe.experiments.datagen import outgrows_small_function_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "test-data" / "sample.csv"
SCHEMAS = REPO_ROOT / "src" / "csvpipe" / "schemas"


def _valid(document: dict[str, object], schema: str) -> None:
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / schema).read_text())).validate(document)


@pytest.fixture
def small_function(configure: Callable[..., AbstractContextManager[Pipeline]]) -> Iterator[Pipeline]:
    with configure(MemorySize=128) as configured:
        yield configured


def test_a_file_too_big_for_the_function_memory_gets_an_out_of_memory_report(
    small_function: Pipeline, tmp_path: Path
) -> None:
    target, outputs = small_function.target, small_function.outputs
    path = tmp_path / "greedy.csv"
    path.write_bytes(outgrows_small_function_csv())
    folder = f"uploads/it-{uuid.uuid4().hex[:8]}"
    uploaded = client.upload(target, outputs, path, f"{folder}/greedy.csv")
    result = client.wait_for_result(target, outputs, f"{folder}/greedy.csv", uploaded.version, 60)
    assert result.status == "FAILED" and result.error_report is not None
    error = result.document["error"]
    assert result.item["error_code"] == error["code"] == "OUT_OF_MEMORY"
    assert error["where"]["memory_mb"] == 128 and 0 < error["where"]["byte"] <= path.stat().st_size
    assert result.item["attempts"] == 1  # not retried
    _valid(result.document, "error.schema.json")

    # The same worker goes on: the engine's data was freed when the MemoryError unwound it.
    uploaded = client.upload(target, outputs, SAMPLE, f"{folder}/sales.csv")
    result = client.wait_for_result(target, outputs, f"{folder}/sales.csv", uploaded.version, 60)
    assert result.status == "PROCESSED" and result.document["row_count"] == 3
    _valid(result.document, "summary.schema.json")
