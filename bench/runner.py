"""Runs the measurements: each (file, tool, repeat) in its own child process; the import-time probe.

Repeats: small files (< 50 MB) are run 5 times, the 200 MB and 1 GB files once (they take minutes in
pure Python and the machine is shared). A tool's time is its best run (the least disturbed on a
shared 2-core machine; the median is kept beside it); csvpipe's ratio to a peer is the median of the
per-round ratios (see `Ratio`); peak RSS is the largest VmHWM over the repeats.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SMALL_FILE_BYTES = 50_000_000
SMALL_FILE_REPEATS = 5  # rounds: a median of paired ratios needs a few (3 gave a coin toss)
CHILD_TIMEOUT_S = 3600


PAIRED_MIN_RUNS = 3


@dataclass(frozen=True)
class Ratio:
    """How many times longer csvpipe took than a peer on one file.

    Why paired: the runner goes round-robin, so run i of every tool ran within seconds of the others,
    in the same state of a shared machine, whose speed here drifts by ±30 % over minutes. The ratio of
    two best times can pair a quiet minute of one tool with a busy one of the other; the median of
    the per-round ratios cannot. With fewer than PAIRED_MIN_RUNS rounds (the big files run once) it
    is the ratio of the best times.
    """

    value: float  # the figure the targets judge: median of paired ratios, or best over best
    best_over_best: float
    low: float  # range of the paired ratios (equal to value with one round)
    high: float
    pairs: int

    @property
    def paired(self) -> bool:
        return self.pairs >= PAIRED_MIN_RUNS

    def describe(self) -> str:
        if not self.paired:
            return f"{self.value:.2f}× (best vs best, {self.pairs} run)"
        return (
            f"{self.value:.2f}× (median of {self.pairs} paired runs, range {self.low:.2f}–{self.high:.2f}; "
            f"best vs best {self.best_over_best:.2f}×)"
        )


def ratio(engine_runs: Sequence[dict[str, Any]], peer_runs: Sequence[dict[str, Any]]) -> Ratio:
    """csvpipe's time over a peer's, from their runs in round order (JSON rows or Measurement.runs)."""
    paired = [float(a["seconds"]) / float(b["seconds"]) for a, b in zip(engine_runs, peer_runs, strict=False)]
    best = min(float(r["seconds"]) for r in engine_runs) / min(float(r["seconds"]) for r in peer_runs)
    if len(paired) >= PAIRED_MIN_RUNS:
        return Ratio(statistics.median(paired), best, min(paired), max(paired), len(paired))
    return Ratio(best, best, min(paired, default=best), max(paired, default=best), len(paired))


@dataclass
class Measurement:
    """All repeats of one tool on one file."""

    tool: str
    file_key: str
    runs: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs)

    @property
    def seconds(self) -> float:
        """Best work time over the repeats: on a shared machine the least disturbed run."""
        return min(float(r["seconds"]) for r in self.runs)  # type: ignore[arg-type]

    @property
    def median_seconds(self) -> float:
        return statistics.median(float(r["seconds"]) for r in self.runs)  # type: ignore[arg-type]

    @property
    def cpu_seconds(self) -> float:
        """CPU time (this process, its workers and threads) of the least disturbed run."""
        best = min(self.runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
        return float(best.get("cpu_seconds", best["seconds"]))  # type: ignore[arg-type]

    @property
    def peak_rss_mb(self) -> float:
        return max(int(r["peak_rss_kib"]) for r in self.runs) * 1024 / 1e6  # type: ignore[call-overload]

    @property
    def rows(self) -> int:
        return int(self.runs[0]["rows"])  # type: ignore[call-overload]

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"tool": self.tool, "file": self.file_key, "runs": self.runs}
        if self.ok:
            out |= {
                "best_seconds": self.seconds,
                "median_seconds": self.median_seconds,
                "cpu_seconds": self.cpu_seconds,
                "peak_rss_mb": self.peak_rss_mb,
                "rows": self.rows,
            }
        if self.error:
            out["error"] = self.error
        return out


def repeats_for(path: Path, override: int | None) -> int:
    if override is not None:
        return override
    return SMALL_FILE_REPEATS if path.stat().st_size < SMALL_FILE_BYTES else 1


# Where the children import csvpipe from: the working tree, or a snapshot taken by `snapshot_engine`.
engine_source = REPO_ROOT / "src"


def snapshot_engine(into: Path) -> None:
    """Copy csvpipe/__init__.py and csvpipe/core as they are now; every child then imports the copy.

    Why: the engine is edited while long runs go on, and a run's figures must all belong to one
    version of it (the one `engine_revision` names at the start).
    """
    global engine_source
    package = REPO_ROOT / "src" / "csvpipe"
    copy = into / "csvpipe"
    copy.mkdir(parents=True)
    shutil.copy2(package / "__init__.py", copy / "__init__.py")
    shutil.copytree(package / "core", copy / "core", ignore=shutil.ignore_patterns("__pycache__"))
    engine_source = into


def snapshot_committed_engine(into: Path) -> None:
    """Like `snapshot_engine`, but the engine as last committed (uncommitted edits left out)."""
    global engine_source
    archive = subprocess.run(
        ["git", "archive", "HEAD", "src/csvpipe/__init__.py", "src/csvpipe/core"],
        capture_output=True,
        cwd=REPO_ROOT,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    engine_source = into / "src"


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = (str(engine_source), str(REPO_ROOT), env.get("PYTHONPATH", ""))
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def run_once(tool: str, path: Path) -> dict[str, object]:
    """One fresh child process; returns its JSON result plus the whole process's wall time."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.child", tool, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=_child_env(),
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    process_seconds = time.perf_counter() - started
    lines = proc.stdout.strip().splitlines()
    try:
        result: dict[str, object] = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        result = {"tool": tool, "error": f"child produced no result: {tail[0]}"}
    result["process_seconds"] = process_seconds
    return result


