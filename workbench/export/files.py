"""Where an export goes: a write-then-rename so a crash or a cancelled export never leaves a half-written
file under the final name. (Which format a file name asks for: workbench.export.registry.)"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import WorkbenchError


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
