"""Read papers from CSV with a header row.

Columns (by header name, in any order; unknown columns are ignored):

==============  ========  =====================================================
column          required  meaning
==============  ========  =====================================================
``title``       yes       the paper's title
``date``        yes       ISO date ``yyyy-mm-dd``
``abstract``    no        the abstract (URLs are read from it)
``authors``     no        names in order, separated by ``;``
``category``    no        arXiv group, ``CL`` or ``cs.CL`` (default ``misc``)
``has_code``    no        ``true``/``false``/``1``/``0``/``yes``/``no`` (default false)
``et_al``       no        same values; true when only the first authors are listed
``orgs``        no        organisations separated by ``;``
``urls``        no        URLs separated by ``;`` (default: every URL in the abstract)
``arxiv_id``    no        arXiv identifier such as ``2302.11520``
==============  ========  =====================================================

Standard CSV quoting (RFC 4180, as Python's ``csv`` module and spreadsheets
write it) lets a field hold commas, quotes and line breaks. A record's line
number is the physical line where it starts. A missing ``title`` or ``date``
column, a bad field or undecodable bytes raise
:class:`~kg.errors.InputFormatError` naming the file and line, or with
``skip_invalid=True`` the bad record is reported and skipped.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.readers.common import Collector
from kg.readers.lines import UNDECODABLE, bad_bytes, decoded_lines
from kg.records import PaperRecord, ParseReport

REQUIRED = ("title", "date")


def _decoded_lines(path: Path, col: Collector) -> tuple[list[str], set[int]]:
    """The file's lines (with their ends: CRLF, LF or CR, as CSV allows), and the lines that held
    undecodable bytes (reported)."""
    out: list[str] = []
    bad: set[int] = set()
    for n, raw, text in decoded_lines(path):
        if text is None:
            col.problem(n, bad_bytes(raw), UNDECODABLE)
            bad.add(n)
            text = raw.decode("utf-8", "replace")
        out.append(text)
    return io.StringIO("".join(out), newline="").readlines(), bad


def _from(lines: list[str], i: int) -> Iterator[str]:
    for j in range(i, len(lines)):
        yield lines[j]


def _rows(lines: list[str], start: int, width: int, col: Collector) -> Iterator[tuple[int, int, list[str]]]:
    """``(first line, last line, fields)`` of each row of ``width`` fields from line index ``start``.

    A row with a quote problem (RFC 4180, strict) or the wrong number of
    fields is a problem at its first line; when it spans several lines (a quote
    left open) reading starts again at the line after its first, so the
    records it swallowed are still read.
    """
    i = start
    while i < len(lines):
        reader = csv.reader(_from(lines, i), strict=True)
        while True:
            first = i + reader.line_num  # index of the row's first line
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last = i + reader.line_num
                problem = f"valid CSV ({exc})"
            else:
                last = i + reader.line_num
                if not any(c.strip() for c in row):
                    continue
                if len(row) == width:
                    yield first + 1, last, row
                    continue
                problem = f"{width} fields as in the header (got {len(row)})"
            several = last > first + 1
            col.problem(first + 1, lines[first].strip()[:80],
                        problem + ("; a quote opened on this line is not closed where CSV expects" if several else ""))
            i = first + 1 if several else last
            break


def read_csv(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
             **_: Any) -> list[PaperRecord]:
    """Read a CSV file into records (see module docs)."""
    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    lines, bad = _decoded_lines(path, col)
    csv.field_size_limit(1 << 30)
    try:
        header = [h.strip().casefold() for h in next(csv.reader(lines[:1]))]
    except (StopIteration, csv.Error):
        return col.finish()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        # without these columns no record can be read
        col.fatal(1, ",".join(header)[:200], f"a header row naming the columns {', '.join(REQUIRED)} "
                  f"(missing: {', '.join(missing)})")
    for start, end, row in _rows(lines, 1, len(header), col):
        if not bad.intersection(range(start, end + 1)):  # else already reported
            col.add(dict(zip(header, row)), start)
    return col.finish()
