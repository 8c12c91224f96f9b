"""`#` comment lines after the header: when a file opens with `#` comments, later records that start
with `#` are comments too — counted in `source.comment_lines`, left out of every statistic — in one
pass and in merged parts; elsewhere a row may start with `#`."""

from __future__ import annotations

import io

import pytest

from csvpipe.core import ProfileOptions, profile_stream, profile_table
from csvpipe.core.summary import build_summary

from .conftest import check_summary, profile_bytes

INFLUX = (
    "#group,false,false,true,false\n#datatype,string,long,dateTime:RFC3339,double\n#default,_result,,,\n"
    ",result,table,_time,_value\n,,0,2020-02-25T22:17:57Z,0\n,,0,2020-02-25T22:18:07Z,1.5\n\n"
    "#group,false,false,true,false\n#datatype,string,long,dateTime:RFC3339,double\n#default,_result,,,\n"
    ",result,table,_time,_value\n,,1,2020-02-25T22:18:01Z,2.72\n"
)


def test_influxdb_annotations_between_tables_are_comments() -> None:
    # InfluxDB 2's annotated CSV (bonitoo-io/influxdb-csv-import): `#group`, `#datatype` and `#default`
    # lines above each table. Until 2026-11-27 the second table's were rows: every column was text.
    summary = profile_bytes(INFLUX.encode())
    assert summary["source"]["dialect"]["comment"] == "#"
    assert summary["source"]["comment_lines"] == 3 and summary["row_count"] == 3
    assert summary["schema"] == {
        "column_1": "empty", "result": "empty", "table": "int", "_time": "datetime", "_value": "float",
    }  # fmt: skip
    assert summary["quality_issues"]["repeated_header_rows"]["first_lines"] == [11]


def test_a_directive_under_the_header_is_a_comment() -> None:
    # QIIME 2 metadata (scikit-bio's missing-data.tsv): `#q2:types` under the header.
    data = b"# sample metadata\nid\tdepth\n#q2:types\tnumeric\ns1\t10\ns2\t12\n"
    summary = profile_bytes(data)
    assert summary["source"]["comment_lines"] == 1
    assert summary["schema"] == {"id": "string", "depth": "int"} and summary["row_count"] == 2


def test_without_comments_above_the_header_a_row_may_start_with_a_hash() -> None:
    summary = profile_bytes(b"tag,n\n#1,5\n#2,6\nx,7\n")
    assert summary["source"]["dialect"]["comment"] is None and summary["source"]["comment_lines"] == 0
    assert summary["row_count"] == 3


@pytest.mark.parametrize("chunk_rows", [64, 4096])
def test_comments_among_many_rows_in_any_chunking_and_a_merge(chunk_rows: int) -> None:
    # A file with lines before its header is profiled in one process (parallel._plan), but profiles
    # merge (a split upload, several Lambdas): the comments of both parts count.
    head = "# exported by a logger\nn,v\n"
    rows = [f"{number},{number % 7}\n" + ("# a note\n" if number % 50 == 0 else "") for number in range(3000)]
    options = ProfileOptions(chunk_rows=chunk_rows)
    alone = check_summary(profile_stream(io.BytesIO((head + "".join(rows)).encode()), "x.csv", options))
    assert alone["source"]["comment_lines"] == 60 and alone["row_count"] == 3000
    assert alone["schema"] == {"n": "int", "v": "int"}
    merged = profile_table(io.BytesIO((head + "".join(rows[:1000])).encode()), options)
    merged.merge(profile_table(io.BytesIO((head + "".join(rows[1000:])).encode()), options, later_part=True))
    together = check_summary(build_summary(merged, "x.csv", options.type_threshold))
    assert together["source"]["comment_lines"] == 60 and together["row_count"] == 3000
    assert together["statistics"] == alone["statistics"]
