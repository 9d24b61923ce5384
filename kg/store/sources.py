"""Open a graph wherever it lives and query it the same way.

:func:`open_source` opens exactly one of:

* a graph file (``graph=``): parsed into an in-memory pyoxigraph store (about 3 s for
  10,000 papers; rdflib's parser takes about 55 s), an :class:`OxigraphSource`;
* an on-disk pyoxigraph store (``store=``), opened read-only, nothing re-parsed;
* a SPARQL 1.1 endpoint (``endpoint=``), an :class:`~kg.store.endpoint.EndpointSource`.

All answer :meth:`GraphSource.query` with parameters bound as RDF terms (an
escaped ``VALUES`` block for pyoxigraph and endpoints, ``initBindings`` for an
rdflib graph wrapped by :class:`MemorySource`). Python users who want an rdflib
``Graph`` over a store get one through oxrdflib with :func:`rdflib_view` (no copy).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from rdflib import Graph, Variable
from rdflib.paths import Path as Path_
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.answer import Answer
from kg.store.endpoint import EndpointSource, upload
from kg.store.terms import oxigraph_answer, syntax_error

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["EndpointSource", "GraphSource", "MemorySource", "OxigraphSource", "as_source", "export_store",
           "memory_store", "open_source", "open_store", "oxigraph_answer", "rdflib_copy", "rdflib_graph", "rdflib_view",
           "upload", "write_store"]
DEFAULT_GRAPH = Path("out/graph.ttl")


@runtime_checkable
class GraphSource(Protocol):
    """Something that answers SPARQL queries with parameters bound as RDF terms."""

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer: ...

    def describe(self) -> str: ...


def run_sparql(graph: Graph, text: str, bindings: Mapping[str, Any] | None = None) -> Any:
    """Run SPARQL on an rdflib graph; a syntax error becomes a :class:`QueryError` with its position."""
    from pyparsing import ParseException

    try:
        return graph.query(text, initBindings={Variable(k): v for k, v in (bindings or {}).items()})
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises several types for bad queries
        raise QueryError(f"SPARQL error: {exc}") from None


class MemorySource:
    """An rdflib graph (for Python users who hold one; commands read files with pyoxigraph)."""

    def __init__(self, graph: Graph, name: str = "memory"):
        self.graph = graph
        self.name = name

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer:
        return Answer.from_rdflib(run_sparql(self.graph, text, bindings))

    def describe(self) -> str:
        return f"{self.name} ({len(self.graph)} triples, rdflib)"


class OxigraphSource:
    """A pyoxigraph store (on disk or in memory)."""

    def __init__(self, store: pyoxigraph.Store, name: str = "store"):
        self.store = store
        self.name = name
        # query the union of all graphs only when there are named graphs (the store layout):
        # the union costs about 2x on a store that holds only the default graph
        self.union = any(True for _ in store.named_graphs())

    def raw_query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Any:
        """Run ``text``; parameters go in as an escaped VALUES block (pyoxigraph's ``substitutions``
        only accepts projected variables, which a parameter used in a FILTER is not)."""
        from kg.store.sparql_lex import inject_values

        try:
            return self.store.query(inject_values(text, bindings or {}), use_default_graph_as_union=self.union)
        except SyntaxError as exc:
            raise syntax_error(exc) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL error: {exc}") from None

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer:
        return oxigraph_answer(self.raw_query(text, bindings))

    def describe(self) -> str:
        return f"{self.name} ({len(self.store)} quads, pyoxigraph)"


def open_store(path: str | Path, *, read_only: bool = True) -> OxigraphSource:
    """Open an existing on-disk pyoxigraph store (read-only by default; nothing is re-parsed)."""
    import pyoxigraph as ox

    p = Path(path)
    if not p.is_dir() or not any(p.iterdir()):
        raise StoreError(f"{p}: no pyoxigraph store here; create one with `kg build LISTING --store {p}`")
    try:
        store = ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store ({exc}); is `oxigraph serve` running on it?") from None
    return OxigraphSource(store, str(p))


def _load(store: Any, f: Path) -> None:
    from kg.store.layout import rdf_format

    if not f.is_file():
        raise StoreError(f"{f}: no such graph file; run `kg build LISTING -o {f.parent}` first")
    try:
        store.bulk_load(path=str(f), format=rdf_format(f))
    except SyntaxError as exc:
        raise StoreError(f"{f}: not valid RDF: {exc}") from None
    except ValueError as exc:
        raise StoreError(f"{f}: cannot load ({exc})") from None


def write_store(graph: Graph | str | Path, path: str | Path) -> OxigraphSource:
    """Replace the on-disk store at ``path`` with ``graph`` (an rdflib graph or an RDF file), atomically:
    the new store is built beside the old one and swapped in (:func:`kg.atomic.replace_dir`)."""
    import pyoxigraph as ox

    from kg.atomic import locked, replace_dir

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory; give the folder of a pyoxigraph store")
    with locked(p), replace_dir(p) as staging:
        store = ox.Store(str(staging))
        if isinstance(graph, Graph):
            from kg.graph import ntriples

            store.bulk_load(input=ntriples.text(graph).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        else:
            _load(store, Path(graph))
        store.flush()
        store.optimize()
        del store
        import gc

        gc.collect()
    return open_store(p, read_only=False)


def memory_store(path: str | Path) -> OxigraphSource:
    """Parse an RDF file into an in-memory pyoxigraph store (fast; every reading command uses it)."""
    import pyoxigraph as ox

    from kg.atomic import recover

    f = Path(path)
    if f.parent.is_dir():
        recover(f.parent)  # finish a build's interrupted graph.ttl + graph.html set first
    store = ox.Store()
    _load(store, f)
    return OxigraphSource(store, str(f))


def export_store(source: OxigraphSource, path: str | Path, fmt: str | None = None) -> Path:
    """Write a store to an RDF file atomically: N-Quads/TriG keep its named graphs, other formats get the union."""
    from kg.store.layout import dump_union

    return dump_union(source.store, path, fmt)


def open_source(graph: str | Path | None = None, *, store: str | Path | None = None,
                endpoint: str | None = None) -> GraphSource:
    """Open exactly one of a graph file (default ``out/graph.ttl``), an on-disk store or an endpoint."""
    given = [x for x in (graph, store, endpoint) if x is not None]
    if len(given) > 1:
        raise StoreError("give only one of a graph file, --store DIR or --endpoint URL")
    if endpoint is not None:
        return EndpointSource(endpoint)
    if store is not None:
        return open_store(store)
    return memory_store(graph if graph is not None else DEFAULT_GRAPH)


class UnionView(Graph):
    """An rdflib ``Graph`` over the union of a pyoxigraph store's graphs, through oxrdflib (nothing copied)."""

    def __init__(self, store: Any):
        super().__init__(store=store)
        self.default_union = True  # rdflib's Graph.query then asks oxrdflib for the union default graph

    def triples(self, triple: Any, context: Any = None) -> Any:  # type: ignore[override]
        s, p, o = triple
        if isinstance(p, Path_):
            yield from ((s_, p, o_) for s_, o_ in p.eval(self, s, o))
            return
        for t, _ in self.store.triples((s, p, o), context=None):
            yield t

    def __len__(self) -> int:
        from kg.store.layout import union_count

        return union_count(self.store._inner)


