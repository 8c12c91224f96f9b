"""Shared builders for the experiments unit tests."""

from __future__ import annotations

from typing import Any

import pytest
from experiments_builders import make_environment  # type: ignore[import-not-found]


@pytest.fixture
def results_environment() -> dict[str, Any]:
    """A valid ``environment`` block of a results document."""
    return make_environment()
