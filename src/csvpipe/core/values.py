"""What one cell is: int, float, bool, date, datetime or string.

Two speeds. `bulk_*` functions try a whole chunk of a column at C speed (``map(int, ...)``) and give up
on the first value that does not fit; `classify` looks at one distinct value at a time and is only
used for the distinct values of chunks the bulk paths rejected (results are cached by the caller).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

INT = "int"
FLOAT = "float"
BOOL = "bool"
DATE = "date"
DATETIME = "datetime"
STRING = "string"
EMPTY = "empty"  # a column without any non-missing value

# Integers as pandas reads them: int64, or uint64 up to 2^64 - 1 (64-bit hashes). Beyond, a value is
# an identifier, not a quantity — a string (pandas keeps such a column as objects): PadChest's
# 39-digit DICOM patient ids were floats with an average of 2.2e38 until 2026-11-27 (and until
# 2026-11-27 the limit was 10^18, so 19-digit ids, Venmo's and Twitter's, had rounded min and max).
INT_MIN = -(2**63)
INT_MAX = 2**64 - 1

# What pandas' C parser (and polars, DuckDB) read as ±infinity, in any letter case: numpy and pandas
# write "inf" for an infinite float. Counted as floats, kept out of the statistics (see NumericStats).
INFINITY_WORDS = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})

TRUE_WORDS = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES"})
FALSE_WORDS = frozenset({"false", "False", "FALSE", "no", "No", "NO"})
# A column's cells only (`classify_cell`): PostgreSQL writes its booleans `t` and `f`, many systems
# flags as `Y` and `N`. Alone a letter is no evidence — a header of `t`, `y` or `n` names a column.
LETTER_BOOLS = {"t": True, "f": False, "Y": True, "N": False, "y": True, "n": False}
LETTER = "letter"  # the kind of a one-letter bool's mismatch examples, kept apart (summary decides)

# Date formats, named as they appear in the summary ("formats" of a date column).
ISO = "YYYY-MM-DD"
YMD_SLASH = "YYYY/MM/DD"
YMD_DOT = "YYYY.MM.DD"
DMY_DOT = "DD.MM.YYYY"
MDY = "MM/DD/YYYY"
DMY = "DD/MM/YYYY"
# Two-digit years, with slashes only (US spreadsheets' short date 1/31/24); the century as Excel and
# Windows read one, 1930-2029 (30-99 are 1930-1999, 00-29 are 2000-2029): such files come from
# spreadsheets and old data. Python's strptime %y (POSIX: 00-68 are 2000-2068) put a study of baboons
# dated 25/11/63 in 2063. Dots and dashes are left out: 1.2.34 and 10-20-30 are version numbers and
# ranges far more often than dates.
SHORT_YEAR_PIVOT = 30
MDY_YY = "MM/DD/YY"
DMY_YY = "DD/MM/YY"
DMY_DOT_YY = "DD.MM.YY"  # German, Austrian, Swiss bank exports' short date (Sparkasse: 03.04.18)
AMBIGUOUS = "ambiguous day/month"  # both readings are valid dates: the column decides
AMBIGUOUS_YY = AMBIGUOUS + " (YY)"
# The two readings (month-first, day-first) of each kind of ambiguous date.
READINGS = {AMBIGUOUS: (MDY, DMY), AMBIGUOUS_YY: (MDY_YY, DMY_YY)}
# 03/03/2024: one date in both readings, so no evidence for either; the summary counts it under the
# column's reading (a day-first column with twelve such dates was reported as mixing two formats).
SAME_DAY_MONTH = "day = month"
SAME_DAY_MONTH_YY = SAME_DAY_MONTH + " (YY)"
SAME_DAY = {AMBIGUOUS: SAME_DAY_MONTH, AMBIGUOUS_YY: SAME_DAY_MONTH_YY}  # the no-evidence form of each
MON_D_Y = "Mon DD YYYY"
D_MON_Y = "DD Mon YYYY"
D_MON_Y_DASH = "DD-Mon-YYYY"  # Excel's d-mmm-yyyy, Oracle's DD-MON-YYYY
D_MON_YY_DASH = "DD-Mon-YY"  # Excel's d-mmm-yy (the century: SHORT_YEAR_PIVOT)
ISO_WEEK = "YYYY-Www-D"  # an ISO 8601 week date, a day of a week (also written compactly, 2024W053)
ISO_DATETIME = "ISO 8601 datetime"
TIME = " time"  # a datetime's format is its date's + TIME ("DD/MM/YYYY time")
DAY = "Day, "  # ... and opens with DAY when a weekday's name opens the date ("Day, DD Mon YYYY time")
CTIME = "Day Mon DD time YYYY"  # C's asctime, Python's ctime, Java's Date.toString, Unix date
GROUPED = "grouped"  # a number's format when its thousands are grouped: 19,582 (or 19.582 beside 1,5)
CURRENCY = "currency"  # ... when a currency sign marks it: $1,234.56, -123,45 €, ($1,600.03)
PERCENT = "percent"  # ... when a percent sign follows it: 17.88% (the number as written, 17.88)
# A negative number written as spreadsheets and ledgers write it, not with a leading hyphen-minus
# (none of them reads as a number in pandas, DuckDB or Python's float):
PARENTHESES = "parenthesized"  # an accountant's parentheses with no currency sign: (1,234.00)
TRAILING_MINUS = "trailing_minus"  # the minus after the digits, as SAP writes it: 1.234,56-
MINUS_SIGN = "minus_sign"  # Unicode's minus sign (U+2212) for the hyphen: −12.5
MINUS_SIGN_CHAR = "\u2212"
MARKED_FORMATS = (CURRENCY, PERCENT, PARENTHESES, TRAILING_MINUS, MINUS_SIGN)  # counted per column


def ambiguous_entry(reading: str, suffix: str = "") -> str:
    """The name under which a column keeps its ambiguous dates (`suffix` "") or datetimes (TIME)
    read one way, `reading` MDY or DMY; both entries hold the same count."""
    return AMBIGUOUS + " as " + reading + suffix


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# Weekday names that may open a date: RFC 2822's and HTTP's `Wed, 31 Jan 2024 10:00:00 GMT` (email,
# feed and API exports), Excel's long date `Wednesday, January 31, 2024` (text until 2026-11-27). The
# name must be the date's own day (date.weekday(): 0 is Monday); a wrong one makes the cell text.
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
# A zone named, not written as an offset: `Z` and the words Ruby's `Time#to_s` and crypto exchanges'
# exports write (`2022-04-20 16:20:00 UTC`: Coincheck, BittyTax, Coinbase; text until 2026-11-27),
# and the abbreviations that name one offset (hours east of UTC) wherever they are written: Amazon's
# and PayPal's reports (`Jan 31, 2024 1:45:00 PM PST`), Java's `Date.toString` and Unix `date` on a
# machine in that zone (`Wed Jan 31 13:45:00 CET 2024`); text until 2026-11-28. Left out, and so
# text: CST (US Central, and China's in Java's output), IST (India, Israel, Ireland), BST (British
# summer, Bangladesh), AST (Atlantic, Arabia), and the rest of the many.
NAMED_ZONES = {
    "Z": 0.0,
    "UTC": 0.0,
    "GMT": 0.0,
    "WET": 0.0,
    "WEST": 1.0,
    "CET": 1.0,
    "CEST": 2.0,
    "MEZ": 1.0,
    "MESZ": 2.0,
    "EET": 2.0,
    "EEST": 3.0,
    "MSK": 3.0,
    "SAST": 2.0,
    "HKT": 8.0,
    "SGT": 8.0,
    "AWST": 8.0,
    "JST": 9.0,
    "KST": 9.0,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10.0,
    "AEDT": 11.0,
    "NZST": 12.0,
    "NZDT": 13.0,
    "HST": -10.0,
    "AKST": -9.0,
    "AKDT": -8.0,
    "PST": -8.0,
    "PDT": -7.0,
    "MST": -7.0,
    "MDT": -6.0,
    "CDT": -5.0,
    "EST": -5.0,
    "EDT": -4.0,
}
_ZONES = {
    name: UTC if not hours else timezone(timedelta(hours=hours), name) for name, hours in NAMED_ZONES.items()
}
# A zone in a pattern: a name (the longest first), or the hours of an offset (its minutes follow).
_ZONE = "|".join(sorted(NAMED_ZONES, key=len, reverse=True)) + "|[+-][0-9]{2}"

_WEEKDAY_RE = re.compile(r"([A-Za-z]{3,9})\.?,? +(.+)")
# After the weekday, C's asctime order: `Wed Jan 31 10:00:00 2024` (`Jan  3`: a padded day), a zone
# before the year optional (`Wed Jan 31 10:00:00 UTC 2024`, as Unix `date` and Java write).
_CTIME_RE = re.compile(
    r"([A-Za-z]{3,9}) +([0-9]{1,2}) +([0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?)"
    rf"(?: +({_ZONE}:?[0-9]{{2}}))? +([0-9]{{4}})"
)

_INT_RE = re.compile(r"[+-]?[0-9]+")
# Written so that no digit can be matched two ways ([0-9]+ then an optional fraction that starts with
# its point): `[0-9]+\.?[0-9]*` tried every split of a digit run, so 20 000 digits and a letter
# took 8 s (quadratic backtracking; a hostile cell of 10^6 digits would take hours, extrapolated).
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# With a decimal comma (files written where 1,5 means one and a half): the same grammar with a
# comma, and numbers grouped by thousands with points (1.234 and 1.234,5; groups of exactly three).
_COMMA_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?")
# At most six separators (INT_MAX, 18,446,744,073,709,551,615, has six): a longer run of three-digit groups
# is a list, not a number (world-countries' `idd.suffixes` "204,226,236,…,942", 62 dialling codes in
# one cell, was read as a float of 185 digits).
MOST_GROUPS = 6
# The first group has no leading zero: `0,258` (a EURIBOR rate of 0.258 % in datahub's files) is no
# thousands and 258 (read so until 2026-11-27), whatever the separator.
FIRST_GROUP = "[1-9][0-9]{0,2}"
_GROUPED_RE = re.compile(
    rf"[+-]?{FIRST_GROUP}(?:\.[0-9]{{3}}){{1,{MOST_GROUPS}}}(,[0-9]*)?([eE][+-]?[0-9]+)?"
)
# With a decimal comma, thousands grouped by spaces instead (French, Nordic, Czech or Russian
# spreadsheets: 1 234,5): a space, the no-break space U+00A0 that Excel writes, or the narrow one
# U+202F of newer locales.
THOUSANDS_SPACES = " \u00a0\u202f"
_SPACE_GROUPED_RE = re.compile(
    rf"[+-]?{FIRST_GROUP}(?:[{THOUSANDS_SPACES}][0-9]{{3}}){{1,{MOST_GROUPS}}}(,[0-9]*)?([eE][+-]?[0-9]+)?"
)
_NO_SPACES = str.maketrans("", "", THOUSANDS_SPACES)
# With a decimal point: numbers grouped by commas in threes, as spreadsheets export formatted cells
# (a comma-separated file quotes them: "19,582", "1,234,567.25").
_POINT_GROUPED_RE = re.compile(
    rf"[+-]?{FIRST_GROUP}(?:,[0-9]{{3}}){{1,{MOST_GROUPS}}}(\.[0-9]*)?([eE][+-]?[0-9]+)?"
)
# ... or by apostrophes (Swiss exports: 11'373.94, also U+2019), one kind in a number (`_one_separator`).
# Not by spaces: beside a point `640 480` is as likely two numbers (see test_grouped_numbers).
POINT_THOUSANDS = "'\u2019"
_POINT_OTHER_GROUPED_RE = re.compile(
    rf"[+-]?{FIRST_GROUP}(?:[{POINT_THOUSANDS}][0-9]{{3}}){{1,{MOST_GROUPS}}}(\.[0-9]*)?([eE][+-]?[0-9]+)?"
)
_NO_POINT_THOUSANDS = str.maketrans("", "", POINT_THOUSANDS)
_YMD_RE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_XXY_RE = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_XXYY_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2})")
# With points, a two-digit year only with every part two digits: `03.04.18` is a date (day first,
# as with four digits), `1.2.34` a version.
_DMY_DOT_YY_RE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{2})")
_MON_D_Y_RE = re.compile(r"([A-Za-z]{3,9})\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})")
_D_MON_Y_RE = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? ([0-9]{4})")
_D_MON_Y_DASH_RE = re.compile(r"([0-9]{1,2})-([A-Za-z]{3,9})-([0-9]{4}|[0-9]{2})")
_TIME_RE = re.compile(
    r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
    r" ?([AaPp][Mm])?"
    rf" ?({_ZONE}(?::?[0-9]{{2}})?)?"
)
_DATE_TIME_SPLIT_RE = re.compile(r"[T ]")
# One cheap test that rules out most strings before the date parsers run: the shape of every
# supported date form, optionally followed by something time-like.
_TEMPORAL_SHAPE = re.compile(
    r"(?:[A-Za-z]{3,9}\.?,? +)?"  # a weekday (see _WEEKDAYS)
    r"(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
    r"|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}"
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}"
    r"|[0-9]{2}\.[0-9]{2}\.[0-9]{2}"
    r"|[A-Za-z]{3,9}\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}"
    r"|[0-9]{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9}\.?,? [0-9]{4}"
    r"|[0-9]{1,2}-[A-Za-z]{3,9}-(?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{8}T[0-9].*"
    r"|[A-Za-z]{3,9} +[0-9]{1,2} +[0-9]{1,2}:.*)"
    r"(?:,?[T ][0-9].*)?"  # a time (`Jan 31, 2024, 10:00 AM`: a comma before it)
)

# Everything that is *not* a plain string fully matches this (numbers, bool words, date shapes); a
# chunk's distinct values are filtered with it at C speed before any per-value work. A superset is
# safe (`classify` decides). The open-ended branches take the rest with [\s\S]* and no trailing \s*:
# `.*\s*` tried every split of a run of spaces before a line break (quadratic).
MAYBE_TYPED = re.compile(
    r"\s*(?:[-+.0-9$\u20ac\u00a3\u00a5(][\s\S]*|(?:"
    + "|".join(sorted(TRUE_WORDS | FALSE_WORDS | LETTER_BOOLS.keys(), key=lambda word: (-len(word), word)))
    + r"|(?i:inf(?:inity)?))\s*|[A-Za-z]{3,9}\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}[\s\S]*"
    # A weekday (see _WEEKDAYS), its first three letters as a title, upper or lower case: spelt out,
    # not (?i:…), which cost 0.6 % of mixed_10mb's instructions (this alternative: 0.3 %).
    + r"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN|mon|tue|wed|thu|fri|sat|sun)"
    + r"[A-Za-z]{0,6}\.?,? +[0-9A-Za-z][\s\S]*"
    # Unicode's minus sign (−12.5): last, as one more member of the first class cost 0.4 % of
    # mixed_10mb's instructions.
    + r"|\u2212[\s\S]*)"
)
# ... and with a decimal comma, where ",5" is a number too.
MAYBE_TYPED_COMMA = re.compile(MAYBE_TYPED.pattern.replace("[-+.0-9", "[-+.,0-9", 1))
assert MAYBE_TYPED_COMMA.pattern != MAYBE_TYPED.pattern

# A classified value: (kind, parsed value, format). For AMBIGUOUS dates (and AMBIGUOUS + TIME
# datetimes) the parsed value is the pair (month-first reading, day-first reading).
Classified = tuple[str, object, str]


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> tuple[object, str] | None:
    """A date in one of the supported forms, with the form's name; None if it is not a date."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text), ISO
        except ValueError:
            return None
    m = _YMD_RE.fullmatch(text)
    if m:
        found = _make_date(int(m[1]), int(m[3]), int(m[4]))
        fmt = {"-": ISO, "/": YMD_SLASH, ".": YMD_DOT}[m[2]]
        return (found, fmt) if found else None
    m = _XXY_RE.fullmatch(text)
    if m:
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == ".":  # 31.01.2024 is day-first wherever it is written
            found = _make_date(year, second, first)
            return (found, DMY_DOT) if found else None
        return _day_month(first, second, year, AMBIGUOUS, SAME_DAY_MONTH)
    m = _XXYY_RE.fullmatch(text)
    if m:
        return _day_month(int(m[1]), int(m[2]), _full_year(int(m[3])), AMBIGUOUS_YY, SAME_DAY_MONTH_YY)
    m = _DMY_DOT_YY_RE.fullmatch(text)
    if m:
        found = _make_date(_full_year(int(m[3])), int(m[2]), int(m[1]))
        return (found, DMY_DOT_YY) if found else None
    m = _MON_D_Y_RE.fullmatch(text)
    if m:
        month = _MONTHS.get(m[1].lower())
        found = _make_date(int(m[3]), month, int(m[2])) if month else None
        return (found, MON_D_Y) if found else None
    for pattern, fmt in ((_D_MON_Y_RE, D_MON_Y), (_D_MON_Y_DASH_RE, D_MON_Y_DASH)):
        m = pattern.fullmatch(text)
        if m:
            month = _MONTHS.get(m[2].lower())
            year = int(m[3])
            if len(m[3]) == 2:
                year, fmt = _full_year(year), D_MON_YY_DASH
            found = _make_date(year, month, int(m[1])) if month else None
            return (found, fmt) if found else None
    return None


