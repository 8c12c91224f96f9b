"""CLI pieces that need no emulator: experiment selection, the AWS confirmation, compare errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.experiments_cmd import confirm_aws, parse_only
from csvpipe.cli.main import main
from csvpipe.experiments.base import Settings


def test_parse_only() -> None:
    assert parse_only(None, safe=False) == tuple("ABCDEFGH")
    assert parse_only("b, a,B", safe=False) == ("B", "A")
    assert parse_only(None, safe=True) == ("B", "D", "H")
    assert parse_only("A,B,F", safe=True) == ("B",)
    with pytest.raises(ValueError, match="Z"):
        parse_only("A,Z", safe=False)
    with pytest.raises(ValueError, match="--safe"):
        parse_only("A,F", safe=True)


class NotATerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def env() -> Environment:
    return Environment(stdout=io.StringIO(), stderr=io.StringIO())


def test_aws_run_without_a_terminal_is_refused_with_a_message() -> None:
    e = env()
    assert not confirm_aws(Settings("aws", only=("B", "D", "H"), safe=True), e, False, stdin=NotATerminal())
    text = e.stderr.getvalue()
    assert "Lambda function" in text and "estimated cost" in text and "--yes" in text


def test_aws_run_asks_and_honours_the_answer() -> None:
    settings = Settings("aws", only=("B",), safe=True)
    assert confirm_aws(settings, env(), False, stdin=Terminal("y\n"))
    assert not confirm_aws(settings, env(), False, stdin=Terminal("\n"))
    assert confirm_aws(settings, env(), True, stdin=NotATerminal())


def test_bad_only_is_a_usage_error() -> None:
    e = env()
    assert main(["experiments", "run", "--only", "Q"], e) == ExitStatus.USAGE
    assert "A–H" in e.stderr.getvalue()


def test_compare_rejects_a_file_that_is_not_results(tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text('{"schema": "other"}')
    e = env()
    assert main(["compare", str(bogus), "--out", str(tmp_path / "r")], e) == ExitStatus.BAD_INPUT
    assert "not a csvpipe experiments results file" in e.stderr.getvalue()
