"""The whole-file accumulator: header, row-level checks (ragged, blank, duplicate rows), columns.

`TableProfile.add_rows` takes one chunk of parsed records; `merge` appends another profile's rows
after ours (what profiling the concatenation would give). Nothing here reads or decodes bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Container, Hashable, Iterable, Sequence
from itertools import chain, compress, filterfalse, islice
from operator import itemgetter, not_

from csvpipe.core.column import ColumnProfile
from csvpipe.core.dialect import PREAMBLE_MAX_LINES, PREAMBLE_TEXT_CHARS, is_blank, is_rule, joined_names
from csvpipe.core.options import ProfileOptions
from csvpipe.core.sketches import HASH_SPACE, DistinctSketch, fingerprints, mixed
from csvpipe.core.values import FLOAT, INT, PERCENT, STRING, classify, classify_cell

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from typing import Any

FIRST_LINES = 5
# A footer (notes, a source, a disclaimer after the table) is at most this many records, of at most
# this many characters in all: what is held back for it stays small whatever the file (20 records of
# one 8 MiB field each would otherwise be 160 MiB held).
FOOTER_MAX_RECORDS = PREAMBLE_MAX_LINES
FOOTER_MAX_CHARS = 64 * 1024
# A note under the rows is a sentence this long at least (see _a_sentence_among_short_texts).
SENTENCE_CHARS = 20
# What a totals row's first field says, in the languages of the exports swept (case ignored, a colon
# after it allowed): pvlib's `Totals`, Italy's civil protection `TOTALE`, Twitter's `TOTAL`, kmymoney's
# `Total`. Such a row ends a table as a footer only when its numbers are its columns' sums (see
# TableProfile._sums_the_rows_above); the word alone only lets it be held back at a chunk's end.
TOTAL_WORDS = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "grand totals",
        "sum",
        "totale",
        "totaal",
        "totaux",
        "summe",
        "gesamt",
        "insgesamt",
        "suma",
        "razem",
        "toplam",
        "итого",
        "всего",
        "合計",
        "合计",
        "總計",
        "总计",
    }
)
_first = itemgetter(0)
# A row's fields joined by NUL, which no cell holds (the source rejects it): one text per row and one
# row per text. Until 2026-11-27 the unit separator U+001F joined them, and a cell may hold that
# (MARC records do): `\x1f,` and `,\x1f` were one text, so a duplicate (found by the fuzz test).
_ROW_SEPARATOR = "\x00"
# The line a query tool prints under its result: psql's `(3 rows)`, MySQL's `3 rows in set (0.00 sec)`,
# SQL*Plus' `14 rows selected.`, sqlcmd's `(6 rows affected)`, DuckDB's `30 rows  5 columns`.
_ROW_COUNT_NOTE = (  # (compiled on first use, through `re`'s cache: 0.15 ms less at import)
    r"\(?[0-9][0-9,]* rows?(?: (?:in set|selected|affected|returned|fetched))?\)?"
    r"(?: \([0-9.]+ sec\))?\.?(?: \([0-9,]+ shown\))?(?: [0-9][0-9,]* columns?)?"
)
ROW_COUNT_NOTE_CHARS = 80
# Joins a store's texts for the trip between processes; a text that holds it is sent unjoined.
_PACK_SEPARATOR = "\x1f"


class HeaderProblem:
    """One renamed (or suspicious) header name; `position` is 1-based.

    `problem` is blank, duplicate, whitespace or missing (no name at all for the first field of
    every record: R's row names).
    """

    __slots__ = ("original", "position", "problem", "renamed_to")

    def __init__(self, position: int, original: str, renamed_to: str, problem: str) -> None:
        self.position = position
        self.original = original
        self.renamed_to = renamed_to
        self.problem = problem

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "original": self.original,
            "renamed_to": self.renamed_to,
            "problem": self.problem,
        }


def clean_header(names: Sequence[str]) -> tuple[list[str], list[HeaderProblem]]:
    """Blank names become `column_<n>`; repeats get `_2`, `_3`, … (skipping names already taken)."""
    problems: list[HeaderProblem] = []
    taken = {name for name in names if name.strip()}
    seen: set[str] = set()
    result: list[str] = []
    # The suffix to try first for each repeated name: all below it are taken, so the search does not
    # start again at 2 (10 000 columns named "a" took 16 s that way).
    next_suffix: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name.strip():
            new = f"column_{position}"
            suffix = 2
            while new in taken or new in seen:
                new = f"column_{position}_{suffix}"
                suffix += 1
            problems.append(HeaderProblem(position, name, new, "blank"))
        elif name in seen:
            suffix = next_suffix.get(name, 2)
            new = f"{name}_{suffix}"
            while new in taken or new in seen:
                suffix += 1
                new = f"{name}_{suffix}"
            next_suffix[name] = suffix + 1
            problems.append(HeaderProblem(position, name, new, "duplicate"))
        else:
            new = name
            if name != name.strip():
                problems.append(HeaderProblem(position, name, name, "whitespace"))
        seen.add(new)
        result.append(new)
    return result, problems


def _first_lines_after(mine: list[int], theirs: list[int], line_offset: int) -> list[int]:
    """The first FIRST_LINES of `mine` followed by `theirs` shifted by `line_offset` (a merge)."""
    return (mine + [x + line_offset for x in theirs])[:FIRST_LINES]


class CountedLines:
    """How many records of one kind a file has, and the first FIRST_LINES lines they are on; merged
    in file order."""

    def __init__(self) -> None:
        self.count = 0
        self.first_lines: list[int] = []

    def note(self, line: int) -> None:
        self.count += 1
        if len(self.first_lines) < FIRST_LINES:
            self.first_lines.append(line)

    def merge(self, other: CountedLines, line_offset: int) -> None:
        self.count += other.count
        self.first_lines = _first_lines_after(self.first_lines, other.first_lines, line_offset)


class EmptyRows(CountedLines):
    """Records of two fields or more whose every field is empty (`,,,,`): a spreadsheet's rows once
    used, then cleared, or kept as spacers. They stay rows, as pandas reads them (all cells missing,
    from the second on also duplicates); this names them. Found by their joined text, which the
    duplicate-row store builds anyway — counted in a chunk (`add`, at C speed) only once the store
    holds that text (one lookup a chunk: counting every chunk measured +0.2-0.6 % of the bench
    files' instructions) — or one by one among the records of a ragged chunk (`note_record`: a long
    record is empty only if its cut fields are too)."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.text = _ROW_SEPARATOR * (width - 1) if width > 1 else None  # one column: blank lines

    def add(self, texts: list[str], lines: Sequence[int]) -> None:
        """A chunk of rows, each as its fields joined by _ROW_SEPARATOR."""
        found = texts.count(self.text) if self.text is not None else 0
        if found:
            self.count += found
            if len(self.first_lines) < FIRST_LINES:
                more = [line for text, line in zip(texts, lines, strict=True) if text == self.text]
                self.first_lines = (self.first_lines + more)[:FIRST_LINES]

    def note_record(self, record: list[str], line: int) -> None:
        """One record of a ragged chunk, as it stands (before it is padded or cut)."""
        if self.text is not None and not any(record):
            self.note(line)


class RaggedRows:
    """Records with more or fewer fields than the header (padded with missing cells / cut)."""

    def __init__(self) -> None:
        self.too_many = 0
        self.too_few = 0
        self.too_many_lines: list[int] = []
        self.too_few_lines: list[int] = []

    def merge(self, other: RaggedRows, line_offset: int) -> None:
        self.too_many += other.too_many
        self.too_few += other.too_few
        self.too_many_lines = _first_lines_after(self.too_many_lines, other.too_many_lines, line_offset)
        self.too_few_lines = _first_lines_after(self.too_few_lines, other.too_few_lines, line_offset)


class RepeatedHeaders(CountedLines):
    """Records equal to the header, field for field: files concatenated with their headers
    (`cat a.csv b.csv`). They are skipped, as blank lines are, and counted here; read as data they made
    a type mismatch in every typed column, an extra distinct value and a duplicate row of each.

    Only a header with at least two names that read as text (not blank, not a missing marker, a
    number, a date or a bool) is looked for: a one-column file's values may well equal its name, and
    when a first row of values is taken for a header (`header=True` forced on a file without one), a
    later row equal to it is data (statsmodels' headerless result files repeat their first row of
    numbers up to 103 times). A file without a header (`named` False in TableProfile) has none to
    repeat.
    """

    def __init__(
        self,
        header: Sequence[str],
        missing: Container[str] = (),
        decimal_comma: bool = False,
        along: Sequence[Sequence[str]] = (),
    ) -> None:
        """`along`: records that repeat with the header in such files and are skipped and counted as
        it is, wherever they are: the rows under it (Dialect.header_rows) and a logger's banner."""
        super().__init__()
        self.header = list(header)
        records = [self.header, *(list(record) for record in along)]
        # Exports concatenated with their byte order marks (`cat` of two Excel "CSV UTF-8" files):
        # the second header's first field opens with U+FEFF, quoted or not (`\ufeff"id"`, read so).
        marked = [
            [prefix + record[0] + suffix, *record[1:]]
            for record in records
            if record
            for prefix, suffix in (("\ufeff", ""), ('\ufeff"', '"'))
        ]
        self.records = records + marked
        named = sum(
            1
            for name in header
            if name.strip()
            and name not in missing
            and name.strip() not in missing
            and classify(name, decimal_comma)[0] == STRING
        )
        # The first fields are looked up in each chunk's first column (ColumnProfile.add_chunk's
        # `unless`); rows are compared only when one is there.
        self.probe: frozenset[str] | None = (
            frozenset(record[0] for record in self.records if record)
            if len(header) >= 2 and named >= 2
            else None
        )

    def drop(self, rows: list[list[str]], lines: Sequence[int]) -> tuple[list[list[str]], list[int]]:
        """`rows` without the repeated headers (and their lines), which are counted."""
        records = self.records
        kept: list[list[str]] = []
        kept_lines: list[int] = []
        for row, line in zip(rows, lines, strict=True):
            if row in records:
                self.note(line)
            else:
                kept.append(row)
                kept_lines.append(line)
        return kept, kept_lines


class DuplicateRows:
    """Exact duplicate count while the distinct rows fit a budget (`limit` rows and about
    `memory` bytes), then a lower bound with an estimate beside it.

    Within the budget each distinct row's text is kept: one (cached) string hash per row, less than
    half the cost of a deterministic 64-bit fingerprint (measured on the UN file: 0.19 s against
    0.41 s for 346 000 rows). A later part of a split file (`keep_lines`) keeps each text's first
    line too, so that a merge can name the lines of its rows that repeat a row of an earlier part:
    as the chunks of texts it added, in order, each with its lines (`first_seen`), beside the same
    set — a dict of each text's line cost 0.058-0.068 s instead of 0.025 s for the UN file's 346 000
    joined rows, the ints of the lines most of it; a chunk's list and its range of lines cost a
    reference. Past the budget the texts are
    fingerprinted once and from then on every row is: repeats of stored rows are still found (a lower
    bound, `exact` False) and a KMV sketch of all fingerprints, started from the stored ones, gives
    an estimate.
    """

    SKETCH_K = 4096
    # A str's header (sys.getsizeof: 49 + length), its set or dict slot, the line's int if kept.
    ROW_OVERHEAD = 110

    def __init__(self, limit: int, keep_lines: bool = False, memory: int = 64_000_000) -> None:
        self.limit = limit
        self.memory = memory  # bytes, counted as characters + ROW_OVERHEAD per stored row
        # While exact: the distinct row texts; and (keep_lines) the line each first appeared on, as
        # chunks of the texts in the order they were added, each with the lines of its texts.
        self.texts: set[str] | None = set()
        self.first_seen: list[tuple[list[str], Sequence[int]]] | None = [] if keep_lines else None
        self.stored_bytes = 0
        self.seen: set[int] = set()  # fingerprints of the stored rows, once past the budget
        self.count = 0
        self.rows = 0
        self.first_lines: list[int] = []
        self.sketch: DistinctSketch | None = None
        # After unpickling: the texts still joined (one string) and their first lines (see __getstate__).
        # The lines travel as each chunk's (mostly a range): a list of 155 000 ints took longer to
        # build, pickle and unpickle than the trip of the texts.
        self.packed: tuple[str, list[Sequence[int]] | None] | None = None
        # A merged store's texts, already counted but not yet added to `texts` (see _merge_packed);
        # still joined (a str) after a merge that a cross-check spared the lookups (see merge).
        self.unmerged: list[str] | str | None = None
        # A split file's first part (parallel.py): called with each chunk's row texts while the
        # store is exact, so that a later part's worker looks its own texts up in them as they come
        # (`cross_check`) instead of this process after its part; `fed_rows`: the rows it had when
        # feeding ended. Neither travels.
        self.listener: Callable[[list[str]], None] | None = None
        self.fed_rows: int | None = None
        # A later part's look-up in the texts fed to it (cross_check): how many of its texts were
        # there, their bytes (as _bytes_of counts them), the first lines of those, its texts' count.
        self.cross: tuple[int, int, list[int], int] | None = None

    @property
    def exact(self) -> bool:
        return self.texts is not None or self.packed is not None

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a part's profile travels back from its worker) with the texts joined into one
        string: pickling and unpickling 173 000 small strings (the second half of the UN file) took
        0.05 s and 0.09 s, a dict rebuilt in the parent included (and the parent's thread that reads the
        worker's pipe competes for the GIL with the parent's own part). Joined, the trip is a copy of
        8 MB, and the merge splits the string and looks the pieces up at C speed (`_merge_packed`)."""
        if self.unmerged is not None:
            self._unpack()
        state = self.__dict__.copy()
        state["listener"] = state["fed_rows"] = None
        texts, log = self.texts, self.first_seen
        if texts:
            ordered = texts if log is None else chain.from_iterable(keys for keys, _ in log)
            joined = _PACK_SEPARATOR.join(ordered)
            if joined.count(_PACK_SEPARATOR) == len(texts) - 1:  # no text holds the separator
                lines = None if log is None else [lines for _, lines in log]
                state["texts"], state["first_seen"], state["packed"] = None, None, (joined, lines)
        return state

    def _unpack(self) -> None:
        """Back from the joined form (see __getstate__) to a set of texts (and their first lines),
        with a merged store's texts added (see _merge_packed)."""
        if self.unmerged is not None:
            assert self.texts is not None
            unmerged = self.unmerged
            self.texts.update(unmerged.split(_PACK_SEPARATOR) if isinstance(unmerged, str) else unmerged)
            self.unmerged = None
        if self.packed is not None:
            joined, lines = self.packed
            pieces = joined.split(_PACK_SEPARATOR)
            self.texts = set(pieces)
            self.first_seen = None if lines is None else [(pieces, list(chain.from_iterable(lines)))]
            self.packed = None

    def _lines_of(self, keys: Iterable[str]) -> list[int]:
        """The first lines of stored texts (`first_seen` kept): a dict of them all, built only when a
        merge finds rows that repeat another part's."""
        assert self.first_seen is not None
        log = self.first_seen
        texts = chain.from_iterable(texts for texts, _ in log)
        first = dict(zip(texts, chain.from_iterable(lines for _, lines in log), strict=True))
        return [first[key] for key in keys]

    def _spill(self) -> None:
        """From row texts to fingerprints (once): the count is a lower bound from here on."""
        self._unpack()
        texts, self.texts, self.first_seen = self.texts, None, None
        self.seen = _fingerprint_all(texts or (), self.stored_bytes)  # the texts are freed when `add` returns
        self.sketch = DistinctSketch(self.SKETCH_K, keep_strings=False, space=HASH_SPACE)
        self.sketch.add_hashes(mixed(self.seen))

    def _keep_within_budget(self) -> None:
        """The budget rule, for adds and merges alike: past `limit` rows or `memory` bytes, spill."""
        texts = self.texts
        if texts is not None and (len(texts) > self.limit or self.stored_bytes > self.memory):
            self._spill()

    def _note_first_lines(self, found: Iterable[int]) -> None:
        self.first_lines = sorted([*self.first_lines, *found])[:FIRST_LINES]

    def add(
        self, rows: Sequence[Sequence[str]], lines: Sequence[int], joined: list[str] | None = None
    ) -> None:
        """A chunk of rows; `joined`: their fields joined by _ROW_SEPARATOR, if the caller has them."""
        self._unpack()
        texts = self.texts
        keys = list(map(_ROW_SEPARATOR.join, rows)) if joined is None else joined
        if texts is None:
            self._add_fingerprints(list(map(str.encode, keys)), lines)
            return
        if self.listener is not None:
            self.listener(keys)
        self.rows += len(keys)
        before = len(texts)
        log = self.first_seen
        if texts.isdisjoint(keys):
            # The common case, no row of the chunk stored before: one probe and one insert a row
            # instead of a set of the chunk first (UN file: -1.5 % instructions).
            texts.update(keys)
            added = len(texts) - before
            if added == len(keys):
                self.stored_bytes += self._bytes_of(keys)
                if log is not None:
                    log.append((keys, lines if isinstance(lines, range) else list(lines)))
            else:  # repeats within the chunk
                self.count += len(keys) - added
                if len(self.first_lines) < FIRST_LINES:
                    self._note_first_lines(_repeat_lines(keys, lines, ()))
                self.stored_bytes += self._bytes_of(set(keys))
                if log is not None:
                    log.append(_first_occurrences(keys, lines, ()))
            self._keep_within_budget()
            return
        fresh = set(keys)
        old = set(filter(texts.__contains__, fresh))
        # The stored texts' own lengths: an estimate from the chunk's mean length let a file whose long
        # rows are distinct and short rows repeat (a 300 MB file of 1 MB and 3-byte rows) store twice
        # the budget (a peak of 293 MB traced for a 64 MB budget).
        new_bytes = self._bytes_of(fresh) - self._bytes_of(old)
        repeats = len(keys) - len(fresh) + len(old)
        if repeats:
            self.count += repeats
            if len(self.first_lines) < FIRST_LINES:
                self._note_first_lines(_repeat_lines(keys, lines, old))
        if log is not None:  # a stored text keeps its (earlier) line
            log.append(_first_occurrences(keys, lines, old))
        texts.update(fresh)
        self.stored_bytes += new_bytes
        self._keep_within_budget()

    def may_hold(self, text: str) -> bool:
        """Whether a row joined as `text` was ever added: exact while the store keeps texts, always
        True once it keeps fingerprints (one lookup a chunk instead of a scan of the chunk)."""
        self._unpack()
        texts = self.texts
        return texts is None or text in texts

    def stored(self) -> set[str] | None:
        """The stored row texts (None once past the budget), every merge added."""
        self._unpack()
        return self.texts

    def _add_fingerprints(self, keys: list[bytes], lines: Sequence[int]) -> None:
        prints = fingerprints(keys)
        self.rows += len(prints)
        seen = self.seen
        unique = set(prints)
        repeats = len(prints) - len(unique) + len(unique.intersection(seen))
        if repeats:
            self.count += repeats
            if len(self.first_lines) < FIRST_LINES:
                self._note_first_lines(_repeat_lines(prints, lines, seen))
        assert self.sketch is not None
        self.sketch.add_hashes(mixed(unique))

    def estimate(self) -> int | None:
        """Past the budget: duplicates implied by the KMV distinct-row estimate, when that is clearly
        more than its own noise (3 standard errors); else None (only the counted lower bound)."""
        if self.sketch is None:
            return None
        distinct = self.sketch.estimate()
        implied = self.rows - distinct
        if implied > self.count and implied > 3 * self.sketch.relative_error * distinct:
            return implied
        return None

    def cross_check(self, fed: Iterable[list[str]]) -> None:
        """In a later part's worker: which of this store's texts are among an earlier part's row
        texts (`fed`, chunk by chunk, every row that part added), kept in `cross` for the merge.
        The worker does it while the first part is still being profiled; the merge in the calling
        process then only adds the counts (see merge)."""
        self._unpack()
        texts, log = self.texts, self.first_seen
        if texts is None or log is None:
            return
        found: set[str] = set()
        for keys in fed:
            found.update(texts.intersection(keys))
        lines: list[int] = []
        if found:  # the log's chunks follow the file; within one its lines need not be in order
            for keys, chunk_lines in log:
                lines.extend(compress(chunk_lines, map(found.__contains__, keys)))
                if len(lines) >= FIRST_LINES:
                    break
        self.cross = (len(found), self._bytes_of(found), sorted(lines)[:FIRST_LINES], len(texts))

    def merge(self, other: DuplicateRows, line_offset: int) -> None:
        """Append `other`'s rows. While both are exact, the lines of its rows that repeat one of ours
        are known too (their first lines in `other`), so the result is what one pass would give."""
        # Looked up in its worker already (cross_check) against every row this store holds: counted
        # as _merge_packed would count them, and the joined texts split only if the store is used
        # again (UN file: the merge's 0.03 s in this process, spent in the idle worker instead).
        fed = other.cross is not None and self.fed_rows == self.rows and self.unmerged is None
        self._note_first_lines(x + line_offset for x in other.first_lines)
        self.rows += other.rows
        self.count += other.count
        if fed and other.packed is not None and self.texts is not None and self.first_seen is None:
            assert other.cross is not None
            found, found_bytes, found_lines, size = other.cross
            self._add_joined(other.packed[0], size, other.stored_bytes, found, found_bytes)
            self._note_first_lines(x + line_offset for x in found_lines)
            return
        self._unpack()
        if other.packed is not None and self.texts is not None and self.first_seen is None:
            self._merge_packed(other.packed, other.stored_bytes, line_offset)
            return
        other._unpack()
        mine, theirs = self.texts, other.texts
        if mine is not None and theirs is not None:
            common = [key for key in theirs if key in mine]
            self.count += len(common)
            if common and other.first_seen is not None:
                self._note_first_lines(line + line_offset for line in other._lines_of(common))
            # else: the lines of `other`'s rows that repeat ours are unknown (it kept no lines)
            log = self.first_seen
            if log is not None and other.first_seen is not None:
                known = set(common)
                for keys, lines in other.first_seen:
                    pairs = zip(keys, lines, strict=True)
                    new = [(key, line + line_offset) for key, line in pairs if key not in known]
                    if new:
                        log.append(([key for key, _ in new], [line for _, line in new]))
            elif log is not None:
                self.first_seen = None  # their lines are unknown: keep none
            mine.update(theirs)
            self.stored_bytes += other.stored_bytes - self._bytes_of(common)
            self._keep_within_budget()
            return
        # Past the budget on either side: repeats across the parts whose lines are unknown are still
        # counted when they are among the stored rows (a lower bound, as within one pass).
        if self.texts is not None:
            self._spill()
        if theirs is not None:
            their_prints = _fingerprint_all(theirs, other.stored_bytes)
            their_sketch = DistinctSketch(self.SKETCH_K, keep_strings=False, space=HASH_SPACE)
            their_sketch.add_hashes(mixed(their_prints))
        else:
            assert other.sketch is not None
            their_prints, their_sketch = other.seen, other.sketch
        self.count += len(their_prints.intersection(self.seen))
        assert self.sketch is not None
        self.sketch.merge(their_sketch)

    def _merge_packed(
        self, packed: tuple[str, list[Sequence[int]] | None], stored_bytes: int, line_offset: int
    ) -> None:
        """`merge` of a store that came back joined into one string: its texts are looked up in ours
        without building a set or dict of them first."""
        mine = self.texts
        assert isinstance(mine, set)
        joined, lines = packed
        pieces = joined.split(_PACK_SEPARATOR)
        common = mine.intersection(pieces)
        if common and lines is not None:  # (even with five first lines: the part's own may be later)
            found = compress(chain.from_iterable(lines), map(common.__contains__, pieces))
            self._note_first_lines(x + line_offset for x in found)
        self._add_joined(pieces, len(pieces), stored_bytes, len(common), self._bytes_of(common))

    def _add_joined(
        self, texts: list[str] | str, size: int, stored_bytes: int, common: int, common_bytes: int
    ) -> None:
        """Another store's `size` texts (a list, or still joined), `common` of them ours already:
        counted now, stored later — they join `texts` only when the store is used again (`_unpack`),
        and after a file's last merge nothing uses it. The UN file's merge: 0.047 s -> 0.033 s (adding
        155 000 texts resized the set of 190 000)."""
        assert self.texts is not None
        self.count += common
        self.unmerged = texts
        self.stored_bytes += stored_bytes - common_bytes
        if len(self.texts) + size - common > self.limit:
            self._unpack()  # so that the budget rule counts them
        self._keep_within_budget()

    def _bytes_of(self, texts: Collection[str]) -> int:
        """What stored `texts` count against the memory budget (as `add` counts them): a merge adds
        the other store's bytes less those of the texts both hold (a share by count had let a store
        of distinct long rows and repeated short ones exceed its budget)."""
        return len(texts) * self.ROW_OVERHEAD + sum(map(len, texts))


# The distinct sketches of all columns together keep about ProfileOptions.distinct_hashes hashes
# (each of k to 2k) and CHARS_PER_HASH characters of kept strings per hash: with k = 2 048 in every
# column, 2 000 columns of random numbers took 654 MB of RSS (a 119 MB file), more than the Lambda's
# 512 MB. With the default 2^20 hashes, up to 512 columns nothing changes.
CHARS_PER_HASH = 128  # 128 MiB of kept strings for the default 2^20 hashes
_SMALLEST_K = 64  # a relative standard error of 1/√62 ≈ 13 %, stated in the summary


def distinct_budget(limit: int, width: int, hashes: int = 1 << 20) -> tuple[int, int]:
    """A column's distinct-sketch k and kept-string budget when `width` columns share `hashes` hashes
    (ProfileOptions.distinct_hashes) and CHARS_PER_HASH characters of kept strings per hash."""
    share = max(1, width)
    k = min(limit, max(_SMALLEST_K, hashes // share))
    return k, min(DistinctSketch.ITEM_CHARS, max(16 * 1024, hashes * CHARS_PER_HASH // share))


def _ends_a_result(row: list[str]) -> bool:
    """Whether a record ends the table above it whatever that table holds: a rule drawn under it
    (`is_rule`), or a query tool's count of the rows it printed (`_ROW_COUNT_NOTE`: psql's `(3 rows)`
    under a table of text was a row until 2026-11-28; it is no sentence long enough to stand out)."""
    if is_rule(row):
        return True
    text = " ".join(" ".join(row).split())  # (a fixed-width table cuts the note at its columns)
    return len(text) <= ROW_COUNT_NOTE_CHARS and re.fullmatch(_ROW_COUNT_NOTE, text) is not None


def _sparse_tail(rows: list[list[str]], most_filled: int, other_than: int = 0) -> int:
    """How many records end `rows` with at most `most_filled` non-blank fields — or, given
    `other_than`, with another count of fields than that — counted up to FOOTER_MAX_RECORDS + 1
    (past that: a sparse table, not a footer). Stops at the first fuller one. Between runs of spaces
    a note's words are its fields (GISS's `Best estimate for absolute global mean … is 14.0 deg-C`,
    15 fields under 20 columns): `other_than` is the table's width there. A rule is held however
    full (reStructuredText's closing `====  ======`: it opens a footer, see `_opens_footer`), and so
    is a query tool's count of rows (`14 rows selected.`, cut into two fields by a fixed-width
    table's columns). When the run is longer than a footer can be, the records from the last rule
    or count in it on are still held: a table of half-filled rows (an id beside a NULL, 20 times and
    more) has its closing frame and `19 rows in set` read as a footer, not as rows."""
    count = 0
    through_end = 0  # the records from the topmost rule or count seen so far
    for row in reversed(rows):
        ends = _ends_a_result(row)
        held = (
            _sparse(row, most_filled) or names_a_total(row) or (other_than and len(row) != other_than) or ends
        )
        if not held or count > FOOTER_MAX_RECORDS:
            break
        count += 1
        if ends and count <= FOOTER_MAX_RECORDS:
            through_end = count
    return through_end if count > FOOTER_MAX_RECORDS and through_end else count


def _a_sentence_among_short_texts(value: str, longest: int) -> bool:
    """Whether a text is a sentence — SENTENCE_CHARS characters and three words at least, two of them
    with letters — more than twice as long as the longest value of its column so far: a disclaimer or
    a download note under account numbers or codes (Fidelity's positions: `"The data and information
    in this spreadsheet is provided to you…"` and `Date downloaded 09/23/2026` below `Z12345678`),
    not a name left alone on a row nor a few short words (`a b ab`, `1 1 1`: found by hypothesis)."""
    text = value.strip()
    if len(text) < SENTENCE_CHARS or len(text) <= 2 * longest:
        return False
    words = text.split()
    return len(words) >= 3 and sum(1 for word in words if any(map(str.isalpha, word))) >= 2


def _sparse(row: list[str], most_filled: int) -> bool:
    """Whether at most `most_filled` fields of the record are filled (not blank)."""
    return next(islice(filter(str.strip, row), most_filled, None), None) is None


def names_a_total(row: list[str]) -> bool:
    """Whether the record's first filled field is a totals word (TOTAL_WORDS), perhaps with a count
    in brackets after it (Salesforce's `Grand Totals (12 records)`): such a record is held back at a
    chunk's end like a sparse one, however full it is."""
    first = next(filter(str.strip, row), None)
    if first is None or len(first) >= 40:
        return False
    word = first.strip().rstrip(":")
    if word.endswith(")") and "(" in word:
        word = word[: word.rindex("(")].rstrip()
    return word.casefold() in TOTAL_WORDS


def _characters(records: Iterable[list[str]]) -> int:
    return sum(map(len, chain.from_iterable(records)))


def _fingerprint_all(texts: Collection[str], stored_bytes: int) -> set[int]:
    """Fingerprints of many row texts (`stored_bytes` in all), encoded a batch of about 8 MB at a time:
    encoding them all at once would briefly double the store's memory (measured: peak RSS 148 MB on
    the 1 GB file, 52 MB before the store kept texts; 65 536 texts a batch still took all of a store
    of 1 MB rows at once)."""
    batch = max(1, min(65_536, 8_000_000 * len(texts) // max(1, stored_bytes)))
    found: set[int] = set()
    pending = iter(texts)
    while True:
        encoded = list(map(str.encode, islice(pending, batch)))
        if not encoded:
            return found
        found.update(fingerprints(encoded))


def _first_occurrences(
    keys: Sequence[str], lines: Sequence[int], stored: Container[str]
) -> tuple[list[str], list[int]]:
    """The chunk's texts that are not in `stored`, each once, with the line it first appears on
    (zip of the reversed chunk: a text seen twice keeps its earliest line)."""
    earliest = dict(zip(reversed(keys), reversed(lines), strict=True))
    new = list(filterfalse(stored.__contains__, earliest))
    return new, [earliest[key] for key in new]


def _repeat_lines(keys: Sequence[Hashable], lines: Sequence[int], stored: Container[Hashable]) -> list[int]:
    """The first lines of the chunk's rows (texts or fingerprints) that repeat a stored row or an
    earlier row of the chunk."""
    found = []
    local: set[Hashable] = set()
    for key, line in zip(keys, lines, strict=True):
        if key in stored or key in local:
            found.append(line)
            if len(found) >= FIRST_LINES:
                break
        local.add(key)
    return found


class TableProfile:
    """The mergeable state of one profiled file (or of several, merged in row order)."""

    def __init__(
        self,
        header: Sequence[str],
        options: ProfileOptions,
        header_line: int = 1,
        later_part: bool = False,
        unnamed_first_field: bool = False,
        *,
        decimal_comma: bool = False,
        named: bool = True,
        trailing_delimiter: bool = False,
        comment: str | None = None,
        repeated_with: Sequence[Sequence[str]] = (),
        last_column_optional: bool = False,
        header_groups: Sequence[str] = (),
        flagged: bool = False,
    ) -> None:
        """`later_part`: the rows follow other rows profiled elsewhere (a split file's part after the
        first); its duplicate store then keeps first lines for the merge. `unnamed_first_field`: the
        header lacks the first field's name (Dialect.unnamed_first_field); it gets one, reported.
        `decimal_comma`: numbers are written 1,5 (Dialect.decimal). `named`: False when the file has
        no header (Dialect.header) — `header` is then its first record, and the columns are called
        `column_1` … (the caller adds that record as data). `trailing_delimiter`: rows end with a
        delimiter the header lacks (Dialect.trailing_delimiter); that empty last field is dropped.
        `comment`: records whose first field starts with it are comments, counted and left out
        (Dialect.comment). `repeated_with`: records skipped and counted wherever they repeat, as a
        repeated header is (RepeatedHeaders' `along`). `last_column_optional`: a row one field short
        of the header is padded without being ragged (Dialect.last_column_optional).
        `header_groups`: labels joined with the names (Dialect.header_groups); the header as read
        (`raw_header`) is what repeats. `flagged`: a Eurostat table (Dialect.eurostat) — the names
        are stripped, and every column but the first has its values' flags taken off and counted."""
        self.options = options
        self.comment = comment
        self.comment_lines = 0
        self.rule_lines = 0  # lines drawn between a drawn table's rows (a grid's), left out
        self.trailing_delimiter = trailing_delimiter
        self.last_column_optional = last_column_optional
        self.named = named
        if not named:
            header = [f"column_{position}" for position in range(1, len(header) + 1)]
        self.raw_header = ["", *header] if unnamed_first_field else list(header)
        names = joined_names(header_groups, self.raw_header) if header_groups else self.raw_header
        # A Eurostat table's row dimensions: the columns up to the one named `geo\time` (its name
        # then the dimension's, `geo`); the others are flagged values (see ColumnProfile).
        dimensions = 0
        if flagged:
            dimensions = next((i + 1 for i, name in enumerate(names) if "\\" in name), 1)
            names = [name.strip() for name in names]
            names[dimensions - 1] = names[dimensions - 1].rpartition("\\")[0].strip() or names[dimensions - 1]
        self.names, self.header_problems = clean_header(names)
        if unnamed_first_field:
            self.header_problems[0].problem = "missing"
        self.header_line = header_line
        self.width = len(self.names)
        distinct_limit, distinct_chars = distinct_budget(
            options.distinct_exact_limit, self.width, options.distinct_hashes
        )
        self.columns = [
            ColumnProfile(
                name,
                missing=options.missing_markers,
                distinct_limit=distinct_limit,
                examples=options.examples,
                decimal_comma=decimal_comma,
                distinct_chars=distinct_chars,
                flagged=flagged and position >= dimensions,
            )
            for position, name in enumerate(self.names)
        ]
        self.rows = 0
        self.blank_lines = 0
        self.last_line = header_line
        self.ragged = RaggedRows()
        self.empty_rows = EmptyRows(self.width)
        self.repeated_headers = RepeatedHeaders(
            self.raw_header if named else [], options.missing_markers, decimal_comma, repeated_with
        )
        self.duplicates = DuplicateRows(
            options.duplicate_rows_exact_limit, keep_lines=later_part, memory=options.duplicate_rows_memory
        )
        # Set by the reader (profile_stream) — facts about the bytes, not the rows.
        self.encoding = "utf-8"
        self.encoding_fallback: str | None = None
        self.undecodable_bytes = 0
        self.compression: str | None = None
        self.dialect: dict[str, Any] = {}
        self.preamble: list[dict[str, Any]] = []  # lines before the header, skipped
        self.header_groups_line: int | None = None  # the preamble's line whose groups join the names
        self.later_tables: list[dict[str, Any]] = []  # tables after this one, not profiled (Dialect)
        # Records under the header that belong to it (units, processing; Dialect.header_rows): each
        # as a line and its text, and each column's fields in them.
        self.header_rows: list[dict[str, Any]] = []
        self.header_cells: list[list[str]] = [[] for _ in range(self.width)]
        # The last chunk's closing records with few fields filled, held back (see add_rows), and
        # their lines; at the end, `finish` makes a footer of them or adds them as rows.
        self.held: list[list[str]] = []
        self.held_lines: list[int] = []
        # The run of sparse records that ends what was read (held or, past FOOTER_MAX_RECORDS, not),
        # counted up to FOOTER_MAX_RECORDS + 1; and whether every record read so far was sparse: a
        # merge continues our run with a part that read nothing else.
        self.sparse_run = 0
        self.sparse_chars = 0  # the run's characters, counted while it can still be a footer
        self.only_sparse = True
        self.footer: list[dict[str, Any]] = []  # records after the table, left out (see finish)

    def add_header_rows(self, records: list[tuple[int, list[str]]], delimiter: str) -> None:
        """The records under the header that belong to it, with their lines: listed, not profiled."""
        for line, record in records:
            text = delimiter.join(record).rstrip(delimiter + " ")
            self.header_rows.append({"line": line, "text": text[:PREAMBLE_TEXT_CHARS]})
            if is_rule(record):  # a line drawn under the names: no column's unit or label
                continue
            for position, cells in enumerate(self.header_cells):
                cells.append(record[position].strip()[:PREAMBLE_TEXT_CHARS] if position < len(record) else "")

    def add_rows(self, rows: list[list[str]], lines: Sequence[int], *, square: bool = False) -> None:
        """One chunk of records; `lines[i]` is the line on which record i starts. `square`: the caller
        has checked that every record has the header's width (the reader does, a step at a time).

        Records at the chunk's end with at most half the fields filled (up to FOOTER_MAX_RECORDS of
        FOOTER_MAX_CHARS characters in all) are held back until the next chunk, which they then open:
        at the file's end they may be its footer (`finish`). What is held is the file's closing run
        of such records, however the chunks (or parts, see merge) cut it, and nothing if that run is
        longer. A chunk's last record is nearly always full: one look at it."""
        if self.comment is not None and rows:
            rows, lines = self._without_comments(rows, lines)
        if self.width < 2 or not rows:
            self._add_rows(rows, lines, square)
            return
        spaces = self.dialect.get("delimiter") == " "
        tail = _sparse_tail(rows, max(1, self.width // 2), self.width if spaces else 0)
        whole = tail == len(rows)  # the run goes on from the chunk before
        chars = _characters(rows[len(rows) - tail :]) if tail <= FOOTER_MAX_RECORDS else 0
        self._extend_run(tail, chars, whole)
        self.only_sparse = self.only_sparse and whole
        if self.held:  # the run before is held whole (it was short enough): it opens this chunk
            held, held_lines = self._take_held()
            rows, lines, square = [*held, *rows], [*held_lines, *lines], False
        run = self.sparse_run
        if 0 < run <= FOOTER_MAX_RECORDS:
            self.held, self.held_lines = rows[-run:], list(lines[-run:])
            rows, lines = rows[:-run], lines[: len(rows) - run]
        self._add_rows(rows, lines, square)

    def _without_comments(
        self, rows: list[list[str]], lines: Sequence[int]
    ) -> tuple[list[list[str]], Sequence[int]]:
        """`rows` without the comment records (counted), and their lines."""
        comment = self.comment
        assert comment is not None
        marks = [bool(row) and row[0].startswith(comment) for row in rows]
        found = sum(marks)
        if not found:
            return rows, lines
        self.comment_lines += found
        kept = list(map(not_, marks))
        return list(compress(rows, kept)), list(compress(lines, kept))

    def _extend_run(self, records: int, chars: int, goes_on: bool) -> None:
        """The closing run after `records` more sparse records of `chars` characters: added to the run
        before if `goes_on` (nothing but sparse records came since), else a run of their own. Past
        either limit it is too long for a footer, for good (FOOTER_MAX_RECORDS + 1)."""
        run = self.sparse_run + records if goes_on else records
        chars = self.sparse_chars + chars if goes_on else chars
        if run > FOOTER_MAX_RECORDS or chars > FOOTER_MAX_CHARS:
            run, chars = FOOTER_MAX_RECORDS + 1, 0
        self.sparse_run, self.sparse_chars = run, chars

    def finish(self) -> None:
        """Settle the records held back at the end (see add_rows): a footer from the first of them
        whose first value is text in a column of another kind (`© Destatis` or `Source: BEA` below
        years, `Disclaimer:` below dates) — listed in `footer`, not profiled — and rows before it.
        Until 2026-11-27 a footer's lines were rows, and a GENESIS table's column of years (41 years,
        5 footer lines) was typed text. A profile is finished once, when no rows will follow."""
        rows, lines = self._take_held()
        start = self._footer_start(rows, self._opens_footer)
        self._add_rows(rows[:start], lines[:start])
        delimiter = self.dialect.get("delimiter", ",")
        for row, line in zip(rows[start:], lines[start:], strict=True):
            if is_blank(row):  # between a footer's notes: a blank line, as anywhere (was listed as "")
                self.blank_lines += 1
                continue
            text = delimiter.join(row).rstrip(delimiter + " ")
            self.footer.append({"line": line, "text": text[:PREAMBLE_TEXT_CHARS]})

    def _opens_footer(self, row: list[str]) -> bool:
        """Whether a held record's first value is text (not missing) in a column whose values so far
        are of another kind — two at least, and as large a share as the column's type needs
        (`type_threshold`): a note, not a row with cells left empty (`2024-06,,,`) or a text among
        texts."""
        if _ends_a_result(row):  # a rule under the table (ONS' `=====`, MySQL's `+---+`), `(3 rows)`
            return True  # before the repeats: MySQL's closing frame line is also the rule under its names
        repeated = self.repeated_headers  # a repeat of the header is one wherever it is (skipped, counted)
        if repeated.probe is not None and row in repeated.records:
            return False
        total = names_a_total(row)
        if total and self._sums_the_rows_above(row):
            return True
        # Or it leaves its label blank (Google Analytics' `,904`): then it must sum columns of numbers,
        # two at least (one number "summed" is a row repeated, and a column of text is no total's).
        if row and not row[0].strip() and self._sums_the_rows_above(row, columns_of_numbers=True):
            return True
        if total and not _sparse(row, max(1, self.width // 2)):
            return False  # held back for its word alone: a footer only as a totals row
        position = next((index for index, field in enumerate(row) if field.strip()), None)
        if position is None or position >= self.width:
            return False
        column = self.columns[position]
        value = row[position]
        kinds = column.kinds
        most = max(kinds, key=kinds.__getitem__)
        if most == STRING:
            return kinds[most] >= 2 and _a_sentence_among_short_texts(value, column.length_max or 0)
        return (
            kinds[most] >= max(2, self.options.type_threshold * sum(kinds.values()))
            and value not in column.missing_markers
            and value.strip() not in column.missing_markers
            and classify_cell(value, column.decimal_comma)[0] == STRING
        )

    def _sums_the_rows_above(self, row: list[str], columns_of_numbers: bool = False) -> bool:
        """Whether each number of `row` in a column of numbers is that column's sum of the rows above,
        to the number's own precision (half a unit of its last digit), one such number at least: a
        totals row (`Totals, , ,2041421,550373,…` below 8 760 hours), not a row named "Total" that
        holds other figures. Percentages are not summed, so they are passed over; a number in a
        column of no numbers makes it no totals row. `columns_of_numbers`: each column it sums holds two
        numbers at least, as large a share of its values as its type needs (`type_threshold`)."""
        found = 0
        for column, field in zip(self.columns, row, strict=False):
            text = field.strip()
            if not text:
                continue
            kind, value, fmt = classify(text, column.decimal_comma)
            if kind not in (INT, FLOAT) or fmt == PERCENT:
                continue
            ints, floats = column.ints, column.floats
            numbers = ints.count + floats.count
            if numbers == 0:
                return False
            if columns_of_numbers and (
                numbers < 2 or numbers < self.options.type_threshold * sum(column.kinds.values())
            ):
                return False
            total = ints.total + floats.total + floats.residue
            # Its last digit's place: the decimal mark's, not a thousands separator's (`12,345` is an int).
            mark = "," if column.decimal_comma else "."
            point = text.rfind(mark) if kind == FLOAT and "e" not in text.casefold() else -1
            digits = len(text) - point - 1 if point >= 0 else 0
            if abs(float(value) - total) > 0.5 * 10.0**-digits + 1e-9 * abs(total):  # type: ignore[arg-type]
                return False
            found += 1
        return found > 0

    def release_held(self, before_a_rule: bool = False) -> None:
        """The held records are rows after all (rows follow them: a later part of the file) — or,
        `before_a_rule`, those above the first rule (or query tool's count of rows) among them, that
        one and what follows it staying held for the footer (`finish`): a table of nothing but
        half-filled rows has no typed values for a note to stand out from, but a rule drawn under it
        still ends it (MySQL's closing frame under two rows of an id and a NULL)."""
        rows, lines = self._take_held()
        end = self._footer_start(rows, _ends_a_result) if before_a_rule else len(rows)
        end = end or len(rows)  # (a rule alone under the header stays a row: no table ends there)
        self.held, self.held_lines = rows[end:], list(lines[end:])
        self._add_rows(rows[:end], lines[:end])

    def _footer_start(self, rows: list[list[str]], opens: Callable[[list[str]], bool]) -> int:
        """Where the footer starts among the held `rows`: at the first that `opens` it — but in a
        drawn table (Dialect.drawn) not at a line with a row after it: a grid draws one between
        every two rows, and only the closing one (or its count of rows) ends the table."""
        drawn = self.dialect.get("drawn") is not None
        for index, row in enumerate(rows):
            if opens(row) and not (drawn and any(len(later) > 1 for later in rows[index + 1 :])):
                return index
        return len(rows)

    def _closing_run_held(self, rows: list[list[str]], lines: list[int]) -> None:
        """The end of a closing run of sparse records (merge) as one pass settles it: rows, but from
        the topmost rule or query tool's count of rows among its last FOOTER_MAX_RECORDS records on
        held for the footer (`_sparse_tail`, `release_held(before_a_rule=True)`); a rule first of
        all, right under the header, stays a row. Until 2026-11-28 a split file read a closing `---`
        under 20 half-filled rows as a row, one pass as its footer (found by hypothesis)."""
        window = max(0, len(rows) - FOOTER_MAX_RECORDS)
        end = window + self._footer_start(rows[window:], _ends_a_result)
        if end == 0 and self.rows == 0:
            end = len(rows)
        self._add_rows(rows[:end], lines[:end])
        self.held, self.held_lines = rows[end:], lines[end:]

    def _take_held(self) -> tuple[list[list[str]], list[int]]:
        """The held records and their lines, no longer held."""
        taken = self.held, self.held_lines
        self.held, self.held_lines = [], []
        return taken

    def _add_rows(self, rows: list[list[str]], lines: Sequence[int], square: bool = False) -> None:
        if not rows:
            return
        if self.trailing_delimiter:
            # The empty field after each row's trailing delimiter, dropped (a list a chunk; only such
            # files): any other record stays as it is and is judged below.
            longer = self.width + 1
            rows = [row[:-1] if len(row) == longer and row[-1] == "" else row for row in rows]
            square = False
        probe = self.repeated_headers.probe
        ragged = (not square and (len(set(map(len, rows))) != 1 or len(rows[0]) != self.width)) or (
            self.width == 1 and not all(map(str.strip, map(_first, rows)))
        )  # one column: a line of whitespace only is a blank line (see dialect.is_blank)
        if ragged:
            rows, lines = self._square(rows, lines)  # repeated headers dropped, empty rows noted
            if not rows:
                return
            probe = None
        # zip(*rows) builds each column as it is consumed: measured 15-20 % faster on the UN file than
        # building all columns first (the cells are still in cache when the column is profiled).
        columns = zip(*rows)  # noqa: B905 (rows are squared; hot path)
        if not self.columns[0].add_chunk(next(columns), lines, unless=probe):
            rows, lines = self.repeated_headers.drop(rows, lines)  # its first field is in the chunk
            if not rows:
                return
            columns = zip(*rows)  # noqa: B905
            self.columns[0].add_chunk(next(columns), lines)
        self.rows += len(rows)
        texts = list(map(_ROW_SEPARATOR.join, rows))
        self.duplicates.add(rows, lines, texts)
        empty = self.empty_rows.text
        if not ragged and empty is not None and self.duplicates.may_hold(empty):
            self.empty_rows.add(texts, lines)
        for column, cells in zip(islice(self.columns, 1, None), columns):  # noqa: B905
            column.add_chunk(cells, lines)

    def _square(self, rows: list[list[str]], lines: Sequence[int]) -> tuple[list[list[str]], list[int]]:
        """Drop blank lines and repeated headers, pad short records with empty (missing) cells, cut
        long ones (a record is a repeated header only as it stands, not once padded or cut); note the
        empty rows."""
        width = self.width
        ragged = self.ragged
        repeated = self.repeated_headers
        empty = self.empty_rows
        records = repeated.records if repeated.probe is not None else ()
        drawn = self.dialect.get("drawn") is not None
        kept: list[list[str]] = []
        kept_lines: list[int] = []
        for row, line in zip(rows, lines, strict=True):
            size = len(row)
            if drawn and size == 1 and is_rule(row):  # a grid's line between rows (before the repeats:
                self.rule_lines += 1  # it may be the header's rule again)
                continue
            if records and row in records:  # any width: a logger's banner is wider than its table
                repeated.note(line)
                continue
            if size == width and (size > 1 or not is_blank(row)):
                kept.append(row)
            elif is_blank(row):
                self.blank_lines += 1
                continue
            elif size == width - 1 and self.last_column_optional:
                kept.append([*row, ""])
            elif size < width:
                ragged.too_few += 1
                if len(ragged.too_few_lines) < FIRST_LINES:
                    ragged.too_few_lines.append(line)
                kept.append(row + [""] * (width - size))
            else:
                ragged.too_many += 1
                if len(ragged.too_many_lines) < FIRST_LINES:
                    ragged.too_many_lines.append(line)
                kept.append(row[:width])
            empty.note_record(row, line)  # as it stands: values past the header make it not empty
            kept_lines.append(line)
        return kept, kept_lines

    def merge(self, other: TableProfile) -> None:
        """Append `other`'s rows after ours, as if its data lines followed our last line.

        Both profiles must have the same header. Line numbers of `other` shift so that its first
        data line follows our last line (its header line is dropped).
        """
        if other.raw_header != self.raw_header:
            raise ValueError("only profiles of files with the same header merge")
        # Our held records are rows unless `other` read nothing but sparse records and the run they
        # make together is still short enough to be a footer (what one pass would hold). But when all
        # we read was sparse too, the whole prefix is rows whatever follows — one pass releases such a
        # run as rows when rows follow it, and when none do (no typed values above it, no footer): a
        # first part of sparse records only had released them (rows == 0), and a second part's held
        # run was then made a footer (found by hypothesis on 2026-11-28: 3 rows instead of 6).
        # A closing run that is too long for a footer, or a sparse-only prefix's, still ends at a rule
        # or a query tool's count of rows, as one pass holds it (`_closing_run_held`).
        prefix_sparse = self.only_sparse and other.only_sparse
        self._extend_run(other.sparse_run, other.sparse_chars, other.only_sparse)
        run = self.sparse_run
        together = other.only_sparse and run <= FOOTER_MAX_RECORDS and not prefix_sparse
        closing = other.only_sparse and not together
        # Ours are judged below with theirs, which continue them — when they read no rows (a part
        # whose own run was too long has rows, and ours come before them).
        keep_ours = closing and other.rows == 0
        if not together and not keep_ours:
            self.release_held()
        ours = self._take_held() if keep_ours else ([], [])
        offset = self.last_line - other.header_line
        their_held, their_lines = list(other.held), [line + offset for line in other.held_lines]
        self.rows += other.rows
        self.blank_lines += other.blank_lines
        self.comment_lines += other.comment_lines
        self.rule_lines += other.rule_lines
        self.last_line += other.last_line - other.header_line
        self.ragged.merge(other.ragged, offset)
        self.empty_rows.merge(other.empty_rows, offset)
        self.repeated_headers.merge(other.repeated_headers, offset)
        self.duplicates.merge(other.duplicates, offset)
        for mine, theirs in zip(self.columns, other.columns, strict=True):
            mine.merge(theirs, offset)
        self.undecodable_bytes += other.undecodable_bytes
        self.encoding_fallback = self.encoding_fallback or other.encoding_fallback
        if together:  # their records continue our held run
            self.held += their_held
            self.held_lines += their_lines
        elif closing:
            self._closing_run_held([*ours[0], *their_held], [*ours[1], *their_lines])
        elif run <= FOOTER_MAX_RECORDS and not prefix_sparse:
            self.held, self.held_lines = their_held, their_lines
        else:  # too long for a footer together, or a prefix of sparse records: their held are rows too
            self._add_rows(their_held, their_lines)
        self.only_sparse = self.only_sparse and other.only_sparse