def _full_year(short: int) -> int:
    """A two-digit year's year: 1930-2029, as Excel and Windows read it (SHORT_YEAR_PIVOT)."""
    return short + (1900 if short >= SHORT_YEAR_PIVOT else 2000)


def _day_month(first: int, second: int, year: int, ambiguous: str, same: str) -> tuple[object, str] | None:
    """`first/second/year` read month-first or day-first, with the reading's format (of the
    `ambiguous` kind's READINGS); both readings, under `ambiguous`, when both are dates."""
    month_first = _make_date(year, first, second)
    day_first = _make_date(year, second, first)
    if month_first and day_first:
        if first == second:
            return month_first, same
        return (month_first, day_first), ambiguous
    mdy, dmy = READINGS[ambiguous]
    if month_first:
        return month_first, mdy
    if day_first:
        return day_first, dmy
    return None


def _parse_time(text: str) -> tuple[int, int, int, int, timezone | None] | None:
    m = _TIME_RE.fullmatch(text)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2])
    second = int(m[3]) if m[3] else 0
    micro = int((m[4] or "0")[:6].ljust(6, "0"))
    if m[5]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[5].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz = None
    if m[6]:
        named = _ZONES.get(m[6])
        if named is not None:
            tz = named
        else:
            digits = m[6][1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            if offset >= timedelta(hours=24):
                return None
            tz = timezone(-offset if m[6][0] == "-" else offset)
    return hour, minute, second, micro, tz


def parse_datetime(text: str) -> tuple[object, str] | None:
    """A date followed by a time (optional seconds, fraction, AM/PM, zone); None otherwise.

    Formats are the date's + TIME. An ambiguous day/month date gives the pair (month-first,
    day-first) under AMBIGUOUS + TIME, as parse_date does; until 2026-11-26 such a datetime was read
    as text, so a day-first datetime column (`25/12/2024 10:00`) was typed string as a whole."""
    try:
        return datetime.fromisoformat(text), ISO_DATETIME
    except ValueError:
        pass
    parts = _DATE_TIME_SPLIT_RE.split(text, maxsplit=1)
    if len(parts) != 2:
        # "Jan 31 2024 10:00" has spaces inside the date part: split at the time instead.
        return None
    date_part, time_part = parts
    found = parse_date(date_part)
    if found is None:
        # Month-name dates contain spaces: the time starts at the word that holds its first colon
        # (`Jan 31, 2024 10:00 AM`, `31 Jan 2024 10:00:00 GMT`; until 2026-11-27 only a last word
        # was tried, and a time with AM/PM or a zone after a space made the cell text).
        colon = text.find(":")
        start = text.rfind(" ", 0, colon) if colon > 0 else -1
        if start <= 0:
            return None
        found = parse_date(text[:start].rstrip(", "))
        time_part = text[start + 1 :]
        if found is None:
            return None
    value, fmt = found
    clock = _parse_time(time_part.strip())
    if clock is None:
        return None
    if fmt in READINGS:  # both readings, as for dates: the column decides (summary._resolve_dates)
        assert isinstance(value, tuple)
        return (_at(value[0], clock), _at(value[1], clock)), fmt + TIME
    assert isinstance(value, date)
    return _at(value, clock), fmt + TIME


def _at(day: date, clock: tuple[int, int, int, int, timezone | None]) -> datetime:
    """`day` at a time `_parse_time` read."""
    hour, minute, second, micro, tz = clock
    return datetime(day.year, day.month, day.day, hour, minute, second, micro, tz)


def classify(text: str, decimal_comma: bool = False) -> Classified:
    """The kind of one non-missing cell; surrounding whitespace is ignored (and reported elsewhere).

    `decimal_comma`: numbers are written 1,5 and 1.234,5 (see Dialect.decimal); 1.5 is then no number.
    """
    value = text.strip()
    first = value[:1]
    if value[-1:] in ("f", "F", "y", "Y") and value.lower() in INFINITY_WORDS:
        return FLOAT, float(value), ""
    if not (first.isdigit() or first in "+-.,"):
        if value in TRUE_WORDS:
            return BOOL, True, ""
        if value in FALSE_WORDS:
            return BOOL, False, ""
        if first in _MARK_STARTS:
            return _marked_number(value, decimal_comma) or (STRING, value, "")
        if first == MINUS_SIGN_CHAR:
            return _minus_signed(value, decimal_comma)
        if not first.isalpha() or not _TEMPORAL_SHAPE.fullmatch(value):
            return STRING, value, ""
    if _INT_RE.fullmatch(value):
        return _integer(value, value)
    if decimal_comma:
        found = _comma_number(value)
        if found is not None:
            return found
    elif _FLOAT_RE.fullmatch(value):
        return _real(value, value)
    else:
        found = _grouped(_POINT_GROUPED_RE.fullmatch(value), value.replace(",", ""), value)
        if found is None and _one_separator(value):
            found = _grouped(
                _POINT_OTHER_GROUPED_RE.fullmatch(value), value.translate(_NO_POINT_THOUSANDS), value
            )
        if found is not None:
            return found
    if value[-1:] in _MARK_ENDS or (first in "+-" and _has_currency_sign(value)):
        found = _marked_number(value, decimal_comma)
        if found is not None:
            return found
    if value[-1:] == "-" and first.isdigit():
        found = _trailing_minus(value, decimal_comma)
        if found is not None:
            return found
    if first.isdigit():
        # What the chunk-wise paths accept (date/datetime.fromisoformat: week dates, any separator
        # before the time) must be what a value alone gets, or a column's type would depend on how
        # its values fell into chunks.
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if "W" in value[4:6]:
                return _week_date(value, moment)
            if len(value) == 10:
                return DATE, moment.date(), ISO
            return DATETIME, moment, ISO_DATETIME
    if _TEMPORAL_SHAPE.fullmatch(value):
        found = _temporal(value)
        if found is None and value[:1].isalpha():
            found = _after_a_weekday(value)
        if found is not None:
            return found
    return STRING, value, ""


def classify_cell(text: str, decimal_comma: bool = False) -> Classified:
    """`classify` for a column's cell: a lone `t`/`f`, `Y`/`N` or `y`/`n` is a bool there
    (LETTER_BOOLS). Until 2026-11-28 a PostgreSQL export's boolean column was text."""
    found = classify(text, decimal_comma)
    if found[0] == STRING:
        letter = LETTER_BOOLS.get(text.strip())
        if letter is not None:
            return BOOL, letter, ""
    return found


def _week_date(value: str, moment: datetime) -> Classified:
    """A value `datetime.fromisoformat` read as an ISO week date: `2024-W05-3` (or `2024W053`) is a
    day, with a time after it a datetime; a week without its day (`2024-W05`, `2024W05`) is a period,
    not an instant, and stays text, as pandas, polars and DuckDB read it (it was the week's Monday at
    midnight until 2026-11-27)."""
    day_end = 10 if value[4] == "-" else 8  # where 2024-W05-3 and 2024W053 end
    if not value[day_end - 1 : day_end].isdigit() or (day_end == 10 and value[8] != "-"):
        return STRING, value, ""
    if len(value) == day_end:
        return DATE, moment.date(), ISO_WEEK
    return DATETIME, moment, ISO_DATETIME


def _temporal(value: str) -> Classified | None:
    found_date = parse_date(value)
    if found_date is not None:
        return DATE, found_date[0], found_date[1]
    found_datetime = parse_datetime(value)
    if found_datetime is not None:
        return DATETIME, found_datetime[0], found_datetime[1]
    return None


def _after_a_weekday(value: str) -> Classified | None:
    """A date or datetime opened by the name of its own weekday (`_WEEKDAYS`), or C's asctime
    (`_CTIME_RE`); its format is DAY + the rest's (CTIME). An ambiguous day/month date is the reading
    whose weekday it is; a weekday that fits neither reading, or not the date, makes the cell text."""
    m = _WEEKDAY_RE.fullmatch(value)
    weekday = _WEEKDAYS.get(m[1].lower()) if m else None
    if m is None or weekday is None:
        return None
    start = m[1][:3]
    if not (start.istitle() or start.isupper() or start.islower()):
        return None  # as MAYBE_TYPED has it: `Wed`, `WED`, `wed`
    rest = m[2]
    again = _WEEKDAY_RE.fullmatch(rest)
    if again is not None and again[1].lower() in _WEEKDAYS:
        return None  # one weekday at most
    found = _temporal(rest)
    if found is None:
        found = _ctime(rest)
        if found is None:
            return None
        kind, moment, fmt = found
    else:
        kind, moment, fmt = found
        fmt = DAY + fmt
    readings = READINGS.get(fmt.removeprefix(DAY).removesuffix(TIME))
    if readings is not None:  # the weekday tells the reading
        assert isinstance(moment, tuple)
        fits = [reading for reading in moment if reading.weekday() == weekday]
        if len(fits) != 1:
            return None
        chosen = readings[0] if fits[0] is moment[0] else readings[1]
        return kind, fits[0], DAY + chosen + (TIME if kind == DATETIME else "")
    assert isinstance(moment, date)
    return (kind, moment, fmt) if moment.weekday() == weekday else None


def _ctime(text: str) -> Classified | None:
    """`Jan 31 10:00:00 2024` (after the weekday): C's asctime order, a zone before the year optional."""
    m = _CTIME_RE.fullmatch(text)
    month = _MONTHS.get(m[1].lower()) if m else None
    if m is None or month is None:
        return None
    day = _make_date(int(m[5]), month, int(m[2]))
    clock = _parse_time(m[3] + (" " + m[4] if m[4] else ""))
    if day is None or clock is None:
        return None
    return DATETIME, _at(day, clock), CTIME


def _integer(digits: str, value: str) -> Classified:
    """`digits` (an integer's text, read from the cell `value`): an int within [INT_MIN, INT_MAX],
    else the cell as a string (the bulk paths leave such chunks to `classify`). int() refuses more
    than 4 300 digits; so does this, without raising."""
    try:
        number = int(digits)
    except ValueError:  # beyond sys.get_int_max_str_digits()
        return STRING, value, ""
    if INT_MIN <= number <= INT_MAX:
        return INT, number, ""
    return STRING, value, ""


def _real(text: str, value: str) -> Classified:
    """`float(text)` (a float's text in Python's grammar, read from the cell `value`); a numeral
    beyond a float's range (1e999, 400 digits) is a string: only the INFINITY_WORDS are infinite."""
    real = float(text)
    if real in (float("inf"), float("-inf")):
        return STRING, value, ""
    return FLOAT, real, ""


def _comma_number(value: str) -> Classified | None:
    """A number written with a decimal comma (1,5 · ,5 · 1,5e3) or grouped by points (1.234 is an int,
    1.234,5 a float) or by spaces (1 234 · 1 234,5); None if `value` is none of them. Until 2026-11-27
    space-grouped numbers were text, so a French export's amounts were a string column."""
    if _COMMA_FLOAT_RE.fullmatch(value):
        return _real(value.replace(",", "."), value)
    found = _grouped(_GROUPED_RE.fullmatch(value), value.replace(".", "").replace(",", "."), value)
    if found is None:
        found = _grouped(
            _SPACE_GROUPED_RE.fullmatch(value), value.translate(_NO_SPACES).replace(",", "."), value
        )
    return found


# A number marked by a currency sign before or after it, or a percent sign after it, with a sign or an
# accountant's parentheses for a negative amount: `$1,234.56`, `-$7,461.72`, `+ $1,150.00`, `($1,600.03)`,
# `$ (1,600.03)`, `-123,45 €`, `$ 10.000,00`, `17.88%`; Excel's accounting format writes a zero as a
# dash beside the sign (`$ -`, `- €`). Parentheses alone mark a negative number too: `(1,234.00)`. What
# the mark encloses must read as a number on its own. Taken apart by slicing, not by a regex: optional
# groups around a run of digits and spaces backtracked quadratically on a long hostile cell.
CURRENCY_SIGNS = "$\u20ac\u00a3\u00a5"
_MARK_STARTS = frozenset(CURRENCY_SIGNS + "(")
_MARK_ENDS = frozenset(CURRENCY_SIGNS + "%")


def _has_currency_sign(value: str) -> bool:
    return any(sign in value for sign in CURRENCY_SIGNS)


_SIGNS = {"+": "+", "-": "-", MINUS_SIGN_CHAR: "-"}


def _marked_number(value: str, decimal_comma: bool) -> Classified | None:
    """`value` (stripped) as a number marked as currency or a percentage, or in an accountant's
    parentheses; None if it is not one."""
    text, negative, sign = value, False, ""
    if text[:1] == "(" and text[-1:] == ")":
        text, negative = text[1:-1].strip(), True
    if text[:1] in _SIGNS:
        sign, text = _SIGNS[text[0]], text[1:].lstrip()
    if text[:1] and text[0] in CURRENCY_SIGNS:
        fmt, text = CURRENCY, text[1:].lstrip()
        if text[:1] in _SIGNS and not sign:  # $-5
            sign, text = _SIGNS[text[0]], text[1:].lstrip()
    elif text[-1:] == "%" or (text[-1:] and text[-1] in CURRENCY_SIGNS):
        fmt = PERCENT if text[-1] == "%" else CURRENCY
        text = text[:-1].rstrip()
    elif negative:
        fmt = PARENTHESES
    else:
        return None
    if fmt == CURRENCY and not (negative or sign) and text[:1] == "(" and text[-1:] == ")":
        text, negative = text[1:-1].strip(), True  # $ (1,600.03): Excel's accounting format
    if fmt == CURRENCY and sign == "-" and not (text or negative):
        return INT, 0, CURRENCY  # $ -: the accounting format's zero
    if (negative and sign) or not text[:1].isdigit():
        return None
    kind, number, inner = classify(text, decimal_comma)
    if kind not in (INT, FLOAT) or inner in MARKED_FORMATS:
        return None
    return kind, -number if negative or sign == "-" else number, fmt  # type: ignore[operator]


def _trailing_minus(value: str, decimal_comma: bool) -> Classified | None:
    """`value` (stripped, a digit first, "-" last) as a negative number with its minus after the
    digits (`1.234,56-`); None if what the minus follows is no unsigned number."""
    text = value[:-1]
    if not text[-1:].isdigit():
        return None
    kind, number, inner = classify(text, decimal_comma)
    if kind not in (INT, FLOAT) or inner not in ("", GROUPED):
        return None
    return kind, -number, TRAILING_MINUS  # type: ignore[operator]


def _minus_signed(value: str, decimal_comma: bool) -> Classified:
    """`value` (stripped), which opens with Unicode's minus sign, read as if a hyphen-minus opened
    it — a number or text, never a date."""
    kind, number, fmt = classify("-" + value[1:], decimal_comma)
    if kind not in (INT, FLOAT):
        return STRING, value, ""
    return kind, number, fmt if fmt in (CURRENCY, PERCENT) else MINUS_SIGN


def _one_separator(value: str) -> bool:
    """Whether `value` holds exactly one kind of POINT_THOUSANDS (`1'234’567` is no number)."""
    return len(set(value).intersection(POINT_THOUSANDS)) == 1


def _grouped(match: re.Match[str] | None, plain: str, value: str) -> Classified | None:
    """A number grouped by thousands (`match` of its pattern; `plain`: its text in Python's grammar),
    with the format GROUPED; None if it did not match, a string if it reads as no finite number."""
    if match is None:
        return None
    kind, number, _ = _integer(plain, value) if match[1] is None and match[2] is None else _real(plain, value)
    return kind, number, GROUPED if kind != STRING else ""


def naive_utc(moment: datetime) -> datetime:
    """Aware datetimes compare in UTC; naive ones are taken as they are (pandas does the same)."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # 0001-01-01T00:00+01:00 has no UTC equivalent in range
        return moment.replace(tzinfo=None)
