"""Deterministic CSV generators for the benchmark.

Why this shape: a benchmark is only comparable run to run if its input is byte-for-byte the same, so
every file comes from `random.Random(seed)` (whose `random()` stream Python keeps stable across
versions) and nothing else. Values are drawn from pre-formatted pools and rows are joined in large
chunks, so a 1 GB file takes seconds rather than minutes; a unique `order_id` keeps every row
distinct, so no profiler can win by caching whole rows.

Each file gets a `<name>.meta.json` beside it saying what it holds (columns and their kinds, row
count, bytes); the unit test checks that the claim matches the bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

GENERATOR_VERSION = 1
CHUNK_ROWS = 10_000
MISSING_MARKERS = ("", "NA")
KINDS = ("int", "float", "bool", "date", "datetime", "string")

Pool = Sequence[str]


@dataclass(frozen=True)
class GeneratedFile:
    """What a generated CSV holds; written beside it as JSON and used as the cache key."""

    path: str
    kind: str
    seed: int
    target_bytes: int
    bytes: int
    rows: int
    columns: list[tuple[str, str]]
    generator_version: int = GENERATOR_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> GeneratedFile:
        data = json.loads(text)
        data["columns"] = [tuple(col) for col in data["columns"]]
        return cls(**data)


def _with_missing(rng: random.Random, values: list[str], missing_share: float) -> list[str]:
    """Mix empty cells and pandas-style `NA` markers into a pool at the given share."""
    n_missing = round(len(values) * missing_share / (1 - missing_share))
    markers = [MISSING_MARKERS[rng.random() < 0.3] for _ in range(n_missing)]
    pool = values + markers
    rng.shuffle(pool)
    return pool


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


_FIRST = ("Anna", "Ben", "Chloé", "David", "Eva", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kenji", "Lena")
_LAST = ("Smith", "Müller", "Okafor", "García", "Nguyen", "Kowalski", "Rossi", "Dubois", "Silva", "Tanaka")
_CITIES = (
    "Berlin", "Paris", "Lagos", "São Paulo", "Tokyo", "Toronto", "Austin", "Kraków", "Lyon", "Osaka",
    "Washington, D.C.", "Frankfurt am Main", "St. John's", "Zürich", "Nairobi", "Melbourne",
)  # fmt: skip
_CATEGORIES = ("books", "garden", "toys", "kitchen", "music", "sports", "tools", "office", "health")
_WORDS = ("great", "late", "box", "damaged", "fast", "gift", "colour", "size", "again", "thanks", "ok")


def _pools(rng: random.Random) -> dict[str, Pool]:
    """Pre-formatted values per column role; the share of missing cells is set here."""
    start = dt.date(2015, 1, 1)
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range(3650)]
    base = dt.datetime(2020, 1, 1)
    stamps = [
        (base + dt.timedelta(seconds=rng.randrange(5 * 365 * 86400))).isoformat(timespec="seconds")
        for _ in range(50_000)
    ]
    names = [f"{f} {last}" for f in _FIRST for last in _LAST]
    names += [_quote(f"{last}, {f}") for f in _FIRST[:4] for last in _LAST[:3]]  # a few quoted fields
    comments = [" ".join(rng.choices(_WORDS, k=rng.randint(1, 6))) for _ in range(2000)]
    comments += [_quote(f'said "{w}", twice') for w in _WORDS]  # quotes and delimiters inside quotes
    comments.append(_quote("two\nlines"))  # one rare embedded newline
    return {
        "quantity": _with_missing(rng, [str(rng.randint(1, 500)) for _ in range(5000)], 0.04),
        "unit_price": _with_missing(rng, [f"{rng.uniform(0.5, 999):.2f}" for _ in range(20_000)], 0.02),
        "discount": [f"{rng.gauss(0, 5):.3f}" for _ in range(20_000)],
        "is_member": _with_missing(rng, ["true", "false"] * 50, 0.01),
        "order_date": days,
        "shipped_at": _with_missing(rng, stamps, 0.05),
        "customer": names,
        "city": [_quote(c) if "," in c else c for c in _CITIES],
        "category": list(_CATEGORIES),
        "comment": _with_missing(rng, comments, 0.4),
    }


MIXED_COLUMNS: list[tuple[str, str]] = [
    ("order_id", "int"),
    ("quantity", "int"),
    ("unit_price", "float"),
    ("discount", "float"),
    ("is_member", "bool"),
    ("order_date", "date"),
    ("shipped_at", "datetime"),
    ("customer", "string"),
    ("city", "string"),
    ("category", "string"),
    ("comment", "string"),
]

# In the wide file every column of one kind draws from the same role's pool.
_ROLE_OF_KIND = {
    "int": "quantity",
    "float": "unit_price",
    "bool": "is_member",
    "date": "order_date",
    "datetime": "shipped_at",
    "string": "customer",
}


def wide_columns(count: int) -> list[tuple[str, str]]:
    """`count` columns cycling through all kinds; the first is the unique id."""
    cols = [("row_id", "int")]
    cols += [(f"c{i:03d}_{KINDS[i % len(KINDS)]}", KINDS[i % len(KINDS)]) for i in range(1, count)]
    return cols


ChunkMaker = Callable[[int, int], list[list[str]]]


def _mixed_chunk(rng: random.Random, pools: dict[str, Pool]) -> ChunkMaker:
    def make(first_id: int, n: int) -> list[list[str]]:
        ids = list(map(str, range(first_id, first_id + n)))
        return [ids] + [rng.choices(pools[name], k=n) for name, _ in MIXED_COLUMNS[1:]]

    return make


def _wide_chunk(rng: random.Random, pools: dict[str, Pool], columns: list[tuple[str, str]]) -> ChunkMaker:
    def make(first_id: int, n: int) -> list[list[str]]:
        ids = list(map(str, range(first_id, first_id + n)))
        return [ids] + [rng.choices(pools[_ROLE_OF_KIND[kind]], k=n) for _, kind in columns[1:]]

    return make


def _chunks(make: ChunkMaker, rows_per_chunk: int) -> Iterator[tuple[int, bytes]]:
    first_id = 1
    while True:
        cols = make(first_id, rows_per_chunk)
        text = "\n".join(map(",".join, zip(*cols, strict=True))) + "\n"
        yield rows_per_chunk, text.encode("utf-8")
        first_id += rows_per_chunk


def _write(
    path: Path, header: list[str], chunks: Iterator[tuple[int, bytes]], target_bytes: int
) -> tuple[int, int]:
    """Write the header, then whole chunks until at least `target_bytes`; returns (rows, bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    rows = 0
    with tmp.open("wb") as out:
        written = out.write((",".join(header) + "\n").encode("utf-8"))
        while written < target_bytes:
            n, data = next(chunks)
            written += out.write(data)
            rows += n
    tmp.replace(path)  # a half-written file never looks cached
    return rows, written


def generate_mixed(
    path: Path, target_bytes: int, seed: int = 1, chunk_rows: int = CHUNK_ROWS
) -> GeneratedFile:
    """Orders-like file with all six kinds, missing cells, quoted fields; ≈ `target_bytes` long."""
    rng = random.Random(seed)
    pools = _pools(rng)
    chunks = _chunks(_mixed_chunk(rng, pools), chunk_rows)
    rows, size = _write(path, [name for name, _ in MIXED_COLUMNS], chunks, target_bytes)
    return _record(path, "mixed", seed, target_bytes, size, rows, MIXED_COLUMNS)


def generate_wide(
    path: Path, target_bytes: int, columns: int = 300, seed: int = 2, chunk_rows: int = 500
) -> GeneratedFile:
    """`columns` columns of all kinds (wide files stress per-column overhead)."""
    rng = random.Random(seed)
    pools = _pools(rng)
    cols = wide_columns(columns)
    chunks = _chunks(_wide_chunk(rng, pools, cols), chunk_rows)
    rows, size = _write(path, [name for name, _ in cols], chunks, target_bytes)
    return _record(path, "wide", seed, target_bytes, size, rows, cols)


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _record(
    path: Path, kind: str, seed: int, target: int, size: int, rows: int, cols: list[tuple[str, str]]
) -> GeneratedFile:
    meta = GeneratedFile(str(path), kind, seed, target, size, rows, cols)
    _meta_path(path).write_text(meta.to_json(), encoding="utf-8")
    return meta


def cached(path: Path, kind: str, seed: int, target_bytes: int) -> GeneratedFile | None:
    """The file's metadata if it was generated by this generator version with these settings."""
    meta_file = _meta_path(path)
    if not (path.exists() and meta_file.exists()):
        return None
    try:
        meta = GeneratedFile.from_json(meta_file.read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError):
        return None
    same = (meta.kind, meta.seed, meta.target_bytes, meta.generator_version) == (
        kind,
        seed,
        target_bytes,
        GENERATOR_VERSION,
    )
    return meta if same and path.stat().st_size == meta.bytes else None
