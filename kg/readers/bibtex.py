"""Read papers from BibTeX with ``bibtexparser`` (version 2).

Each entry (``@article``, ``@inproceedings``, ``@misc``, ...) becomes one
record; ``@string``, ``@preamble`` and ``@comment`` blocks are skipped.

==================  ========  ====================================================
field               required  becomes
==================  ========  ====================================================
``title``           yes       title (LaTeX accents decoded, braces removed)
``year``            yes       date; with ``month`` (``feb``, ``2``, ``February``)
                              and ``day`` if present, else month/day 1
``author``          no        authors: ``"Last, First and First Last"`` ->
                              ``["First Last", ...]``; a final ``and others``
                              sets ``et_al`` (otherwise ``et_al`` is false)
``abstract``        no        abstract (URLs are read from it)
``url``             no        first URL, followed by the abstract's URLs
``primaryclass``    no        category (``cs.CL`` -> ``CL``); else ``category``,
                              else ``misc``
``eprint``          no        ``arxiv_id`` (when ``archiveprefix`` is arXiv or absent)
==================  ========  ====================================================

``has_code`` is true when ``url``, ``note`` or the abstract link to GitHub
or GitLab. Line numbers are 1-based lines of the entry's ``@`` line. A block
BibTeX cannot parse, or an entry without title or a valid year, raises
:class:`~kg.errors.InputFormatError` naming the file and line; with
``skip_invalid=True`` it is reported and skipped.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from kg.readers import limits
from kg.readers.common import Collector, decode, squash
from kg.readers.listing import MONTHS, extract_urls
from kg.records import PaperRecord, ParseReport

_MONTH_NAMES = {m.casefold(): i for m, i in MONTHS.items()}
_CODE_HOST = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/", re.I)
_BRACES = re.compile(r"[{}]")


def _month(value: str) -> int | None:
    text = value.strip().casefold()
    if text.isdigit():
        return int(text)
    return _MONTH_NAMES.get(text[:3])


def _date(fields: dict[str, str]) -> str:
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return year or ""  # make_record reports it
    month = _month(fields.get("month", "")) or 1
    day = fields.get("day", "").strip()
    return f"{year}-{month:02d}-{int(day) if day.isdigit() else 1:02d}"


def _name(parts: Any) -> str:
    return squash(" ".join([*parts.first, *parts.von, *parts.last] + ([", " + " ".join(parts.jr)] if parts.jr else [])).replace(" , ", ", "))


def _fields(entry: Any) -> dict[str, Any]:
    raw = {k.casefold(): squash(_BRACES.sub("", f.value)) if isinstance(f.value, str) else f.value
           for k, f in entry.fields_dict.items()}
    authors = raw.get("author") or []
    et_al = bool(authors) and " ".join(authors[-1].last).casefold() == "others"
    names = [_name(a) for a in (authors[:-1] if et_al else authors)]
    abstract = raw.get("abstract", "")
    urls = ([raw["url"]] if raw.get("url") else []) + [u for u in extract_urls(abstract) if u != raw.get("url")]
    urls = [u for u in urls if isinstance(u, str) and len(u) <= limits.MAX_URL][:limits.MAX_URLS]
    prefix = raw.get("archiveprefix", "arxiv").casefold()
    links = " ".join([*urls, raw.get("note", "")])
    return {
        "title": raw.get("title"), "date": _date(raw), "abstract": abstract, "authors": names, "et_al": et_al,
        "category": raw.get("primaryclass") or raw.get("category"), "urls": urls,
        "has_code": bool(_CODE_HOST.search(links)),
        "arxiv_id": raw.get("eprint") if prefix == "arxiv" else None,
    }


RAW_FIELD_CAP = 100_000  # characters of one raw field other than the abstract (LaTeX decoding is slow)


def _capper(cut: dict[int, int], too_long: dict[int, tuple[str, int]]) -> Any:
    """A middleware, run before LaTeX decoding, that cuts long abstracts and marks other overlong fields."""
    from bibtexparser.middlewares.middleware import BlockMiddleware

    class CapFields(BlockMiddleware):
        def transform_entry(self, entry: Any, library: Any) -> Any:
            for f in entry.fields:
                if not isinstance(f.value, str):
                    continue
                if f.key.casefold() == "abstract" and len(f.value) > limits.MAX_ABSTRACT:
                    cut[entry.start_line] = len(f.value)
                    f.value = limits.cut_abstract(f.value)[0]
                elif len(f.value) > RAW_FIELD_CAP:
                    too_long.setdefault(entry.start_line, (f.key, len(f.value)))
                    f.value = f.value[:RAW_FIELD_CAP]
            return entry

    return CapFields()


_LATEX = re.compile(r"[\\{}$~%&^_#]|--|``|''")


def _latex_decoder() -> Any:
    """bibtexparser's LaTeX decoding, skipping values with nothing to decode (pylatexenc takes ~2 ms a field)."""
    from bibtexparser.middlewares import LatexDecodingMiddleware

    class Decoder(LatexDecodingMiddleware):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if not _LATEX.search(python_string):
                return python_string, ""
            return super()._transform_python_value_string(python_string)

    return Decoder()


def read_bibtex(path: str | Path, *, skip_invalid: bool = False, report: ParseReport | None = None,
                **_: Any) -> list[PaperRecord]:
    """Read a BibTeX file into records (see module docs)."""
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
    from bibtexparser.model import Entry, ParsingFailedBlock

    path = Path(path)
    col = Collector(str(path), skip_invalid, report)
    text = decode(path.read_bytes(), col)
    cut: dict[int, int] = {}
    too_long: dict[int, tuple[str, int]] = {}
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its warnings repeat the problems reported below
    try:
        lib = bibtexparser.parse_string(text, append_middleware=[
            _capper(cut, too_long), _latex_decoder(), SeparateCoAuthors(), SplitNameParts()])
    finally:
        quiet.setLevel(level)
    for block in lib.blocks:
        line = block.start_line + 1
        if isinstance(block, ParsingFailedBlock):
            col.problem(line, block.raw.strip().splitlines()[0][:200] if block.raw.strip() else "",
                        f"a complete BibTeX entry like @article{{key, title = {{...}}, year = 2023}} ({block.error})")
        elif isinstance(block, Entry) and block.start_line in too_long:
            name, length = too_long[block.start_line]
            col.problem(line, f"{length:,} characters", f"at most {RAW_FIELD_CAP:,} characters in field {name!r}")
        elif isinstance(block, Entry):
            if block.start_line in cut:
                col.warn(limits.cut_warning(f"{col.source}:{line}", cut[block.start_line]))
            col.add(_fields(block), line)
    return col.finish()
