"""detect_dialect: row names without a header name, the quote character, spaces after delimiters."""

from __future__ import annotations

import io

import pytest

from csvpipe.core import ProfileOptions, profile_stream
from csvpipe.core.dialect import detect_dialect


@pytest.mark.parametrize(
    ("sample", "unnamed"),
    [
        ('"a","b"\n"1",2,3\n"2",4,5\n', True),  # R's write.table(sep=",")
        ("a;b\nx;1;2\ny;3;4\n", True),  # in any delimiter
        ("a;b\nx;1;2\n", False),  # one ragged record proves little
        ('"","a","b"\n"1",2,3\n', False),  # R's write.csv names it "": a blank name, nothing missing
        ("a,b\n1,2,\n3,4,\n", False),  # a trailing delimiter: the extra field is empty
        ("a,b\n1,2,3\n4,5\n", False),  # ragged, not row names
        ("a,b\n", False),  # no record to judge by
        ('a,b\nx,1,2\ny,3,4\nz,"cut', True),  # the sample's last record may be cut inside a quote
    ],
)
def test_unnamed_first_field(sample: str, unnamed: bool) -> None:
    assert detect_dialect(sample).unnamed_first_field is unnamed


@pytest.mark.parametrize(
    ("sample", "quotechar"),
    [
        ("id,code\n1,'00123\n2,'00456\n3,x\n", '"'),  # Excel's text prefix keeps leading zeros
        ("id,name,city\n1,'Tis the season,Cork\n2,Bob,Dublin\n3,rock 'n' roll,Paris\n", '"'),
        ("a,b\n0,'\n0,',\n", '"'),  # found by fuzzing: a lone apostrophe at a field's start or end
        ("a;b\n'x;y';1\n'z';2\n", "'"),  # whole values in single quotes, one holding the delimiter
        ("id,name\r\n1,'a'\r\n2,'b'\r\n", "'"),
        ("a,b\n'x',\"y\"\n", '"'),  # any double quote decides
        ("a,b,c\n0,0,0\n0,',0\n0,';',0\n", '"'),  # fuzzing: read with ', two lines were one record
        ("_,__\n0,''\n0,'\n", '"'),  # hypothesis, 2026-11-28: an apostrophe left open ran to the end
    ],
)
def test_single_quotes_quote_only_whole_values(sample: str, quotechar: str) -> None:
    # Any apostrophe next to a delimiter used to make the single quote the quote character: the rows
    # between two apostrophes were read as one value (3 rows of the Excel file became 2, silently).
    assert detect_dialect(sample).quotechar == quotechar


def test_an_excel_text_prefix_does_not_swallow_rows() -> None:
    data = "id,code\n" + "".join(f"{i},'{i:05d}\n" for i in range(50))
    summary = profile_stream(io.BytesIO(data.encode()), "codes.csv")
    assert summary["row_count"] == 50
    assert summary["schema"]["code"] == "string"
    assert summary["columns"]["code"]["distinct"] == 50
    assert summary["columns"]["code"]["min_length"] == 6  # the apostrophe is part of the value


@pytest.mark.parametrize(
    ("sample", "skip"),
    [
        ('id, name, score\n1, "Smith, J", 3\n2, "Lee, K", 4\n3, Ann, 5\n', True),  # typed by hand
        ('a; b\n"x; y";  "1"\nz; 2\n', True),  # any delimiter, more than one space
        ("id, name\n1, Ann\n2, Bob\n", False),  # nothing quoted: the spaces stay, as pandas keeps them
        ('a,b\n1, "x"\n2, "y"\n', True),  # the quotes would be part of the values
        ('a,b\n1,"x, y"\n', False),  # quoted right after the delimiter: nothing to skip
        ('id,quote\n1,"He said, ""hi"""\n2, plain\n', False),  # `, "` inside a quoted value
        ('a,b,c\n1, "x,y"\n2,3,4\n3,5,6\n', False),  # skipping would make the counts less consistent
        # A quoted value that begins with a space and a quote reads like ` "Smith` (hypothesis found
        # it: the file then lost the leading spaces of its unquoted values, ` \r` became a row).
        ('h1,h2\nx,y\n""\n""\n""\n" """\n \r, \n', False),
        ('h1,h2\nx,y\n", "\n" """\n \r1\n', False),  # `, "` inside a quoted value, then the same
    ],
)
def test_spaces_are_skipped_after_delimiters_only_before_quoted_values(sample: str, skip: bool) -> None:
    assert detect_dialect(sample).initial_space is skip


