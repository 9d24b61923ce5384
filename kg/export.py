"""Write graphs to files: deterministic Turtle/N-Triples, written atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from kg.errors import StoreError

#: file suffix -> rdflib format name
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".xml": "xml", ".trig": "trig",
           ".n3": "n3"}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"{path}: unknown RDF file type {suffix!r}; use one of {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions of a new file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise ``graph`` deterministically (N-Triples lines are sorted)."""
    if fmt in ("nt", "ntriples"):
        data = graph.serialize(format="nt", encoding="utf-8")
        lines = sorted(set(data.splitlines(keepends=True)))
        return b"".join(lines)
    return graph.serialize(format=fmt, encoding="utf-8")


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    path = Path(path)
    write_atomic(path, serialize(graph, format_for(path, fmt)))
    return path
