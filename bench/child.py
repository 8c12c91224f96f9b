"""One measurement in a fresh process: `python -m bench.child TOOL PATH` prints one JSON line.

Why a fresh process per run: peak memory is a per-process high-water mark, and caches, imported
libraries and allocator state from one tool must not flatter or burden the next.

Why VmHWM and not ru_maxrss: Linux carries the parent's RSS high-water mark into the child's
ru_maxrss across fork/vfork + exec (measured here: a 300 MB parent made an 8 MB child report 318 MB).
/proc/self/status VmHWM belongs to the child's own address space, so it is the honest peak.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from pathlib import Path

from bench.tools import TOOLS


def peak_rss_kib() -> int:
    """This process's own resident-set high-water mark (kB as the kernel reports it, i.e. KiB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: best available


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_workers(timeout_s: float = 60.0) -> None:
    """Wait for every child process this one started (multiprocessing workers) to exit."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.join(timeout_s)


def measure(tool_name: str, path: Path) -> dict[str, object]:
    """Wall and CPU seconds (CPU counts worker processes and threads too: a tool that uses both cores
    shows CPU > wall). Peak RSS adds the largest worker's to this process's own: an upper bound, since a
    forked worker's high-water mark also counts the pages it shares with this process."""
    tool = TOOLS[tool_name]
    started = time.perf_counter()
    loaded = tool.load()
    load_seconds = time.perf_counter() - started
    baseline_kib = peak_rss_kib()
    cpu_started = time.process_time() + children_cpu_seconds()
    started = time.perf_counter()
    rows = tool.run(loaded, path)
    seconds = time.perf_counter() - started
    # The work is done when the result is in; worker processes may still be exiting (csvpipe does not
    # wait for idle workers). Reap them before reading CPU and memory, or theirs would be missing.
    reap_workers()
    cpu_seconds = time.process_time() + children_cpu_seconds() - cpu_started
    workers_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "tool": tool_name,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_seconds": load_seconds,
        "rows": rows,
        "peak_rss_kib": peak_rss_kib() + workers_kib,
        "own_peak_rss_kib": peak_rss_kib(),
        "workers_peak_rss_kib": workers_kib,
        "rss_after_load_kib": baseline_kib,
    }


def main(argv: list[str]) -> int:
    tool_name, path = argv[0], Path(argv[1])
    try:
        result = measure(tool_name, path)
    except Exception as exc:  # a contender's failure is a result to report, not a crash of the run
        result = {"tool": tool_name, "error": f"{type(exc).__name__}: {exc}"[:500]}
        traceback.print_exc(file=sys.stderr)
    print(json.dumps(result))
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
