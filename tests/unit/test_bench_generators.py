"""The benchmark's generators are deterministic and hold what their metadata claims.

No timing here: speed targets are checked by `make bench`, never by unit tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench import generators  # noqa: E402

TARGET = 150_000


def _is_kind(value: str, kind: str) -> bool:
    """Does a non-missing cell read as `kind` the way the generator meant it?"""
    try:
        if kind == "int":
            int(value)
        elif kind == "float":
            float(value)
            return "." in value
        elif kind == "bool":
            return value in ("true", "false")
        elif kind == "date":
            dt.date.fromisoformat(value)
        elif kind == "datetime":
            dt.datetime.fromisoformat(value)
            return "T" in value
        else:
            return kind == "string" and value != ""
    except ValueError:
        return False
    return True


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as text:
        header, *rows = list(csv.reader(text))
    return header, rows


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> generators.GeneratedFile:
    path = tmp_path_factory.mktemp("gen") / "mixed.csv"
    return generators.generate_mixed(path, TARGET, seed=7, chunk_rows=500)


def test_same_seed_gives_the_same_bytes(tmp_path: Path, mixed: generators.GeneratedFile) -> None:
    again = generators.generate_mixed(tmp_path / "again.csv", TARGET, seed=7, chunk_rows=500)
    other = generators.generate_mixed(tmp_path / "other.csv", TARGET, seed=8, chunk_rows=500)
    first = Path(mixed.path).read_bytes()
    assert Path(again.path).read_bytes() == first
    assert Path(other.path).read_bytes() != first


def test_mixed_file_holds_what_its_metadata_claims(mixed: generators.GeneratedFile) -> None:
    path = Path(mixed.path)
    header, rows = _read(path)
    assert header == [name for name, _ in mixed.columns]
    assert {kind for _, kind in mixed.columns} == set(generators.KINDS)
    assert len(rows) == mixed.rows
    assert mixed.bytes == path.stat().st_size >= TARGET
    assert all(len(row) == len(header) for row in rows)
    assert [int(row[0]) for row in rows] == list(range(1, mixed.rows + 1))  # unique ids: no duplicate rows
    for index, (name, kind) in enumerate(mixed.columns):
        values = [row[index] for row in rows]
        present = [v for v in values if v not in generators.MISSING_MARKERS]
        assert present, f"{name} has no values"
        wrong = [v for v in present if not _is_kind(v, kind)]
        assert not wrong, f"{name} ({kind}) holds {wrong[:3]}"
    column = dict(zip(header, zip(*rows, strict=True), strict=True))
    for name in ("quantity", "unit_price", "shipped_at", "comment"):
        assert any(v in generators.MISSING_MARKERS for v in column[name]), f"{name} has no missing cells"
    assert "NA" in column["quantity"] and "" in column["quantity"]
    assert any("," in v for v in column["city"]), "no quoted field with a delimiter inside"
    assert any('"' in v for v in column["comment"]), "no quoted field with a doubled quote inside"


def test_wide_file_has_300_columns_of_every_kind(tmp_path: Path) -> None:
    wide = generators.generate_wide(tmp_path / "wide.csv", TARGET, columns=300, seed=3, chunk_rows=20)
    header, rows = _read(Path(wide.path))
    assert len(header) == len(wide.columns) == 300
    assert len(rows) == wide.rows and all(len(row) == 300 for row in rows)
    kinds = [kind for _, kind in wide.columns]
    assert {kind: kinds.count(kind) for kind in generators.KINDS} == {
        "int": 50, "float": 50, "bool": 50, "date": 50, "datetime": 50, "string": 50,
    }  # fmt: skip
    for index, kind in enumerate(kinds):
        present = [row[index] for row in rows if row[index] not in generators.MISSING_MARKERS]
        assert present and all(_is_kind(v, kind) for v in present), header[index]


def test_cache_matches_only_the_same_settings_and_intact_bytes(mixed: generators.GeneratedFile) -> None:
    path = Path(mixed.path)
    assert generators.cached(path, "mixed", 7, TARGET) == mixed
    assert generators.cached(path, "mixed", 8, TARGET) is None
    assert generators.cached(path, "mixed", 7, TARGET * 2) is None
    assert generators.cached(path, "wide", 7, TARGET) is None


def test_cache_rejects_a_truncated_file(tmp_path: Path) -> None:
    made = generators.generate_mixed(tmp_path / "cut.csv", 20_000, seed=1, chunk_rows=100)
    path = Path(made.path)
    path.write_bytes(path.read_bytes()[:-10])
    assert generators.cached(path, "mixed", 1, 20_000) is None
