"""Read a text file line by line as UTF-8, keeping the line numbers of undecodable bytes."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

UNDECODABLE = "UTF-8 text (undecodable bytes)"
BOM = b"\xef\xbb\xbf"


def decoded_lines(path: str | Path) -> Iterator[tuple[int, bytes, str | None]]:
    """Yield ``(line number, raw bytes, text or None when not UTF-8)``; a leading BOM is dropped."""
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if n == 1 and raw.startswith(BOM):
                raw = raw[len(BOM):]
            try:
                yield n, raw, raw.decode("utf-8")
            except UnicodeDecodeError:
                yield n, raw, None


def bad_bytes(raw: bytes) -> str:
    """The bytes around the first undecodable spot of ``raw``, printable, for an error message."""
    try:
        raw.decode("utf-8")
        return ""
    except UnicodeDecodeError as exc:
        return repr(raw[max(0, exc.start - 10): exc.end + 10])[2:-1]
