"""detect_dialect's judgement of a header that lacks the first field's name (R's row names)."""

from __future__ import annotations

import pytest

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
