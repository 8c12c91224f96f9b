"""The benchmark's files: what each one is, and how to get it into bench/data/ (cached).

The real file is the UN World Population Prospects 2024 extract that the `bokeh-sampledata` wheel
(BSD-3-Clause code; this dataset CC BY 3.0 IGO, © United Nations 2024) ships as
`bokeh_sampledata/_data/population.csv.gz`: 346 332 rows, 7 columns, ≈14 MB unpacked. It is the
largest realistic CSV reachable here without the web (only package registries are). We unpack it
once; decompression is not part of any timing.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import generators

DATA_DIR = Path(__file__).resolve().parent / "data"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
MB = 1_000_000

REAL_PACKAGE = "bokeh_sampledata"
REAL_RESOURCE = "_data/population.csv.gz"
REAL_SOURCE = (
    "UN DESA Population Division, World Population Prospects 2024 (medium variant, by age and sex), "
    "as shipped in the bokeh-sampledata 2026.1 wheel; licence CC BY 3.0 IGO"
)


@dataclass(frozen=True)
class BenchFile:
    """One input of the benchmark: a stable key, where it lives, and how it is made."""

    key: str
    description: str
    path: Path
    big: bool  # skipped by --quick
    memory_check: bool  # the file the RSS < 200 MB target applies to
    make: Callable[[], None]

    def ensure(self) -> Path:
        self.make()
        return self.path


def _generated(key: str, kind: str, target_bytes: int, seed: int, **extra: int) -> Callable[[], None]:
    path = DATA_DIR / f"{key}.csv"

    def make() -> None:
        if generators.cached(path, kind, seed, target_bytes) is not None:
            return
        if kind == "mixed":
            generators.generate_mixed(path, target_bytes, seed=seed)
        else:
            generators.generate_wide(path, target_bytes, seed=seed, **extra)

    return make


def _real_population() -> None:
    target = DATA_DIR / "un_population_wpp2024.csv"
    if target.exists():
        return
    try:
        resource = importlib.resources.files(REAL_PACKAGE).joinpath(REAL_RESOURCE)
    except ModuleNotFoundError as exc:
        raise SystemExit(
            f"{REAL_PACKAGE} is not installed: run `make bench` (it installs requirements/bench.lock)"
        ) from exc
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with resource.open("rb") as packed, gzip.open(packed) as raw, tmp.open("wb") as out:
        shutil.copyfileobj(raw, out, 1 << 20)
    tmp.replace(target)


def catalogue() -> list[BenchFile]:
    """Every file, in the order the table shows them."""
    return [
        BenchFile(
            "mixed_10mb",
            "generated, 11 mixed columns, ≈10 MB",
            DATA_DIR / "mixed_10mb.csv",
            big=False,
            memory_check=False,
            make=_generated("mixed_10mb", "mixed", 10 * MB, seed=1),
        ),
        BenchFile(
            "wide_300col",
            "generated, 300 columns of all kinds, ≈20 MB",
            DATA_DIR / "wide_300col.csv",
            big=False,
            memory_check=False,
            make=_generated("wide_300col", "wide", 20 * MB, seed=2, columns=300),
        ),
        BenchFile(
            "real_un_population",
            "real: UN WPP 2024 population by age/sex (bokeh-sampledata), ≈14 MB",
            DATA_DIR / "un_population_wpp2024.csv",
            big=False,
            memory_check=False,
            make=_real_population,
        ),
        BenchFile(
            "mixed_200mb",
            "generated, 11 mixed columns, ≈200 MB",
            DATA_DIR / "mixed_200mb.csv",
            big=True,
            memory_check=False,
            make=_generated("mixed_200mb", "mixed", 200 * MB, seed=3),
        ),
        BenchFile(
            "mixed_1gb",
            "generated, 11 mixed columns, ≈1 GB (memory check)",
            DATA_DIR / "mixed_1gb.csv",
            big=True,
            memory_check=True,
            make=_generated("mixed_1gb", "mixed", 1000 * MB, seed=4),
        ),
    ]


def file_argument_parser(
    module: str, description: str, default: str | None = "mixed_10mb"
) -> argparse.ArgumentParser:
    """The parser of a bench command that takes one benchmark file key (optional when `default`)."""
    parser = argparse.ArgumentParser(prog=f"python -m bench.{module}", description=description)
    keys = sorted(f.key for f in catalogue())
    if default is None:
        parser.add_argument("file", choices=keys, help="benchmark file key")
    else:
        parser.add_argument("file", nargs="?", default=default, choices=keys, help="benchmark file key")
    return parser


def chosen_file(argv: list[str], module: str, description: str) -> BenchFile:
    """The benchmark file a one-argument bench command was asked for (mixed_10mb by default)."""
    key = file_argument_parser(module, description).parse_args(argv).file
    return next(f for f in catalogue() if f.key == key)
