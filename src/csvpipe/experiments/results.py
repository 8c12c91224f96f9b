"""The results document: one JSON file per run, versioned, validated by ``schemas/results.schema.json``.

Experiments record raw samples into an :class:`ExperimentRecord`; statistics are computed once, here,
when the record is turned into JSON, so every figure in the file can be recomputed from its samples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csvpipe.experiments import statistics

SCHEMA_ID = "csvpipe.experiments.results"
SCHEMA_VERSION = 1


@dataclass
class Metric:
    """One measured quantity: raw samples plus how many were discarded and why."""

    name: str
    unit: str
    description: str
    samples: list[float] = field(default_factory=list)
    discarded: int = 0
    discard_reasons: list[str] = field(default_factory=list)
    lower_is_better: bool = True

    def add(self, value: float) -> None:
        self.samples.append(float(value))

    def discard(self, reason: str) -> None:
        """Count a sample that was measured but does not belong here (e.g. cold when warm was asked)."""
        self.discarded += 1
        if reason not in self.discard_reasons:
            self.discard_reasons.append(reason)

    def to_dict(self, experiment: str) -> dict[str, Any]:
        return {
            "experiment": experiment,
            "unit": self.unit,
            "description": self.description,
            "lower_is_better": self.lower_is_better,
            "samples": self.samples,
            "discarded": self.discarded,
            "discard_reasons": self.discard_reasons,
            "stats": statistics.describe(self.samples),
        }


@dataclass
class Table:
    """A behaviour table (experiments D and H, per-resource times of A): plain rows of cells."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}


@dataclass
class ExperimentRecord:
    experiment_id: str
    title: str
    status: str = "ok"  # ok | failed | skipped
    error: str | None = None
    started_at: str | None = None
    duration_s: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    series: dict[str, dict[str, Any]] = field(default_factory=dict)
    fits: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def metric(self, short_name: str, unit: str, description: str, lower_is_better: bool = True) -> Metric:
        """The metric ``<id>.<short_name>``, created on first use."""
        name = f"{self.experiment_id}.{short_name}"
        if name not in self.metrics:
            self.metrics[name] = Metric(name, unit, description, lower_is_better=lower_is_better)
        return self.metrics[name]

    def table(self, title: str, columns: list[str]) -> Table:
        table = Table(title, columns)
        self.tables.append(table)
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "status": self.status,
            "error": self.error,
            "started_at": self.started_at,
            "duration_s": self.duration_s,
            "parameters": self.parameters,
            "metrics": sorted(self.metrics),
            "tables": [t.to_dict() for t in self.tables],
            "series": self.series,
            "fits": self.fits,
            "notes": self.notes,
        }


def build_document(environment: dict[str, Any], records: list[ExperimentRecord]) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    for record in records:
        for name, metric in record.metrics.items():
            metrics[name] = metric.to_dict(record.experiment_id)
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "environment": environment,
        "statistics": {
            "ci_level": 0.95,
            "ci_method": statistics.CI_METHOD,
            "percentiles": "linear interpolation between order statistics (numpy default)",
        },
        "experiments": {r.experiment_id: r.to_dict() for r in records},
        "metrics": metrics,
    }


def load_schema() -> dict[str, Any]:
    path = Path(__file__).resolve().parent.parent / "schemas" / "results.schema.json"
    text = path.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class ResultsError(Exception):
    """A results file that cannot be read or does not follow the schema; the message says which."""


def validate(document: dict[str, Any]) -> None:
    """Raise ResultsError if the document does not follow the results schema."""
    import jsonschema  # only needed when validating (tests, compare); not a Lambda dependency

    try:
        jsonschema.validate(document, load_schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise ResultsError(f"results do not follow the schema at {where}: {exc.message}") from exc


def read(path: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"cannot read results file {path}: {exc}") from exc
    if document.get("schema") != SCHEMA_ID:
        raise ResultsError(f"{path} is not a csvpipe experiments results file")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise ResultsError(
            f"{path} has results schema version {document.get('schema_version')}; "
            f"this csvpipe reads version {SCHEMA_VERSION}"
        )
    validate(document)
    return document


def write(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)
