"""The fuzzing harness (bench/fuzz_engine.py) runs the engine's whole and split paths on the corpus
without atheris, and lets a bug through as a crash rather than swallowing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import fuzz_engine

from csvpipe.core import parallel

NASTY = Path(__file__).resolve().parents[2] / "test-data" / "nasty"


@pytest.mark.parametrize("settings", [b"\x00\x00\x80\x00", b"\x07\x00\x40\x01", b"\x27\xff\xff\x01"])
def test_every_corpus_file_passes_the_harness(settings: bytes) -> None:
    for path in sorted(NASTY.iterdir()):
        fuzz_engine.one_input(settings + path.read_bytes()[:65536])


def test_the_split_path_is_taken_and_a_bug_in_it_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"id,name,score\n" + b"".join(b"%d,n%d,%d.5\n" % (i, i % 7, i) for i in range(200))
    planned = []
    real_plan = parallel._plan
    monkeypatch.setattr(parallel, "_plan", lambda *a: planned.append(real_plan(*a)) or planned[-1])
    fuzz_engine.one_input(b"\x05\x00\x80\x01" + data)
    assert planned and planned[0] is not None and len(planned[0].parts) == 2
    assert parallel.MIN_PART_BYTES == 2 * 1024 * 1024  # restored

    def broken(self, other):
        raise AssertionError("a merge bug")

    monkeypatch.setattr(parallel.TableProfile, "merge", broken)
    with pytest.raises(AssertionError, match="a merge bug"):
        fuzz_engine.one_input(b"\x05\x00\x80\x01" + data)


def test_the_corpus_is_seeded_from_the_test_files(tmp_path: Path) -> None:
    fuzz_engine.seed_corpus(tmp_path / "corpus")
    seeded = {path.name for path in (tmp_path / "corpus").iterdir()}
    assert {"campbell_toa5.csv", "labview.lvm", "sample.csv"} <= seeded
    assert not any(name.endswith((".json", ".md")) for name in seeded)


def test_without_atheris_it_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_atheris(name, *args, **kwargs):
        if name == "atheris":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_atheris)
    assert fuzz_engine.main(["--seconds", "1"]) == 2
    assert "make fuzz-engine" in capsys.readouterr().err
