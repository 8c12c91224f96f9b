"""PNG plots for the comparison report. matplotlib is imported inside each function (heavy, optional).

Every plot takes the list of ``(label, results document)`` pairs being compared and draws one series per
run, in a stable colour per run, so the same run has the same colour in every figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

Run = tuple[str, dict[str, Any]]

COLOURS = ["#1f6fb4", "#e0701b", "#2c9c3a", "#c22f2f", "#7d52b0", "#8a5a44"]
MB = 1024 * 1024


def _figure(title: str, xlabel: str, ylabel: str) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.6), dpi=110)
    ax.set_title(title, fontsize=12, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.12)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _save(fig: Any, ax: Any, path: Path, has_data: bool, legend: bool = True) -> Path:
    import matplotlib.pyplot as plt

    if has_data and legend:
        ax.legend(frameon=False, fontsize=8.5, loc="best")
    else:
        ax.text(
            0.5,
            0.5,
            "no data in these runs",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="grey",
            fontsize=12,
        )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def latency_cdfs(runs: list[Run], out_dir: Path) -> Path:
    """Empirical CDFs of end-to-end latency, cold (dashed) and warm (solid), per run; log time axis."""
    fig, ax = _figure(
        "End-to-end latency (upload → summary), experiment B",
        "latency (ms, log scale)",
        "fraction of uploads ≤ latency",
    )
    has_data = False
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        for metric, style, state in (("B.e2e_warm_s", "-", "warm"), ("B.e2e_cold_s", "--", "cold")):
            samples = sorted(doc["metrics"].get(metric, {}).get("samples", []))
            if not samples:
                continue
            has_data = True
            xs = [s * 1000 for s in samples]
            ys = [(i + 1) / len(xs) for i in range(len(xs))]
            ax.step(
                xs,
                ys,
                where="post",
                linestyle=style,
                color=colour,
                linewidth=1.8,
                label=f"{label} — {state} (n={len(xs)})",
            )
    if has_data:
        ax.set_xscale("log")
        ax.set_ylim(0, 1.02)
    return _save(fig, ax, out_dir / "latency_cdf.png", has_data)


def size_scaling(runs: list[Run], out_dir: Path) -> Path:
    """Processing time against file size with the fitted line time = overhead + size / throughput."""
    fig, ax = _figure(
        "File size scaling, experiment F",
        "file size (MB, log scale)",
        "handler processing time (s, log scale)",
    )
    has_data = False
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        experiment = doc["experiments"].get("F", {})
        series = experiment.get("series", {}).get("processing")
        if not series or not series["x"]:
            continue
        has_data = True
        xs = [x / MB for x in series["x"]]
        ax.scatter(xs, series["y"], s=22, color=colour, alpha=0.75, label=f"{label} — samples")
        fit = experiment.get("fits", {}).get("processing")
        if fit and fit.get("slope_s_per_mb", 0) > 0:
            low, high = min(xs), max(xs)
            grid = [low * (high / low) ** (i / 60) for i in range(61)] if low > 0 else xs
            ax.plot(
                grid,
                [fit["overhead_s"] + g * fit["slope_s_per_mb"] for g in grid],
                color=colour,
                linewidth=1.6,
                label=f"{label} — fit: {fit['overhead_s'] * 1000:.0f} ms + size / "
                f"{fit['throughput_mb_s']:.1f} MB/s",
            )
    if has_data:
        ax.set_xscale("log")
        ax.set_yscale("log")
    return _save(fig, ax, out_dir / "size_scaling.png", has_data)


def throughput_vs_concurrency(runs: list[Run], out_dir: Path) -> Path:
    """Files per minute against the number of simultaneous uploads, with losses marked."""
    fig, ax = _figure("Parallel uploads, experiment G", "simultaneous uploads", "throughput (files / min)")
    has_data = False
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        experiment = doc["experiments"].get("G", {})
        series = experiment.get("series", {}).get("throughput")
        if not series or not series["x"]:
            continue
        has_data = True
        ax.plot(series["x"], series["y"], marker="o", color=colour, linewidth=1.8, label=label)
        lost = experiment.get("series", {}).get("lost")
        if lost:
            for x, y, n_lost in zip(series["x"], series["y"], lost["y"], strict=False):
                if n_lost:
                    ax.annotate(
                        f"{int(n_lost)} lost",
                        (x, y),
                        textcoords="offset points",
                        xytext=(4, -12),
                        color="#c22f2f",
                        fontsize=8,
                    )
    if has_data:
        ax.set_xscale("log")
        ax.set_ylim(bottom=0)
    return _save(fig, ax, out_dir / "throughput_concurrency.png", has_data)


def cold_vs_warm(runs: list[Run], out_dir: Path) -> Path:
    """Invocation latency, cold against warm (experiment C), as strip plots with the median marked."""
    fig, ax = _figure("Cold start vs warm invocation, experiment C", "", "invocation latency (ms, log scale)")
    has_data = False
    positions: list[float] = []
    names: list[str] = []
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        for offset, (metric, state) in enumerate((("C.warm_invoke_s", "warm"), ("C.cold_invoke_s", "cold"))):
            samples = doc["metrics"].get(metric, {}).get("samples", [])
            if not samples:
                continue
            has_data = True
            x = index * 2.6 + offset
            jitter = [x + ((i * 7919) % 21 - 10) / 60 for i in range(len(samples))]
            ax.scatter(jitter, [s * 1000 for s in samples], s=16, color=colour, alpha=0.6)
            med = sorted(samples)[len(samples) // 2] * 1000
            ax.hlines(med, x - 0.3, x + 0.3, color="black", linewidth=2)
            positions.append(x)
            names.append(f"{label}\n{state}")
    if has_data:
        ax.set_yscale("log")
        ax.set_xticks(positions, names, fontsize=8)
    return _save(fig, ax, out_dir / "cold_warm.png", has_data, legend=False)


def memory_sweep(runs: list[Run], out_dir: Path) -> Path:
    """Median processing time and estimated cost per invocation against MemorySize (experiment E)."""
    fig, ax = _figure("Memory sweep, experiment E", "Lambda MemorySize (MB)", "median handler duration (ms)")
    has_data = False
    cost_ax = ax.twinx()
    cost_ax.set_ylabel("estimated cost per 1M invocations (USD)", color="#555")
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        series = doc["experiments"].get("E", {}).get("series", {})
        duration, cost = series.get("duration"), series.get("cost_per_million")
        if not duration or not duration["x"]:
            continue
        has_data = True
        ax.plot(
            duration["x"],
            [y * 1000 for y in duration["y"]],
            marker="o",
            color=colour,
            label=f"{label} — time",
        )
        if cost:
            cost_ax.plot(
                cost["x"], cost["y"], marker="s", linestyle=":", color=colour, label=f"{label} — cost"
            )
    if has_data:
        ax.set_xscale("log", base=2)
        ax.set_ylim(bottom=0)
        cost_ax.set_ylim(bottom=0)
        handles, labels = ax.get_legend_handles_labels()
        more_handles, more_labels = cost_ax.get_legend_handles_labels()
        ax.legend(handles + more_handles, labels + more_labels, frameon=False, fontsize=8.5)
    return _save(fig, ax, out_dir / "memory_sweep.png", has_data, legend=False)


def all_plots(runs: list[Run], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        latency_cdfs(runs, out_dir),
        size_scaling(runs, out_dir),
        throughput_vs_concurrency(runs, out_dir),
        cold_vs_warm(runs, out_dir),
        memory_sweep(runs, out_dir),
    ]
