"""Deterministic test files, and the AWS cost estimate shown before an AWS run."""

from __future__ import annotations

import csv
import hashlib
import io

from csvpipe.experiments import datagen
from csvpipe.experiments.base import Settings
from csvpipe.experiments.estimate import estimate


def test_csv_of_size_is_deterministic_valid_and_close_to_the_size() -> None:
    first, second = datagen.csv_of_size(100_000), datagen.csv_of_size(100_000)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert 100_000 - 100 < len(first) <= 100_000
    rows = list(csv.reader(io.StringIO(first.decode())))
    assert rows[0] == ["id", "date", "product", "quantity", "price", "comment"]
    assert all(len(r) == 6 for r in rows)


def test_tiny_size_still_has_a_row() -> None:
    assert datagen.csv_of_size(10).count(b"\n") == 2


def test_small_csv_differs_per_index() -> None:
    assert datagen.small_csv(1) != datagen.small_csv(2)


def test_safe_estimate_is_smaller_than_full() -> None:
    safe = estimate(Settings("aws", only=("B", "D", "H"), safe=True))
    full = estimate(Settings("aws"))
    assert 0 < safe.invocations < full.invocations
    assert safe.usd < full.usd < 5.0  # the whole suite stays in cents-to-dollars territory
