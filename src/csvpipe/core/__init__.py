"""csvpipe.core: the pure, standard-library-only CSV profiling engine (see docs/engine.md)."""

from csvpipe.core.errors import ProfileError
from csvpipe.core.options import ProfileOptions
from csvpipe.core.profile import SCHEMA_VERSION, error_report, issue_counts, profile_stream

__all__ = ["SCHEMA_VERSION", "ProfileError", "ProfileOptions", "error_report", "issue_counts", "profile_stream"]
