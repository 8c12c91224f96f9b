"""Line numbers reported for records must be the lines they start on, also when quoted values span
lines (LF, CRLF or a lone CR inside quotes) and the scan takes records in chunks.

The reference is csv.reader's own `line_num`, read record by record.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from csvpipe.core import ProfileError, ProfileOptions, profile_table
from csvpipe.core.profile import judge_reading
from csvpipe.core.source import SAMPLE_BYTES

_CELL = st.text(alphabet=st.sampled_from(list('ab1 ,"\r\n')), max_size=6)


def _reference_starts(text: str) -> list[tuple[int, int]]:
    """(start line, field count) per non-blank record after the header, via csv.reader.line_num."""
    reader = csv.reader(io.StringIO(text, newline=""))
    found = []
    last = 0
    for record in reader:
        if record and not (len(record) == 1 and record[0] and not record[0].strip(" \t")):  # blank
            found.append((last + 1, len(record)))
        last = reader.line_num
    return found[1:]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=3), min_size=1, max_size=300),
    terminator=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
# Found on 2026-11-27: `" "", "` made the file read with skipinitialspace, and csv.reader then read the
# line of one space as a record of one empty field, not a blank line.
@example(rows=[[""], [""], [""], [""], [" "], ["\n", ' ", ']], terminator="\n", quoting=csv.QUOTE_MINIMAL)
# Found on 2026-11-27 against a first draft of the several-tables rule (dialect): `h1,h2` and `x,y`
# were taken for notes above `a,a,a` or `1,1,a` as a header of the rows below.
@example(rows=[["a", "a", "a"], ["", "", "1"], ["", "", "1"]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
@example(rows=[["1", "1", "a"], ["", "", ""], ["", "", ""]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
# and, by CI's run, `h1,h2` and `x,y` above a line break (a lone CR) and `a,a,a`: a table of two
# columns is not notes.
@example(rows=[["\ra", "a", "a"], ["", "", "1"], ["", "", "1"]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
# Found on 2026-11-28 against the first rule for rows under the header: `x,y` above empty rows and one
# `1` in each column was taken for a row of units.
@example(rows=[["", ""], ["", "\r", ""], ["", "1\r1"]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
# Found by CI's run on 2026-11-28 against the first rule for a totals row with a blank label: `,1` under
# `x,y` and `1,1` "summed" one number in a column of text, and was made a footer.
@example(rows=[["1", "1"], ["", "1"]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
# ... and (older than that day's changes) `h1,h2` and `x,y`, an empty field, a `1` and a wider table were
# read as a report's key-value summary under no title, the `1` its table's title: 4 lines skipped.
@example(
    rows=[[""], ["1"], ["1", "1", "a"], ["", "", "1"], ["", "", "1"]],
    terminator="\n",
    quoting=csv.QUOTE_MINIMAL,
)
# Found on 2026-11-28 against the first rule for a sentence under short texts (a footer's note): `1 1 1`
# under `y` and `a` was one; a note is now 20 characters at least, two of its words with letters.
@example(rows=[["1", "a"], ["", "1 1 1"]], terminator="\n", quoting=csv.QUOTE_MINIMAL)
def test_ragged_rows_are_reported_on_the_lines_they_start_on(
    rows: list[list[str]], terminator: str, quoting: int
) -> None:
    out = io.StringIO(newline="")
    # QUOTE_MINIMAL leaves a lone CR unquoted when the terminator is LF: that is a line break as read.
    writer = csv.writer(out, lineterminator=terminator, quoting=quoting)
    writer.writerow(["h1", "h2"])
    # A first record that fits the header: with every record one field longer, the header would be
    # read as lacking the row names' field (Dialect.unnamed_first_field), not as ragged rows.
    writer.writerows([["x", "y"], *rows])
    text = out.getvalue()
    expected = _reference_starts(text)
    if not expected:
        with pytest.raises(ProfileError):
            profile_table(io.BytesIO(text.encode("utf-8")))
        return
    # A later table after a blank line (Dialect.table_end) ends the one that is read: its records are
    # not rows.
    table_end = judge_reading(text.encode("utf-8")[:SAMPLE_BYTES]).dialect.table_end
    if table_end:
        expected = [(line, width) for line, width in expected if line < table_end]
    # A type threshold of 1: the "x" above them keeps any closing records from being a footer.
    table = profile_table(io.BytesIO(text.encode("utf-8")), ProfileOptions(chunk_rows=64, type_threshold=1.0))
    table.finish()  # the closing records with few fields, held back, are rows
    assert table.rows == len(expected) and not table.footer
    too_few = [line for line, width in expected if width < 2][:5]
    too_many = [line for line, width in expected if width > 2][:5]
    assert table.ragged.too_few_lines == too_few
    assert table.ragged.too_many_lines == too_many
