"""The Lambda zip, built reproducibly: same source, same bytes, same sha256.

Fixed timestamps, sorted entries and fixed permissions remove everything but the content from the
archive, so the content hash can name the uploaded object and a code change really updates the stack.
Only the Lambda side ships: the core, the adapters, the handler and the schemas (boto3 comes with
the Lambda runtime; nothing else is installed there).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import csvpipe

ZIP_NAME = "csvpipe-lambda.zip"
SHIPPED_PACKAGES = ("core", "adapters", "handler", "schemas")
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
FILE_MODE = 0o100644  # regular file, rw-r--r--
SKIPPED_DIRS = frozenset({"__pycache__"})
SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class BuiltZip:
    path: Path
    sha256: str
    size: int
    entries: tuple[str, ...]


def package_root() -> Path:
    """The directory of the installed ``csvpipe`` package (src/csvpipe in a checkout)."""
    return Path(csvpipe.__file__).resolve().parent


def shipped_files(root: Path | None = None) -> list[tuple[str, Path]]:
    """(archive name, file) pairs, sorted by archive name; skips caches and bytecode."""
    root = root or package_root()
    files = [("csvpipe/__init__.py", root / "__init__.py")]
    for package in SHIPPED_PACKAGES:
        base = root / package
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            relative = path.relative_to(root)
            if not path.is_file() or SKIPPED_DIRS.intersection(relative.parts):
                continue
            if path.name.endswith(SKIPPED_SUFFIXES) or path.name.startswith("."):
                continue
            files.append(("csvpipe/" + relative.as_posix(), path))
    return sorted(files)


def zip_bytes(files: list[tuple[str, Path]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            info.external_attr = FILE_MODE << 16
            info.create_system = 3  # unix, so the mode bits above are honoured
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def build_lambda_zip(out_dir: Path | str, *, root: Path | None = None) -> BuiltZip:
    """Write ``out_dir/csvpipe-lambda.zip`` and return its path, sha256, size and entry names."""
    files = shipped_files(root)
    data = zip_bytes(files)
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ZIP_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return BuiltZip(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        entries=tuple(name for name, _ in files),
    )
