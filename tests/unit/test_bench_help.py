"""Every bench command answers --help with what it does (and exit 0), without its heavy peers."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCH_COMMANDS = [
    "bench.__main__",
    "bench.chunk_floor",
    "bench.crosscheck",
    "bench.generated_check",
    "bench.instructions",
    "bench.markdown",
    "bench.memory_limit",
    "bench.profile_engine",
]


@pytest.mark.parametrize("module", BENCH_COMMANDS)
def test_bench_commands_answer_help(module: str, capsys: pytest.CaptureFixture[str]) -> None:
    main = importlib.import_module(module).main
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m ") and len(out.split("\n\n")[1]) > 40  # a description


def test_markdown_without_a_results_file_says_what_to_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bench.markdown import main

    assert main([str(tmp_path / "none.json")]) == 2
    assert "run `make bench` first" in capsys.readouterr().err
