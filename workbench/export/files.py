"""Where an export goes: its format from the file name, and a write-then-rename so a crash or a
cancelled export never leaves a half-written file under the final name."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import InvalidValue, WorkbenchError

FORMATS = ("xlsx", "csv", "claimreview", "annotations")
FORMAT_LABELS = {
    "xlsx": "Verdict workbook (XLSX)",
    "csv": "One table as CSV",
    "claimreview": "schema.org ClaimReview (JSON-LD)",
    "annotations": "W3C Web Annotations (JSON-LD)",
}
SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv", "claimreview": ".jsonld", "annotations": ".jsonld"}


def infer_format(path: Path | str, given: str | None = None) -> str:
    """The export format: the one given, else from the suffix; raises InvalidValue.

    .xlsx -> xlsx; .csv -> csv; .jsonld or .json -> annotations when the file name contains
    "annotation" (e.g. claims.annotations.jsonld), else claimreview.
    """
    if given:
        if given.lower() not in FORMATS:
            raise InvalidValue(f"unknown export format {given!r}; use one of: {', '.join(FORMATS)}")
        return given.lower()
    name = Path(path).name.lower()
    suffix = Path(name).suffix
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonld", ".json"):
        return "annotations" if "annotation" in name else "claimreview"
    raise InvalidValue(
        f"cannot tell the export format from {Path(path).name!r}; name the file .xlsx, .csv or .jsonld, "
        f"or give the format ({', '.join(FORMATS)})"
    )


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary file beside path; renamed to path when the block succeeds, deleted otherwise."""
    folder = path.parent
    if not folder.is_dir():
        raise WorkbenchError(f"{folder}: the destination folder does not exist")
    if path.is_dir():
        raise WorkbenchError(f"{path}: is a folder; choose a file name")
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # honours the umask
    except OSError as exc:
        raise WorkbenchError(f"{folder}: cannot write here ({exc.strerror})") from exc
    try:
        yield temp
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        try:
            os.replace(temp, path)
        except OSError as exc:
            raise WorkbenchError(
                f"{path}: cannot replace the file ({exc.strerror}); is it open in another program?"
            ) from exc
    finally:
        temp.unlink(missing_ok=True)
