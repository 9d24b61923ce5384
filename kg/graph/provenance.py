"""The ``pkg:Build`` node that records where a graph came from.

Each build or ``kg add`` adds one ``pkg:Build`` (a ``prov:Activity``) per
input file with its SHA-256 (``pkg:inputHash``), its file name
(``pkg:inputFile``, the base name, so the output does not depend on the
directory it was built in), the paperkg version (``pkg:toolVersion``) and a
start time (``prov:startedAtTime``).

Determinism: the time is **not** the wall clock. It is
``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
convention) when that variable is set, else the input file's modification
time, both in UTC to the second. So building the same file twice gives
byte-identical output, while a changed file gets a new hash and time. The
node's IRI is derived from the hash, so re-adding the same file replaces
its node instead of adding another.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef

from kg.graph.vocab import ID_BASE, PKG, PROV, RDF, XSD


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("paperkg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def build_time(path: str | Path) -> _dt.datetime:
    """``SOURCE_DATE_EPOCH`` if set, else the mtime of ``path`` (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else int(Path(path).stat().st_mtime)
    return _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc)


def build_iri(digest: str) -> URIRef:
    return URIRef(f"{ID_BASE}build/{digest[:16]}")


def build_triples(path: str | Path, digest: str | None = None) -> Iterator[tuple[URIRef, URIRef, object]]:
    """The ``pkg:Build`` node for reading ``path``."""
    digest = digest or file_hash(path)
    b = build_iri(digest)
    yield b, RDF.type, PKG.Build
    yield b, RDF.type, PROV.Activity
    yield b, PKG.inputHash, Literal(digest)
    yield b, PKG.inputFile, Literal(Path(path).name)
    yield b, PKG.toolVersion, Literal(tool_version())
    stamp = build_time(path).isoformat()
    yield b, PROV.startedAtTime, Literal(stamp, datatype=XSD.dateTime)
