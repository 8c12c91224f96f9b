"""One local file profiled on several cores: cut at record boundaries, parts profiled in parallel
processes, their profiles merged in file order (`TableProfile.merge`).

Where to cut: a byte offset is a record boundary when it follows a line feed and an even number of
quote characters come before it (RFC 4180 quoting). A stray quote inside an unquoted field can make
that guess wrong; the part before such a cut then ends inside an open quote, its scan reports
UNTERMINATED_QUOTE, and the file is profiled again in one process. The header's end is found the same
way and then checked by reading it: a file whose header holds such a quote (`Screen 15"`) is profiled in
one process, since every later part reads the header's bytes first. Any other bad-input error in a part
is also re-raised by a one-process run, so errors and their line numbers are exactly those of
`profile_stream`; only good files gain.

Lines above the header (notes, comments, a logger's banner) are read by every part: the header's
end is found by reading the file's start as the scan does, and the cuts are counted from there.

Only plain files in an encoding whose line feed and quote are single ASCII bytes that no other
character holds (UTF-8, the single-byte and the East Asian code pages) are cut; compressed files
(gzip, bzip2, xz), UTF-16/32 and small files are profiled in one process. Exact statistics of the
merged profile equal one process's; sketches stay within their stated bounds (they merge, see
sketches.py).
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import re
import stat
import sys
from itertools import islice, pairwise
from multiprocessing import current_process, get_context

from csvpipe.core.dialect import is_blank
from csvpipe.core.errors import TIME_LIMIT, ProfileError
from csvpipe.core.options import ProfileOptions
from csvpipe.core.profile import Reading, judge_reading, only_record, profile_table
from csvpipe.core.source import SAMPLE_BYTES, compression_of, fallback_bytes
from csvpipe.core.summary import build_summary
from csvpipe.core.table import _PACK_SEPARATOR, TableProfile

TYPE_CHECKING = False  # typing costs milliseconds at import; mypy still reads the block below
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, BinaryIO

# Below this many bytes per part a second process gains nothing. Measured (best of 5, wall, first
# lines of the mixed_10mb bench file, parts allowed down to 256 KiB): 1.1 MB 0.108 s alone vs 0.107 s
# in two parts; 4.2 MB 0.398 s vs 0.339 s; the whole 10.9 MB file 1.17 s vs 0.73 s (make bench).
MIN_PART_BYTES = 2 * 1024 * 1024
# The first part (profiled here) is made this much longer than an even share: the worker's part has
# a tail — pickling its profile and the trip back — that this process would otherwise wait through
# idle. Measured on 2026-11-26, when a process pool's result thread still read the pipe (first cut
# moved by 0/256/512/768 KiB, 12 interleaved rounds, median wall): UN 0.744/0.720/0.706/0.689 s,
# mixed_10mb 0.654/0.615/0.605/0.607 s; wide_300col (8 rounds) 1.522 s at 0, 1.479 s at 512 KiB,
# 1.512 s at 1 MiB. With the pipe read only after this part (2026-11-27) it made no measurable
# difference (UN, 20 paired rounds, 0 over 512 KiB 1.002); with the worker's lookups (_Feed) it does
# again, the worker's tail being its lookups and pickling: UN, 16 paired rounds each, 0 over 512 KiB
# 1.049, -256 KiB over 512 KiB 1.041, 1 MB over 512 KiB 1.045.
# On big files it is a rounding error (0.05 % of 1 GB). Never more than a quarter of an even share.
FIRST_PART_EXTRA = 512 * 1024
_SCAN_BLOCK = 4 * 1024 * 1024
# Encodings in which a line feed and a quote are single bytes that no other character holds: the
# single-byte code pages, and the East Asian double-byte ones, whose second bytes are 0x40 or above.
_SPLITTABLE_CODECS = (
    "utf-8",
    "utf-8-sig",
    "cp1252",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1250",
    "cp1255",
    "cp1256",
    "cp874",
    "cp1254",
    "cp1257",
    "cp932",
    "euc_jp",
    "cp949",
    "gb18030",
    "cp950",
)
_SHARED_MEMORY = "/dev/shm"


def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def profile_file(
    path: str | os.PathLike[str],
    file_name: str | None = None,
    options: ProfileOptions | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The summary of the file at `path`, profiled by up to `jobs` processes (default: one per CPU).

    Raises ProfileError for bad input, exactly as `profile_stream` would.
    """
    options = options or ProfileOptions()
    table = profile_file_table(path, options, jobs, progress)
    return build_summary(table, file_name or os.path.basename(path), options.type_threshold)


