"""Read papers from JSON Lines: one JSON object per line.

Fields of each object (unknown fields are ignored):

==============  ========  =====================================================
field           required  meaning
==============  ========  =====================================================
``title``       yes       the paper's title
``date``        yes       ISO date ``yyyy-mm-dd`` (a longer ISO timestamp is cut)
``abstract``    no        the abstract (URLs are read from it)
``authors``     no        list of names in order (or one string, ``;``-separated)
``category``    no        arXiv group, ``"CL"`` or ``"cs.CL"`` (default ``misc``)
``has_code``    no        true/false (default false)
``et_al``       no        true when only the first authors are listed
``orgs``        no        list of organisations (or one ``;``-separated string)
``urls``        no        list of URLs (default: every URL in the abstract)
``arxiv_id``    no        arXiv identifier such as ``2302.11520``
==============  ========  =====================================================

The metadata may also sit in a nested ``meta`` object, as in the records
that ``kg extract`` prints (GUIDE.md); then ``abstract`` is read from the top
level. Blank lines are skipped. A line that is not a JSON object, or has a bad
field, raises :class:`~kg.errors.InputFormatError` naming the file and line, or
is reported and skipped with ``skip_invalid=True``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.readers.common import Collector
from kg.readers.lines import UNDECODABLE, bad_bytes, decoded_lines
from kg.records import PaperRecord, ParseReport


def _fields(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("meta")
    if isinstance(meta, dict):
        return {**meta, **{k: v for k, v in obj.items() if k != "meta" and k not in meta}}
    return obj


def read_jsonl(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
               **_: Any) -> list[PaperRecord]:
    """Read a JSON Lines file into records (see module docs)."""
    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    for n, raw, text in decoded_lines(path):
        if text is None:
            col.problem(n, bad_bytes(raw), UNDECODABLE)
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            col.problem(n, text.strip(), f"one JSON object per line ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            col.problem(n, text.strip(), "a JSON object like {\"title\": ..., \"date\": ...}")
            continue
        col.add(_fields(obj), n)
    return col.records
