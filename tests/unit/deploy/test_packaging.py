"""The Lambda zip: reproducible bytes, only the Lambda-side packages, and importable on its own."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from csvpipe.deploy.packaging import FIXED_TIMESTAMP, build_lambda_zip, package_root

ALLOWED_PREFIXES = ("csvpipe/core/", "csvpipe/adapters/", "csvpipe/handler/", "csvpipe/schemas/")


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    first = build_lambda_zip(tmp_path / "a")
    second = build_lambda_zip(tmp_path / "b")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()


def test_build_does_not_depend_on_file_times_or_bytecode(tmp_path: Path) -> None:
    source = tmp_path / "csvpipe"
    (source / "core" / "__pycache__").mkdir(parents=True)
    (source / "__init__.py").write_text("")
    (source / "core" / "__init__.py").write_text("X = 1\n")
    (source / "core" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"junk")
    (source / "cli").mkdir()
    (source / "cli" / "main.py").write_text("never shipped\n")
    first = build_lambda_zip(tmp_path / "a", root=source)
    (source / "core" / "__init__.py").touch()
    (source / "core" / "__init__.py").chmod(0o600)
    second = build_lambda_zip(tmp_path / "b", root=source)
    assert first.sha256 == second.sha256
    assert first.entries == ("csvpipe/__init__.py", "csvpipe/core/__init__.py")

    (source / "core" / "__init__.py").write_text("X = 2\n")
    assert build_lambda_zip(tmp_path / "c", root=source).sha256 != first.sha256


def test_zip_holds_only_the_lambda_side_with_fixed_metadata(tmp_path: Path) -> None:
    built = build_lambda_zip(tmp_path)
    with zipfile.ZipFile(built.path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert "csvpipe/__init__.py" in names
    assert "csvpipe/handler/lambda_function.py" in names
    for name in names[1:]:
        assert name.startswith(ALLOWED_PREFIXES), name
        assert "__pycache__" not in name and not name.endswith(".pyc")
    assert all(info.date_time == FIXED_TIMESTAMP for info in infos)
    assert all(info.external_attr >> 16 == 0o100644 for info in infos)


def _lambda_runtime_site(tmp_path: Path) -> Path:
    """A site dir holding only boto3 and its dependencies — what the Lambda Python runtime provides."""
    site = tmp_path / "runtime-site"
    site.mkdir()
    pending, seen = ["boto3"], set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        top_level = (dist.read_text("top_level.txt") or "").split()
        if not top_level:
            top_level = sorted(
                {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith(".")}
            )
        for module in top_level:
            for candidate in (
                Path(str(dist.locate_file(module))),
                Path(str(dist.locate_file(module + ".py"))),
            ):
                if candidate.exists() and not (site / candidate.name).exists():
                    (site / candidate.name).symlink_to(candidate)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            pending.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    return site


def test_handler_imports_from_the_zip_alone(tmp_path: Path) -> None:
    """MiniStack runs the handler with the venv on its path and would hide a missing module; AWS would not.
    An interpreter without site-packages, with only the zip and boto3's packages, must import the handler."""
    built = build_lambda_zip(tmp_path / "build")
    site = _lambda_runtime_site(tmp_path)
    probe = (
        "import sys\n"
        f"sys.path[:0] = [{str(built.path)!r}, {str(site)!r}]\n"
        "import csvpipe.core, csvpipe.adapters, csvpipe.handler.lambda_function as lf\n"
        f"assert lf.__file__.startswith({str(built.path)!r}), lf.__file__\n"
        "assert callable(lf.handler)\n"
        "for absent in ('yaml', 'rich', 'csvpipe.deploy'):\n"
        "    try:\n"
        "        __import__(absent)\n"
        "    except ImportError:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit(absent + ' is importable: the interpreter is not isolated')\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_package_root_is_the_source_tree() -> None:
    assert (package_root() / "handler" / "lambda_function.py").is_file()
