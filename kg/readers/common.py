"""Shared pieces of the structured readers (JSON Lines, CSV, BibTeX, Atom).

Every structured reader turns one input record into a plain ``dict`` of
fields and calls :func:`make_record`, which checks the fields and builds a
:class:`~kg.records.PaperRecord` exactly as the listing parser would
(``urls`` are taken from the abstract unless given). A bad field raises
:class:`BadField`; :class:`Collector` turns it into a line-numbered
:class:`~kg.errors.InputProblem` and applies the ``--skip-invalid`` rules:
list every problem and stop, or report every bad record and keep every good one.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kg.errors import InputProblem, InputProblems
from kg.readers import limits
from kg.readers.categories import is_known, unknown_warning
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


def show(value: Any) -> str:
    """A short text of any field value for a message (nested JSON is not printed: it may be deep)."""
    if isinstance(value, str):
        return value[:200]
    if value is None or isinstance(value, (bool, int, float)):
        return str(value)[:200]
    return f"a JSON {'list' if isinstance(value, (list, tuple)) else 'object' if isinstance(value, dict) else type(value).__name__}"


def as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = show(value).strip().casefold() if isinstance(value, (str, int, float)) else "?"
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise BadField(show(value), f"true or false in field {field!r}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(text: str, field: str) -> str:
    """``text``, or :class:`BadField` when it holds a lone surrogate (JSON ``"\\ud800"``), which no file can store."""
    m = _SURROGATE.search(text)
    if m:
        near = text[max(0, m.start() - 20): m.start() + 20]
        raise BadField(_SURROGATE.sub(lambda c: f"<U+{ord(c.group()):04X}>", near),
                       f"text without a lone surrogate (\\ud800-\\udfff escapes come in pairs) in field {field!r}")
    return text


def as_list(value: Any, field: str, sep: str = ";") -> tuple[str, ...]:
    """A list field: a JSON list of strings, or one string split on ``sep``."""
    if value is None:
        return ()
    if isinstance(value, str):
        items = tuple(s.strip() for s in value.split(sep) if s.strip())
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = tuple(v.strip() for v in value if v.strip())
    else:
        raise BadField(show(value), f"a list of strings in field {field!r}")
    for item in items:
        check_unicode(item, field)
    return items


def as_text(value: Any, field: str, required: bool) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadField("" if value is None else show(value), f"a non-empty {field!r} field")
        return ""
    if not isinstance(value, str):
        raise BadField(show(value), f"text in field {field!r}")
    return check_unicode(value.strip(), field)


def squash(text: str | None) -> str:
    """Whitespace runs (line breaks of wrapped XML or BibTeX text) as single spaces."""
    return " ".join(text.split()) if isinstance(text, str) else ""


def as_date(value: Any) -> str:
    text = value.strip()[:200] if isinstance(value, str) else ""
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise BadField(text or ("" if value is None else show(value)),
                       "a date like 2023-02-22 in field 'date'") from None


def make_record(fields: Mapping[str, Any], *, rid: int, source: str, line: int,
                warn: Callable[[str], None] | None = None) -> PaperRecord:
    """Check ``fields`` (see the reader docs for their names) and build a record.

    Fields over their cap (:mod:`kg.readers.limits`) raise :class:`BadField`,
    except the abstract, which is cut with a warning; an unknown category is
    kept with a warning. Warnings go to ``warn`` as ``file:line: ...`` text.
    """
    where = f"{source}:{line}"
    category = category_code(as_text(fields.get("category"), "category", False) or DEFAULT_CATEGORY)
    if len(category) > limits.MAX_CATEGORY or not CATEGORY_RE.match(category):
        raise BadField(category[:80], "a category code like 'CL' or 'cs.CL' (letters, '.', '-')")
    title = limits.check_length(as_text(fields.get("title"), "title", True), "title", limits.MAX_TITLE)
    authors = limits.check_count(as_list(fields.get("authors"), "authors"), "authors", limits.MAX_AUTHORS,
                                 limits.MAX_NAME)
    orgs = limits.check_count(as_list(fields.get("orgs"), "orgs"), "orgs", limits.MAX_ORGS, limits.MAX_NAME)
    abstract, length = limits.cut_abstract(as_text(fields.get("abstract"), "abstract", False))
    if fields.get("urls"):
        urls = limits.check_count(as_list(fields.get("urls"), "urls"), "urls", limits.MAX_URLS, limits.MAX_URL)
    else:
        urls = tuple(u for u in extract_urls(abstract) if len(u) <= limits.MAX_URL)[:limits.MAX_URLS]
    arxiv = fields.get("arxiv_id")
    if isinstance(arxiv, (int, float)) and not isinstance(arxiv, bool):
        arxiv = str(arxiv)
    arxiv_text = limits.check_length(as_text(arxiv or None, "arxiv_id", False), "arxiv_id", limits.MAX_ARXIV_ID)
    rec = PaperRecord(
        id=rid, category=category, date=as_date(fields.get("date")),
        has_code=as_bool(fields.get("has_code"), "has_code"),
        title=title, authors=authors, et_al=as_bool(fields.get("et_al"), "et_al"),
        orgs=orgs, abstract=abstract, urls=urls, source=source, line=line,
        arxiv_id=arxiv_text or None,
    )
    if warn is not None:
        if length is not None:
            warn(limits.cut_warning(where, length))
        if not is_known(category):
            warn(unknown_warning(where, category))
    return rec


class Collector:
    """Builds records one by one and collects every problem; :meth:`finish` applies ``skip_invalid``.

    Strict (``skip_invalid=False``): :meth:`finish` raises one
    :class:`~kg.errors.InputProblems` that lists every problem of the file.
    With ``skip_invalid``: each problem goes to the report and every good
    record is kept.
    """

    def __init__(self, source: str, skip_invalid: bool, report: ParseReport | None):
        self.source, self.skip_invalid = source, skip_invalid
        self.report = report if report is not None else ParseReport()
        self.records: list[PaperRecord] = []
        self.problems: list[InputProblem] = []

    def problem(self, line: int, found: str, expected: str) -> None:
        self.problems.append(InputProblem(self.source, line, found, expected))

    def fatal(self, line: int, found: str, expected: str) -> None:
        """A problem after which nothing more can be read: raise now, whatever ``skip_invalid`` says."""
        self.problem(line, found, expected)
        raise InputProblems(self.problems, limits.MAX_LISTED_PROBLEMS)

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)

    def add(self, fields: Mapping[str, Any], line: int) -> None:
        try:
            rec = make_record(fields, rid=len(self.records) + 1, source=self.source, line=line, warn=self.warn)
        except (BadField, limits.TooLong) as exc:
            self.problem(line, exc.found, exc.expected)
            return
        self.records.append(rec)

    def add_all(self, items: Iterable[tuple[int, Mapping[str, Any]]]) -> list[PaperRecord]:
        for line, fields in items:
            self.add(fields, line)
        return self.finish()

    def finish(self) -> list[PaperRecord]:
        """The good records; raises :class:`~kg.errors.InputProblems` in strict mode if there was any problem."""
        self.problems.sort(key=lambda p: p.line)
        if self.problems and not self.skip_invalid:
            raise InputProblems(self.problems, limits.MAX_LISTED_PROBLEMS)
        self.report.skipped.extend(p.message() for p in self.problems)
        self.report.problems.extend(self.problems)
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
