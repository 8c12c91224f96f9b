from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from csvpipe.handler.events import is_input, output_key, records
from csvpipe.handler.settings import ConfigurationError, Settings


def test_keys_are_form_decoded() -> None:
    event = {
        "Records": [
            {
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": "b"},
                    "object": {
                        "key": "uploads/my+file+%C3%BC%2B1.csv",
                        "size": 5,
                        "eTag": "e",
                        "versionId": "v",
                    },
                },
            }
        ]
    }
    (ref,) = records(event)
    assert ref.key == "uploads/my file ü+1.csv" and ref.file_name == "my file ü+1.csv"
    assert (ref.bucket, ref.size, ref.etag, ref.version_id) == ("b", 5, "e", "v")


def test_events_without_records_yield_nothing() -> None:
    assert list(records({})) == [] and list(records({"Records": [{"s3": {}}]})) == []


@pytest.mark.parametrize(
    ("key", "kind", "expected"),
    [
        ("uploads/sales.csv", "summary", "processed/sales_summary.json"),
        ("uploads/a/b/x.csv.gz", "summary", "processed/a/b/x.csv.gz.summary.json"),
        ("uploads/a/b/x.csv.gz", "error", "processed/a/b/x.csv.gz.error.json"),
        ("uploads/x.csv.gz.csv", "summary", "processed/x.csv.gz_summary.json"),
        ("uploads/x.csv.bz2", "summary", "processed/x.csv.bz2.summary.json"),
        ("uploads/a/x.csv.xz", "error", "processed/a/x.csv.xz.error.json"),
        ("uploads/export.zip", "summary", "processed/export.zip.summary.json"),
        ("uploads/bad.csv", "error", "processed/bad_error.json"),
        ("uploads/v1.2.csv", "summary", "processed/v1.2_summary.json"),
        ("uploads/data.txt", "summary", "processed/data.txt.summary.json"),
        ("uploads/a/export", "error", "processed/a/export.error.json"),
        ("uploads/x.Csv", "summary", "processed/x.Csv.summary.json"),
        ("uploads/.csv", "summary", "processed/_summary.json"),
    ],
)
def test_output_keys(key: str, kind: str, expected: str) -> None:
    assert output_key(key, kind) == expected


# Names built from the pieces that make output names meet: suffixes, kinds, dots, underscores, folders.
_NAME_PIECES = st.sampled_from(
    [
        ".csv",
        ".gz",
        ".bz2",
        ".xz",
        ".zip",
        ".csv.gz",
        "_summary",
        "_error",
        ".summary",
        ".error",
        "_",
        ".",
        "/",
        "x",
        ".CSV",
        ".Csv",
        ".txt",
        ".tsv",
        ".json",
    ]
)
_INPUT_KEYS = st.builds(
    lambda pieces: "uploads/" + "".join(pieces), st.lists(_NAME_PIECES, max_size=7)
).filter(
    lambda key: key != "uploads/" and not key.endswith("/") and not key.startswith("uploads/_iam_probe/")
)


@given(
    st.tuples(_INPUT_KEYS, st.sampled_from(["summary", "error"])),
    st.tuples(_INPUT_KEYS, st.sampled_from(["summary", "error"])),
)
def test_no_two_uploads_share_an_output(first: tuple[str, str], second: tuple[str, str]) -> None:
    """Every upload ends as its own summary or error report: `x.csv` and `x.csv.gz` once shared one."""
    assume(first != second)
    assert output_key(*first) != output_key(*second)


def test_a_csv_and_its_gzip_keep_their_own_outputs() -> None:
    assert output_key("uploads/x.csv", "summary") != output_key("uploads/x.csv.gz", "summary")


def test_a_name_in_capitals_keeps_it_beside_the_same_name_in_small_letters() -> None:
    """Only `.csv` takes the seed's `x_summary.json`: `x.CSV` would otherwise overwrite `x.csv`'s."""
    assert output_key("uploads/a/x.CSV", "summary") == "processed/a/x.CSV.summary.json"
    assert output_key("uploads/a/x.csv", "summary") == "processed/a/x_summary.json"
    assert output_key("uploads/X.ZIP", "error") == "processed/X.ZIP.error.json"
    assert output_key("uploads/x.tsv", "summary") == "processed/x.tsv.summary.json"


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("uploads/a.csv", True),
        ("uploads/a.csv.gz", True),
        ("uploads/a.ZIP", True),
        ("uploads/a.CSV", True),
        ("uploads/a.Csv", True),  # any spelling: until 2026-11-27 only 18 suffixes, case-sensitive
        ("uploads/a.txt", True),  # a CSV export named .txt is profiled; prose gets a one-column table
        ("uploads/a.ods", True),  # answered with an error report that says how to save it as CSV
        ("uploads/b/export", True),  # no suffix at all
        ("uploads/.DS_Store", True),  # an error report says what it is: nothing uploaded is silent
        ("uploads/b/", False),  # a folder marker (the S3 console's "Create folder")
        ("uploads/", False),
        ("uploads/_iam_probe/r.txt", False),  # the IAM probes' reserved folder
        ("uploads/b/_iam_probe/r.txt", True),  # only directly under the input prefix
        ("processed/a.csv", False),
        ("a.csv", False),
        ("uploadsx.csv", False),
    ],
)
def test_is_input(key: str, accepted: bool) -> None:
    assert is_input(key, "uploads/") is accepted


def test_settings_refuse_outputs_under_the_input_prefix() -> None:
    with pytest.raises(ConfigurationError):
        Settings.from_env({"TABLE_NAME": "t", "OUTPUT_PREFIX": "uploads/out/"})
    with pytest.raises(ConfigurationError):
        Settings.from_env({})
    assert Settings.from_env({"TABLE_NAME": "t"}).output_prefix == "processed/"
