"""The public Python API of paperkg's query layer.

    >>> import kg
    >>> g = kg.load_graph("out/graph.ttl")            # or store="kgstore", endpoint="http://..."
    >>> kg.run_query(g, "papers_on_dataset", dataset="WebArena")
    [{'title': ..., 'date': datetime.date(...), 'datasetName': 'WebArena', 'paper': ...}]
    >>> kg.sparql(g, "ASK { ?s ?p ?o }")
    True

Every function accepts an rdflib ``Graph`` wherever it takes a graph.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.query.named import NamedQuery
from kg.store.sources import GraphSource, as_source, open_source

__all__ = ["GraphSource", "NamedQuery", "list_queries", "load_graph", "run_query", "sparql"]


def load_graph(path: str | Path | None = None, *, store: str | Path | None = None,
               endpoint: str | None = None) -> GraphSource:
    """Open a graph file (parsed into memory), an on-disk pyoxigraph store, or a SPARQL endpoint URL.

    A single string argument that starts with ``http://`` or ``https://`` is taken as an endpoint.
    """
    if isinstance(path, str) and path.startswith(("http://", "https://")) and store is None and endpoint is None:
        return open_source(endpoint=path)
    return open_source(path, store=store, endpoint=endpoint)


def run_query(graph: Graph | GraphSource, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """Run the named query ``name`` (see :func:`list_queries`) with keyword parameters; return its rows.

    Rows are dicts of Python values (``str``, ``int``, ``Decimal``, ``datetime.date``, ``bool``;
    IRIs as ``str``; ``None`` where unbound). A CONSTRUCT query returns one row per triple (``s``, ``p``, ``o``), sorted.
    """
    from kg.query.named import answer_named

    return _rows(answer_named(as_source(graph), name, params))


def sparql(graph: Graph | GraphSource, text: str) -> list[dict[str, Any]] | bool | Graph:
    """Run SPARQL text: rows for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE."""
    a = as_source(graph).query(text)
    if a.kind == "ASK":
        return bool(a.boolean)
    if a.kind == "CONSTRUCT":
        return a.graph if a.graph is not None else Graph()
    return a.rows()


def list_queries() -> list[NamedQuery]:
    """The named queries: ``.name``, ``.description``, ``.params`` (name -> Param) and ``.example``."""
    from kg.query.named import list_queries as _list

    return _list()


def _rows(a: Any) -> list[dict[str, Any]]:
    if a.kind == "ASK":
        return [{"answer": bool(a.boolean)}]
    if a.kind == "CONSTRUCT":
        triples = sorted(a.graph or (), key=lambda t: tuple(x.n3() for x in t))
        return [{"s": s.toPython(), "p": p.toPython(), "o": o.toPython()} for s, p, o in triples]
    return a.rows()
