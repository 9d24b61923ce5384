"""Shared pieces of the structured readers (JSON Lines, CSV, BibTeX, Atom).

Every structured reader turns one input record into a plain ``dict`` of
fields and calls :func:`make_record`, which checks the fields and builds a
:class:`~kg.records.PaperRecord` exactly as the listing parser would
(``urls`` are taken from the abstract unless given). A bad field raises
:class:`BadField`; :class:`Collector` turns it into a line-numbered
:class:`~kg.errors.InputProblem` and applies the ``--skip-invalid`` rules:
stop at the first problem, or report every bad record and keep every good one.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kg.errors import InputFormatError, InputProblem
from kg.readers.listing import extract_urls
from kg.records import PaperRecord, ParseReport

CATEGORY_RE = re.compile(r"^[A-Za-z][A-Za-z.\-]{0,15}$")
DEFAULT_CATEGORY = "misc"
TRUE = {"true", "1", "yes", "y", "t"}
FALSE = {"false", "0", "no", "n", "f", ""}


class BadField(ValueError):
    """One field of one input record is missing or malformed."""

    def __init__(self, found: str, expected: str):
        super().__init__(f"found {found!r}; expected {expected}")
        self.found, self.expected = found, expected


def category_code(value: str) -> str:
    """``"cs.CL"`` -> ``"CL"``; a code without a dot is kept (``"hep-th"``)."""
    return value.strip().rsplit(".", 1)[-1] if "." in value.strip() else value.strip()


def as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise BadField(str(value), f"true or false in field {field!r}")


def as_list(value: Any, field: str, sep: str = ";") -> tuple[str, ...]:
    """A list field: a JSON list of strings, or one string split on ``sep``."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(sep) if s.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise BadField(str(value), f"a list of strings in field {field!r}")


def as_text(value: Any, field: str, required: bool) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadField("" if value is None else str(value), f"a non-empty {field!r} field")
        return ""
    if not isinstance(value, str):
        raise BadField(str(value), f"text in field {field!r}")
    return value.strip()


def squash(text: str | None) -> str:
    """Whitespace runs (line breaks of wrapped XML or BibTeX text) as single spaces."""
    return " ".join((text or "").split())


def as_date(value: Any) -> str:
    text = str(value or "").strip()
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise BadField(text, "a date like 2023-02-22 in field 'date'") from None


def make_record(fields: Mapping[str, Any], *, rid: int, source: str, line: int) -> PaperRecord:
    """Check ``fields`` (see the reader docs for their names) and build a record."""
    category = category_code(as_text(fields.get("category"), "category", False) or DEFAULT_CATEGORY)
    if not CATEGORY_RE.match(category):
        raise BadField(category, "a category code like 'CL' or 'cs.CL' (letters, '.', '-')")
    abstract = as_text(fields.get("abstract"), "abstract", False)
    urls = as_list(fields.get("urls"), "urls") if fields.get("urls") else extract_urls(abstract)
    arxiv = fields.get("arxiv_id")
    return PaperRecord(
        id=rid, category=category, date=as_date(fields.get("date")),
        has_code=as_bool(fields.get("has_code"), "has_code"),
        title=as_text(fields.get("title"), "title", True),
        authors=as_list(fields.get("authors"), "authors"), et_al=as_bool(fields.get("et_al"), "et_al"),
        orgs=as_list(fields.get("orgs"), "orgs"), abstract=abstract, urls=urls, source=source, line=line,
        arxiv_id=str(arxiv).strip() or None if arxiv else None,
    )


class Collector:
    """Builds records one by one and handles problems by the ``skip_invalid`` rule."""

    def __init__(self, source: str, skip_invalid: bool, report: ParseReport | None):
        self.source, self.skip_invalid = source, skip_invalid
        self.report = report if report is not None else ParseReport()
        self.records: list[PaperRecord] = []

    def problem(self, line: int, found: str, expected: str) -> None:
        problem = InputProblem(self.source, line, found, expected)
        if not self.skip_invalid:
            raise InputFormatError(problem)
        self.report.skipped.append(problem.message())

    def add(self, fields: Mapping[str, Any], line: int) -> None:
        try:
            rec = make_record(fields, rid=len(self.records) + 1, source=self.source, line=line)
        except BadField as exc:
            self.problem(line, exc.found, exc.expected)
            return
        self.records.append(rec)

    def add_all(self, items: Iterable[tuple[int, Mapping[str, Any]]]) -> list[PaperRecord]:
        for line, fields in items:
            self.add(fields, line)
        return self.records


def decode(data: bytes, col: Collector) -> str:
    """UTF-8 text (a BOM is dropped); undecodable bytes are a problem at their line.

    With ``skip_invalid`` each bad byte is reported and replaced by U+FFFD,
    so the records around it are still read.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            line = data.count(b"\n", 0, start) + 1
            col.problem(line, repr(data[max(0, start - 10): end + 10])[2:-1], "UTF-8 text (undecodable bytes)")
            pos = end
    return data.decode("utf-8", "replace")
