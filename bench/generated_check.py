"""Generated CSVs checked against pandas: `bench.crosscheck` on files nobody wrote by hand.

Real files cover what people write; these cover the corners they write less often, all at once —
numbers near a float's limits, `inf`, exponent forms, thousands grouped by commas, ISO datetimes,
pandas' missing markers, quoted delimiters and line breaks, padded cells, text that looks almost like
a number, headers repeated inside the file; with `--european`, semicolons, decimal commas and
thousands grouped by points or (no-break) spaces. The generator is seeded, so a difference found once can
be found again (`--seed`). pandas is a benchmark-only dependency: run through
`make bench-crosscheck-generated` (installs it), not in `make test`.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

MISSING = ["", "NA", "N/A", "null", "NaN", "None", "nan", "#N/A", "-nan", "NULL", "n/a"]
TEXTS = [
    "alpha", "beta gamma", "  padded ", "x,y", 'say "hi"', "ümlaut", "line\nbreak", "42abc", "#hash",
    "'quoted'", "-", "0x1F", "1,5", "1.2.3", "Infinity", "nan?", "TRUE1",
]  # fmt: skip


# A European spreadsheet's separators: a decimal comma, thousands grouped by one of these.
EUROPEAN_GROUPING = [".", " ", "\u00a0"]


def _european(number: str, grouping: str) -> str:
    """`number` as Python formats it (1,234.5 with `,` grouping) written the European way."""
    return number.replace(",", "\x00").replace(".", ",").replace("\x00", grouping)


def _cells(rng: random.Random, grouping: str | None = None) -> dict[str, Callable[[], str]]:
    """One cell maker per column kind; with `grouping`, numbers are written with a decimal comma and
    that thousands separator (`--european`)."""
    local = (lambda number: number) if grouping is None else (lambda number: _european(number, grouping))

    def integer() -> str:
        number = rng.choice([rng.randint(-(10**6), 10**6), rng.randint(-(10**15), 10**15), rng.randint(0, 9)])
        return str(number) + rng.choice(["", "", "", " "])

    def real() -> str:
        return local(
            rng.choice(
                [
                    repr(rng.uniform(-1e6, 1e6)),
                    f"{rng.uniform(-100, 100):.2f}",
                    f"{rng.uniform(0, 1):.3e}",
                    "inf",
                    "-inf",
                    str(rng.randint(-50, 50)),
                    "1E5",
                    ".5",
                    "-0.0",
                    "+3.25",
                ]
            )
        )

    def grouped() -> str:  # thousands grouped by commas, as spreadsheets export formatted numbers
        return local(
            rng.choice(
                [
                    f"{rng.randint(-(10**9), 10**9):,}",
                    f"{rng.uniform(-1e7, 1e7):,.2f}",
                    str(rng.randint(0, 999)),
                ]
            )
        )

    def day() -> str:
        when = date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000))
        return when.isoformat() if grouping is None else when.strftime("%d.%m.%Y")

    def moment() -> str:
        when = datetime(2000, 1, 1) + timedelta(seconds=rng.randint(0, 10**9))
        return (
            when.isoformat(sep=rng.choice("T ")) if grouping is None else when.strftime("%d.%m.%Y %H:%M:%S")
        )

    def boolean() -> str:
        return rng.choice(["True", "False", "true", "false", "TRUE", "FALSE"])

    def text() -> str:
        return rng.choice(TEXTS)

    def mixed() -> str:
        return rng.choice([integer, real, text])()

    return {
        "int": integer,
        "float": real,
        "grouped": grouped,
        "date": day,
        "datetime": moment,
        "bool": boolean,
        "text": text,
        "mixed": mixed,
    }


def write_table(path: Path, clean: Path, rng: random.Random, european: bool = False) -> int:
    """A CSV of 1-6 columns of random kinds and 1-300 rows, 5 % of cells a missing marker; in one file
    of five with two columns or more, the header repeated 1-3 times among the rows (files concatenated
    with their headers). `clean` gets the same file without the repeats: what pandas reads, since it
    would take them for data. `european`: semicolons, decimal commas, and thousands grouped by a
    point, a space or a no-break space, as spreadsheets in most of Europe save them. Returns how many
    repeats `path` holds."""
    grouping = rng.choice(EUROPEAN_GROUPING) if european else None
    makers = _cells(rng, grouping)
    # (A European file has two columns or more: with one, nothing tells its decimal commas from
    # commas that separate fields, and csvpipe reads it as comma-separated, as pandas does by default.)
    kinds = [rng.choice(list(makers)) for _ in range(rng.randint(2 if european else 1, 6))]
    terminator = rng.choice(["\n", "\r\n"])
    header = [f"c{index}_{kind}" for index, kind in enumerate(kinds)]
    rows = [
        [rng.choice(MISSING) if rng.random() < 0.05 else makers[kind]() for kind in kinds]
        for _ in range(rng.randint(1, 300))
    ]
    repeats = rng.randint(1, 3) if len(kinds) > 1 and rng.random() < 0.2 else 0
    places = sorted(rng.randint(0, len(rows)) for _ in range(repeats))
    for target, rows_before in ((clean, rows), (path, _with_headers(rows, header, places))):
        with target.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator=terminator, delimiter=";" if european else ",")
            writer.writerow(header)
            writer.writerows(rows_before)
    return repeats


def _grouped_positions(path: Path, european: bool) -> list[int]:
    """The columns written as grouped numbers (named `c<i>_grouped`): pandas reads them with their
    thousands separator, so a column csvpipe left as text would differ instead of agreeing as text."""
    with path.open(newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream, delimiter=";" if european else ","))
    return [position for position, name in enumerate(header) if name.endswith("_grouped")]


def _with_headers(rows: list[list[str]], header: list[str], places: list[int]) -> list[list[str]]:
    """`rows` with a copy of `header` before row `place` for each of `places` (ascending)."""
    result = list(rows)
    for shift, place in enumerate(places):
        result.insert(place + shift, list(header))
    return result


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generated_check",
        description="Write seeded random CSVs (ints, floats with inf and exponents, dates, datetimes, "
        "bools, tricky text, pandas' missing markers, repeated headers) and check csvpipe's summary of "
        "each against pandas as bench.crosscheck does; print every difference. Exit 1 if any file differs.",
    )
    parser.add_argument("--files", type=int, default=200, help="how many files (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument(
        "--european",
        action="store_true",
        help="write every file as European spreadsheets do: semicolons, decimal commas, thousands grouped "
        "by points or (no-break) spaces",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from bench.crosscheck import check_file

    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.files < 1:
        print("--files must be at least 1", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    european = " --european" if args.european else ""
    differing = 0
    with tempfile.TemporaryDirectory(prefix="csvpipe-generated-") as folder:
        for index in range(args.files):
            path = Path(folder) / f"generated_{args.seed}_{index}.csv"
            clean = path.with_suffix(".clean.csv")
            repeats = write_table(path, clean, rng, args.european)
            result = check_file(path, pandas_path=clean, grouped=_grouped_positions(clean, args.european))
            differences = list(result["differences"])
            if result.get("repeated_headers", repeats) != repeats:
                found = result["repeated_headers"]
                differences.append(f"repeated headers: written {repeats}, csvpipe {found}")
            if differences:
                differing += 1
                print(f"DIFF {path.name} (--seed {args.seed}{european}, file {index})")
                for difference in differences:
                    print(f"       {difference}")
    agreeing = args.files - differing
    print(f"{agreeing} of {args.files} generated files agree with pandas (seed {args.seed}{european})")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
