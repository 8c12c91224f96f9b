"""The csvpipe benchmark: generated and real CSVs, csvpipe timed beside csv.reader, pandas, polars, DuckDB.

Run it with `make bench` (installs the benchmark-only peers from requirements/bench.lock first) or
`.venv/bin/python -m bench --help`. Nothing here ships in the Lambda zip.
"""