def rdflib_view(source: GraphSource | Any) -> Graph:
    """An rdflib ``Graph`` over a pyoxigraph store (or :class:`OxigraphSource`) through oxrdflib, without
    copying: the union of its graphs (for Python users who want rdflib's API; queries run in pyoxigraph)."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    from kg.graph.vocab import PREFIXES

    store = source.store if isinstance(source, OxigraphSource) else source
    if not isinstance(store, ox.Store):
        raise TypeError(f"rdflib_view needs a pyoxigraph store, got {type(store).__name__}")
    view = UnionView(OxigraphStore(store=store))
    for prefix, ns in PREFIXES.items():
        view.bind(prefix, ns, override=True, replace=True)
    return view


def rdflib_graph(source: GraphSource) -> Graph:
    """The whole graph of ``source`` as an rdflib graph: a view for stores (:func:`rdflib_view`),
    a CONSTRUCT of everything for endpoints."""
    if isinstance(source, MemorySource):
        return source.graph
    if isinstance(source, OxigraphSource):
        return rdflib_view(source)
    answer = source.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if answer.graph is None:
        raise StoreError(f"{source.describe()}: the endpoint did not return a graph for CONSTRUCT")
    return answer.graph


def rdflib_copy(source: GraphSource) -> Graph:
    """The whole graph of ``source`` copied into an rdflib ``Graph`` (for pySHACL on small graphs only)."""
    if isinstance(source, OxigraphSource):
        import io

        import pyoxigraph as ox

        from kg.store.layout import write_to

        buf = io.BytesIO()
        write_to(source.store, buf, ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=buf.getvalue().decode("utf-8"), format="nt")
    return rdflib_graph(source)


def oxigraph_source(graph: Graph | GraphSource, name: str = "graph") -> GraphSource:
    """A source to run SPARQL on quickly: pyoxigraph stores and endpoints as they are; an rdflib graph
    (or a :class:`MemorySource` wrapping one) loaded into an in-memory pyoxigraph store."""
    if isinstance(graph, MemorySource):
        graph = graph.graph
    if isinstance(graph, Graph):
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return OxigraphSource(store, name)
    if isinstance(graph, GraphSource):
        return graph
    raise TypeError(f"expected an rdflib Graph or a GraphSource, got {type(graph).__name__}")


def as_source(graph: Graph | GraphSource) -> GraphSource:
    """Wrap an rdflib graph as a :class:`GraphSource`; pass sources through."""
    if isinstance(graph, Graph):
        return MemorySource(graph)
    if isinstance(graph, GraphSource):
        return graph
    raise TypeError(f"expected an rdflib Graph or a GraphSource, got {type(graph).__name__}")
