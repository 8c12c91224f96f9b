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


def _no_data(ax: Any) -> None:
    """Say so on an empty plot rather than leave a blank frame that looks like a rendering fault."""
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


def _write(fig: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _save(fig: Any, ax: Any, path: Path, has_data: bool, legend: bool = True) -> Path:

    if has_data and legend:
        ax.legend(frameon=False, fontsize=8.5, loc="best")
    elif not has_data:
        _no_data(ax=ax)
    return _write(fig, path)


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


def _figure_pair(title: str) -> tuple[Any, Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), dpi=110)
    fig.suptitle(title, fontsize=12, x=0.01, ha="left", fontweight="bold")
    for ax in (left, right):
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", alpha=0.12)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, left, right


def size_scaling(runs: list[Run], out_dir: Path) -> Path:
    """Processing time against file size with the fitted line time = overhead + size / throughput:
    linear axes (where the fit is a straight line) and log axes (where the small files are visible)."""

    fig, linear, logs = _figure_pair("File size scaling, experiment F: handler processing time")
    has_data = False
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        experiment = doc["experiments"].get("F", {})
        series = experiment.get("series", {}).get("processing")
        if not series or not series["x"]:
            continue
        has_data = True
        xs = [x / MB for x in series["x"]]
        for ax in (linear, logs):
            ax.scatter(xs, series["y"], s=22, color=colour, alpha=0.75, label=f"{label} — samples")
        fit = experiment.get("fits", {}).get("processing")
        if fit and fit.get("slope_s_per_mb", 0) > 0:
            low, high = min(xs), max(xs)
            grid = [low * (high / low) ** (i / 80) for i in range(81)] if low > 0 else sorted(xs)
            line = [(g, fit["overhead_s"] + g * fit["slope_s_per_mb"]) for g in grid]
            text = (
                f"{label} — fit: {fit['overhead_s'] * 1000:.0f} ms + size / {fit['throughput_mb_s']:.2f} MB/s"
                f" (R² {fit['r_squared']:.3f})"
            )
            linear.plot([p[0] for p in line], [p[1] for p in line], color=colour, linewidth=1.6, label=text)
            positive = [p for p in line if p[1] > 0]
            logs.plot([p[0] for p in positive], [p[1] for p in positive], color=colour, linewidth=1.6)
    linear.set_xlabel("file size (MB)")
    linear.set_ylabel("processing time (s)")
    logs.set_xlabel("file size (MB, log scale)")
    logs.set_ylabel("processing time (s, log scale)")
    path = out_dir / "size_scaling.png"
    if has_data:
        linear.set_xlim(left=0)
        linear.set_ylim(bottom=0)
        logs.set_xscale("log")
        logs.set_yscale("log")
        linear.legend(frameon=False, fontsize=8, loc="upper left")
    else:
        _no_data(ax=linear)
    return _write(fig, path)


def _plain_log_ticks(ax: Any, values: list[float]) -> None:
    ax.set_xticks(sorted(set(values)), [f"{v:g}" for v in sorted(set(values))])
    ax.minorticks_off()


def throughput_vs_concurrency(runs: list[Run], out_dir: Path) -> Path:
    """Files per minute and latency percentiles against the number of simultaneous uploads."""

    fig, left, right = _figure_pair("Parallel uploads, experiment G")
    has_data = False
    levels: list[float] = []
    for index, (label, doc) in enumerate(runs):
        colour = COLOURS[index % len(COLOURS)]
        experiment = doc["experiments"].get("G", {})
        series = experiment.get("series", {}).get("throughput")
        if not series or not series["x"]:
            continue
        has_data = True
        levels += series["x"]
        left.plot(series["x"], series["y"], marker="o", color=colour, linewidth=1.8, label=label)
        lost = experiment.get("series", {}).get("lost")
        for x, y, n_lost in zip(series["x"], series["y"], (lost or {}).get("y", []), strict=False):
            left.annotate(
                f"{y:.0f}" + (f" ({int(n_lost)} lost)" if n_lost else ""),
                (x, y),
                textcoords="offset points",
                xytext=(5, 5),
                fontsize=8,
                color="#c22f2f" if n_lost else "#333",
            )
        for q, style in ((50, "-"), (95, "--")):
            xs, ys = [], []
            for level in series["x"]:
                stats = doc["metrics"].get(f"G.latency_c{int(level)}_s", {}).get("stats", {})
                if stats.get("n"):
                    xs.append(level)
                    ys.append(stats["median"] if q == 50 else stats["p95"])
            right.plot(
                xs, ys, marker="o", linestyle=style, color=colour, linewidth=1.6, label=f"{label} — p{q}"
            )
    left.set_xlabel("simultaneous uploads (log scale)")
    left.set_ylabel("throughput (files / min)")
    right.set_xlabel("simultaneous uploads (log scale)")
    right.set_ylabel("upload → summary latency (s, log scale)")
    path = out_dir / "throughput_concurrency.png"
    if has_data:
        for ax in (left, right):
            ax.set_xscale("log")
            _plain_log_ticks(ax, levels)
            ax.legend(frameon=False, fontsize=8.5)
        left.set_ylim(bottom=0)
        right.set_yscale("log")
    else:
        _no_data(ax=left)
    return _write(fig, path)


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
        _plain_log_ticks(
            ax,
            [
                x
                for _, d in runs
                for x in d["experiments"].get("E", {}).get("series", {}).get("duration", {}).get("x", [])
            ],
        )
        ax.set_ylim(bottom=0)
        cost_ax.set_ylim(bottom=0)
        handles, labels = ax.get_legend_handles_labels()
        more_handles, more_labels = cost_ax.get_legend_handles_labels()
        ax.legend(
            handles + more_handles,
            labels + more_labels,
            frameon=False,
            fontsize=8.5,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=2,
        )
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
