"""The bench's opt-in upper-bound tool really switches the sketches off, and only where it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.__main__ import parse_args  # noqa: E402

# One fresh interpreter per tool, as bench.child runs them: the patch must never reach this process.
_PROFILE = """
import json, sys
from bench.tools import TOOLS
profile_file = TOOLS[sys.argv[1]].load()
print(json.dumps(profile_file(sys.argv[2])))
"""


def _summary(tool: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROFILE, tool, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_the_sketch_free_bound_skips_the_sketches_and_keeps_the_rest(tmp_path: Path) -> None:
    rows = [f"{i},{i % 7}.5,name{i % 3}" for i in range(1, 3001)]
    path = tmp_path / "numbers.csv"
    path.write_text("id,price,name\n" + "\n".join(rows) + "\n", encoding="utf-8")

    full = _summary("csvpipe", path)
    bound = _summary("csvpipe-no-sketches", path)

    assert full["columns"]["id"]["distinct"] == 3000 and bound["columns"]["id"]["distinct"] == 0
    assert abs(full["columns"]["id"]["median"] - 1500) <= 0.017 * 3000  # KLL's stated rank error
    assert bound["columns"]["id"]["median"] == 1  # the one value the stub keeps
    # Everything that is not a sketch is the same work, with the same result.
    for summary in (full, bound):
        assert summary["row_count"] == 3000
        assert summary["columns"]["price"]["avg"] == full["columns"]["price"]["avg"]
        assert summary["columns"]["id"]["max"] == 3000


def test_the_bound_runs_only_when_named() -> None:
    assert "csvpipe-no-sketches" not in parse_args([]).tools
    assert "csvpipe-no-sketches" not in parse_args(["--only", "mixed_10mb"]).tools
    assert parse_args(["--only", "csvpipe,csvpipe-no-sketches"]).tools == ["csvpipe", "csvpipe-no-sketches"]
