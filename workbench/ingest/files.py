"""Finding the files to import (folders expanded) and reading them within the size limit."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.errors import ImportFailed
from workbench.ingest.document import format_of
from workbench.ingest.limits import too_large


def iter_import_files(paths: Iterable[Path]) -> Iterator[Path | ImportFailed]:
    """Yield the files to import for `paths`, folders expanded; problems are yielded, not raised."""
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield ImportFailed(path, "no such file or folder")
            continue
        except OSError as exc:
            yield ImportFailed(path, f"cannot access it ({_describe(exc)})")
            continue
        except ValueError:  # a NUL character in the name
            yield ImportFailed(path, "not a valid file name")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, {(info.st_dev, info.st_ino)})
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | ImportFailed]:
    """Yield supported files under `folder` in name order, depth first, skipping hidden entries."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield ImportFailed(folder, f"cannot read folder ({_describe(exc)})")
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):  # hidden files, Office lock files
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            try:
                info = entry.stat()
            except OSError as exc:
                yield ImportFailed(path, f"cannot read folder ({_describe(exc)})")
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen:  # a symlink loop would otherwise never end
                yield from _walk(path, seen | {key})
        elif format_of(path) is not None:
            yield path


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """Return the bytes of a regular file, refusing it before reading if it is over `max_bytes`."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImportFailed(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailed(path, "not a regular file")
        if info.st_size > max_bytes:
            raise ImportFailed(path, too_large(info.st_size, max_bytes))
        with open(path, "rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise ImportFailed(path, "no such file") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot read file ({_describe(exc)})") from None
    except ValueError:  # a NUL character in the name
        raise ImportFailed(path, "not a valid file name") from None
    if len(data) > max_bytes:  # the file grew while we looked at it
        raise ImportFailed(path, too_large(None, max_bytes))
    return data


def _describe(exc: OSError) -> str:
    """Return an OS error's reason in lower case without the file name, e.g. 'permission denied'."""
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]
