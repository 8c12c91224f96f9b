"""The benchmark's ratio: median of runs paired by round, best over best only with too few rounds."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.runner import Measurement, ratio  # noqa: E402
from bench.targets import file_checks  # noqa: E402


def _runs(*seconds: float) -> list[dict[str, object]]:
    return [{"seconds": s, "rows": 10, "peak_rss_kib": 1000} for s in seconds]


def test_paired_runs_decide_not_the_two_best_times() -> None:
    # pandas' best run fell in round 1, csvpipe's in round 3: best over best is 1.0 / 0.2 = 5×, while
    # the rounds say 6×, 4×, 2× and 4× (median 4×).
    engine = _runs(1.2, 2.0, 1.0, 2.0)
    peer = _runs(0.2, 0.5, 0.5, 0.5)
    found = ratio(engine, peer)
    assert found.paired and found.pairs == 4
    assert found.best_over_best == 1.0 / 0.2
    assert found.value == 4.0 and (found.low, round(found.high, 9)) == (2.0, 6.0)
    assert "median of 4 paired runs" in found.describe()


def test_one_round_falls_back_to_best_over_best() -> None:
    found = ratio(_runs(6.0), _runs(2.0))
    assert not found.paired and found.value == 3.0 and "best vs best" in found.describe()


def test_the_target_check_uses_the_paired_median() -> None:
    by_tool = {
        "csvpipe": Measurement("csvpipe", "f", _runs(0.6, 1.0, 0.9)),
        "csv.reader": Measurement("csv.reader", "f", _runs(0.3, 0.3, 0.3)),
        "pandas": Measurement("pandas", "f", _runs(0.2, 0.4, 0.4)),
    }
    checks = {c.name: c for c in file_checks("f", by_tool, memory_check=False)}
    # best over best: 2.0× csv.reader and 3.0× pandas would both pass; paired medians are 3.0× and 2.5×.
    assert checks["f: csvpipe ≤ 3× csv.reader"].status == "PASS"
    assert checks["f: csvpipe ≤ 3× csv.reader"].detail.startswith("3.00×")
    assert checks["f: csvpipe ≤ 3× pandas"].detail.startswith("2.50×")


def test_a_verdict_whose_rounds_straddle_the_limit_says_so() -> None:
    """The UN file read 2.88× csv.reader (PASS) with rounds from 2.58× to 4.78×: the verdict is the
    median's, and the detail warns that another run may read the other way."""
    by_tool = {
        "csvpipe": Measurement("csvpipe", "f", _runs(1.0, 1.0, 1.0)),
        "csv.reader": Measurement("csv.reader", "f", _runs(0.4, 0.3, 0.2)),  # 2.5×, 3.33×, 5×
        "pandas": Measurement("pandas", "f", _runs(0.5, 0.5, 0.45)),  # 2×, 2×, 2.2×
    }
    checks = {c.name: c for c in file_checks("f", by_tool, memory_check=False)}
    straddling = checks["f: csvpipe ≤ 3× csv.reader"]
    assert straddling.status == "FAIL" and "UNSETTLED" in straddling.detail
    assert "UNSETTLED" not in checks["f: csvpipe ≤ 3× pandas"].detail


def test_the_table_gives_every_tool_its_ratios_to_the_floor_and_to_pandas() -> None:
    from bench.datasets import BenchFile
    from bench.report import results_table
    from rich.console import Console

    seconds = {
        "csvpipe": (3.0, 3.0, 3.0),
        "csv.reader": (1.0, 1.0, 1.0),
        "pandas": (2.0, 2.0, 2.0),
        "polars": (4.0, 5.0, 4.5),
    }
    results = {"f": {tool: Measurement(tool, "f", _runs(*times)) for tool, times in seconds.items()}}
    bench_file = BenchFile("f", "", Path("f.csv"), False, False, lambda: None)
    console = Console(width=250, record=True)
    console.print(results_table([bench_file], {"f": 1_000_000}, results, list(seconds)))
    cells = [line.split("│")[1:-1] for line in console.export_text().splitlines() if line.count("│") > 3]
    ratios = {row[1].strip(): (row[-2].strip(), row[-1].strip()) for row in cells if row[1].strip()}
    assert ratios["csvpipe"] == ("3.00×", "1.50×")
    assert ratios["polars"] == ("4.50×", "2.25×")  # a peer's own ratios, paired by round
    assert ratios["pandas"] == ("2.00×", "")  # to the floor; not to itself
    assert ratios["csv.reader"] == ("", "0.50×")


def test_an_error_text_with_brackets_is_shown_not_parsed_as_markup() -> None:
    from bench.datasets import BenchFile
    from bench.report import checks_table, results_table
    from bench.targets import Check
    from rich.console import Console

    failed = Measurement("polars", "f", error="ComputeError: could not parse `[/x]` as dtype i64")
    results = {"f": {"polars": failed}}
    bench_file = BenchFile("f", "", Path("f.csv"), False, False, lambda: None)
    console = Console(width=250, record=True)
    console.print(results_table([bench_file], {"f": 1_000_000}, results, ["polars"]))
    console.print(checks_table([Check("f: tools agree", "FAIL", "polars: [/x] failed")]))
    text = console.export_text()
    assert "could not parse `[/x]`" in text and "polars: [/x] failed" in text
