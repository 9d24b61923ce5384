"""Write graphs to files with pyoxigraph's serialisers: deterministic bytes, atomic writes.

:func:`export` writes any source (a file, an on-disk store, an endpoint) as Turtle,
N-Triples, N-Quads, TriG, JSON-LD or RDF/XML (``kg export``); :func:`write_graph`
writes an rdflib ``Graph`` the same way. N-Quads and TriG keep a store's named
graphs; the other formats hold the union of its graphs as one graph.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import StoreError
from kg.store.formats import FORMAT_NAMES, rdf_format
from kg.store.layout import dump_union

__all__ = ["FORMAT_NAMES", "export", "graph_store", "serialize", "write_graph"]


def graph_store(graph: Graph) -> Any:
    """An in-memory pyoxigraph store holding ``graph`` (its triples in the default graph)."""
    import pyoxigraph as ox

    from kg.graph import ntriples

    from kg.store.layout import load_text

    store = ox.Store()
    load_text(store, ntriples.text(graph), bulk=True)  # keeps blank-node labels
    return store


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """``graph`` in format ``fmt`` (see :data:`kg.store.layout.FORMAT_NAMES`), written by pyoxigraph."""
    import io

    from kg.store.layout import write_to

    buf = io.BytesIO()
    write_to(graph_store(graph), buf, rdf_format(f"graph.{fmt}", fmt))
    return buf.getvalue()


def write_graph(graph: Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write an rdflib graph to ``path`` (format from ``fmt`` or the suffix) atomically."""
    return dump_union(graph_store(graph), path, fmt)


def export(source: Any, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``source`` (an :class:`~kg.store.sources.OxigraphSource`, an endpoint or an rdflib graph) to ``path``."""
    from kg.store.sources import MemorySource, OxigraphSource

    rdf_format(path, fmt)  # an unknown format fails before any work
    if isinstance(source, Graph):
        return write_graph(source, path, fmt)
    if isinstance(source, MemorySource):
        return write_graph(source.graph, path, fmt)
    if isinstance(source, OxigraphSource):
        return dump_union(source.store, path, fmt)
    answer = source.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if answer.graph is None:
        raise StoreError(f"{source.describe()}: the endpoint did not return a graph for CONSTRUCT")
    return write_graph(answer.graph, path, fmt)
