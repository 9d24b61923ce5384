"""Write records back in the 3-line listing format that :mod:`kg.readers.listing` reads.

Dates are always written with their year, so reading the output gives the
same dates whatever ``year`` the reader assumes. Reading a listing, writing
it and reading it again gives the same records (a property test checks it).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from pathlib import Path

from kg.readers.listing import MONTHS, ORG_SEP
from kg.records import PaperRecord

_MONTH_ABBR = {i: m for m, i in MONTHS.items()}


def meta_line(rec: PaperRecord) -> str:
    d = _dt.date.fromisoformat(rec.date)
    return f"{rec.category}{_MONTH_ABBR[d.month]} {d.day}, {d.year}" + ("Code" if rec.has_code else "")


def people_line(rec: PaperRecord) -> str:
    first, *rest = rec.authors or ("",)
    line = ", ".join([rec.title + first, *rest]) + (" et al." if rec.et_al else "")
    return line + (ORG_SEP + ", ".join(rec.orgs) if rec.orgs else "")


def format_record(rec: PaperRecord) -> str:
    """The three lines of ``rec`` (ending in a newline); ValueError if a field cannot be written."""
    lines = (meta_line(rec), people_line(rec), rec.abstract)
    for text in lines:
        if any(c in text for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            raise ValueError(f"record {rec.id}: a field holds a line break: {text[:60]!r}")
        if not text.strip() or text != text.rstrip():
            raise ValueError(f"record {rec.id}: an empty field or trailing space cannot be written: {text[:60]!r}")
    return "\n".join(lines) + "\n"


def write_listing(records: Iterable[PaperRecord]) -> str:
    """The listing text of ``records``."""
    return "".join(format_record(r) for r in records)


def save_listing(records: Iterable[PaperRecord], path: str | Path) -> Path:
    """Write ``records`` as a listing to ``path`` atomically."""
    from kg.atomic import write_atomic

    path = Path(path)
    write_atomic(path, write_listing(records).encode("utf-8"))
    return path
