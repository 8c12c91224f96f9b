"""csvpipe.client: the user side of a deployed pipeline (upload, wait for results, read items and logs).

Used by the CLI (`csvpipe upload/status/logs`) and by the experiments. See ``pipeline`` for the
functions and ``results`` for what they return.
"""

from csvpipe.client.pipeline import (
    MULTIPART_THRESHOLD,
    default_key,
    list_items,
    read_logs,
    upload,
    wait_for_result,
)
from csvpipe.client.results import Latency, LogLine, Result, ResultTimeout, UploadResult

__all__ = [
    "MULTIPART_THRESHOLD",
    "Latency",
    "LogLine",
    "Result",
    "ResultTimeout",
    "UploadResult",
    "default_key",
    "list_items",
    "read_logs",
    "upload",
    "wait_for_result",
]