def run_into(measurement: Measurement, path: Path) -> None:
    """One more run of `measurement.tool` on `path`; an error ends that tool's runs on this file."""
    result = run_once(measurement.tool, path)
    if "error" in result:
        measurement.error = str(result["error"])
    else:
        measurement.runs.append(result)


IMPORT_PROBE = "import time; t = time.perf_counter(); import csvpipe.core; print(time.perf_counter() - t)"


def _time_imports(env: dict[str, str], attempts: int) -> list[float]:
    samples = []
    for _ in range(attempts):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
        samples.append(float(out.stdout.strip()) * 1000)
    return samples


def import_time_ms(attempts: int = 7) -> tuple[float, list[float]]:
    """Best of `attempts` fresh interpreters timing `import csvpipe.core`, its bytecode cached.

    PYTHONDONTWRITEBYTECODE is dropped and one discarded first run writes the .pyc files; with it
    set (as in some shells) an edited module is compiled again on every import, which is a
    compile benchmark, not an import one.
    """
    env = _child_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples = _time_imports(env, attempts + 1)[1:]
    return min(samples), samples


def import_time_uncompiled_ms(attempts: int = 5) -> float:
    """Best time of `import csvpipe.core` when none of csvpipe has bytecode (all compiled at import).

    What a Lambda pays on a cold start if its zip carries no .pyc (its code directory is read-only,
    so nothing is cached). The standard library keeps its own .pyc, as on Lambda.
    """
    with tempfile.TemporaryDirectory() as tmp:
        package = engine_source / "csvpipe"
        copy = Path(tmp) / "csvpipe"
        copy.mkdir()
        shutil.copy2(package / "__init__.py", copy / "__init__.py")
        shutil.copytree(package / "core", copy / "core", ignore=shutil.ignore_patterns("__pycache__"))
        env = _child_env()
        env["PYTHONPATH"] = tmp  # found before the editable install's path
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return min(_time_imports(env, attempts))


def _importtime(code: str) -> list[tuple[str, float]]:
    env = _child_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as in import_time_ms: cached bytecode
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        check=True,
    )
    rows = []
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((parts[2].strip(), int(parts[0]) / 1000))
    return rows


def slowest_imports(limit: int = 5) -> list[tuple[str, float]]:
    """The modules `import csvpipe.core` adds that cost most (self time, ms, from -X importtime)."""
    at_startup = {name for name, _ in _importtime("pass")}
    added = [row for row in _importtime("import csvpipe.core") if row[0] not in at_startup]
    return sorted(added, key=lambda r: r[1], reverse=True)[:limit]
