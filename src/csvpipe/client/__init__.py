"""csvpipe.client: the user side of a deployed pipeline (upload, wait for results, read items and logs)."""
