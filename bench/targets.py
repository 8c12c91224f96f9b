"""The issue's targets, checked against what was measured. A target that could not be measured fails.

- csvpipe ≤ 3 × the bare csv.reader pass, on every file;
- csvpipe ≤ 3 × pandas read_csv + describe, on every file;
  (a ratio is the median of the ratios of runs made in the same round, see runner.Ratio; when those
  rounds fall on both sides of the limit the check says UNSETTLED beside its verdict: the host's
  noise, not the engine, may decide it;)
- csvpipe peak RSS < 200 MB (10^6 bytes) on the 1 GB file;
- `import csvpipe.core` ≤ 30 ms (best of several fresh interpreters).
Row counts that disagree between tools are reported as a warning (a correctness hint, not a target).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bench.runner import Measurement, ratio

MAX_RATIO_CSV_READER = 3.0
MAX_RATIO_PANDAS = 3.0
MAX_PEAK_RSS_MB = 200.0
MAX_IMPORT_MS = 30.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # PASS | FAIL | SKIP | WARN
    detail: str

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"


def _ratio_check(
    file_key: str, engine: Measurement | None, by_tool: dict[str, Measurement], peer_name: str, limit: float
) -> Check:
    peer = by_tool.get(peer_name)
    name = f"{file_key}: csvpipe ≤ {limit:g}× {peer_name}"
    if engine is None or peer is None:
        return Check(name, "SKIP", "not run (--only)")
    for m in (engine, peer):
        if not m.ok:
            return Check(name, "FAIL", f"{m.tool} could not be measured: {m.error}")
    found = ratio(engine.runs, peer.runs)
    status = "PASS" if found.value <= limit else "FAIL"
    detail = f"{found.describe()}; best {engine.seconds:.2f} s vs {peer.seconds:.2f} s"
    if found.paired and found.low <= limit < found.high:
        # Some rounds above the limit and some within it: another run may read the other way.
        detail += f"; UNSETTLED: rounds on both sides of {limit:g}×"
    return Check(name, status, detail)


def file_checks(file_key: str, by_tool: dict[str, Measurement], memory_check: bool) -> list[Check]:
    engine = by_tool.get("csvpipe")
    checks = [
        _ratio_check(file_key, engine, by_tool, "csv.reader", MAX_RATIO_CSV_READER),
        _ratio_check(file_key, engine, by_tool, "pandas", MAX_RATIO_PANDAS),
    ]
    if memory_check:
        name = f"{file_key}: csvpipe peak RSS < {MAX_PEAK_RSS_MB:g} MB"
        if engine is None:
            checks.append(Check(name, "SKIP", "not run (--only)"))
        elif not engine.ok:
            checks.append(Check(name, "FAIL", f"csvpipe could not be measured: {engine.error}"))
        else:
            rss = engine.peak_rss_mb
            checks.append(Check(name, "PASS" if rss < MAX_PEAK_RSS_MB else "FAIL", f"{rss:.0f} MB"))
    checks.append(rows_agree(file_key, by_tool.values()))
    return checks


def rows_agree(file_key: str, measurements: Iterable[Measurement]) -> Check:
    counts = {m.tool: m.rows for m in measurements if m.ok}
    name = f"{file_key}: tools agree on the row count"
    if len(set(counts.values())) <= 1:
        return Check(name, "PASS", f"{next(iter(counts.values()), 0):,} rows")
    return Check(name, "WARN", ", ".join(f"{tool} {rows:,}" for tool, rows in counts.items()))


def import_check(best_ms: float | None) -> Check:
    name = f"import csvpipe.core ≤ {MAX_IMPORT_MS:g} ms"
    if best_ms is None:
        return Check(name, "SKIP", "not measured")
    return Check(name, "PASS" if best_ms <= MAX_IMPORT_MS else "FAIL", f"{best_ms:.1f} ms (best)")
