"""A file that would outlast the function ends as a TIME_LIMIT error report and a FAILED item, not as
a timeout that the platform retries twice and then parks in the failure queue.

The shared stack's function gets the template's minimum timeout (3 s) for the duration of the test
(restored afterwards), so a 70 MB upload cannot be profiled in time: the handler gives the engine
what is left less a 2 s reserve for the writes. Without that, the function is stopped at 3 s, retried
twice, and no result appears (checked against the handler before the change: the wait timed out).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from csvpipe import client
from csvpipe.deploy.stack import Pipeline


@pytest.fixture
def short_timeout(configure: Callable[..., AbstractContextManager[Pipeline]]) -> Iterator[Pipeline]:
    with configure(Timeout=3) as configured:
        yield configured


def test_a_file_too_big_for_the_timeout_gets_a_time_limit_report(
    short_timeout: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:  # ≈ 70 MB of varied rows: ~5 s of profiling here
        out.write("id,price,word,at\n")
        for start in range(0, 1_500_000, 50_000):
            out.write(
                "".join(
                    f"{i},{i * 7 % 1000 / 7:.3f},word{i % 5000},2024-01-{i % 28 + 1:02d}T{i % 24:02d}:00:00\n"
                    for i in range(start, start + 50_000)
                )
            )
    key = f"uploads/it-{uuid.uuid4().hex[:8]}/big.csv"
    uploaded = client.upload(short_timeout.target, short_timeout.outputs, path, key)
    result = client.wait_for_result(short_timeout.target, short_timeout.outputs, key, uploaded.version, 60)
    assert result.status == "FAILED" and result.error_report is not None
    error = result.document["error"]
    assert result.item["error_code"] == error["code"] == "TIME_LIMIT"
    assert 0 < error["where"]["seconds"] < 3 and error["where"]["byte"] < path.stat().st_size
    assert result.item["attempts"] == 1  # not retried
