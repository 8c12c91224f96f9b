"""Which delimiter, quote character and line ending a CSV uses, judged from its first block.

A candidate delimiter wins when it splits the sample's records into the same number (> 1) of
fields most consistently; ties go to the order comma, semicolon, tab, pipe. csv.Sniffer is not used:
it is slow on large samples and guesses letters as delimiters.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_RECORDS = 200
_COMMA_DECIMAL = re.compile(r"\s*[+-]?[0-9]*,[0-9]+\s*")
_POINT_DECIMAL = re.compile(r"\s*[+-]?[0-9]*\.[0-9]+\s*")


class Dialect:
    """How the file is split; `line_terminator` is LF, CRLF, CR, mixed or none (a single line).

    `unnamed_first_field`: the header has no name for the first field of every record — what R's
    `write.table(sep=",")` writes for row names. The first field is then a column of its own (pandas
    makes it the index); without this every column would get its neighbour's values.

    `decimal`: the decimal separator of numbers, "." or "," — spreadsheets set to German, French and
    most European locales write 1,5 (and 1.234,5) into semicolon-separated files; read with a point,
    every such column would be a string column.
    """

    __slots__ = ("decimal", "delimiter", "line_terminator", "quotechar", "unnamed_first_field")

    def __init__(
        self,
        delimiter: str,
        quotechar: str,
        line_terminator: str,
        unnamed_first_field: bool = False,
        decimal: str = ".",
    ) -> None:
        self.delimiter = delimiter
        self.quotechar = quotechar
        self.line_terminator = line_terminator
        self.unnamed_first_field = unnamed_first_field
        self.decimal = decimal

    def to_dict(self) -> dict[str, str]:
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
        return {
            "delimiter": self.delimiter,
            "delimiter_name": names.get(self.delimiter, "other"),
            "quotechar": self.quotechar,
            "line_terminator": self.line_terminator,
            "decimal_separator": self.decimal,
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


def _decimal(sample: str, delimiter: str, quotechar: str) -> str:
    """ "," when the sample's values after the header show decimal commas (1,5 or ,5) at least twice
    and more than three times as often as decimal points (1.5); else ".". Only for files not
    separated by commas, where an unquoted 1,5 would be two fields."""
    if delimiter == ",":
        return "."
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
        records = [row for _, row in zip(range(_SAMPLE_RECORDS + 1), reader, strict=False) if row]
    except csv.Error:
        return "."
    cells = [cell for row in records[1:] for cell in row if cell]
    commas = sum(1 for cell in cells if _COMMA_DECIMAL.fullmatch(cell))
    points = sum(1 for cell in cells if _POINT_DECIMAL.fullmatch(cell))
    return "," if commas >= 2 and commas > 3 * points else "."


def detect_dialect(
    sample: str, forced_delimiter: str | None = None, forced_decimal: str | None = None
) -> Dialect:
    """The dialect of a file whose first block (cut at a line end) is `sample`; the `forced_` ones
    replace detection."""
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
    decimal = forced_decimal or _decimal(sample, chosen, quotechar)
    return Dialect(chosen, quotechar, terminator, _unnamed_first_field(sample, chosen, quotechar), decimal)
