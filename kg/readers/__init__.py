"""Readers: one module per input format, each producing :class:`kg.records.PaperRecord`.

:func:`read_papers` picks the reader by ``fmt`` or by the file extension:

=========  ===========================  ==============================
format     extensions                   module
=========  ===========================  ==============================
listing    ``.txt`` (and anything else)  :mod:`kg.readers.listing`
atom       ``.atom``, ``.xml``          :mod:`kg.readers.atom`
bibtex     ``.bib``, ``.bibtex``        :mod:`kg.readers.bibtex`
jsonl      ``.jsonl``, ``.ndjson``      :mod:`kg.readers.jsonl`
csv        ``.csv``                     :mod:`kg.readers.csv_reader`
=========  ===========================  ==============================
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.records import PaperRecord, ParseReport

#: format name -> (module, function)
READERS: dict[str, tuple[str, str]] = {
    "listing": ("kg.readers.listing", "read_listing"),
    "atom": ("kg.readers.atom", "read_atom"),
    "bibtex": ("kg.readers.bibtex", "read_bibtex"),
    "jsonl": ("kg.readers.jsonl", "read_jsonl"),
    "csv": ("kg.readers.csv_reader", "read_csv"),
}
EXTENSIONS = {".txt": "listing", ".atom": "atom", ".xml": "atom", ".bib": "bibtex", ".bibtex": "bibtex",
              ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
FORMATS = tuple(READERS)


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The reader name for ``path``: ``fmt`` if given, else by extension (default: listing)."""
    if fmt:
        if fmt not in READERS:
            raise ConfigError(f"unknown input format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    return EXTENSIONS.get(Path(path).suffix.lower(), "listing")


def read_papers(path: str | Path, fmt: str | None = None, *, year: int | None = None, skip_invalid: bool = False,
                report: ParseReport | None = None) -> list[PaperRecord]:
    """Read ``path`` with the reader of ``fmt`` (or of its extension) into records."""
    module, func = READERS[format_of(path, fmt)]
    reader: Any = getattr(importlib.import_module(module), func)
    kwargs: dict[str, Any] = {"skip_invalid": skip_invalid, "report": report}
    if year is not None:
        kwargs["year"] = year
    return reader(path, **kwargs)
