"""FAILURE_INJECTION: deliberate faults for experiment D and the IAM test. Empty (the default) = off.

Modes:
- ``raise``           raise InjectedFailure before touching any record (every invocation fails, so the
                      platform retries and then sends the event to the failure queue);
- ``sleep:<seconds>`` sleep before processing (drives the function into its timeout);
- ``probe-uploads``   try to write ``<INPUT_PREFIX>_iam_probe/<request id>.txt`` in the event's
                      bucket (the reserved folder the handler skips, so an allowed write does not
                      loop), log ``iam_probe`` with the outcome, then process normally.
                      With least-privilege IAM enforced the write must be denied.
- ``hog:<MB>``        lift the handler's memory ceiling, take and touch <MB> MB, let go of it, then
                      process normally: does the platform enforce the function's memory? AWS kills a
                      function that outgrows it (retries, then the failure queue); MiniStack does not.
"""

from __future__ import annotations

import time
from typing import Any

from csvpipe.adapters.errors import AwsError
from csvpipe.adapters.layout import PROBE_FOLDER
from csvpipe.handler import memory


class InjectedFailure(RuntimeError):
    """Raised on purpose by FAILURE_INJECTION=raise."""


def apply(mode: str, runtime: Any, invocation: Any, log: Any, bucket: str | None) -> None:
    """Run the injected fault, if any; ``bucket`` is the bucket named by the event's first record."""
    if not mode:
        return
    if mode == "raise":
        log.warning("failure_injected", request_id=invocation.request_id, mode=mode)
        raise InjectedFailure("FAILURE_INJECTION=raise: failing before processing, on purpose")
    if mode.startswith("sleep:"):
        seconds = float(mode.split(":", 1)[1])
        log.warning("failure_injected", request_id=invocation.request_id, mode=mode)
        time.sleep(seconds)
        return
    if mode == "probe-uploads":
        _probe_uploads(runtime, invocation, log, bucket)
        return
    if mode.startswith("hog:"):
        megabytes = int(mode.split(":", 1)[1])
        log.warning("failure_injected", request_id=invocation.request_id, mode=mode)
        _hog(megabytes)
        log.warning("memory_hog_survived", request_id=invocation.request_id, megabytes=megabytes)
        return
    log.warning("failure_injection_unknown", request_id=invocation.request_id, mode=mode)


def _hog(megabytes: int) -> None:
    """Hold `megabytes` MB of memory that is really used (every page written), then free it."""
    memory.lift()
    held = bytearray(megabytes * 1024 * 1024)
    page = 4096
    held[::page] = b"\x01" * len(range(0, len(held), page))
    del held


def _probe_uploads(runtime: Any, invocation: Any, log: Any, bucket: str | None) -> None:
    """Attempt the one write the role must not have, and report what happened."""
    key = f"{runtime.settings.input_prefix}{PROBE_FOLDER}{invocation.request_id}.txt"
    if not bucket:
        log.warning("iam_probe", request_id=invocation.request_id, key=key, outcome="NO_BUCKET")
        return
    try:
        runtime.s3.put_bytes(bucket, key, b"IAM probe: this write should have been denied\n")
    except AwsError as exc:
        log.warning("iam_probe", request_id=invocation.request_id, key=key, outcome="DENIED", code=exc.code)
        return
    log.warning("iam_probe", request_id=invocation.request_id, key=key, outcome="ALLOWED")
