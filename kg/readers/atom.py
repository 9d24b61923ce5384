"""Read papers from arXiv API Atom XML (as saved from ``export.arxiv.org/api/query``).

Parsed offline with ``feedparser``; each ``<entry>`` becomes one record:

============================  ==================================================
Atom element                  becomes
============================  ==================================================
``<id>``                      ``arxiv_id``: ``http://arxiv.org/abs/2302.11520v4``
                              -> ``2302.11520`` (version dropped)
``<arxiv:primary_category>``  category: ``cs.CL`` -> ``CL`` (else the first
                              ``<category>``, else ``misc``)
``<published>``               date (``yyyy-mm-dd``); required
``<title>``                   title (line breaks and runs of spaces squashed); required
``<author><name>``            authors, in order; ``et_al`` is false
``<summary>``                 abstract (squashed like the title); URLs are read from it
============================  ==================================================

``has_code`` is true when the summary or ``<arxiv:comment>`` links to GitHub
or GitLab. ``orgs`` stay empty (the API rarely gives affiliations). A
record's line is the line of its ``<entry>`` tag.

A file that is not well-formed XML (cut off mid-entry, a broken tag) is read
entry by entry: each ``<entry>...</entry>`` is checked on its own, every
complete, well-formed entry is kept and every other one is a problem at its
line (an entry without ``</entry>``, or the line the XML parser names). Damage
outside any entry (a missing ``</feed>``) is one more problem. Strict mode
lists all of them in one :class:`~kg.errors.InputFormatError`; with
``skip_invalid=True`` they are reported and the good entries kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.readers.common import Collector, decode, squash
from kg.records import PaperRecord, ParseReport

_ENTRY = re.compile(r"<(?:\w+:)?entry[\s>]")
_ENTRY_END = re.compile(r"</(?:\w+:)?entry\s*>")
_FEED = re.compile(r"<(\w+:)?feed\b[^>]*>")
DEFAULT_FEED = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
XML_DECL = '<?xml version="1.0" encoding="utf-8"?>'  # without it feedparser adds one and a line break
WELL_FORMED = "well-formed Atom XML as the arXiv API returns it"
_ABS_ID = re.compile(r"arxiv\.org/abs/(.+?)(?:v\d+)?$")
_CODE_HOST = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/", re.I)


def arxiv_id(entry_id: str) -> str | None:
    m = _ABS_ID.search(entry_id.strip())
    return m.group(1) if m else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _fields(e: Any) -> dict[str, Any]:
    primary = e.get("arxiv_primary_category")
    primary = primary.get("term") if isinstance(primary, dict) else None
    tags = [t.get("term") for t in e.get("tags", []) if isinstance(t, dict) and isinstance(t.get("term"), str)]
    summary = squash(e.get("summary"))
    authors = [squash(a.get("name")) for a in e.get("authors", []) if isinstance(a, dict)]
    return {
        "title": squash(e.get("title")),
        "date": _str(e.get("published"))[:10],
        "abstract": summary,
        "authors": [a for a in authors if a],
        "category": primary if isinstance(primary, str) else (tags[0] if tags else None),
        "has_code": bool(_CODE_HOST.search(summary + " " + _str(e.get("arxiv_comment")))),
        "arxiv_id": arxiv_id(_str(e.get("id"))),
    }


def _parse(text: str) -> tuple[Any, tuple[int, str] | None]:
    """The feedparser result of ``text`` and, if it is not well-formed XML, ``(line, message)``."""
    import feedparser

    try:
        feed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser's own failures, whatever the input: a problem, not a crash
        return None, (1, f"{type(exc).__name__}: {exc}")
    exc = feed.get("bozo_exception")
    if feed.get("bozo") and exc is not None and hasattr(exc, "getLineNumber"):
        return feed, (exc.getLineNumber() or 1, str(exc.getMessage() if hasattr(exc, "getMessage") else exc))
    return feed, None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _xml_error(text: str) -> tuple[int, str] | None:
    """``(line, message)`` when ``text`` is not well-formed XML (expat: fast), else None."""
    from xml.parsers import expat

    try:
        expat.ParserCreate().Parse(text, True)
    except expat.ExpatError as exc:
        return exc.lineno, expat.ErrorString(exc.code)
    return None


def _recover(text: str, col: Collector, error: tuple[int, str]) -> None:
    """Not well-formed: check each ``<entry>...</entry>`` on its own, keep the complete ones, report the rest."""
    head = _FEED.search(text)
    opening = head.group() if head else DEFAULT_FEED
    closing = f"</{head.group(1) or ''}feed>" if head else "</feed>"
    starts = [m.start() for m in _ENTRY.finditer(text)]
    bad_spans: list[tuple[int, int]] = []
    good: list[tuple[int, str]] = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        line, last = _line_of(text, start), _line_of(text, stop)
        region = text[start:stop]
        end = _ENTRY_END.search(region)
        if end is None:
            nxt = f"the next <entry> at line {last}" if i + 1 < len(starts) else "the end of the file"
            col.problem(line, region.strip().splitlines()[0][:200], f"an <entry> closed by </entry> before {nxt}")
            bad_spans.append((line, last))
            continue
        err = _xml_error(opening + region[:end.end()] + closing)  # all on the entry's first line
        if err is not None:
            col.problem(line + err[0] - 1, err[1], WELL_FORMED)
            bad_spans.append((line, last))
            continue
        good.append((line, region[:end.end()]))
    if not any(a <= error[0] <= b for a, b in bad_spans):
        col.problem(error[0], error[1], WELL_FORMED)
    if good:  # the well-formed entries, as one feed
        feed, _ = _parse(XML_DECL + opening + "\n".join(chunk for _, chunk in good) + closing)
        for (line, _), entry in zip(good, feed.entries if feed is not None else []):
            col.add(_fields(entry), line)


def read_atom(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
              **_: Any) -> list[PaperRecord]:
    """Read an arXiv Atom feed into records (see module docs)."""
    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    text = decode(path.read_bytes(), col)
    if not text.strip():
        return col.finish()
    error = _xml_error(text)  # expat first: feedparser's fallback parser is slow on broken XML
    feed, error = (None, error) if error is not None else _parse(text)
    if error is not None:
        _recover(text, col, error)
    elif not feed.get("version") and not feed.entries:
        col.problem(1, text.strip().splitlines()[0], "an Atom <feed> as the arXiv API returns it")
    else:
        lines = [_line_of(text, m.start()) for m in _ENTRY.finditer(text)]
        for i, entry in enumerate(feed.entries):
            col.add(_fields(entry), lines[i] if i < len(lines) else 1)
    return col.finish()