def test_values_quoted_after_a_delimiter_and_a_space_are_one_field() -> None:
    # Read as csv and pandas read by default, `1, "Smith, J", 3` is four fields (` "Smith` and ` J"`):
    # every such row was ragged and the score column text.
    rows = "".join(f'{i}, "Name {i}, X", {i * 2}\n' for i in range(40))
    summary = profile_stream(io.BytesIO(f"id, name, score\n{rows}".encode()), "hand.csv")
    assert list(summary["schema"].items()) == [("id", "int"), ("name", "string"), ("score", "int")]
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0
    assert summary["columns"]["name"]["top_values"][0]["value"] == "Name 0, X"
    assert summary["source"]["dialect"]["skip_initial_space"] is True
    assert summary["quality_issues"]["whitespace"] == {}


def test_lines_of_spaces_are_blank_also_when_spaces_after_delimiters_are_skipped() -> None:
    """With skipinitialspace csv.reader reads `  ` as one empty field, as it reads `""`: each such line
    was a row of too few fields. pandas skips them; a line of spaces inside a quoted value stays."""
    text = 'name, note, n\n"Smith, J", "a\n   \nb", 1\n  \n"Doe, A", "c", 2\n\t\n"Roe, B", "d", 3\n \n'
    summary = profile_stream(io.BytesIO(text.encode()), "hand.csv")
    assert summary["source"]["dialect"]["skip_initial_space"] is True
    assert summary["row_count"] == 3 and summary["quality_issues"]["blank_lines"] == 3
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0
    assert summary["columns"]["note"]["top_values"][0]["value"] == "a\n   \nb"
    # A quoted empty value alone on its line is a record, as without the option (and in pandas).
    quoted = profile_stream(io.BytesIO(text.replace("\n  \n", '\n""\n').encode()), "hand.csv")
    assert quoted["row_count"] == 4 and quoted["quality_issues"]["blank_lines"] == 2


@pytest.mark.parametrize(
    ("sample", "escapechar"),
    [
        ('Code,ID,Meaning\n400,12,cairn\n400,13,"Astro beacon \\"E\\" 1945"\n', "\\"),  # GDAL's table
        ('id,title\n1,"5\\" disk, 3.5\\" floppy"\n2,plain\n', "\\"),  # Spark: RFC splits at the comma
        ('author,title\nAdams,The \\"Guide\\" to it\n', "\\"),  # unquoted, as commons-csv's sample
        ('id,path\n1,"C:\\temp\\"\n2,"D:\\"\n', None),  # a value ending in a backslash, RFC 4180
        ('id,json\n1,"{""a"":""say \\"" hi""}"\n', None),  # a backslash, then a doubled quote
        ('id,path\n1,"C:\\dir\\",2\n', None),  # ... before the delimiter
        ('a,b\n1,"C:\\"\n2,x\n3,"y \\"z"\n', None),  # the escape would join three lines into one record
        ("a,b\n1,no quotes \\ here\n", None),
    ],
)
def test_a_backslash_escapes_quotes_only_where_rfc_4180_cannot_read_them(
    sample: str, escapechar: str | None
) -> None:
    # Until 2026-11-27 the backslash was an ordinary character: `"Astro beacon \"E\" 1945"` ended
    # after `\`, and `"5\" disk, 3.5\" floppy"` made a ragged row of three fields.
    assert detect_dialect(sample).escapechar == escapechar


