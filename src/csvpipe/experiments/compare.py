"""The comparison report: results files → ``report.md``, PNG plots and a self-contained ``report.html``.

The report is built once as a list of blocks (heading, paragraph, table, image) and rendered twice, so
the Markdown and the HTML can never disagree.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csvpipe.experiments import plots, results, statistics

MIN_N_FOR_FLAG = 5

# The seed's headline table, in its order: (metric, the seed's row name).
HEADLINE = [
    ("A.create_s", "Deployment time (stack create)"),
    ("C.cold_invoke_s", "Cold start (invocation)"),
    ("B.e2e_cold_s", "End-to-end, cold (upload → summary)"),
    ("B.e2e_warm_s", "End-to-end, warm (upload → summary)"),
    ("B.processing_warm_s", "Processing (handler, warm)"),
    ("G.throughput_max_files_per_min", "Throughput (files/min, largest batch)"),
]


@dataclass
class Block:
    kind: str  # heading | paragraph | table | image
    text: str = ""
    level: int = 2
    columns: list[str] | None = None
    rows: list[list[str]] | None = None
    path: Path | None = None


@dataclass
class CompareOutcome:
    report_md: Path
    report_html: Path
    plots: list[Path]
    drifted: list[str]  # metrics of two runs of one target whose median CIs do not overlap


def run_labels(documents: list[dict[str, Any]]) -> list[str]:
    """``ministack``, ``aws`` …; runs of the same target get ``#1``, ``#2`` in start order."""
    targets = [d["environment"]["target"] for d in documents]
    labels = []
    for index, target in enumerate(targets):
        if targets.count(target) > 1:
            labels.append(f"{target} #{targets[: index + 1].count(target)}")
        else:
            labels.append(target)
    return labels


def _number(value: float, unit: str) -> str:
    if unit == "s":
        if abs(value) < 1:
            return f"{value * 1000:.1f} ms" if abs(value) < 0.1 else f"{value * 1000:.0f} ms"
        return f"{value:.2f} s"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.3g} {unit}".strip()


def _cell(metric: dict[str, Any] | None) -> str:
    if not metric:
        return "—"
    stats = metric["stats"]
    if not stats.get("n"):
        return f"no samples ({metric['discarded']} discarded)" if metric["discarded"] else "no samples"
    unit = metric["unit"]
    ci = stats["ci95_median"]
    if stats["n"] == 1:
        text = f"{_number(stats['median'], unit)} n=1 (no interval)"
        return text + (f", {metric['discarded']} discarded" if metric["discarded"] else "")
    text = f"{_number(stats['median'], unit)} [{_number(ci['low'], unit)} – {_number(ci['high'], unit)}]"
    text += f" n={stats['n']}"
    if ci["coverage"] < 0.95:
        text += f" (CI {ci['coverage']:.0%})"
    if metric["discarded"]:
        text += f", {metric['discarded']} discarded"
    return text


def _ratio(base: dict[str, Any] | None, other: dict[str, Any] | None) -> str:
    if not base or not other or not base["stats"].get("n") or not other["stats"].get("n"):
        return "—"
    a, b = base["stats"]["median"], other["stats"]["median"]
    if a == 0 or b == 0:
        return "—"
    ratio = b / a
    text = f"×{ratio:.2f}" if ratio >= 0.01 else f"×{ratio:.1e}"
    return text + " ⚑" if _differ(base, other) else text


def checkable(metric: dict[str, Any]) -> bool:
    """Enough samples for a real 95 % interval (n >= 6; n = 5 reaches 93.8 %, accepted as close)."""
    return int(metric["stats"].get("n", 0)) >= MIN_N_FOR_FLAG


