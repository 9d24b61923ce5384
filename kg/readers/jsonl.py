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
level. Blank lines are skipped. A line that is not a JSON object (also: nesting
deeper than Python's recursion limit, an integer of more than 4,300 digits, ``NaN`` or
``Infinity``, a lone surrogate escape such as ``"\\ud800"`` in a field), or has a
bad field, is a problem at its line: every problem of the file is listed in one
:class:`~kg.errors.InputFormatError`, or with ``skip_invalid=True`` reported and
skipped while every good line is kept.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.readers.common import Collector
from kg.readers.lines import UNDECODABLE, bad_bytes, decoded_lines
from kg.records import PaperRecord, ParseReport


OBJECT = "a JSON object like {\"title\": ..., \"date\": ...}"


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_line(text: str) -> tuple[Any, str | None]:
    """``(value, None)`` or ``(None, what was expected)`` for one line of JSON; never raises."""
    try:
        return json.loads(text, parse_constant=_constant), None
    except json.JSONDecodeError as exc:
        return None, f"one JSON object per line ({exc.msg} at column {exc.colno})"
    except RecursionError:  # [[[[... nested past Python's recursion limit
        return None, "one JSON object per line (arrays or objects nested too deep)"
    except ValueError as exc:  # an integer of more than 4,300 digits, NaN, Infinity
        return None, f"one JSON object per line ({str(exc).split(';')[0]})"


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
        obj, expected = parse_line(text)
        if expected is not None:
            col.problem(n, text.strip()[:200], expected)
            continue
        if not isinstance(obj, dict):
            col.problem(n, text.strip()[:200], OBJECT)
            continue
        col.add(_fields(obj), n)
    return col.finish()
