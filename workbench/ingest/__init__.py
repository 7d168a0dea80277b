"""Importing article files (text, Markdown, HTML, PDF, DOCX) into text plus metadata.

Every problem a user can cause raises `workbench.errors.ImportFailed` naming the file and the
problem. The format libraries are imported only when a file of that format is read.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import ImportFailed
from workbench.ingest.document import SUPPORTED_SUFFIXES, ParsedDocument
from workbench.ingest.files import iter_import_files, read_file_bytes
from workbench.ingest.limits import DEFAULT_MAX_BYTES, too_large
from workbench.ingest.registry import FORMATS, ImportFormat, file_filters, format_for

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "SUPPORTED_SUFFIXES",
    "ImportFailed",
    "ImportFormat",
    "ParsedDocument",
    "file_filters",
    "format_for",
    "iter_import_files",
    "parse_bytes",
    "read_document",
]


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file; raise ImportFailed for anything wrong with it."""
    path = Path(path)
    fmt = _check_suffix(path)
    return _guarded_parse(fmt, read_file_bytes(path, max_bytes), path, max_bytes)


def parse_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse a file's bytes; `name` gives the format by its suffix and names the file in messages."""
    path = Path(name)
    fmt = _check_suffix(path)
    if len(data) > max_bytes:
        raise ImportFailed(path, too_large(len(data), max_bytes))
    return _guarded_parse(fmt, data, path, max_bytes)


def _check_suffix(path: Path) -> ImportFormat:
    """The format of a file by its name's suffix; ImportFailed if it is not one we can import."""
    fmt = format_for(path)
    if fmt is not None:
        return fmt
    known = ", ".join(sorted(SUPPORTED_SUFFIXES))
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ImportFailed(path, "old Word .doc files cannot be imported; save it as .docx")
    what = f"unsupported file type {suffix!r}" if suffix else "file name has no suffix to tell its type"
    raise ImportFailed(path, f"{what} (can import {known})")


def _guarded_parse(fmt: ImportFormat, data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    """Parse, turning anything a format library raises into this file's one-line ImportFailed.

    A parser (or its import) failing in a way we did not foresee costs that one file, never the rest of
    a folder import.
    """
    try:
        return _parse(fmt, data, path, max_bytes)
    except ImportFailed:
        raise
    except ImportError as exc:
        reason = f"a library it needs cannot be loaded ({_one_line(exc)}); reinstall Claim Workbench"
        raise ImportFailed(path, f"could not read it: {reason}") from exc
    except RecursionError:
        raise ImportFailed(path, "the file is nested too deeply to read") from None
    except Exception as exc:
        raise ImportFailed(path, f"could not read it ({_one_line(exc)})") from exc


def _one_line(exc: BaseException) -> str:
    """An exception's type and first message line, short enough for one line of output."""
    first = (str(exc).strip().splitlines() or [""])[0]
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _parse(fmt: ImportFormat, data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    """Parse data with its format's parser, then fill metadata gaps from the text."""
    if not data:
        raise ImportFailed(path, "file is empty")
    document = fmt.parse(data, path, max_bytes)
    from workbench.ingest.metadata import complete

    return complete(document)
