"""`python -m bench.fuzz_engine [--seconds N] [--corpus DIR]`: coverage-guided fuzzing of the engine.

Why: hypothesis (`make fuzz`) draws tables from a model of CSV; libFuzzer (through atheris) mutates
real bytes towards code paths not yet taken — a BOM inside a quoted header, a TOA5 banner with NUL
bytes, a cut between two parts right after a header row. Every input is profiled whole with small
chunks, and again cut into two parts as a split file is (`parallel._plan`'s cut, the second part's
profile pickled as a worker's is, the feed's cross-check, the merge). Any exception but ProfileError
is a crash: libFuzzer stops and writes the input to `crash-<sha1>` in the working directory.

`make fuzz-engine` installs atheris (requirements/fuzz.lock) and runs this for FUZZ_SECONDS. The
corpus directory (default bench/fuzz-corpus, not committed) starts from test-data: the nasty files
and the sample. Session 24 (2026-11-28): an earlier /tmp version of this harness, without the
logger and LabVIEW tokens, ran about 500 000 inputs in 50 minutes without a crash; this one found a
crash within its first minute (a blank line where a TOA5 file's header row was due: `65d850a`), and
after the fix `make fuzz-engine FUZZ_SECONDS=720` ran 294 831 inputs (2 996 edges) without one, and
`FUZZ_SECONDS=600` later 212 245 more (3 112 edges, with the session's report rules) without one.
Session 28 (2026-11-28): 600 s found, after 86 979 inputs, a crash older than the session: an Excel
hint `sep=-` split the scan's end-of-file marker (then a word with dashes) into a row (`2b1eec5`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import pickle
import sys
from pathlib import Path

from bench.runner import REPO_ROOT
from csvpipe.core import ProfileError, ProfileOptions, build_summary, parallel, profile_stream, profile_table

CORPUS = REPO_ROOT / "bench" / "fuzz-corpus"
SEEDS = (REPO_ROOT / "test-data" / "nasty", REPO_ROOT / "test-data")
# Tokens that make CSV, dates, numbers, encodings and the formats the engine knows (libFuzzer -dict).
TOKENS = (
    '"', ",", ";", "\t", "|", "\r\n", "\n", "\r", "\ufeff", "NA", "N/A", "null", "NaN", "NAN",
    "2024-01-31", "31.01.2024", "31.01.24", "2024/01/31", "Jan 31 2024", "2024-01-31T12:30:45.123+02:00",
    "1,234.56", "1.234,56", "-0.5e-3", "1e308", "inf", "true", "FALSE", "Total", "Summe", "# c", "sep=;",
    "12%", "$1,200", "00123", "  x  ", '"TOA5",', "LabVIEW Measurement", "***End_of_Header***", "Volts",
    "Deg C", "---", "(1,234.00)", "$ -", "1.234,56-", "\u221212", ",Q1,,,Q2,,", "geo\\time",
    "geo\\TIME_PERIOD", " p\t", ": c", "Team,,",
    "| ", " |", "+----+", "|---|", ":---:", "│", "─", "┼", "┌", "---- ----", '="0', "(3 rows)",
    "rows selected.",
    "   ", "  id  name", "\\|", "\\,", "# A tibble: 3 × 2", "<chr>", "2024-01-31 09:30:00",
)  # fmt: skip


def one_input(raw: bytes) -> None:
    """Profile one fuzzer input: the first byte sets the chunk size, the next two where the file is
    cut, the next whether the second part is cross-checked through the feed; the rest is the file."""
    if len(raw) < 4:
        return
    chunk = 1 + raw[0] % 40
    fraction = int.from_bytes(raw[1:3], "little")
    fed = bool(raw[3] & 1)
    data = raw[4:]
    options = ProfileOptions(chunk_rows=chunk)
    with contextlib.suppress(ProfileError):  # a refusal is an outcome; anything else is a crash
        profile_stream(io.BytesIO(data), "fuzz.csv", options)
    _split(data, options, fraction, fed)


def _split(data: bytes, options: ProfileOptions, fraction: int, fed: bool) -> None:
    """The file cut in two as `parallel._profile_parts` cuts and merges it, both parts in this
    process: the second part is pickled as a worker sends it, and with `fed` it looks its rows up in
    the first part's (DuplicateRows.cross_check) as the feed makes it."""
    saved = parallel.MIN_PART_BYTES, parallel.FIRST_PART_EXTRA
    parallel.MIN_PART_BYTES, parallel.FIRST_PART_EXTRA = 1, len(data) * fraction // 65536
    try:
        plan = parallel._plan(io.BytesIO(data), len(data), 2, options)
    finally:
        parallel.MIN_PART_BYTES, parallel.FIRST_PART_EXTRA = saved
    if plan is None:
        return
    fed = fed and len(plan.parts) == 2
    chunks: list[list[str]] = []
    try:
        (start, end), rest = plan.parts[0], plan.parts[1:]
        first = parallel._Range(io.BytesIO(data), start, end).opened()
        table = profile_table(first, options, plan.reading, rows_listener=chunks.append if fed else None)
        complete = fed and table.duplicates.exact
        if complete:
            table.duplicates.listener = None
            table.duplicates.fed_rows = table.duplicates.rows
        parts = []
        for start, end in rest:
            stream = parallel._Range(io.BytesIO(data), start, end, prefix=plan.header).opened()
            part = profile_table(stream, options, plan.reading, later_part=True)
            sent = pickle.loads(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
            if complete:
                part.duplicates.cross_check(iter(chunks))
                sent.duplicates.cross = part.duplicates.cross
            parts.append(sent)
    except ProfileError:
        return  # the one-process run reports it (and did, above)
    for part in parts:
        table.merge(part)
    build_summary(table, "fuzz.csv", options.type_threshold)


def seed_corpus(corpus: Path) -> None:
    """Copy the test files into an empty corpus, each behind four bytes of settings."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for folder in SEEDS:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix not in (".json", ".md"):
                (corpus / path.name).write_bytes(b"\x07\x00\x80\x01" + path.read_bytes()[:65536])


def _dict_entry(token: str) -> str:
    """One libFuzzer dictionary entry: the token's UTF-8 bytes quoted, all but printable ASCII as \\xNN."""
    shown = (
        chr(byte) if 32 <= byte < 127 and byte not in b'"\\' else f"\\x{byte:02X}" for byte in token.encode()
    )
    return '"' + "".join(shown) + '"'


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fuzz_engine",
        description="Coverage-guided fuzzing of the engine (atheris/libFuzzer); a crash is any exception "
        "but ProfileError, written to crash-<sha1>.",
    )
    parser.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default 600)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"corpus directory (default {CORPUS})")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input in bytes (default 4096)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print(
            "atheris is not installed: run `make fuzz-engine` (it installs requirements/fuzz.lock)",
            file=sys.stderr,
        )
        return 2
    seed_corpus(args.corpus)
    tokens = args.corpus.parent / "fuzz-tokens.dict"
    tokens.write_text("".join(f"{_dict_entry(token)}\n" for token in TOKENS), encoding="ascii")
    atheris.instrument_all()
    flags = [sys.argv[0], f"-max_total_time={args.seconds}", f"-max_len={args.max_len}", "-timeout=20"]
    atheris.Setup([*flags, f"-dict={tokens}", str(args.corpus)], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