def profile_file_table(
    path: str | os.PathLike[str],
    options: ProfileOptions | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> TableProfile:
    """The merged TableProfile of the file at `path` (see profile_file)."""
    options = options or ProfileOptions()
    wanted = available_cpus() if jobs is None else max(1, jobs)
    if current_process().daemon:
        wanted = 1  # a daemonic process may not start processes (a multiprocessing.Pool's worker)
    with open(path, "rb") as stream:
        facts = os.fstat(stream.fileno())
        # A pipe or device (`<(zcat x.gz)`, /dev/stdin) has no size to cut and can be read only once:
        # one process reads it, from this very stream.
        if stat.S_ISREG(facts.st_mode):
            plan = _plan(stream, facts.st_size, wanted, options)
            stream.seek(0)
        else:
            plan = None
        if plan is None:
            return profile_table(_Range(stream, 0, None, progress=progress).opened(), options)
    try:
        return _profile_parts(path, plan, options, progress)
    except ProfileError as error:
        if error.code == TIME_LIMIT:
            raise  # one process would only take longer
        # else a bad file, or a cut inside a quoted value: one process tells which, precisely
    except (_WorkerLost, OSError):
        pass  # no processes to be had here (a sandbox without pipes or forks, a killed worker)
    with open(path, "rb") as stream:
        return profile_table(_Range(stream, 0, None, progress=progress).opened(), options)


class _Plan:
    """How to cut one file: how it is read, its header's bytes, and the parts' byte ranges."""

    def __init__(self, reading: Reading, header: bytes, parts: list[tuple[int, int]]) -> None:
        self.reading = reading
        self.header = header
        self.parts = parts


def _plan(stream: BinaryIO, size: int, jobs: int, options: ProfileOptions) -> _Plan | None:
    """None when the file should be profiled in one process."""
    count = min(jobs, size // MIN_PART_BYTES)
    if count < 2:
        return None
    head = stream.read(SAMPLE_BYTES)
    if compression_of(head) is not None:
        return None
    try:
        reading = judge_reading(head, options)
    except ProfileError:
        return None  # the one-process run reports it
    quote = reading.dialect.quotechar
    if (
        reading.codec not in _SPLITTABLE_CODECS
        or not quote.isascii()
        or reading.dialect.escapechar
        or reading.dialect.column_spans
    ):
        # An escaped quote (\") would make the count of quotes lie; so would a quote in a fixed-width
        # table's value, where quotes mean nothing.
        return None
    if reading.dialect.table_end:
        return None  # more tables follow the first, which alone is read: its end is in the sample
    first = head[3:4] if reading.codec == "utf-8-sig" else head[:1]
    if first in (b"\r", b"\n") or reading.dialect.preamble:
        # Blank lines or a preamble before the header: the header is not the first line.
        return _plan_below_the_header(stream, head, size, count, reading)
    stream.seek(0)
    cuts = record_boundaries(stream, [0, *_part_starts(size, count)], quote.encode("ascii"))
    if not cuts:
        return None
    header_end = cuts[0]
    stream.seek(0)
    header = stream.read(header_end)
    record = only_record(header.decode(reading.codec, "replace"), reading.dialect)
    if record is None or is_blank(record):
        # A stray quote in the header (`Screen 15"`) is a literal to the reader but shifts the quote
        # count: the "header" would then run into the data, and every later part read those rows too.
        # A first line of whitespace only (`   `, or a quoted `"\t"`) is a blank line, not the header.
        return None
    starts = sorted({cut for cut in cuts[1:] if header_end < cut < size})
    if not starts:
        return None
    edges = [0, *starts, size]
    return _Plan(reading, header, list(pairwise(edges)))


def _part_starts(span: int, count: int) -> list[int]:
    """Where in `span` bytes the parts after the first should start: even shares, the first part
    made FIRST_PART_EXTRA longer (at most a quarter of a share); record_boundaries moves each to the
    next record."""
    starts = [span * index // count for index in range(1, count)]
    starts[0] += min(FIRST_PART_EXTRA, span // count // 4)
    return starts


def _plan_below_the_header(
    stream: BinaryIO, head: bytes, size: int, count: int, reading: Reading
) -> _Plan | None:
    """The plan for a file whose header comes after other lines (a logger's banner, notes, comments,
    blank lines): the header's end is found by reading the file's start as the scan does, and the
    parts are cut after it, their quotes counted from there — a note's stray quote (`Screen 15"`)
    cannot shift the cuts. Every later part reads all the lines up to the header's end first, and
    skips them as the first part does. None when the header does not end within the sample."""
    header_end = _header_end(head, reading)
    if header_end is None:
        return None
    span = size - header_end
    stream.seek(header_end)
    cuts = record_boundaries(stream, _part_starts(span, count), reading.dialect.quotechar.encode("ascii"))
    starts = sorted({header_end + cut for cut in cuts if 0 < cut < span})
    if not starts:
        return None
    return _Plan(reading, head[:header_end], list(pairwise([0, *starts, size])))


_LINE_END = re.compile(rb"\r\n|\r|\n")


def _header_end(head: bytes, reading: Reading) -> int | None:
    """The offset in `head` (the file's first bytes) where the header's record ends, read as the
    scan reads it: the preamble's lines skipped, then blank records; None when it does not end
    before the sample's last line (which may be cut)."""
    dialect = reading.dialect
    lines = io.StringIO(head.decode(reading.codec, "replace"), newline="").readlines()
    skipped = len(dialect.preamble)
    reader = dialect.reader(iter(lines[skipped:-1]))
    try:
        header = next((record for record in reader if not is_blank(record)), None)
    except csv.Error:
        return None
    if header is None:
        return None
    ends = [match.end() for match in islice(_LINE_END.finditer(head), skipped + reader.line_num)]
    if len(ends) < skipped + reader.line_num:
        return None
    return ends[-1]


def record_boundaries(stream: BinaryIO, targets: list[int], quote: bytes) -> list[int]:
    """For each target offset (ascending), the first offset at or after it that follows a line feed
    preceded by an even number of `quote` bytes; one forward read, linear in the bytes up to the last
    cut. Targets past the last such offset get none (the list is shorter)."""
    found: list[int] = []
    pending = iter(targets)
    target = next(pending, None)
    quotes_before = 0  # quote bytes in the file before `position`
    position = 0
    while target is not None:
        block = stream.read(_SCAN_BLOCK)
        if not block:
            break
        end = position + len(block)
        while target is not None and target < end:
            at = max(target - position, 0)
            quotes = quotes_before + block.count(quote, 0, at)
            line_end = block.find(b"\n", at)
            while line_end >= 0:
                quotes += block.count(quote, at, line_end)
                if quotes % 2 == 0:
                    break
                at = line_end
                line_end = block.find(b"\n", line_end + 1)
            if line_end < 0:
                target = end  # go on looking in the next block
                break
            cut = position + line_end + 1
            found.append(cut)
            target = next(pending, None)
            if target is not None:
                target = max(target, cut)
        quotes_before += block.count(quote)
        position = end
    return found


def _profile_parts(
    path: str | os.PathLike[str], plan: _Plan, options: ProfileOptions, progress: Callable[[int], None] | None
) -> TableProfile:
    """Part 0 here, the others in worker processes; merged in file order.

    Each worker sends its profile back through a pipe of its own, which this process reads only once
    its own part is done. A process pool's result thread read the pipe while the profile arrived and
    took the GIL from the part here: on the UN file that part took 0.32-0.36 s beside a worker's
    0.26-0.29 s (its bytes are 15 % more) and the result was in 0.02 s after it; read afterwards,
    0.29-0.31 s and 0.01 s. Whole runs, 16 rounds paired with the pool: UN 0.974 of its time, 8 rounds
    mixed_10mb 0.977 and wide_300col 0.979. Errors stop the other workers at once (a pool waited for
    them to finish their parts). With two parts the worker also looks its row texts up in this
    part's as they come, and its profile comes back through a file (_Feed).
    """
    # fork starts a worker in milliseconds with the engine already imported; other systems spawn.
    forked = sys.platform.startswith("linux")
    context = get_context("fork") if forked else get_context("spawn")
    first_start, first_end = plan.parts[0]
    scale = os.path.getsize(path) / max(1, first_end - first_start)
    report = None if progress is None else (lambda done: progress(int(done * scale)))
    # The parts share the duplicate-row memory in proportion to their bytes, so that N processes hold
    # what one would.
    size = plan.parts[-1][1]

    def share(start: int, end: int) -> ProfileOptions:
        return options.replace(
            duplicate_rows_memory=max(1, options.duplicate_rows_memory * (end - start) // size)
        )

    workers: list[tuple[Any, Any]] = []
    merged = False
    # Two parts and fork: the first part's row texts are fed to the worker as they come (_Feed).
    feed = _Feed.opened(context, share(first_start, first_end)) if len(plan.parts) == 2 and forked else None
    try:
        for start, end in plan.parts[1:]:
            receiving, sending = context.Pipe(duplex=False)
            worker = context.Process(
                target=_send_part,
                args=(
                    sending,
                    os.fspath(path),
                    start,
                    end,
                    plan.header,
                    plan.reading,
                    share(start, end),
                    None if feed is None else feed.for_worker(),
                ),
                daemon=True,
            )
            worker.start()
            workers.append((worker, receiving))
            sending.close()  # the worker's end only: a worker that dies reads as the end of its pipe here
            if feed is not None:
                feed.started()
        with open(path, "rb") as stream:
            first = _Range(stream, first_start, first_end, progress=report)
            table = profile_table(
                first.opened(), share(first_start, first_end), plan.reading, rows_listener=feed
            )
        if feed is not None:
            feed.finish(table)
        table.options = options
        table.duplicates.memory = options.duplicate_rows_memory  # the merged whole gets it all
        for _, receiving in workers:
            table.merge(_received_part(receiving, feed))
        merged = True
    finally:
        if feed is not None:
            feed.close()
        for worker, receiving in workers:
            receiving.close()
            if not merged:
                # After an error here or in a part, the others are stopped: a one-process run that
                # follows must not share the CPUs with them. With every result in, the workers exit
                # on their own and are reaped by the next process start (multiprocessing's cleanup).
                worker.terminate()
                worker.join()
    return table


class _WorkerLost(Exception):
    """A worker process ended without sending its part's profile (killed, or out of memory)."""


class _Feed:
    """The first part's row texts, written to a file as its chunks are profiled, for the worker of
    the second part to look its own texts up in once its part is done (DuplicateRows.cross_check):
    that worker is idle for the last 0.03-0.06 s of the first part (UN file), and the lookups (0.03 s)
    were the merge's, in this process, after it. Each chunk's texts are joined by U+001F (the store's
    pack separator), encoded and written at the file's end; the end's new offset goes to the worker
    through a pipe of 8-byte messages, then COMPLETE — or STOPPED, after which it looks nothing up: a
    text holding U+001F, more bytes than the part's share of the duplicate-row memory (a file of few
    distinct long rows), or a store past its budget."""

    COMPLETE = -1
    STOPPED = -2
    MAX_NOTICES = 4000

    def __init__(self, context: Any, options: ProfileOptions) -> None:
        self.file = _temporary_file()
        self.result = _temporary_file()  # the worker's pickled profile
        self.notices, self.notifier = context.Pipe(duplex=False)
        self.end = 0
        self.limit = options.duplicate_rows_memory
        self.sent = 0
        self.feeding = True

    @classmethod
    def opened(cls, context: Any, options: ProfileOptions) -> _Feed | None:
        """A feed, or None where no temporary file can be made (a read-only sandbox): the merge then
        does the lookups, as without a feed."""
        try:
            return cls(context, options)
        except OSError:
            return None

    def for_worker(self) -> tuple[int, Any, Any, int]:
        """What the worker takes: the file, the pipe's reading end, its writing end to close (a worker
        that holds it would never see the pipe end if this process died), and the file it writes its
        pickled profile to (see _send_part)."""
        return self.file.fileno(), self.notices, self.notifier, self.result.fileno()

    def started(self) -> None:
        """The worker has its reading end: this process's copy goes (a worker that is gone then makes
        the next notice fail at once, and feeding stops)."""
        self.notices.close()

    def __call__(self, keys: list[str]) -> None:
        if not self.feeding:
            return
        joined = _PACK_SEPARATOR.join(keys)
        data = joined.encode("utf-8", "surrogatepass")
        # At most MAX_NOTICES: a pipe holds 64 KiB, and the worker reads none before its part is done.
        too_many = self.sent >= self.MAX_NOTICES
        if too_many or self.end + len(data) > self.limit or joined.count(_PACK_SEPARATOR) != len(keys) - 1:
            self._notify(self.STOPPED)
            return
        try:
            _write_all(self.file.fileno(), data, self.end)
        except OSError:  # a full disk: the merge does the lookups
            self._notify(self.STOPPED)
            return
        self.end += len(data)
        self._notify(self.end)

    def finish(self, table: TableProfile) -> None:
        """The first part is done: its rows so far are all the worker was fed, if its store is exact."""
        store = table.duplicates
        store.listener = None
        if self.feeding and store.exact:
            store.fed_rows = store.rows
            self._notify(self.COMPLETE)
        elif self.feeding:
            self._notify(self.STOPPED)

    def _notify(self, message: int) -> None:
        self.feeding = self.feeding and message >= 0
        self.sent += 1
        try:
            self.notifier.send_bytes(message.to_bytes(8, "little", signed=True))
        except OSError:  # the worker is gone (an error it sent, or killed): the merge will tell which
            self.feeding = False

    def received(self, value: tuple[str, int, Any]) -> TableProfile:
        """The worker's profile, from the file it wrote it to, with its cross-check."""
        _, size, cross = value
        table: TableProfile = pickle.loads(os.pread(self.result.fileno(), size, 0))
        table.duplicates.cross = cross
        return table

    def close(self) -> None:
        self.file.close()
        self.result.close()
        self.notices.close()
        self.notifier.close()


def _temporary_file() -> Any:
    """An unlinked temporary file in memory (/dev/shm) where there is one, else in the temporary
    directory. Measured here, 7 MB into a new file: 10.7 ms on the first write to /tmp (ext4), 2.4 ms
    to /dev/shm (tmpfs); the feed and the worker's profile make new files for every split file. Both
    are bounded (the feed by its limit, the profile by the part's duplicate-row budget)."""
    import tempfile

    try:
        return tempfile.TemporaryFile(dir=_SHARED_MEMORY)
    except OSError:
        return tempfile.TemporaryFile()


def _write_all(descriptor: int, data: bytes, offset: int) -> None:
    """All of `data` at `offset` (a write may take less than it is given)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(descriptor, view, offset)
        view, offset = view[written:], offset + written


def _fed_texts(feed: tuple[int, Any, Any, int], complete: list[bool]) -> Iterator[list[str]]:
    """In the worker: the first part's chunks of row texts as its _Feed writes them; `complete` set
    when the feed ended COMPLETE (a dead parent, or STOPPED, ends it too)."""
    descriptor, notices, _, _ = feed
    start = 0
    while True:
        try:
            end = int.from_bytes(notices.recv_bytes(), "little", signed=True)
        except (EOFError, OSError):
            return
        if end < 0:
            complete.append(end == _Feed.COMPLETE)
            return
        data = os.pread(descriptor, end - start, start)
        start = end
        yield data.decode("utf-8", "surrogatepass").split(_PACK_SEPARATOR)


def _send_part(
    sending: Any,
    path: str,
    start: int,
    end: int,
    header: bytes,
    reading: Reading,
    options: ProfileOptions,
    feed: tuple[int, Any, Any, int] | None = None,
) -> None:
    """In a worker: profile one part and send back (True, its TableProfile) or (False, the error).

    With a `feed`, the profile is pickled to the feed's result file first — while the first part is
    still being profiled, as is the cross-check that follows (DuplicateRows.cross_check) — and what
    is sent is ("file", its size, the cross-check). Through the pipe after the first part, the UN
    file's 6.7 MB took 0.025 s more (the first part's process waits for the worker's every 64 KiB)."""
    if feed is not None:
        feed[2].close()  # the feed's writing end is the first part's alone
    try:
        table = _profile_part(path, start, end, header, reading, options)
        outcome: tuple[bool, object] = (True, table)
        if feed is not None:
            pickled = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                _write_all(feed[3], pickled, 0)
            except OSError:  # a full disk: through the pipe, the lookups left to the merge
                feed = None
        if feed is not None:
            complete: list[bool] = []
            table.duplicates.cross_check(_fed_texts(feed, complete))
            outcome = (True, ("file", len(pickled), table.duplicates.cross if complete == [True] else None))
    except Exception as error:  # sent to be raised there (a bad file: the one-process run names it)
        if not isinstance(error, ProfileError):  # a bug: where it happened, since the trace stays here
            import traceback

            error.add_note(f"in the worker profiling bytes {start}-{end}:\n{traceback.format_exc()}")
        outcome = (False, error)
    sending.send(outcome)
    sending.close()


def _received_part(receiving: Any, feed: _Feed | None) -> TableProfile:
    """A worker's TableProfile, or the error its part raised."""
    try:
        done, value = receiving.recv()
    except (EOFError, OSError) as error:
        raise _WorkerLost from error
    if not done:
        raise value
    if feed is not None and isinstance(value, tuple):
        return feed.received(value)
    return value


def _profile_part(
    path: str, start: int, end: int, header: bytes, reading: Reading, options: ProfileOptions
) -> TableProfile:
    """In a worker: the profile of bytes [start, end) read after the header's bytes."""
    with open(path, "rb") as stream:
        table = profile_table(
            _Range(stream, start, end, prefix=header).opened(), options, reading, later_part=True
        )
    # The header's bytes were read here too: its bytes that are not UTF-8 are the first part's to count.
    table.undecodable_bytes -= fallback_bytes(header, reading.codec)
    return table


class _Range:
    """Bytes [start, end) of an open file (to its end if `end` is None), after an optional prefix:
    what one part's scan reads (`read` is all it uses of a binary file; `opened` gives that type)."""

    def __init__(
        self,
        stream: BinaryIO,
        start: int,
        end: int | None,
        *,
        prefix: bytes = b"",
        progress: Callable[[int], None] | None = None,
    ) -> None:
        if start:
            stream.seek(start)
        self._stream = stream
        self._prefix = prefix
        self._left = None if end is None else end - start
        self._done = 0
        self._progress = progress

    def opened(self) -> BinaryIO:
        return self  # type: ignore[return-value]

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            cut = len(self._prefix) if size < 0 else size
            data, self._prefix = self._prefix[:cut], self._prefix[cut:]
            return data
        if self._left is None:
            data = self._stream.read(size)
        elif self._left <= 0:
            return b""
        else:
            data = self._stream.read(self._left if size < 0 else min(size, self._left))
            self._left -= len(data)
        self._done += len(data)
        if self._progress is not None:
            self._progress(self._done)
        return data
