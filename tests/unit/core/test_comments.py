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


def test_the_table_is_judged_without_the_comments_among_its_rows() -> None:
    # scikit-bio's metadata `comments.tsv`: more "# …" lines than tab-separated rows. Until
    # 2026-11-27 they outvoted the rows: one column, its header "# pre-header", 16 rows.
    data = (
        b"# pre-header\n# comment\nid\tcol1\tcol2\tcol3\n# post-header\n# comment\nid1\t1\ta\tfoo\n"
        b"id2\t2\tb\tbar\n# intra-data comment with another # sign\n#\n##\n# tab \t in a comment\t \t\n"
        b"id3\t3\tc\t42\n# trailing\n# comment\n"
    )
    summary = profile_bytes(data)
    assert summary["source"]["dialect"]["delimiter"] == "\t"
    assert summary["schema"] == {"id": "string", "col1": "int", "col2": "string", "col3": "string"}
    assert summary["row_count"] == 3 and summary["source"]["comment_lines"] == 8
    assert [line["line"] for line in summary["source"]["preamble"]] == [1, 2]


def test_a_comment_that_splits_wider_than_a_table_of_one_column_is_no_header() -> None:
    # Spark's comments-whitespaces.csv: until 2026-11-27 the comment was a header of two columns.
    data = b"# The file contains comments, whitespaces and empty lines\ncolA\n# empty line\n\n1\n2\n# x\n3\n"
    summary = profile_bytes(data)
    assert summary["schema"] == {"colA": "int"} and summary["row_count"] == 3
    assert summary["source"]["comment_lines"] == 2


def test_a_one_field_hash_line_above_a_table_of_one_column_stays_its_header() -> None:
    # bilby's eos tables (space-aligned: one column here): "#eos logP1 gamma1 gamma2" is the header.
    data = b"#eos logP1 gamma1 gamma2\nPAL6 34.380 2.227 2.189\nSLy 34.384 3.005 2.988\nAPR1 33.943 2.442\n"
    summary = profile_bytes(data)
    assert list(summary["schema"]) == ["#eos logP1 gamma1 gamma2"] and summary["row_count"] == 3


def test_comment_lines_after_a_blank_line_go_with_the_notes_above_the_header() -> None:
    # LimeSurvey's dumps: a notice, a blank line, then "#", "# GROUPS TABLE", "#" above the table.
    # Until 2026-11-27 the lone "#" was the header of a one-column table.
    data = (
        b"# LimeSurvey Group Dump\n# DBVersion 129\n# Do not change this header!\n\n#\n# GROUPS TABLE\n#\n"
        b'"gid","sid","group_name"\n"56","10","Freitext Gruppe"\n"57","10","Zweite Gruppe"\n'
        b'\n#\n# QUESTIONS TABLE\n#\n"qid","sid","gid","type","title"\n"1","10","56","T","q1"\n'
    )
    summary = profile_bytes(data)
    assert summary["source"]["header_line"] == 8 and summary["source"]["preamble_lines"] == 7
    assert list(summary["schema"]) == ["gid", "sid", "group_name"]  # the first of the dump's tables


def test_a_commented_header_is_found_past_a_blank_line_and_decorations() -> None:
    # RDKit's FragmentDescriptors.csv: the header is the last "#" line of the notice; "##########"
    # and "# Oxygens" are comments among the rows.
    data = (
        b"# Copyright (C) 2002 Rational Discovery LLC\n#   of the RDKit source tree.\n"
        b"#Code\tDescription\tSMARTS\n\n##########\n# Oxygens\n##########\n"
        b'fr_C=O\t"Number of carbonyl O"\t[CX3]=[OX1]\n'
        b'fr_Al_OH\t"Number of aliphatic hydroxyl groups"\t[C!$(C=O)]\n'
        b'fr_ArN\t"Number of N functional groups attached to aromatics"\tc-[#7]\n'
    )
    summary = profile_bytes(data)
    assert list(summary["schema"]) == ["#Code", "Description", "SMARTS"] and summary["row_count"] == 3


def test_a_file_of_hash_lines_only_is_read_as_a_table_not_as_comments() -> None:
    # data.table's bad.txt: every value masked with "#". Not a header above nothing but comments.
    data = b"#####,######,#########\n####,####,0.25\n###,#####,0.5\n#####,##,0.75\n"
    summary = profile_bytes(data)
    assert summary["row_count"] == 3 and summary["source"]["comment_lines"] == 0