def _differ(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Both intervals are real ones and they do not overlap."""
    return checkable(a) and checkable(b) and not statistics.intervals_overlap(_ci(a), _ci(b))


def _ci(metric: dict[str, Any]) -> tuple[float, float]:
    ci = metric["stats"]["ci95_median"]
    return ci["low"], ci["high"]


def _metric_table(
    names: list[str], documents: list[dict[str, Any]], labels: list[str], titles: dict[str, str] | None = None
) -> Block:
    columns = ["Metric", *labels]
    columns += [f"ratio {labels[i]} / {labels[0]}" for i in range(1, len(labels))]
    rows = []
    for name in names:
        metrics = [d["metrics"].get(name) for d in documents]
        if not any(metrics):
            continue
        description = (titles or {}).get(name) or next(m["description"] for m in metrics if m)
        row = [f"{description} (`{name}`)", *(_cell(m) for m in metrics)]
        row += [_ratio(metrics[0], metrics[i]) for i in range(1, len(metrics))]
        rows.append(row)
    return Block("table", columns=columns, rows=rows)


def _same_target_pairs(documents: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(documents))
        for j in range(i + 1, len(documents))
        if documents[i]["environment"]["target"] == documents[j]["environment"]["target"]
    ]


def _drift(documents: list[dict[str, Any]], labels: list[str]) -> list[str]:
    """Metrics where two runs of the same target have non-overlapping median CIs (both n >= 5)."""
    flagged = []
    for i, j in _same_target_pairs(documents):
        for name, metric in documents[i]["metrics"].items():
            other = documents[j]["metrics"].get(name)
            if other and _differ(metric, other):
                flagged.append(f"{name} ({labels[i]} vs {labels[j]})")
    return flagged


def _drift_blocks(documents: list[dict[str, Any]], labels: list[str]) -> list[Block]:
    """The drift check of every pair of runs of one target: a table of what moved, and what was too
    small to check."""
    blocks: list[Block] = []
    for i, j in _same_target_pairs(documents):
        a, b = documents[i], documents[j]
        blocks.append(Block("heading", f"Drift check: {labels[i]} vs {labels[j]}"))
        notes = []
        commits = (a["environment"].get("git_commit"), b["environment"].get("git_commit"))
        if commits[0] != commits[1]:
            notes.append(
                f"The runs used different code ({(commits[0] or '?')[:10]} vs {(commits[1] or '?')[:10]}): "
                "a change may be the code, not drift."
            )
        rows, unchecked = [], 0
        for name in sorted(set(a["metrics"]) & set(b["metrics"])):
            m1, m2 = a["metrics"][name], b["metrics"][name]
            if not (checkable(m1) and checkable(m2)):
                unchecked += 1
            elif _differ(m1, m2):
                rows.append([f"{m1['description']} (`{name}`)", _cell(m1), _cell(m2), _ratio(m1, m2)])
        notes.append(
            f"{len(rows)} metric(s) moved: their 95 % median intervals do not overlap."
            if rows
            else "No metric's 95 % median interval moved."
        )
        if unchecked:
            notes.append(
                f"{unchecked} metric(s) had fewer than {MIN_N_FOR_FLAG} samples in a run "
                "and were not checked."
            )
        blocks.append(Block("paragraph", " ".join(notes)))
        if rows:
            blocks.append(Block("table", columns=["Metric", labels[i], labels[j], "ratio"], rows=rows))
    return blocks


def _behaviour_tables(experiment_id: str, documents: list[dict[str, Any]], labels: list[str]) -> list[Block]:
    """Tables of D/H merged across runs: one row per (case, aspect), one column per run."""
    titles: list[str] = []
    for doc in documents:
        for table in doc["experiments"].get(experiment_id, {}).get("tables", []):
            if _generic(table["title"]) not in titles:
                titles.append(_generic(table["title"]))
    blocks = []
    for title in titles:
        per_run: list[dict[str, Any] | None] = []
        for doc in documents:
            found = [
                t
                for t in doc["experiments"].get(experiment_id, {}).get("tables", [])
                if _generic(t["title"]) == title
            ]
            per_run.append(found[0] if found else None)
        first = next(t for t in per_run if t)
        key_column, aspects = first["columns"][0], first["columns"][1:]
        keys: list[str] = []
        for table in per_run:
            for row in table["rows"] if table else []:
                if str(row[0]) not in keys:
                    keys.append(str(row[0]))
        rows = []
        for key in keys:
            cells, differs = [], False
            for aspect_index in range(1, len(aspects) + 1):
                values = []
                for table in per_run:
                    value = "—"
                    for row in table["rows"] if table else []:
                        if str(row[0]) == key and aspect_index < len(row):
                            value = _format_value(row[aspect_index])
                    values.append(value)
                if len(set(values)) == 1:
                    cells.append(values[0])
                else:
                    differs = True
                    cells.append(" · ".join(f"{label}: {v}" for label, v in zip(labels, values, strict=True)))
            rows.append([f"≠ {key}" if differs else key, *cells])
        blocks.append(Block("heading", title, level=3))
        if len(labels) > 1:
            blocks.append(
                Block(
                    "paragraph",
                    "One value where every run agrees; `run: value` for each run where they "
                    "differ, and ≠ before the row's name.",
                )
            )
        blocks.append(Block("table", columns=[key_column, *aspects], rows=rows))
    return blocks


def _generic(title: str) -> str:
    """A table title without its trailing "(target)", so the same table of two runs merges."""
    return re.sub(r"\s*\([a-z]+\)$", "", title)


def _format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"  # 1,164 rather than 1.16e+03
    return str(value)


def _environment_table(documents: list[dict[str, Any]], labels: list[str]) -> Block:
    fields = [
        ("target", lambda e: e["target"]),
        (
            "emulator",
            lambda e: (
                f"{e['emulator']['name']} {e['emulator'].get('version') or ''}".strip()
                if e.get("emulator")
                else "— (AWS)"
            ),
        ),
        ("region", lambda e: e["region"]),
        ("boto3 / botocore", lambda e: f"{e['sdk']['boto3']} / {e['sdk']['botocore']}"),
        ("Python", lambda e: e["python"]),
        ("CPU count", lambda e: str(e["cpu_count"])),
        ("platform", lambda e: e.get("platform", "—")),
        ("git commit", lambda e: (e["git_commit"] or "—")[:12] + (" (dirty)" if e.get("git_dirty") else "")),
        ("parameters", lambda e: ", ".join(f"{k}={v}" for k, v in e["parameters"].items())),
        ("stack", lambda e: e["stack_name"]),
        ("started", lambda e: e["started_at"]),
        ("finished", lambda e: e.get("finished_at") or "— (did not finish)"),
    ]
    rows = [[name, *(str(get(d["environment"])) for d in documents)] for name, get in fields]
    return Block("table", columns=["", *labels], rows=rows)


def build_blocks(documents: list[dict[str, Any]], labels: list[str], plot_paths: list[Path]) -> list[Block]:
    blocks = [
        Block("heading", "csvpipe experiments: " + " vs ".join(labels), level=1),
        Block(
            "paragraph",
            "Each cell: median [95 % confidence interval of the median] and n, the number of samples kept. "
            f"Intervals: {documents[0]['statistics']['ci_method']}; below 6 samples no interval reaches 95 % "
            "and the achieved coverage is shown. Ratios compare medians against the first run; "
            "⚑ marks intervals that do not overlap (a real difference, or drift between two runs of one "
            f"target), only where both runs have at least {MIN_N_FOR_FLAG} samples. Samples whose cold/warm "
            "state did not match the request were discarded and counted.",
        ),
        Block("heading", "Headline (the seed's table)"),
        _metric_table([m for m, _ in HEADLINE], documents, labels, dict(HEADLINE)),
    ]
    blocks.extend(_drift_blocks(documents, labels))
    blocks.append(Block("heading", "Plots"))
    for path in plot_paths:
        blocks.append(Block("image", path.stem.replace("_", " "), path=path))
    blocks.append(Block("heading", "All metrics"))
    all_names = sorted({name for d in documents for name in d["metrics"]})
    blocks.append(_metric_table(all_names, documents, labels))
    for experiment_id, title in (
        ("A", "A — per-resource deployment times"),
        ("D", "D — failure behaviour"),
        ("G", "G — hard count: every upload must produce a summary and an item"),
        ("H", "H — IAM policy fidelity"),
    ):
        tables = _behaviour_tables(experiment_id, documents, labels)
        if tables:
            blocks.append(Block("heading", title))
            blocks.extend(tables)
    blocks.append(Block("heading", "Experiments: status and notes"))
    rows = []
    for experiment_id in "ABCDEFGH":
        for label, doc in zip(labels, documents, strict=True):
            record = doc["experiments"].get(experiment_id)
            if not record:
                continue
            status = record["status"] + (f": {record['error']}" if record.get("error") else "")
            duration = f"{record['duration_s']:.1f} s" if record.get("duration_s") is not None else "—"
            rows.append(
                [
                    f"{experiment_id} {record['title']}",
                    label,
                    status,
                    duration,
                    " ".join(record.get("notes", [])),
                ]
            )
    blocks.append(Block("table", columns=["Experiment", "run", "status", "took", "notes"], rows=rows))
    blocks.append(Block("heading", "Environment"))
    blocks.append(_environment_table(documents, labels))
    return blocks


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(blocks: list[Block], out_dir: Path) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            lines += ["#" * block.level + " " + block.text, ""]
        elif block.kind == "paragraph":
            lines += [block.text, ""]
        elif block.kind == "table" and block.columns is not None:
            lines.append("| " + " | ".join(_md_escape(c) for c in block.columns) + " |")
            lines.append("|" + "|".join("---" for _ in block.columns) + "|")
            for row in block.rows or []:
                lines.append("| " + " | ".join(_md_escape(str(c)) for c in row) + " |")
            lines.append("")
        elif block.kind == "image" and block.path is not None:
            lines += [f"![{block.text}]({block.path.relative_to(out_dir).as_posix()})", ""]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
table{border-collapse:collapse;margin:0.6em 0 1.6em;font-size:0.88em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f7} tr:nth-child(even) td{background:#fafafa}
img{max-width:100%;border:1px solid #eee;margin:0.4em 0 1.2em} code{font-size:0.92em;color:#555}
h1{font-size:1.6em} h2{border-bottom:1px solid #ddd;padding-bottom:0.2em;margin-top:1.8em}
"""


def _inline_code(text: str) -> str:
    """Escape, then turn Markdown `code` spans into <code> (the only inline markup the report uses)."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def render_html(blocks: list[Block], title: str) -> str:
    body: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            body.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif block.kind == "paragraph":
            body.append(f"<p>{_inline_code(block.text)}</p>")
        elif block.kind == "table" and block.columns is not None:
            head = "".join(f"<th>{html.escape(c)}</th>" for c in block.columns)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_inline_code(str(c))}</td>" for c in row) + "</tr>"
                for row in block.rows or []
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif block.kind == "image" and block.path is not None:
            data = base64.b64encode(block.path.read_bytes()).decode("ascii")
            body.append(f'<img alt="{html.escape(block.text)}" src="data:image/png;base64,{data}">')
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def compare(paths: list[Path], out_dir: Path) -> CompareOutcome:
    """Read and validate the results files, then write the report, the plots and the HTML into out_dir."""
    documents = [results.read(p) for p in paths]
    documents.sort(key=lambda d: (d["environment"]["target"] != "ministack", d["environment"]["started_at"]))
    labels = run_labels(documents)
    out_dir.mkdir(parents=True, exist_ok=True)
    plot_paths = plots.all_plots(list(zip(labels, documents, strict=True)), out_dir)
    blocks = build_blocks(documents, labels, plot_paths)
    report_md = out_dir / "report.md"
    report_md.write_text(render_markdown(blocks, out_dir), encoding="utf-8")
    report_html = out_dir / "report.html"
    report_html.write_text(render_html(blocks, blocks[0].text), encoding="utf-8")
    return CompareOutcome(report_md, report_html, plot_paths, _drift(documents, labels))
