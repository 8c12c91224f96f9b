"""The function survives its own memory: the engine, configured by the handler for a function of N MB,
runs inside a memory cgroup of N MB (as a Lambda does), under the memory ceiling the handler sets,
and ends with a summary or an error code, never killed by the out-of-memory killer. Before
2026-11-26 (session 7) each of these was killed (`python -m bench.memory_limit --suite --src
<worktree of 878ab19>/src` shows it); the last one, before session 9, without the ceiling
(`--no-ceiling`).

Skipped where no writable cgroup v1 memory controller exists (it needs root on Linux)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench import memory_limit  # noqa: E402


def _limited(shape: str, memory_mb: int, folder: Path) -> tuple[str, str]:
    path = memory_limit.SHAPES[shape](folder / f"{shape}.csv", memory_mb)
    try:
        found = memory_limit.run_limited(path, memory_mb, timeout_s=300)
    except memory_limit.NoCgroup as exc:
        pytest.skip(str(exc))
    return found.status, found.detail


def test_records_of_many_tiny_fields_fit_a_256_mb_function(tmp_path: Path) -> None:
    """40 lines of 1 MB of two-character fields under a two-column header: a chunk held 16 of them
    whole, ~330 MB of field strings (killed at 256 MB); now each step's records are cut as read."""
    assert _limited("tiny_fields", 256, tmp_path) == ("OK", "40")


def test_a_line_too_long_for_a_256_mb_function_is_an_error_not_a_kill(tmp_path: Path) -> None:
    """Tiny rows, then lines of 3 MiB of two-character fields: 64 of them entered one step after the
    tiny rows (killed); now the line limit follows the memory (2.7 MiB at 256 MB)."""
    assert _limited("long_lines_after_tiny_rows", 256, tmp_path) == ("ERROR", "LINE_TOO_LONG")


def test_many_distinct_rows_fit_a_128_mb_function(tmp_path: Path) -> None:
    """1.5 million distinct rows: the duplicate-row store's 64 MB (~105 MB of RSS) killed the smallest
    function; its budget now follows the memory (4 MB at 128 MB)."""
    assert _limited("distinct_rows", 128, tmp_path) == ("OK", "1500000")


def test_the_widest_file_a_256_mb_function_admits_fits_it(tmp_path: Path) -> None:
    """1 422 columns (`column_limit(256)`) of random floats: every column's distinct sketch filled
    its share of 2^20 hashes (~126 MB with the rest: killed); the shared hashes now follow the
    memory too (349 525 at 256 MB, k = 245 a column, its larger error stated)."""
    assert _limited("widest_admitted", 256, tmp_path) == ("OK", "2000")


def test_memory_no_budget_foresaw_ends_as_a_report_not_a_kill(tmp_path: Path) -> None:
    """Distinct texts in 100 columns, then lines of tiny fields: each within its budget at 128 MB,
    together over the memory. Without the handler's ceiling (RLIMIT_DATA, handler.memory) the
    function was killed — no report, retries, the failure queue; with it, MemoryError → OUT_OF_MEMORY."""
    assert _limited("texts_then_tiny_lines", 128, tmp_path) == ("ERROR", "OUT_OF_MEMORY")


_HOG = """
import sys
from types import SimpleNamespace
sys.path.insert(0, sys.argv[1])
from csvpipe.handler import failure_injection, memory
memory.cap(int(sys.argv[2]))  # as the handler does first; the hog must get past it
log = SimpleNamespace(warning=lambda message, **fields: print(message, flush=True))
failure_injection.apply(sys.argv[3], None, SimpleNamespace(request_id="r"), log, None)
"""


@pytest.mark.parametrize(("mode", "killed"), [("hog:192", True), ("hog:32", False)])
def test_the_memory_hog_is_killed_where_the_memory_is_enforced(mode: str, killed: bool) -> None:
    """Experiment D's probe of the platform (FAILURE_INJECTION=hog) really takes the memory: in a
    128 MB memory cgroup — a platform that enforces memory, as AWS does — 192 MB get it killed (the
    probe would see retries and the failure queue) and 32 MB do not."""
    try:
        child, _peak = memory_limit.run_in_cgroup(_HOG, [str(REPO_ROOT / "src"), "128", mode], 128, 60)
    except memory_limit.NoCgroup as exc:
        pytest.skip(str(exc))
    if killed:
        assert child.returncode == -9 and "memory_hog_survived" not in child.stdout
    else:
        assert child.returncode == 0 and child.stdout.split() == ["failure_injected", "memory_hog_survived"]
