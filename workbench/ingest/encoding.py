"""Decoding text files: byte-order marks, strict UTF-8, then charset-normalizer's best guess."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from workbench.errors import ImportFailed

BINARY = "looks like a binary file, not text"
EMPTY = "file is empty"

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # not \t \n \v \f \r
_MAX_CONTROL_SHARE = 0.01
_NEWLINES = re.compile(r"\r\n?")


def decode_text(data: bytes, path: Path, *, declared: str | None = None) -> str:
    """Decode a text file's bytes (BOM dropped); refuse empty and binary files with ImportFailed."""
    if not data:
        raise ImportFailed(path, EMPTY)
    text = _decode(data, path, declared)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFailed(path, EMPTY)
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ImportFailed(path, BINARY)
    return text


def normalize_newlines(text: str) -> str:
    """Return text with CRLF and lone CR line endings turned into LF, nothing else changed."""
    return _NEWLINES.sub("\n", text)


def _decode(data: bytes, path: Path, declared: str | None) -> str:
    """Return data decoded by BOM, strict UTF-8, the declared charset or detection, in that order."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise ImportFailed(path, f"text is not valid {name} despite its byte-order mark") from None
    has_nul = b"\x00" in data
    if not has_nul:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if declared:
            text = _decode_declared(data, declared)
            if text is not None:
                return text
    encoding = _detect(data)
    if encoding is None or (has_nul and not encoding.startswith(("utf_16", "utf_32"))):
        raise ImportFailed(path, BINARY)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportFailed(path, "cannot tell the text encoding; save the file as UTF-8") from None


def _decode_declared(data: bytes, declared: str) -> str | None:
    """Return data decoded with a charset the file declares itself, or None if that does not work."""
    try:
        codec = codecs.lookup(declared.strip()).name
    except (LookupError, ValueError):
        return None
    if codec.startswith(("utf-16", "utf-32")):  # a file without NUL bytes cannot be either
        return None
    if codec in ("iso8859-1", "ascii"):  # labels that mean windows-1252 in practice (WHATWG)
        codec = "cp1252"
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):  # LookupError: not a text codec, e.g. 'rot13'
        return None


def _detect(data: bytes) -> str | None:
    """Return charset-normalizer's encoding for data, preferring cp1252 among equally clean decodings."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Western texts fit many code pages equally well and charset-normalizer then picks by a
    # language guess that is noise on short texts (German as mac_turkish); cp1252 is far likelier.
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in (match.encoding, *match.could_be_from_charset):
            return "cp1252"
    return best.encoding
