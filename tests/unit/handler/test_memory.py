"""The handler's memory ceiling (csvpipe.handler.memory): its arithmetic, and a real RLIMIT_DATA in a
child process, so that the test process itself is never limited."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csvpipe.handler import memory

MIB = 1024 * 1024
SRC = Path(__file__).resolve().parents[3] / "src"


def test_the_ceiling_lets_private_memory_grow_by_what_the_function_has_left_less_the_margin() -> None:
    usage = {"VmData": 40 * MIB, "VmRSS": 50 * MIB}
    assert memory.data_ceiling(128, usage) == 40 * MIB + 128 * MIB - 50 * MIB - memory.MARGIN
    assert memory.data_ceiling(128, usage, margin=0) == 118 * MIB


def test_no_ceiling_without_room_or_without_figures() -> None:
    assert memory.data_ceiling(64, {"VmData": 40 * MIB, "VmRSS": 60 * MIB}) is None  # 64 - 60 < margin
    assert memory.data_ceiling(128, {}) is None
    assert memory.cap(None) is None and memory.cap(0) is None


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_this_process_memory_is_read_from_proc() -> None:
    usage = memory.process_memory()
    assert usage["VmRSS"] > MIB and usage["VmData"] > MIB


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_past_the_ceiling_an_allocation_raises_memory_error_and_the_process_goes_on() -> None:
    """The promise the handler relies on: past the ceiling Python raises MemoryError instead of the
    kernel killing the process, and once the data is freed the process can allocate again."""
    script = textwrap.dedent(
        """
        import resource, sys
        sys.path.insert(0, sys.argv[1])
        from csvpipe.handler import memory
        limit = memory.cap(160)
        assert limit == memory.cap(160)  # once per size
        assert resource.getrlimit(resource.RLIMIT_DATA)[0] == limit
        held = []
        try:
            for _ in range(400):  # 400 MiB at most: far past a 160 MB function
                held.append(bytearray(1024 * 1024))
            print("no MemoryError")
        except MemoryError:
            reached = len(held)
            held.clear()
            after = bytearray(32 * 1024 * 1024)  # freed memory is usable again
            print("MemoryError after", reached, "MiB; then", len(after) >> 20, "MiB")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(SRC)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[:2] == ["MemoryError", "after"], done.stdout
    # The process started at ~10-20 MB: it could grow by most, not all, of the rest of 160 MB.
    assert 100 <= int(words[2]) <= 160 - memory.MARGIN // MIB
    assert words[-2:] == ["32", "MiB"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_memory_hog_lifts_the_ceiling_to_measure_the_platform() -> None:
    """FAILURE_INJECTION=hog:<MB> must reach the platform's own limit, not the handler's ceiling: under
    a 160 MB ceiling 300 MB are taken (and written) once the hog has lifted it."""
    script = textwrap.dedent(
        """
        import resource, sys
        from types import SimpleNamespace
        sys.path.insert(0, sys.argv[1])
        from csvpipe.handler import failure_injection, memory
        memory.cap(160)
        try:
            bytearray(300 * 1024 * 1024)
            print("the ceiling did not hold")
        except MemoryError:
            pass
        said = []
        log = SimpleNamespace(warning=lambda message, **fields: said.append((message, fields)))
        failure_injection.apply("hog:300", None, SimpleNamespace(request_id="r"), log, None)
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        print([m for m, _ in said], soft == hard)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(SRC)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['failure_injected', 'memory_hog_survived'] True"
