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
from pathlib import Path
from typing import Any

from kg.readers.common import Collector
from kg.readers.lines import UNDECODABLE, bad_bytes, decoded_lines
from kg.records import PaperRecord, ParseReport

REQUIRED = ("title", "date")


def _decoded_lines(path: Path, col: Collector) -> tuple[str, set[int]]:
    """The file's text, and the lines that held undecodable bytes (reported)."""
    out: list[str] = []
    bad: set[int] = set()
    for n, raw, text in decoded_lines(path):
        if text is None:
            col.problem(n, bad_bytes(raw), UNDECODABLE)
            bad.add(n)
            text = raw.decode("utf-8", "replace")
        out.append(text)
    return "".join(out), bad


def read_csv(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
             **_: Any) -> list[PaperRecord]:
    """Read a CSV file into records (see module docs)."""
    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    text, bad = _decoded_lines(path, col)
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader)]
    except StopIteration:
        return col.finish()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        # without these columns no record can be read
        col.fatal(1, ",".join(header), f"a header row naming the columns {', '.join(REQUIRED)} "
                  f"(missing: {', '.join(missing)})")
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            col.problem(start, "", f"valid CSV ({exc})")
            break
        end = reader.line_num
        if not any(c.strip() for c in row):
            start = end + 1
            continue
        if bad.intersection(range(start, end + 1)):
            start = end + 1  # already reported
            continue
        if len(row) != len(header):
            col.problem(start, ",".join(row)[:80], f"{len(header)} fields as in the header (got {len(row)})")
        else:
            col.add(dict(zip(header, row)), start)
        start = end + 1
    return col.finish()