def test_quotes_escaped_by_a_backslash_are_read_as_quotes() -> None:
    data = 'id,title,year\n1,"The \\"Guide\\", part 1",1979\n2,"5\\" disk",1982\n3,"C:\\\\temp",1990\n'
    summary = profile_stream(io.BytesIO(data.encode()), "spark.csv")
    assert summary["source"]["dialect"]["escapechar"] == "\\"
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0
    assert summary["schema"] == {"id": "int", "title": "string", "year": "int"}
    titles = {entry["value"] for entry in summary["columns"]["title"]["top_values"]}
    assert titles == {'The "Guide", part 1', '5" disk', "C:\\temp"}  # an escaped backslash is one


def test_mysqls_null_marker_stays_itself_beside_escaped_quotes() -> None:
    # MySQL's `INTO OUTFILE ... ENCLOSED BY '"'` writes NULL as an unquoted \N and a quote in a value
    # as \". Read with the backslash escape, \N became the letter N, a silent value of its own.
    rows = ['1,"He said \\"hi\\"",\\N', "2,\\N,\\N", '3,"a \\\\N b",4']
    rows += [f'{i},"plain",{i}' for i in range(4, 60)]
    data = "id,quote,score\n" + "\n".join(rows) + "\n"
    summary = profile_stream(io.BytesIO(data.encode()), "mysql.csv")
    assert summary["source"]["dialect"]["escapechar"] == "\\"
    assert summary["schema"]["score"] == "int"
    mismatches = summary["quality_issues"]["type_mismatches"]["score"]
    assert [example["value"] for example in mismatches["examples"]] == ["\\N", "\\N"]
    quotes = {entry["value"] for entry in summary["columns"]["quote"]["top_values"]}
    assert quotes == {'He said "hi"', "plain", "\\N", "a \\N b"}  # an escaped backslash is one
    marked = ProfileOptions(missing_markers=["", "\\N"])
    summary = profile_stream(io.BytesIO(data.encode()), "mysql.csv", marked)
    assert summary["columns"]["score"]["missing"] == 2
    assert "score" not in summary["quality_issues"]["type_mismatches"]


@pytest.mark.parametrize(
    ("sample", "trailing"),
    [
        ("a,b,c\n1,2,3,\n4,5,6,\n", True),  # bank and spreadsheet exports (woolworths, fread's fillheader)
        ("id\tx\tname\nid1\t1\ta\t\nid2\t2\tb\t\n", True),  # any delimiter (scikit-bio's jagged tsv)
        ("a,b,c\n1,2,3,\n", False),  # one row proves little
        ("a,b,c\n1,2,3,x\n4,5,6,y\n", False),  # a field after the last: R's row names, not a delimiter
        ("a,b,c\n1,2,3,\n4,5,6\n", False),  # not every row
        ("a,b,c,\n1,2,3,\n4,5,6,\n", False),  # the header ends with one too: a blank name, as before
        ("1,2,3,\n4,5,6,\n7,8,9,\n", False),  # no header: the empty field is a column of its own
    ],
)
def test_a_delimiter_ending_every_row_but_the_headers(sample: str, trailing: bool) -> None:
    assert detect_dialect(sample).trailing_delimiter is trailing


def test_rows_ending_in_a_delimiter_are_not_ragged() -> None:
    # Woolworths Money's export (shenki/ofxstatement-woolworthsmoney): until 2026-11-27 every row was
    # reported as having too many fields (values right: the empty field was cut as ragged).
    rows = "".join(f"{day:02d} Oct 15,Processed,Shop {day},,{day}.5,\n" for day in range(1, 9))
    data = "Date,Status,Description,Credit,Debit\n" + rows + "11 Sep 15,Processed,Refund,3.14,,\n"
    summary = profile_stream(io.BytesIO(data.encode()), "woolworths.csv")
    assert summary["source"]["dialect"]["trailing_delimiter"] is True
    ragged = summary["quality_issues"]["ragged_rows"]
    assert ragged["too_many_fields"]["count"] == 0 and ragged["too_few_fields"]["count"] == 0
    assert summary["row_count"] == 9 and summary["schema"]["Debit"] == "float"
    assert summary["columns"]["Debit"]["count"] == 9 and summary["columns"]["Debit"]["missing"] == 1
    assert list(summary["schema"]) == ["Date", "Status", "Description", "Credit", "Debit"]
