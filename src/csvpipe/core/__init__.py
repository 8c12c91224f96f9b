"""csvpipe.core: the pure, standard-library-only CSV profiling engine (see docs/engine.md).

`profile_stream(stream, file_name, options)` reads a binary stream once and returns the summary
dict; `ProfileError` is the only exception it raises for bad input.
"""

from csvpipe.core.errors import ERROR_CODES, OUT_OF_MEMORY, ProfileError
from csvpipe.core.options import PANDAS_MISSING_MARKERS, ProfileOptions, readable_codec
from csvpipe.core.profile import profile_stream, profile_table
from csvpipe.core.summary import SCHEMA_VERSION, build_summary, error_report, issue_counts

__all__ = [
    "ERROR_CODES",
    "OUT_OF_MEMORY",
    "PANDAS_MISSING_MARKERS",
    "SCHEMA_VERSION",
    "ProfileError",
    "ProfileOptions",
    "build_summary",
    "error_report",
    "issue_counts",
    "profile_stream",
    "profile_table",
    "readable_codec",
]
