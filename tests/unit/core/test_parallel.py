"""A file profiled in parallel parts gives the summary one process gives, and the same errors.

Parts are forced on small files by lowering MIN_PART_BYTES, so the cut points land everywhere:
inside quoted values that span lines, next to ragged rows, between duplicates.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import math
import multiprocessing
import os
import pickle
import sys
import time
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from csvpipe.core import ProfileError, ProfileOptions, parallel, profile_stream
from csvpipe.core.parallel import profile_file, record_boundaries
from csvpipe.core.table import DuplicateRows

from .conftest import check_summary, round_floats, zipped

CELL = st.text(alphabet=st.sampled_from(list('ab1 ,"\r\n.-')), max_size=5)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=120)
# Rows drawn from a pool of a few: duplicates within and across parts, so that the lines of the first
# repeats are decided by the merge (a bug there passed 40 examples of ROWS).
REPEATED_ROWS = st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=120)
)


def _write(rows: list[list[str]], terminator: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=terminator, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["a", "b", "c"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@settings(max_examples=80, deadline=None)
@given(rows=ROWS, cuts=st.lists(st.integers(min_value=0, max_value=4000), min_size=1, max_size=4))
def test_a_cut_never_splits_a_record(rows: list[list[str]], cuts: list[int]) -> None:
    data = _write(rows, "\r\n")
    found = record_boundaries(io.BytesIO(data), sorted(cuts), b'"')
    assert found == sorted(found)
    whole = _records(data)
    for cut in found:
        assert data[cut - 1 : cut] == b"\n"
        # The records before and after the cut are exactly the file's records.
        assert _records(data[:cut]) + _records(data[cut:]) == whole


def test_cuts_skip_line_feeds_inside_quotes() -> None:
    data = b'a,b\n1,"x\ny\nz"\n2,w\n'
    assert record_boundaries(io.BytesIO(data), [5], b'"') == [data.index(b"2,w")]


def assert_same(together: dict, alone: dict) -> None:
    """Equal but for what may legitimately differ: float sums in their last bits (order of addition)
    and sketches past their exact range — quantiles once KLL compacted, top values once Misra-Gries
    had to forget or skip (a part that looked numeric is not counted) — which stay within bounds."""
    loose = {
        name
        for name in alone["columns"]
        if together["columns"][name].get("top_values_max_undercount")
        or alone["columns"][name].get("top_values_max_undercount")
    }
    together = _printed_sums_settled(together, alone)
    assert _comparable(together, loose) == _comparable(alone, loose)
    for name in loose:
        mine, true = (
            together["columns"][name],
            {t["value"]: t["count"] for t in alone["columns"][name]["top_values"]},
        )
        error = mine["top_values_max_undercount"]
        for entry in mine["top_values"]:
            if entry["value"] in true and not alone["columns"][name].get("top_values_max_undercount"):
                assert true[entry["value"]] - error <= entry["count"] <= true[entry["value"]]


_SUMS = ("avg", "sum", "stddev")


def _printed_sums_settled(together: dict, alone: dict) -> dict:
    """`together` with each avg, sum and stddev that is one unit of its last printed digit from
    `alone`'s taken from `alone`: a float sum's last bits follow the order of addition, and when the
    exact figure sits on a rounding boundary the printed digit flips (found by fuzzing: the avg of
    100000.328, 10000.328 and -272144.671, -54048.005, printed -54048.0 in one pass and -54048.01 in
    three parts). So is a difference within a few units in the last place of the column's largest
    magnitude, all a float sum can tell (found by fuzzing: the stddev of 524289.0 and
    524288.99999999994, 4e-11 exactly, came out 1.2e-10 in one pass and 8.2e-11 in parts, both
    rounding noise at an ulp of 5.8e-11). A stddev whose square is subnormal (values under 1e-154)
    differs by what each of its sums of squares rounds to, 2^-1074 at best (found by fuzzing: 0 and
    4.5e-161 gave 3.206e-161 in one pass and 3.198e-161 in parts). A larger difference still fails."""

    def unit(x: float) -> float:  # the last printed digit's, as summary.rounded prints
        return 10.0 ** -max(2, 3 - math.floor(math.log10(abs(x)))) if x else 0.01

    def settle(mine: dict, true: dict) -> dict:
        mine = dict(mine)
        extremes = [abs(v) for v in (true.get("min"), true.get("max")) if isinstance(v, int | float)]
        noise = 8 * math.ulp(max(extremes)) if extremes else 0.0
        for key in _SUMS:
            a, b = mine.get(key), true.get(key)
            floats = isinstance(a, float) and isinstance(b, float)
            allowed = noise
            if floats and key == "stddev" and 0 < max(abs(a), abs(b)) < math.sqrt(sys.float_info.min):
                # d(sqrt v) = dv / (2 sqrt v), dv a few units of the smallest subnormal per value
                allowed = max(allowed, 4 * (true.get("count") or 1) * 5e-324 / max(abs(a), abs(b)))
            if floats and a != b and abs(a - b) <= max(1.0000001 * max(unit(a), unit(b)), allowed):
                mine[key] = b
        return mine

    together = dict(together)
    together["statistics"] = {
        name: settle(stats, alone["statistics"].get(name, {}))
        for name, stats in together["statistics"].items()
    }
    together["columns"] = {
        name: settle(column, alone["columns"].get(name, {})) for name, column in together["columns"].items()
    }
    return together


def _comparable(summary: dict, loose: set[str]) -> dict:
    """What must be equal: quantiles of a sketch past its exact range left out, and so are the
    outliers judged by them (their fences are quartiles): a split file's sketch compacts at other
    points (session 26's split sweep: 5 of 24 files differed only there)."""
    summary = dict(summary)
    summary["columns"] = {
        name: _exact_part(column, name in loose) for name, column in summary["columns"].items()
    }
    inexact = {name for name, column in summary["columns"].items() if column.get("quantile_rank_error")}
    quality = dict(summary["quality_issues"])
    quality["outliers"] = {name: found for name, found in quality["outliers"].items() if name not in inexact}
    summary["quality_issues"] = quality
    return round_floats(summary)


def _exact_part(column: dict, loose_top_values: bool) -> dict:
    column = dict(column)
    if column.get("quantile_rank_error"):
        for key in ("p25", "median", "p75"):
            column.pop(key, None)
    if loose_top_values:
        column.pop("top_values", None)
        column.pop("top_values_max_undercount", None)
    return column


def _calls_of(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple[Any, ...]]:
    """`owner.name` replaced by itself recording the positional arguments of each call made in this
    process (forked workers record into their own copy), which the returned list collects."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(owner, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls


@pytest.fixture
def tiny_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)


def _split_reads_as_one_process(path: Path, options: ProfileOptions, jobs: int) -> None:
    """The file in `jobs` parts gives one process's error (code and place) or its summary."""
    try:
        with path.open("rb") as stream:
            alone = profile_stream(stream, path.name, options)
    except ProfileError as exc:
        with pytest.raises(ProfileError) as again:
            profile_file(path, options=options, jobs=jobs)
        assert (again.value.code, again.value.where) == (exc.code, exc.where)
        return
    assert_same(check_summary(profile_file(path, options=options, jobs=jobs)), check_summary(alone))


def read_in_small_parts(path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    """`text` written to `path` (UTF-8) and profiled in 64-byte parts by three processes and in one
    pass: the same summary (assert_same). One pass's summary, for the caller's own checks."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path.write_text(text, encoding="utf-8")
    alone, together = _both(path)
    assert_same(together, alone)
    return alone


def _both(path: Path, jobs: int = 3, options: ProfileOptions | None = None) -> tuple[dict, dict]:
    with path.open("rb") as stream:
        alone = profile_stream(stream, path.name, options)
    return alone, check_summary(profile_file(path, options=options, jobs=jobs))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.one_of(ROWS, REPEATED_ROWS),
    terminator=st.sampled_from(["\n", "\r\n"]),
    jobs=st.integers(min_value=2, max_value=4),
)
def test_parallel_summary_equals_one_process(
    tiny_parts: None, tmp_path: Path, rows: list[list[str]], terminator: str, jobs: int
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(_write(rows, terminator))
    _split_reads_as_one_process(path, ProfileOptions(chunk_rows=64), jobs)


RAW_HEADER = st.text(alphabet=st.sampled_from(list('ab1 ,"')), min_size=1, max_size=12).filter(
    lambda text: text.strip(" ,") != ""
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=RAW_HEADER,
    rows=st.one_of(ROWS, REPEATED_ROWS),
    bom=st.booleans(),
    damage=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from([b'"', b"\xe9", b"\n"])), max_size=3),
    jobs=st.integers(min_value=2, max_value=4),
)
# Found by CI's run on 2026-11-28 (the bug older than that day's changes): every record sparse (one
# field of two filled), the first part released its records as rows (none above them), and the merge
# still made the second part's a footer — 3 rows instead of 6.
@example(header=',"', rows=[["1\n"]] * 6, bom=False, damage=[(21, b"\xe9")], jobs=2)
def test_parallel_equals_one_process_whatever_the_header_and_stray_bytes(
    tmp_path: Path,
    header: str,
    rows: list[list[str]],
    bom: bool,
    damage: list[tuple[int, bytes]],
    jobs: int,
) -> None:
    """The header written as it comes (a quote in it is not escaped), stray quotes, line feeds and
    non-UTF-8 bytes put anywhere: found by fuzzing, a quote in the header once made the later parts
    read data rows as part of the header, and a stray byte in it was counted once per part."""
    data = bytearray(
        ("\ufeff" if bom else "").encode() + header.encode() + b"\n" + _write(rows).split(b"\n", 1)[1]
    )
    for position, piece in damage:
        data[position % len(data) : position % len(data) + 1] = piece
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(data))
    options = ProfileOptions(chunk_rows=16)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "MIN_PART_BYTES", 16)  # parts even in a file of a few lines
        _split_reads_as_one_process(path, options, jobs)


def test_a_stddev_of_rounding_noise_may_differ_in_parts_but_nothing_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Found by the fuzz (2026-11-27): two floats one ulp apart have a stddev below what a float
    sum can tell; one pass and three parts give different noise, which is not a difference."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 16)
    path = tmp_path / "noise.csv"
    path.write_text("a,b,c\n0,0,524289.000\n0,0,5.242889999999998836e+05\n", encoding="utf-8")
    alone, together = _both(path, jobs=3, options=ProfileOptions(chunk_rows=1))
    assert alone["columns"]["c"]["stddev"] != together["columns"]["c"]["stddev"]
    assert_same(together, alone)
    moved = dict(together, columns=dict(together["columns"]))
    moved["columns"]["c"] = dict(moved["columns"]["c"], stddev=together["columns"]["c"]["stddev"] + 1e-9)
    with pytest.raises(AssertionError):
        assert_same(moved, alone)


def test_typed_columns_with_duplicates_across_parts(tiny_parts: None, tmp_path: Path) -> None:
    lines = [
        f"{i % 97},{i * 0.25},2024-01-{1 + i % 28:02d},w{i % 13},{'true' if i % 3 else 'false'}"
        for i in range(3000)
    ]
    lines[2500] = lines[10]  # a duplicate whose twin is in the first part
    path = tmp_path / "typed.csv"
    path.write_text("i,f,d,s,b\n" + "\n".join(lines) + "\n", encoding="utf-8")
    alone, together = _both(path, jobs=4)
    assert (
        together["quality_issues"]["duplicate_rows"]["count"]
        == alone["quality_issues"]["duplicate_rows"]["count"]
        == 1
    )
    # The repeat's line is known although its twin was profiled in another process.
    assert together["quality_issues"]["duplicate_rows"]["first_lines"] == [2502]
    assert_same(together, alone)
    for position, name in ((0, "i"), (1, "f")):
        ordered = sorted(float(line.split(",")[position]) for line in lines)
        column = together["columns"][name]
        bound = column["quantile_rank_error"] * len(ordered)
        for key, share in (("p25", 0.25), ("median", 0.5), ("p75", 0.75)):
            low, high = bisect_left(ordered, column[key]), bisect_right(ordered, column[key])
            target = share * len(ordered)
            assert low - bound <= target <= high + bound, (name, key)


def test_errors_in_a_later_part_are_those_of_one_process(tiny_parts: None, tmp_path: Path) -> None:
    lines = [f"{i},x{i}" for i in range(20_000)]  # beyond the first 64 KiB the plan reads
    path = tmp_path / "nul.csv"
    path.write_bytes(
        ("a,b\n" + "\n".join(lines[:15_000])).encode() + b"\n1,\x00\n" + "\n".join(lines[15_000:]).encode()
    )
    with path.open("rb") as stream, pytest.raises(ProfileError) as alone:
        profile_stream(stream, path.name)
    with pytest.raises(ProfileError) as together:
        profile_file(path, jobs=3)
    assert (together.value.code, together.value.where) == (alone.value.code, alone.value.where)


def test_a_stray_quote_that_fools_the_cut_falls_back_to_one_process(tiny_parts: None, tmp_path: Path) -> None:
    # `x"y` is an unquoted value with a literal quote: the quote count is odd from there on, so the
    # cut lands inside a value that really is quoted later; the first part then ends in an open quote.
    lines = [f"{i},plain" for i in range(400)]
    lines[5] = '5,x"y'
    lines[300] = '300,"multi\nline"'
    path = tmp_path / "stray.csv"
    path.write_text("a,b\n" + "\n".join(lines) + "\n", encoding="utf-8")
    alone, together = _both(path, jobs=2)
    assert_same(together, alone)


@pytest.mark.parametrize("later", ['20,17" wide', '20,"two\nlines"'], ids=["stray-quote", "quoted-newline"])
def test_a_stray_quote_in_the_header_is_not_taken_for_a_longer_header(
    tiny_parts: None, tmp_path: Path, later: str
) -> None:
    # The quote count after `Screen 15"` is odd, so the header's end was put at the next line feed
    # where it is even again: the "header" every later part read first held 20 data rows.
    lines = [f"{i},{i % 9}" for i in range(400)]
    lines[20] = later
    path = tmp_path / "inch.csv"
    path.write_text('id,Screen 15"\n' + "\n".join(lines) + "\n", encoding="utf-8")
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["row_count"] == 400


def test_a_file_with_escaped_quotes_is_read_in_one_process(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each `\"` adds one quote to the count that finds the cuts: after an odd number of them a cut
    # falls inside a quoted value, and the part before it ends in an open quote.
    lines = [f'{i},"{i}\\" disk, {i % 3}\\" wide"' for i in range(400)]
    path = tmp_path / "escaped.csv"
    path.write_text("id,title\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "_profile_parts", None)  # called only if the file were cut
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["source"]["dialect"]["escapechar"] == "\\"
    assert together["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


@pytest.mark.parametrize(
    ("header", "row", "key"),
    [
        # A part that did not know would report every row of its own as ragged ...
        ("id,name", "{i},Name {i},", "trailing_delimiter"),
        # ... or split `1, "Name 1, X"` into three fields.
        ("id, name", '{i}, "Name {i}, X"', "skip_initial_space"),
    ],
    ids=["trailing-delimiter", "spaces-after-delimiters"],
)
def test_parts_read_as_the_first_part_found(
    tiny_parts: None, tmp_path: Path, header: str, row: str, key: str
) -> None:
    """The dialect travels to the workers (Reading.__reduce__)."""
    path = tmp_path / "dialect.csv"
    path.write_text(header + "\n" + "".join(row.format(i=i) + "\n" for i in range(400)), encoding="utf-8")
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["source"]["dialect"][key] is True
    assert together["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


def test_every_part_of_the_dialect_travels_to_a_worker() -> None:
    # Reading.__reduce__ lists the dialect's parts by hand: one left out (the groups above the header,
    # in a first draft) reached the workers as its default, silently.
    from csvpipe.core.dialect import Dialect
    from csvpipe.core.profile import Reading

    values = {
        "delimiter": ";",
        "quotechar": "'",
        "line_terminator": "CRLF",
        "unnamed_first_field": True,
        "decimal": ",",
        "preamble": ((1, "Title"),),
        "initial_space": True,
        "header": False,
        "escapechar": "\\",
        "trailing_delimiter": True,
        "header_rows": (("m", "s"),),
        "last_column_optional": True,
        "header_groups": ("", "Q1"),
        "eurostat": True,
        "table_end": 40,
        "later_tables": ((42, "Language,Users"),),
        "drawn": "framed",
        "excel_text": True,
        "box_drawing": True,
        "column_spans": ((0, 4), (6, 12)),
        "columns_aligned": True,
    }
    assert set(values) == set(Dialect.__slots__)
    travelled = pickle.loads(pickle.dumps(Reading("utf_8", "utf-8", None, Dialect(**values)))).dialect
    assert {slot: getattr(travelled, slot) for slot in Dialect.__slots__} == values


@pytest.mark.parametrize(
    "first", ["   \n", " \t \r\n", "\ufeff  \n", '"\t"\n'], ids=["spaces", "tab-crlf", "bom", "quoted-tab"]
)
def test_a_first_line_of_whitespace_is_no_header_in_parts_either(
    tiny_parts: None, tmp_path: Path, first: str
) -> None:
    # A line of whitespace only is blank; a plan that took it for the header had every later part
    # read its first data row as the header.
    path = tmp_path / "ws.csv"
    path.write_text(first + "id,n\n" + "".join(f"{i},{i % 9}\n" for i in range(400)), encoding="utf-8")
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["row_count"] == 400 and list(together["schema"]) == ["id", "n"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: gzip.compress(text.encode("utf-8")),
        lambda text: bz2.compress(text.encode("utf-8")),
        lambda text: lzma.compress(text.encode("utf-8")),
        lambda text: zipped(("one.csv", text.encode("utf-8"))),
        lambda text: text.encode("utf-16"),
    ],
    ids=["gzip", "bzip2", "xz", "zip", "utf-16"],
)
def test_compressed_and_utf16_files_are_profiled_in_one_process(
    tiny_parts: None, tmp_path: Path, encode
) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(encode("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(3000))))
    with path.open("rb") as stream:
        assert parallel._plan(stream, path.stat().st_size, 4, ProfileOptions()) is None
    alone, together = _both(path, jobs=4)
    assert together == alone


def test_cp1252_and_bom_files_are_cut_and_read_as_their_start_says(tiny_parts: None, tmp_path: Path) -> None:
    body = "".join(f"{i},café {i}\n" for i in range(3000))
    for name, data in (
        ("bom.csv", b"\xef\xbb\xbf" + ("a,b\n" + body).encode("utf-8")),
        ("cp1252.csv", ("a,b\n" + body).encode("cp1252")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with path.open("rb") as stream:
            assert parallel._plan(stream, len(data), 4, ProfileOptions()) is not None
        alone, together = _both(path, jobs=4)
        assert_same(together, alone)
        assert together["source"] == alone["source"]


@pytest.mark.parametrize(
    ("codec", "words"),
    [
        ("cp932", "東京都の天気,大阪府"),
        ("gb18030", "交易成功,美团外卖"),
        ("cp949", "서울특별시,부산광역시"),
        ("cp950", "臺北市大安區,新北市"),
        ("cp1251", "Москва,Санкт-Петербург"),
        ("cp1253", "Λεωνιδας,Αλεξανδρος"),
        ("cp1250", "Złoty może,Wrocław"),
        ("cp1255", "ירושלים,תל אביב"),
        ("cp1256", "القاهرة,الرياض"),
        ("cp1254", "İstanbul Kadıköy,Beşiktaş Şişli"),
        ("cp874", "กรุงเทพมหานคร,เชียงใหม่"),
        ("cp1257", "mokėjimas už paslaugą,Šiauliai Panevėžys"),
    ],
)
def test_code_page_files_are_cut_and_read_as_their_start_says(
    tiny_parts: None, tmp_path: Path, codec: str, words: str
) -> None:
    # Their line feed and quote are bytes no other character holds, so a cut after a line feed is a
    # cut between characters (the double-byte code pages' second bytes are 0x40 or above).
    first, second = words.split(",")
    body = "".join(f'{i},"{first} {i}",{second}\n' for i in range(3000))
    data = ("a,b,c\n" + body).encode(codec)
    path = tmp_path / f"{codec}.csv"
    path.write_bytes(data)
    with path.open("rb") as stream:
        assert parallel._plan(stream, len(data), 4, ProfileOptions()) is not None
    alone, together = _both(path, jobs=4)
    assert_same(together, alone)
    assert together["source"] == alone["source"] and together["source"]["encoding"] == codec


def test_a_named_codec_is_read_alike_in_every_part(tiny_parts: None, tmp_path: Path) -> None:
    # ProfileOptions(encoding=...) replaces the detection in the plan's reading of the file's start,
    # which every part is then told: Czech in 1250 (detected, it would be cp1252) in four parts.
    path = tmp_path / "cz.csv"
    path.write_bytes(
        ("Město;Částka\n" + "".join(f"Plzeň {i};{i},50\n" for i in range(3000))).encode("cp1250")
    )
    options = ProfileOptions(encoding="cp1250")
    with path.open("rb") as stream:
        assert parallel._plan(stream, path.stat().st_size, 4, options) is not None
    alone, together = _both(path, jobs=4, options=options)
    assert_same(together, alone)
    assert together["source"]["encoding"] == "cp1250" and list(together["schema"]) == ["Město", "Částka"]


def test_bytes_read_as_cp1252_in_the_header_are_counted_once(tiny_parts: None, tmp_path: Path) -> None:
    # A file with a UTF-8 BOM is read as UTF-8 throughout, a stray byte as cp1252. Every later part
    # reads the header's bytes first: each used to count its \xe9 again (4 for 1).
    path = tmp_path / "latin.csv"
    path.write_bytes(b"\xef\xbb\xbfid,caf\xe9\n" + "".join(f"{i},{i % 7}\n" for i in range(3000)).encode())
    alone, together = _both(path, jobs=4)
    assert_same(together, alone)
    assert together["quality_issues"]["encoding"]["reason"].startswith("1 byte(s)")


def test_r_row_names_are_read_the_same_way_in_every_part(tiny_parts: None, tmp_path: Path) -> None:
    """The header lacks the row names' field (R's write.table): every part must add the same unnamed
    first column, decided once from the file's start, or the parts' headers would not merge."""
    body = "".join(f'"{i}",{i * 0.5},{i % 7}\n' for i in range(1, 3001))
    path = tmp_path / "r.csv"
    path.write_text('"x","k"\n' + body, encoding="utf-8")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 4, ProfileOptions())
    assert plan is not None and len(plan.parts) == 4 and plan.reading.dialect.unnamed_first_field
    alone, together = _both(path, jobs=4)
    assert_same(together, alone)
    assert list(together["schema"]) == ["column_1", "x", "k"]
    assert together["columns"]["x"]["max"] == 1500.0 and together["columns"]["column_1"]["max"] == 3000
    assert [p["problem"] for p in together["quality_issues"]["header"]] == ["missing"]


def test_parts_share_the_duplicate_row_memory(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(4000)), encoding="utf-8")
    calls = _calls_of(monkeypatch, parallel, "profile_table")
    profile_file(path, options=ProfileOptions(duplicate_rows_memory=4_000_000), jobs=4)
    budgets = [args[1].duplicate_rows_memory for args in calls]
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 4, ProfileOptions())
    assert plan is not None and len(plan.parts) == 4
    first_bytes = plan.parts[0][1]
    # The first part, profiled here, holds its share by bytes (a little over a quarter: it is made
    # longer, see FIRST_PART_EXTRA), and so does each worker.
    assert budgets == [4_000_000 * first_bytes // path.stat().st_size]
    assert 1_000_000 < budgets[0] < 1_400_000
    monkeypatch.undo()
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    roomy = ProfileOptions(duplicate_rows_memory=4000 * 130)  # all 4000 rows fit in one process
    assert profile_file(path, options=roomy, jobs=4)["quality_issues"]["duplicate_rows"]["exact"] is True
    tight = ProfileOptions(duplicate_rows_memory=1500 * 120)  # fits neither one process nor 4 quarters
    assert profile_file(path, options=tight, jobs=1)["quality_issues"]["duplicate_rows"]["exact"] is False
    assert profile_file(path, options=tight, jobs=4)["quality_issues"]["duplicate_rows"]["exact"] is False


def test_options_replace_changes_only_what_it_names() -> None:
    base = ProfileOptions(delimiter=";")
    changed = base.replace(duplicate_rows_memory=10)
    assert changed.duplicate_rows_memory == 10 and changed.delimiter == ";"
    with pytest.raises(TypeError):
        base.replace(no_such_option=1)


def test_a_named_pipe_is_read_whole_in_one_process(tiny_parts: None, tmp_path: Path) -> None:
    import os
    import threading

    data = ("a,b\n" + "".join(f"{i},{i % 3}\n" for i in range(5000))).encode()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as sink:
            sink.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        summary = profile_file(fifo, jobs=4)  # a pipe has no size (st_size 0): it must not look empty
    finally:
        writer.join(timeout=10)
    assert summary["row_count"] == 5000


def _stores() -> tuple[DuplicateRows, DuplicateRows]:
    first = DuplicateRows(1000)
    first.add([["a", "1"], ["b", "2"], ["a", "1"]], range(2, 5))
    later = DuplicateRows(1000, keep_lines=True)
    later.add([["c", "3"], ["b", "2"], ["c", "3"], ["d", "4"], ["a", "1"]], range(2, 7))
    return first, later


def test_a_duplicate_store_travels_joined_and_merges_as_it_would_have_unpickled() -> None:
    plain, later = _stores()
    plain.merge(later, line_offset=10)
    packed, later = _stores()
    travelled = pickle.loads(pickle.dumps(later))
    assert travelled.packed is not None and travelled.texts is travelled.first_seen is None  # one string
    packed.merge(travelled, line_offset=10)
    assert (packed.count, packed.first_lines, packed.exact) == (plain.count, plain.first_lines, True)
    assert (packed.count, packed.first_lines) == (4, [4, 13, 14, 16])
    assert packed.stored() == plain.stored() and packed.stored_bytes == plain.stored_bytes
    # A store that travelled takes more rows, and a text holding the separator travels unjoined.
    travelled.add([["d", "4"], ["e\x1f", "5"]], [20, 21])
    assert travelled.count == 2 and travelled.texts is not None
    again = pickle.loads(pickle.dumps(travelled))
    assert again.packed is None and again.texts == travelled.texts


def test_a_merged_stores_texts_count_against_its_row_limit_before_they_are_stored() -> None:
    """A merge counts a travelled store's texts at once and stores them later (`unmerged`): the
    row limit must still see them, or a merged store of 7 distinct rows stays "exact" at a limit of 5."""
    first = DuplicateRows(5)
    first.add([["a"], ["b"], ["c"], ["d"]], range(2, 6))
    later = DuplicateRows(5, keep_lines=True)
    later.add([["d"], ["e"], ["f"], ["g"]], range(2, 6))
    first.merge(pickle.loads(pickle.dumps(later)), line_offset=4)
    assert first.count == 1 and first.first_lines == [6]
    assert not first.exact and first.stored() is None


def test_a_merged_store_travels_again_with_every_text() -> None:
    """A merged profile can be pickled again (merged in turn elsewhere): the texts a merge has
    counted but not yet stored travel too."""
    merged, later = _stores()
    merged.merge(pickle.loads(pickle.dumps(later)), line_offset=10)
    again = pickle.loads(pickle.dumps(merged))
    assert again.stored() == merged.stored() == {f"{x}\x00{n}" for x, n in ("a1", "b2", "c3", "d4")}
    assert (again.count, again.first_lines, again.exact) == (merged.count, merged.first_lines, True)


def test_a_repeat_across_parts_comes_before_the_later_parts_own_repeats() -> None:
    """Five first lines after noting the later part's own repeats do not end the search: a row that
    repeats an earlier part's row can sit on an earlier line (found by hypothesis)."""
    first = DuplicateRows(1000)
    first.add([["x"], ["x"], ["x"], ["x"], ["x"]], range(2, 7))  # repeats on lines 3-6
    later = DuplicateRows(1000, keep_lines=True)
    later.add([["x"], ["y"], ["y"]], range(2, 5))  # x repeats part one (line 2), y repeats itself (4)
    first.merge(pickle.loads(pickle.dumps(later)), line_offset=5)
    assert first.first_lines == [3, 4, 5, 6, 7] and first.count == 6


def test_a_time_limit_is_not_followed_by_a_one_process_rerun(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other errors in a part are re-raised by a one-process run (exact lines); running out of time
    would only take longer there."""
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(20_000)), encoding="utf-8")
    calls = _calls_of(monkeypatch, parallel, "profile_table")
    with pytest.raises(ProfileError) as caught:
        profile_file(path, options=ProfileOptions(time_limit=1e-6), jobs=2)
    assert caught.value.code == "TIME_LIMIT"
    assert len(calls) == 1  # the first part, here; no second run of the whole file


def test_repeated_headers_are_found_in_every_part(tiny_parts: None, tmp_path: Path) -> None:
    # Four files concatenated with their headers: each later part meets one (or none) of them, and
    # the merge must add their counts and shift their lines.
    part = "id,name\n" + "".join(f"{i},n{i % 5}\n" for i in range(500))
    path = tmp_path / "all.csv"
    path.write_text(part * 4, encoding="utf-8")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 3, ProfileOptions())
    assert plan is not None and len(plan.parts) == 3
    alone, together = _both(path, jobs=3)
    assert_same(together, alone)
    assert together["row_count"] == 2000
    repeated = together["quality_issues"]["repeated_header_rows"]
    assert repeated == {"count": 3, "first_lines": [502, 1003, 1504]}


def test_a_file_without_a_header_is_read_so_in_every_part(tiny_parts: None, tmp_path: Path) -> None:
    # numpy.savetxt: every later part starts with a copy of the first record, which it must skip as
    # it skips a header, while the first part counts it as data.
    path = tmp_path / "savetxt.csv"
    path.write_text("".join(f"{i * 0.5:.18e},{i % 7}\n" for i in range(1, 3001)), encoding="utf-8")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 4, ProfileOptions())
    assert plan is not None and len(plan.parts) == 4 and not plan.reading.dialect.header
    alone, together = _both(path, jobs=4)
    assert_same(together, alone)
    assert together["row_count"] == 3000 and together["source"]["last_line"] == 3000
    assert together["columns"]["column_1"]["min"] == 0.5 and together["columns"]["column_2"]["distinct"] == 7


def test_the_file_order_of_ambiguous_dates_is_kept_across_parts(tiny_parts: None, tmp_path: Path) -> None:
    """Parts merge their ambiguous dates' order by their ends: a day-first monthly series split into
    parts reads day-first, as in one process."""
    from datetime import date, timedelta

    days = [date(1990, 1, 1) + timedelta(days=30 * i) for i in range(400)]
    rows = "".join(
        f"{d.day if d.day <= 12 else 3:02d}-{d.month:02d}-{d.year},{i}\n" for i, d in enumerate(days)
    )
    path = tmp_path / "monthly.csv"
    path.write_text("date,n\n" + rows, encoding="utf-8")
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    assert alone["columns"]["date"]["day_month_order"] == "DD/MM/YYYY"
    assert_same(check_summary(profile_file(path, jobs=3)), alone)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=3, max_size=60),
    data=st.data(),
    chunk=st.integers(min_value=1, max_value=9),
    travel=st.lists(st.booleans(), min_size=2, max_size=2),
    later_first=st.booleans(),
)
def test_duplicate_stores_merged_in_any_order_count_as_one_pass(
    rows: list[str], data: st.DataObject, chunk: int, travel: list[bool], later_first: bool
) -> None:
    """Three parts of a file (the later two keep their rows' first lines), merged as a split file
    is or with the later two merged first, each store pickled or not: the count, the first repeat
    lines and the stored texts equal one pass's."""
    low = data.draw(st.integers(min_value=1, max_value=len(rows) - 2))
    high = data.draw(st.integers(min_value=low + 1, max_value=len(rows) - 1))

    def store(part: list[str], first_line: int, keep_lines: bool) -> DuplicateRows:
        made = DuplicateRows(1000, keep_lines=keep_lines)
        for start in range(0, len(part), chunk):
            cells = [[text] for text in part[start : start + chunk]]
            made.add(cells, range(first_line + start, first_line + start + len(cells)))
        return made

    def moved(made: DuplicateRows, yes: bool) -> DuplicateRows:
        return pickle.loads(pickle.dumps(made)) if yes else made

    whole = store(rows, 2, keep_lines=False)
    first = store(rows[:low], 2, keep_lines=False)
    second = moved(store(rows[low:high], 2, keep_lines=True), travel[0])
    third = moved(store(rows[high:], 2, keep_lines=True), travel[1])
    if later_first:
        second.merge(third, line_offset=high - low)
        first.merge(moved(second, travel[0]), line_offset=low)
    else:
        first.merge(second, line_offset=low)
        first.merge(third, line_offset=high)
    expected = (whole.count, whole.first_lines, whole.stored())
    assert (first.count, first.first_lines, first.stored()) == expected


def _lines_file(tmp_path: Path, rows: int = 20_000) -> Path:
    path = tmp_path / "lines.csv"
    path.write_text("a,b\n" + "".join(f"{i},x{i % 7}\n" for i in range(rows)), encoding="utf-8")
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers must inherit the patch (fork)")
def test_a_worker_that_dies_leaves_one_process_to_profile_the_file(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _lines_file(tmp_path)
    monkeypatch.setattr(parallel, "_profile_part", lambda *args: os._exit(9))  # killed, out of memory…
    calls = _calls_of(monkeypatch, parallel, "profile_table")
    together = profile_file(path, jobs=2)
    with path.open("rb") as stream:
        alone = profile_stream(stream, path.name)
    assert len(calls) == 2  # the first part here, then the whole file
    assert_same(together, alone)
    assert not multiprocessing.active_children()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers must inherit the patch (fork)")
def test_a_bug_in_a_worker_is_raised_here_with_where_it_happened(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _lines_file(tmp_path)

    def broken(*args):  # type: ignore[no-untyped-def]
        raise KeyError("a bug")

    monkeypatch.setattr(parallel, "_profile_part", broken)
    with pytest.raises(KeyError) as caught:
        profile_file(path, jobs=2)
    notes = "".join(getattr(caught.value, "__notes__", []))
    assert "in the worker profiling bytes" in notes and "in broken" in notes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers must inherit the patch (fork)")
def test_an_error_here_stops_the_workers_at_once(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _lines_file(tmp_path)
    real = parallel._profile_part

    def slow(*args):  # type: ignore[no-untyped-def]
        time.sleep(30)
        return real(*args)

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ProfileError("TIME_LIMIT", "out of time", {})

    monkeypatch.setattr(parallel, "_profile_part", slow)
    monkeypatch.setattr(parallel, "profile_table", failing)
    started = time.monotonic()
    with pytest.raises(ProfileError):
        profile_file(path, jobs=2)
    assert time.monotonic() - started < 20  # not the worker's 30 s
    assert not multiprocessing.active_children()


def _profile_in(path: Path, results: Any) -> None:
    try:
        results.put(profile_file(path, jobs=2)["row_count"])
    except BaseException as error:  # the test's assertion names it
        results.put(repr(error))


def test_a_daemonic_process_profiles_in_one_process(tiny_parts: None, tmp_path: Path) -> None:
    """A daemonic process (a multiprocessing.Pool's worker) may not start processes: it profiles
    the file itself instead of failing with 'daemonic processes are not allowed to have children'."""
    path = _lines_file(tmp_path, rows=2_000)
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    results = context.Queue()
    process = context.Process(target=_profile_in, args=(path, results), daemon=True)
    process.start()
    try:
        assert results.get(timeout=60) == 2_000
    finally:
        process.join(timeout=60)


def _repeating_file(tmp_path: Path, why: str = "") -> Path:
    """240 rows (few enough for every sketch to stay exact) that repeat across the two halves; with
    `why` "separator" one holds U+001F, with "memory" they are ten texts of 300 characters."""
    path = tmp_path / "repeats.csv"
    if why == "memory":
        body = "".join(f"{i % 10},{'y' * 300}\n" for i in range(240))
    else:
        body = "".join(f"{i % 60 if i % 3 else i},x{i % 60}\n" for i in range(240))
    if why == "separator":
        body = "7,x\x1fy\n" + body  # in the first part
    path.write_text("n,t\n" + body, encoding="utf-8")
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the feed needs fork")
def test_the_worker_looks_its_rows_up_in_the_first_parts_as_they_come(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _repeating_file(tmp_path)

    def no_lookups_here(*args: Any) -> None:
        raise AssertionError("the merge looked the worker's rows up itself")

    monkeypatch.setattr(DuplicateRows, "_merge_packed", no_lookups_here)
    alone, together = _both(path, jobs=2, options=ProfileOptions(chunk_rows=16))
    assert together["quality_issues"]["duplicate_rows"]["count"] > 100
    assert_same(together, alone)


@pytest.mark.parametrize(
    "why", ["separator", "memory", "notices"], ids=["a-text-holds-U+001F", "past-its-memory", "many-chunks"]
)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the feed needs fork")
def test_a_stopped_feed_leaves_the_lookups_to_the_merge(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    path = _repeating_file(tmp_path, why)
    # "memory": the first part's share of 20 000 bytes holds its ten texts (4 100 bytes as counted)
    # but not the 36 000 characters of its rows.
    options = ProfileOptions(chunk_rows=16, duplicate_rows_memory=20_000 if why == "memory" else 64_000_000)
    if why == "notices":
        monkeypatch.setattr(parallel._Feed, "MAX_NOTICES", 2)  # of its three chunks
    looked_up = _calls_of(monkeypatch, DuplicateRows, "_merge_packed")
    alone, together = _both(path, jobs=2, options=options)
    assert len(looked_up) == 1
    assert_same(together, alone)


def test_a_cross_checked_store_counts_as_the_merge_would() -> None:
    """DuplicateRows.cross_check in the worker and the merge that uses it give what _merge_packed
    gives: counts, first lines, bytes; and the texts join the store when it is used again."""
    first = DuplicateRows(1000)
    first.add([["a"], ["b"], ["a"]], range(2, 5))
    fed: list[list[str]] = []
    first.listener = fed.append
    first.add([["c"], ["d"]], range(5, 7))
    first.listener, first.fed_rows = None, first.rows
    later = DuplicateRows(1000, keep_lines=True)
    later.add([["x"], ["c"], ["a"], ["x"], ["e"]], range(2, 7))
    classic = pickle.loads(pickle.dumps(first))
    classic.merge(pickle.loads(pickle.dumps(later)), line_offset=5)
    later.cross_check(fed)
    assert later.cross is not None and later.cross[0] == 1  # "c" only: "a" was added before the feed
    later.cross = None
    fed_all = [["a", "b", "a"], ["c", "d"]]
    later.cross_check(fed_all)
    first.merge(pickle.loads(pickle.dumps(later)), line_offset=5)
    assert isinstance(first.unmerged, str)  # not split: nothing used the store since
    assert (first.count, first.first_lines, first.stored_bytes) == (
        classic.count,
        classic.first_lines,
        classic.stored_bytes,
    )
    assert first.stored() == classic.stored()
    first.add([["e"]], [20])  # used again: their texts are in it
    classic.add([["e"]], [20])
    assert (first.count, first.first_lines) == (classic.count, classic.first_lines)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the feed needs fork")
def test_records_the_first_part_held_back_are_looked_up_in_the_merge(
    tiny_parts: None, tmp_path: Path
) -> None:
    """The first part's closing sparse records (a footer, perhaps) are held back and become rows only
    at the merge, after its feed ended: a later row that repeats one of them (`z0,,`) must count, so
    the merge does the lookups itself then."""
    rows = (
        [f"{i},b{i},c{i}" for i in range(233)]
        + [f"z{j},," for j in range(12)]
        + [f"{i},b{i},c{i}" for i in range(1000, 1100)]
        + ["z0,,"]
        + [f"{i},b{i},c{i}" for i in range(2000, 2005)]
    )
    path = tmp_path / "held.csv"
    path.write_text("a,b,c\n" + "\n".join(rows) + "\n", encoding="utf-8")
    data = path.read_bytes()
    with path.open("rb") as stream:
        plan = parallel._plan(stream, len(data), 2, ProfileOptions())
    assert plan is not None and data.index(b"z0,,") < plan.parts[1][0] <= data.index(b"z11,,")
    alone, together = _both(path, jobs=2)
    assert alone["quality_issues"]["duplicate_rows"]["count"] == 1
    assert_same(together, alone)


def test_without_a_temporary_file_the_parts_are_merged_as_before(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sandbox where no temporary file can be made still profiles in parts (the merge does the
    lookups), not in one process."""
    import tempfile

    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    calls = _calls_of(monkeypatch, parallel, "profile_table")
    path = _repeating_file(tmp_path)
    together = profile_file(path, jobs=2)
    monkeypatch.undo()
    with path.open("rb") as stream:
        alone = profile_stream(stream, path.name)
    # this process's part (read as the plan says), not a run of the whole file in one process
    assert len(calls) == 1 and len(calls[0]) == 3
    assert_same(together, alone)


def test_a_write_that_takes_less_is_carried_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.pwrite
    monkeypatch.setattr(os, "pwrite", lambda fd, data, offset: real(fd, bytes(data[:3]), offset))
    path = tmp_path / "f"
    with path.open("wb+") as file:
        parallel._write_all(file.fileno(), b"0123456789", 2)
    assert path.read_bytes() == b"\0\x000123456789"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the feed needs fork")
def test_a_full_disk_stops_the_feed_not_the_profile(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parallel, "_write_all", full)  # the worker's profile then comes through the pipe
    looked_up = _calls_of(monkeypatch, DuplicateRows, "_merge_packed")
    path = _repeating_file(tmp_path)
    alone, together = _both(path, jobs=2, options=ProfileOptions(chunk_rows=16))
    assert len(looked_up) == 1  # merged in this process: profiled in parts, not again in one
    assert_same(together, alone)


def test_without_shared_memory_the_feed_uses_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_SHARED_MEMORY", str(tmp_path / "no-such-directory"))
    with parallel._temporary_file() as file:
        parallel._write_all(file.fileno(), b"abc", 0)
        assert os.pread(file.fileno(), 3, 0) == b"abc"


# Lines above the header, as loggers, reports and spreadsheets write them: each file is cut below
# its header and its parts read those lines first (until 2026-11-28 such files ran in one process).
_ABOVE_THE_HEADER = {
    "logger banner and units": (
        '"TOA5","CR1000","CR1000","1234","CR1000.Std.32","CPU:x.CR1","1234","Table1"\n'
        '"TIMESTAMP","RECORD","T","RH"\n"TS","RN","Deg C","%"\n"","","Smp","Smp"\n',
        lambda i: f'"2024-01-01 00:{i // 60 % 60:02d}:{i % 60:02d}",{i},{i % 37 * 0.5},{i % 100}\n',
    ),
    "comments with a stray quote": (
        '# exported by a tool\n# screen: 15" wide\n\nid,value,name\n',
        lambda i: f'{i},{i * 1.5},"n, {i % 7}"\n',
    ),
    "Excel's delimiter hint": ("sep=;\nid;value\n", lambda i: f"{i};{i % 13}\n"),
    "blank lines": ("\r\n\r\nid,value\r\n", lambda i: f"{i},{i % 13}\r\n"),
    "report notes": (
        "Report: Sales\nGenerated: 2024-01-31\n\nid,amount,city\n",
        lambda i: f"{i},{i % 97}.5,c{i % 5}\n",
    ),
    "groups over a header": (
        ",Q1,,Q2,\nname,Sales,Units,Sales,Units\n",
        lambda i: f"n{i},{i % 50},{i % 7},{i % 40},{i % 3}\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(_ABOVE_THE_HEADER))
def test_a_file_with_lines_above_its_header_is_cut_below_it(
    tiny_parts: None, tmp_path: Path, kind: str
) -> None:
    above, row = _ABOVE_THE_HEADER[kind]
    path = tmp_path / "data.csv"
    path.write_text(above + "".join(map(row, range(2000))), newline="")
    with path.open("rb") as stream:
        plan = parallel._plan(stream, path.stat().st_size, 3, ProfileOptions())
    assert plan is not None and len(plan.parts) == 3
    assert plan.header == above.encode()[: len(plan.header)] and plan.header.endswith(b"\n")
    alone, together = _both(path)
    assert_same(together, alone)
    assert together["row_count"] == alone["row_count"] == 2000


def test_a_header_that_does_not_end_in_the_sample_is_not_cut() -> None:
    """Lines above a header that the sample does not finish (its last line may be cut): no plan."""
    from csvpipe.core.profile import judge_reading

    head = b"# note\n# more\nid,name\n1,a\n"
    reading = judge_reading(head, ProfileOptions())
    assert reading.dialect.preamble
    assert parallel._header_end(head, reading) == head.index(b"1,a")
    assert parallel._header_end(head[: head.index(b"1,a")], reading) is None  # the header is the last line
    assert parallel._header_end(head[: head.index(b"name")], reading) is None


NOTE = st.text(alphabet=st.sampled_from(list('ab1 :"#')), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(st.one_of(NOTE, st.just("")), min_size=1, max_size=5),
    rows=st.one_of(ROWS, REPEATED_ROWS),
    jobs=st.integers(min_value=2, max_value=4),
)
def test_lines_above_the_header_give_the_summary_of_one_process(
    tiny_parts: None, tmp_path: Path, notes: list[str], rows: list[list[str]], jobs: int
) -> None:
    """Whatever the scan makes of the lines above the table — notes, comments, blank lines, or the
    header itself — a split file reads them as one process does."""
    path = tmp_path / "data.csv"
    path.write_bytes("".join(note + "\n" for note in notes).encode() + _write(rows))
    _split_reads_as_one_process(path, ProfileOptions(chunk_rows=64), jobs)


def test_a_stddev_of_values_whose_squares_are_subnormal_reads_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by `make fuzz` on 2026-11-28: under 1e-154 a square has fewer bits than a float, and one
    pass and three parts rounded 0 and 4.5e-161's spread differently (3.206e-161 and 3.198e-161)."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 16)
    path = tmp_path / "tiny.csv"
    path.write_text("a_0,a_1,a_2\n0,0.000,0\n0,4.522944996299306420e-161,0\n")
    options = ProfileOptions(chunk_rows=1, delimiter=",")
    alone, together = _both(path, options=options)
    assert alone["columns"]["a_1"]["stddev"] != together["columns"]["a_1"]["stddev"]
    assert_same(together, alone)


@pytest.mark.parametrize("half_filled", [5, 20, 30])
def test_a_rule_under_half_filled_rows_ends_a_split_file_as_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, half_filled: int
) -> None:
    # A closing `---` under more half-filled rows than a footer holds: one pass holds it for the
    # footer; a split file read it as a row until 2026-11-28 (found by hypothesis).
    summary = read_in_small_parts(
        tmp_path / "data.csv", "a,b,c\n" + '"1"""\n' * half_filled + "---\n", monkeypatch
    )
    assert summary["row_count"] == half_filled
    assert summary["source"]["footer"] == [{"line": half_filled + 2, "text": "---"}]
