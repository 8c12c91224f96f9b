"""Which delimiter, quote character and line ending a CSV uses, judged from its first block.

A candidate delimiter wins when it splits the sample's records into the same number (> 1) of
fields most consistently; ties go to the order comma, semicolon, tab, pipe. csv.Sniffer is not used:
it is slow on large samples and guesses letters as delimiters.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_RECORDS = 200


class Dialect:
    """How the file is split; `line_terminator` is LF, CRLF, CR, mixed or none (a single line).

    `unnamed_first_field`: the header has no name for the first field of every record — what R's
    `write.table(sep=",")` writes for row names. The first field is then a column of its own (pandas
    makes it the index); without this every column would get its neighbour's values.
    """

    __slots__ = ("delimiter", "line_terminator", "quotechar", "unnamed_first_field")

    def __init__(
        self, delimiter: str, quotechar: str, line_terminator: str, unnamed_first_field: bool = False
    ) -> None:
        self.delimiter = delimiter
        self.quotechar = quotechar
        self.line_terminator = line_terminator
        self.unnamed_first_field = unnamed_first_field

    def to_dict(self) -> dict[str, str]:
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
        return {
            "delimiter": self.delimiter,
            "delimiter_name": names.get(self.delimiter, "other"),
            "quotechar": self.quotechar,
            "line_terminator": self.line_terminator,
        }


def _line_terminator(sample: str) -> str:
    crlf = sample.count("\r\n")
    lf = sample.count("\n") - crlf
    cr = sample.count("\r") - crlf
    kinds = [name for name, count in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if count]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _score(sample: str, delimiter: str, quotechar: str) -> tuple[float, int]:
    """(share of records with the most common field count, that field count)."""
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
        widths = [len(row) for _, row in zip(range(_SAMPLE_RECORDS), reader, strict=False) if row]
    except csv.Error:
        return 0.0, 0
    if not widths:
        return 0.0, 0
    width, count = Counter(widths).most_common(1)[0]
    if width < 2:
        return 0.0, width
    return count / len(widths), width


def _quotechar(sample: str, delimiter: str) -> str:
    if '"' in sample or "'" not in sample:
        return '"'
    single = sample.count(delimiter + "'") + sample.count("'" + delimiter)
    return "'" if single else '"'


def _unnamed_first_field(sample: str, delimiter: str, quotechar: str) -> bool:
    """Whether every record of the sample after the header (two at least: one ragged record proves
    little) has exactly one field more than the header, and the extra field is not just an empty
    one after a trailing delimiter (`a,b,c,`)."""
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
        records = [row for _, row in zip(range(_SAMPLE_RECORDS + 1), reader, strict=False) if row]
    except csv.Error:
        return False
    if len(records) < 3:
        return False
    header, body = records[0], records[1:]
    if len(body) > 1 and sample.count(quotechar) % 2:
        body.pop()  # the sample ends at a line end, but here inside a quoted value
    width = len(header) + 1
    return all(len(row) == width for row in body) and any(row[-1] for row in body)


def detect_dialect(sample: str, forced_delimiter: str | None = None) -> Dialect:
    terminator = _line_terminator(sample)
    if forced_delimiter:
        chosen = forced_delimiter
    else:
        best = (0.0, 0)
        chosen = ","
        for delimiter in DELIMITERS:
            if delimiter not in sample:
                continue
            score = _score(sample, delimiter, _quotechar(sample, delimiter))
            if score > best:
                best, chosen = score, delimiter
    quotechar = _quotechar(sample, chosen)
    return Dialect(chosen, quotechar, terminator, _unnamed_first_field(sample, chosen, quotechar))
