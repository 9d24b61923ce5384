"""Write graphs to files: deterministic Turtle/N-Triples, written atomically."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` (fsync + rename).

    Readers never see half a file, and a crash or Ctrl-C leaves the previous file intact.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions of a new file
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


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
