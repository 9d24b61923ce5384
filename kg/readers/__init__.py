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

from kg.errors import ConfigError, InputFormatError, InputProblem, NoValidRecordError
from kg.records import PaperRecord, ParseReport

__all__ = ["FORMATS", "NoValidRecordError", "format_of", "read_papers"]

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
    """Read ``path`` with the reader of ``fmt`` (or of its extension) into records.

    Strict (the default): any problem raises one :class:`~kg.errors.InputFormatError`
    listing every problem of the file. ``skip_invalid``: problems go to ``report``
    and every good record is kept, but a file with problems and no good record at
    all raises :class:`~kg.errors.NoValidRecordError`.
    """
    name = format_of(path, fmt)
    module, func = READERS[name]
    reader: Any = getattr(importlib.import_module(module), func)
    report = report if report is not None else ParseReport()
    kwargs: dict[str, Any] = {"skip_invalid": skip_invalid, "report": report}
    if year is not None:
        kwargs["year"] = year
    skipped, before = len(report.skipped), len(report.problems)
    records = reader(path, **kwargs)
    if not records and len(report.skipped) == skipped:
        _check_nothing_missed(Path(path), name)
    if not records and len(report.problems) > before:
        raise NoValidRecordError(str(path), report.problems[before:])
    return records


def _check_nothing_missed(path: Path, name: str) -> None:
    """A file with text in it that gave no record and no problem was read in the wrong format."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    for n, line in enumerate(head.splitlines(), start=1):
        text = line.decode("utf-8", "replace").strip().lstrip("\ufeff")
        if text:
            raise InputFormatError(InputProblem(
                str(path), n, text, f"a record in {name} format (none was found in the file; "
                f"choose the reader with --format {'|'.join(FORMATS)})"))
