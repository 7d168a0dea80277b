"""Size limits for imports and the messages that name them."""

from __future__ import annotations

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MIB


def format_size(size: int) -> str:
    """Return a byte count for people: '61.2 MB', '12 KB', '7 bytes'."""
    if size >= MIB:
        value, unit = size / MIB, "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return "1 byte" if size == 1 else f"{size} bytes"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def too_large(size: int | None, max_bytes: int) -> str:
    """Return the reason for refusing a file of `size` bytes (None: unknown) over `max_bytes`."""
    limit = format_size(max_bytes)
    if size is None:
        return f"file is over the {limit} import limit"
    actual = format_size(size)
    if actual == limit:  # rounding would make the message look absurd
        actual, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
    return f"file is {actual}, over the {limit} import limit"
