"""Write graphs to files: deterministic Turtle/N-Triples, written atomically."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.atomic import write_atomic
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
