"""`csvpipe upload | status | logs` in-process against the session's MiniStack pipeline.

The CLI finds MiniStack through `csvpipe up`'s state file; the session fixture keeps its own, so these
tests reach the same emulator as the `localstack` target with LOCALSTACK_ENDPOINT pointing at it (a
target decides only the endpoint and credentials, so the code path is the same).
"""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

from csvpipe.cli.environment import Environment
from csvpipe.cli.exit_codes import ExitStatus
from csvpipe.cli.main import main
from csvpipe.client import MULTIPART_THRESHOLD
from csvpipe.deploy.stack import Pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "test-data" / "sample.csv"


def cli(pipeline: Pipeline, tmp_path: Path, *argv: str, stack: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {"LOCALSTACK_ENDPOINT": str(pipeline.target.endpoint_url), "CSVPIPE_STATE_DIR": str(tmp_path)}
    env = Environment(stdout=out, stderr=err, cwd=tmp_path, environ=environ)
    args = [*argv, "--target", "localstack", "--stack", stack or pipeline.outputs.stack]
    return main(args, env), out.getvalue(), err.getvalue()


def test_upload_wait_json_status_and_logs(pipeline: Pipeline, tmp_path: Path) -> None:
    key = f"uploads/cli-{uuid.uuid4().hex[:8]}/sales.csv"
    code, out, _ = cli(pipeline, tmp_path, "upload", str(SAMPLE), "--key", key, "--wait", "--json")
    assert code == ExitStatus.OK
    document = json.loads(out)
    assert document["result"]["status"] == "PROCESSED" and document["result"]["document"]["row_count"] == 3
    assert document["result"]["latency"]["end_to_end_s"] > 0

    code, out, _ = cli(pipeline, tmp_path, "status", "--json", "--limit", "0")
    assert code == ExitStatus.OK
    assert key in [item["object_key"] for item in json.loads(out)["items"]]

    code, out, _ = cli(pipeline, tmp_path, "logs", "--since", "10m", "--json")
    assert code == ExitStatus.OK
    assert any((line["fields"] or {}).get("key") == key for line in json.loads(out)["lines"])


def test_a_rejected_file_exits_bad_input(pipeline: Pipeline, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    key = f"uploads/cli-{uuid.uuid4().hex[:8]}/empty.csv"
    code, out, err = cli(pipeline, tmp_path, "upload", str(empty), "--key", key, "--wait")
    assert code == ExitStatus.BAD_INPUT
    assert "EMPTY_FILE" in out and "rejected" in err


def test_nothing_deployed_is_not_ready(pipeline: Pipeline, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, cwd=tmp_path, environ={"CSVPIPE_STATE_DIR": str(tmp_path)})
    assert main(["status"], env) == ExitStatus.NOT_READY  # no `csvpipe up` state here
    code, _, err_text = cli(pipeline, tmp_path, "status", stack="nosuchstack")
    assert code == ExitStatus.NOT_READY and "deploy" in err_text


def test_a_key_with_brackets_and_spaces_is_printed_as_it_is(pipeline: Pipeline, tmp_path: Path) -> None:
    """rich read "[/b]" in the key as markup: `upload --wait` crashed (MarkupError) before it waited."""
    key = f"uploads/cli-{uuid.uuid4().hex[:8]}/[/b] odd é+%.csv"
    code, out, err = cli(pipeline, tmp_path, "upload", str(SAMPLE), "--key", key, "--wait")
    assert (code, "Traceback" in err) == (ExitStatus.OK, False)
    assert "PROCESSED: processed/" in out and "[/b] odd é+%_summary.json" in out

    code, out, err = cli(pipeline, tmp_path, "logs", "--since", "10m")
    assert (code, "Traceback" in err) == (ExitStatus.OK, False)
    assert f"key={key}" in out


def test_a_key_nothing_processes_is_refused_before_upload_when_waiting(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """`--wait` on such a key once uploaded it first and then said there was nothing to wait for."""
    folder = f"other-{uuid.uuid4().hex[:8]}/"
    code, _, err = cli(pipeline, tmp_path, "upload", str(SAMPLE), "--key", folder + "sales.csv", "--wait")
    assert code == ExitStatus.USAGE and "nothing uploaded" in err and folder + "sales.csv" in err
    s3 = pipeline.target.client("s3")
    assert "Contents" not in s3.list_objects_v2(Bucket=pipeline.outputs.bucket, Prefix=folder)

    # Without --wait it is uploaded (a user may mean it), with a note that nothing will process it.
    code, out, err = cli(pipeline, tmp_path, "upload", str(SAMPLE), "--key", folder + "sales.csv")
    assert code == ExitStatus.OK and "uploaded s3://" in out and "nothing will process it" in err
    listed = s3.list_objects_v2(Bucket=pipeline.outputs.bucket, Prefix=folder)
    assert [o["Key"] for o in listed["Contents"]] == [folder + "sales.csv"]


def test_a_file_over_the_multipart_threshold_goes_up_in_parts_and_is_processed(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    """CompleteMultipartUpload notifies the function as PutObject does, and its VersionId is waited on."""
    path = tmp_path / "large.csv"
    rows = 9 * 1024 * 1024 // 40 + 1
    path.write_text(
        "id,name,amount\n" + "".join(f"{i},name {i % 977:>20},{i % 1013}.25\n" for i in range(rows))
    )
    assert path.stat().st_size > MULTIPART_THRESHOLD
    key = f"uploads/cli-{uuid.uuid4().hex[:8]}/large.csv"
    code, out, err = cli(pipeline, tmp_path, "upload", str(path), "--key", key, "--wait", "--json")
    assert code == ExitStatus.OK, err
    document = json.loads(out)
    assert document["upload"]["etag"].endswith("-2")  # two parts of 8 MiB at most
    assert document["result"]["status"] == "PROCESSED" and document["result"]["document"]["row_count"] == rows


def test_several_files_go_up_and_each_result_is_reported(pipeline: Pipeline, tmp_path: Path) -> None:
    """One good file and one the pipeline rejects: a result each, and the exit status of the worst."""
    folder = tmp_path / uuid.uuid4().hex[:8]
    folder.mkdir()
    good = folder / f"good-{folder.name}.csv"
    good.write_bytes(SAMPLE.read_bytes())
    empty = folder / f"empty-{folder.name}.csv"
    empty.write_bytes(b"")
    code, out, err = cli(pipeline, tmp_path, "upload", str(good), str(empty), "--wait", "--json")
    assert code == ExitStatus.BAD_INPUT, err
    results = json.loads(out)["uploads"]
    assert [r["upload"]["key"] for r in results] == [f"uploads/{good.name}", f"uploads/{empty.name}"]
    assert [r["result"]["status"] for r in results] == ["PROCESSED", "FAILED"]
    assert results[0]["result"]["document"]["row_count"] == 3

    # As lines: one per file, and the count of those not processed.
    code, out, err = cli(pipeline, tmp_path, "upload", str(good), str(empty), "--wait")
    assert code == ExitStatus.BAD_INPUT
    lines = out.splitlines()
    assert lines[0].startswith(f"uploaded s3://{pipeline.outputs.bucket}/uploads/{good.name}")
    assert any(
        line.startswith(f"PROCESSED: processed/good-{folder.name}_summary.json  3 rows") for line in lines
    )
    assert any(
        line.startswith(f"FAILED: processed/empty-{folder.name}_error.json  EMPTY_FILE") for line in lines
    )
    assert "1 of 2 not processed" in err


def test_several_files_refuse_a_key_and_names_that_collide(pipeline: Pipeline, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "x.csv").write_bytes(SAMPLE.read_bytes())
    (second / "x.csv").write_bytes(SAMPLE.read_bytes())
    code, _, err = cli(pipeline, tmp_path, "upload", str(first / "x.csv"), str(second / "x.csv"))
    assert code == ExitStatus.USAGE and "both be uploaded as uploads/x.csv" in err
    code, _, err = cli(
        pipeline, tmp_path, "upload", str(first / "x.csv"), str(SAMPLE), "--key", "uploads/k.csv"
    )
    assert code == ExitStatus.USAGE and "--key names one object" in err


def test_upload_encoding_is_stored_and_a_bad_name_is_refused_before_sending(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / f"cz-{uuid.uuid4().hex[:8]}.csv"
    path.write_bytes("Město;Částka\nPlzeň;1,5\nBrno;2,5\n".encode("cp1250"))
    code, out, err = cli(pipeline, tmp_path, "upload", str(path), "--encoding", "klingon", "--wait")
    assert code == ExitStatus.USAGE and out == "" and "--encoding: unknown encoding 'klingon'" in err
    code, out, _ = cli(
        pipeline, tmp_path, "upload", str(path), "--encoding", "windows-1250", "--wait", "--json"
    )
    assert code == ExitStatus.OK
    document = json.loads(out)["result"]["document"]
    assert document["source"]["encoding"] == "cp1250" and list(document["schema"]) == ["Město", "Částka"]
