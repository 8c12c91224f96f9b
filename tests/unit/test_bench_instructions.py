"""bench.instructions: callgrind's count is parsed, files are cut by rows, and more rows cost more."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench import instructions  # noqa: E402


def test_the_count_is_read_from_callgrinds_summary() -> None:
    stderr = "==4888== Events    : Ir\n==4888== Collected : 1241368386\n==4888==\n==4888== I   refs: 1,241"
    assert instructions.collected(stderr) == 1_241_368_386
    with pytest.raises(RuntimeError, match="no instruction count"):
        instructions.collected("==1== something else went wrong")


def test_head_keeps_the_header_and_n_rows(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("h\n" + "".join(f"{i}\n" for i in range(10)), encoding="utf-8")
    cut = instructions.head_of(source, 3, tmp_path / "b.csv")
    assert cut.read_text(encoding="utf-8") == "h\n0\n1\n2\n"


def test_without_valgrind_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(instructions.shutil, "which", lambda _name: None)
    with pytest.raises(instructions.NoValgrind, match="apt-get install valgrind"):
        instructions.count(REPO_ROOT / "src", tmp_path / "x.csv", "profile")


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_more_rows_cost_more_and_a_component_switched_off_costs_less(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i * 0.5},2024-01-{i % 28 + 1:02d},name{i % 7}\n" for i in range(2000))
    path = tmp_path / "f.csv"
    path.write_text("id,x,day,who\n" + rows, encoding="utf-8")
    small = instructions.head_of(path, 200, tmp_path / "small.csv")
    src = REPO_ROOT / "src"
    start_up = instructions.count(src, path, "import")
    few = instructions.count(src, small, "profile") - start_up
    many = instructions.count(src, path, "profile") - start_up
    without = instructions.count(src, path, "profile", ("duplicates",)) - start_up
    assert 0 < few < many
    assert 0 < without < many
