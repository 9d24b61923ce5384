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
record's line is the line of its ``<entry>`` tag. XML that is not well formed
raises :class:`~kg.errors.InputFormatError` at the line the XML parser names;
with ``skip_invalid=True`` it is reported and every entry the lenient parser
recovers is still checked and kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.readers.common import Collector, decode, squash
from kg.records import PaperRecord, ParseReport

_ENTRY = re.compile(r"<(?:\w+:)?entry[\s>]")
_ABS_ID = re.compile(r"arxiv\.org/abs/(.+?)(?:v\d+)?$")
_CODE_HOST = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/", re.I)


def arxiv_id(entry_id: str) -> str | None:
    m = _ABS_ID.search(entry_id.strip())
    return m.group(1) if m else None


def _fields(e: Any) -> dict[str, Any]:
    primary = (e.get("arxiv_primary_category") or {}).get("term")
    tags = [t.get("term") for t in e.get("tags", []) if t.get("term")]
    summary = squash(e.get("summary"))
    return {
        "title": squash(e.get("title")),
        "date": (e.get("published") or "")[:10],
        "abstract": summary,
        "authors": [squash(a.get("name")) for a in e.get("authors", []) if squash(a.get("name"))],
        "category": primary or (tags[0] if tags else None),
        "has_code": bool(_CODE_HOST.search(summary + " " + (e.get("arxiv_comment") or ""))),
        "arxiv_id": arxiv_id(e.get("id", "")),
    }


def read_atom(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
              **_: Any) -> list[PaperRecord]:
    """Read an arXiv Atom feed into records (see module docs)."""
    import feedparser

    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    text = decode(path.read_bytes(), col)
    if not text.strip():
        return col.records
    feed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    exc = feed.get("bozo_exception")
    if feed.get("bozo") and exc is not None and hasattr(exc, "getLineNumber"):
        col.problem(exc.getLineNumber() or 1, str(exc.getMessage() if hasattr(exc, "getMessage") else exc),
                    "well-formed Atom XML as the arXiv API returns it")
    elif not feed.get("version") and not feed.entries:
        col.problem(1, text.strip().splitlines()[0], "an Atom <feed> as the arXiv API returns it")
    lines = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY.finditer(text)]
    for i, entry in enumerate(feed.entries):
        col.add(_fields(entry), lines[i] if i < len(lines) else 1)
    return col.records
