"""A ceiling on the function's own memory, so that running out ends as a report, not as a kill.

A function that outgrows its memory is killed by the platform: no error report, no FAILED item, two
retries that die the same way, then the failure queue. The engine's budgets (`process.memory_limits`)
keep every measured shape inside the function, but they are sized one at a time; this is the
backstop for what they do not foresee (a full-width table of full sketches *and* a long line of
tiny fields, docs/benchmarks.md). It sets the soft `RLIMIT_DATA` — private writable memory: the heap,
Python's arenas, large buffers — so that the process may grow by what the function has left, less
`MARGIN`. Past it an allocation fails, Python raises MemoryError, the engine's data is freed as the
stack unwinds, and the handler writes an OUT_OF_MEMORY report (`process.RecordProcessor`).

Only the Lambda entry point calls `cap` (tests of the handler's body run in the test process). It
works where Linux's /proc and `resource` exist — every Lambda runtime, and MiniStack's worker
processes, so the emulator, which does not enforce MemorySize, ends such files as AWS would.
"""

from __future__ import annotations

from typing import Any

_MIB = 1024 * 1024
# Memory the ceiling leaves for what RLIMIT_DATA does not count but the function's memory does:
# mapped code that is loaded later (boto3's libraries when the cap is set before they are imported:
# file-backed RSS 5 → 11 MiB here), kernel socket buffers, the main stack. The price: files that
# squeezed through a 128 MB memory cgroup at 118-123 MB now stop at 109-111 MB (docs/benchmarks.md).
MARGIN = 16 * _MIB

_applied: dict[int, int | None] = {}  # memory_mb -> the ceiling set for it (or None: none set)


def process_memory() -> dict[str, int]:
    """VmData and VmRSS of this process in bytes, from /proc/self/status ({} where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            lines = status.read().splitlines()
    except OSError:
        return {}
    found: dict[str, int] = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("VmData", "VmRSS"):
            found[name] = int(value.split()[0]) * 1024
    return found


def data_ceiling(memory_mb: int, usage: dict[str, int], margin: int = MARGIN) -> int | None:
    """The RLIMIT_DATA that lets private memory grow by what `memory_mb` leaves over the resident set
    now, less `margin` (None when nothing is left, or the usage is unknown)."""
    if "VmData" not in usage or "VmRSS" not in usage:
        return None
    room = memory_mb * _MIB - usage["VmRSS"] - margin
    if room <= 0:
        return None
    return usage["VmData"] + room


def cap(memory_mb: int | None) -> int | None:
    """Set the ceiling for a function of `memory_mb` (once per size; later calls return it). Returns
    the limit in bytes, or None where none was set (no size, no /proc, or a lower limit already)."""
    if memory_mb is None or memory_mb <= 0:
        return None
    if memory_mb in _applied:
        return _applied[memory_mb]
    resource = _resource()
    if resource is None:
        _applied[memory_mb] = None
        return None
    ceiling = data_ceiling(memory_mb, process_memory())
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if ceiling is not None and hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if ceiling is None or (soft != resource.RLIM_INFINITY and soft <= ceiling):
        _applied[memory_mb] = None
        return None
    resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
    _applied[memory_mb] = ceiling
    return ceiling


def lift() -> None:
    """Remove the ceiling for the rest of this invocation (FAILURE_INJECTION=hog measures whether the
    platform itself enforces the function's memory); the next invocation sets it again."""
    _applied.clear()
    resource = _resource()
    if resource is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))


def _resource() -> Any:
    """The `resource` module (Unix only; built in, ~0.1 ms to import), or None where there is none."""
    try:
        import resource
    except ImportError:
        return None
    return resource
