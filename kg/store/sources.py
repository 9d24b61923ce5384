"""Open a graph wherever it lives and query it the same way.

Three kinds of graph source answer the same :meth:`GraphSource.query`:

* :class:`MemorySource` - an rdflib graph in memory (a file parsed with rdflib);
* :class:`OxigraphSource` - a pyoxigraph store, on disk (``--store DIR``) or in memory;
* :class:`EndpointSource` - a remote SPARQL 1.1 endpoint (``--endpoint URL``).

Parameters are bound as RDF terms: rdflib ``initBindings``, or an escaped ``VALUES``
block in the WHERE pattern for pyoxigraph and endpoints.
This module also fills on-disk stores and uploads files through the SPARQL 1.1
Graph Store Protocol.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.export import format_for
from kg.query.named import Answer

if TYPE_CHECKING:
    import pyoxigraph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: file suffix -> media type, for uploads and pyoxigraph
MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml",
               ".xml": "application/rdf+xml", ".jsonld": "application/ld+json", ".trig": "application/trig",
               ".n3": "text/n3", ".nq": "application/n-quads"}
SOLUTIONS_JSON = "application/sparql-results+json"


@runtime_checkable
class GraphSource(Protocol):
    """Something that answers SPARQL queries with parameters bound as RDF terms."""

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer: ...

    def describe(self) -> str: ...


class MemorySource:
    """An rdflib graph in memory."""

    def __init__(self, graph: Graph, name: str = "memory"):
        self.graph = graph
        self.name = name

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer:
        from kg.query.named import run_sparql

        return Answer.from_rdflib(run_sparql(self.graph, text, dict(bindings or {})))

    def describe(self) -> str:
        return f"{self.name} ({len(self.graph)} triples, rdflib)"


# ----------------------------------------------------------------- pyoxigraph
def to_rdflib(term: Any) -> Node:
    """An rdflib term for a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == XSD_STRING else URIRef(dt))
    raise QueryError(f"unsupported RDF term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """A pyoxigraph term for an rdflib term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def _syntax_error(exc: Exception) -> QueryError:
    msg = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", msg, re.DOTALL)
    if m:
        return QueryError(f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}")
    return QueryError(f"SPARQL error: {msg}")


def oxigraph_answer(result: Any, limit: int | None = None, deadline: float | None = None) -> Answer:
    """An :class:`Answer` of a pyoxigraph query result (at most ``limit`` solutions).

    With ``deadline`` (a ``time.monotonic()`` value), raise :class:`TimeoutError` when it passes.
    """
    import time

    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return Answer("CONSTRUCT", graph=g)
    names = [v.value for v in result.variables]
    out: list[tuple[Any, ...]] = []
    for sol in result:
        if limit is not None and len(out) >= limit:
            break
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("the query took longer than the time limit")
        out.append(tuple(sol))  # the values in the order of the variables, None where unbound
    return Answer("SELECT", names, raw=out, to_term=to_rdflib, to_value=to_value)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_FAST: dict[str, Callable[[str], Any]] = {
    XSD_STRING: str, _XSD + "integer": int, _XSD + "decimal": Decimal, _XSD + "date": date.fromisoformat,
    _XSD + "boolean": lambda v: v in ("true", "1"),
}


def to_value(term: Any) -> Any:
    """The Python value of a pyoxigraph term, as rdflib's ``toPython`` gives it (fast for common types)."""
    import pyoxigraph as ox

    if type(term) is ox.NamedNode:
        return term.value
    if type(term) is ox.Literal and not term.language:
        conv = _FAST.get(term.datatype.value)
        if conv is not None:
            try:
                return conv(term.value)
            except (ValueError, ArithmeticError):
                pass
    return to_rdflib(term).toPython()


class OxigraphSource:
    """A pyoxigraph store (on disk or in memory)."""

    def __init__(self, store: pyoxigraph.Store, name: str = "store"):
        self.store = store
        self.name = name
        # query the union of all graphs only when there are named graphs (as `kg add` makes):
        # the union costs about 2x on a store that holds only the default graph
        self.union = any(True for _ in store.named_graphs())

    def raw_query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Any:
        """Run ``text``; parameters go in as an escaped VALUES block (pyoxigraph's ``substitutions``
        only accepts projected variables, which a parameter used in a FILTER is not)."""
        from kg.query.sparql_text import inject_values

        try:
            return self.store.query(inject_values(text, bindings or {}), use_default_graph_as_union=self.union)
        except SyntaxError as exc:
            raise _syntax_error(exc) from None
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


def _rdf_format(path: Path) -> Any:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {', '.join(sorted(MEDIA_TYPES))}")
    return fmt


def write_store(graph: Graph | str | Path, path: str | Path) -> OxigraphSource:
    """Replace the content of the on-disk store at ``path`` with ``graph`` (an rdflib graph or an RDF file)."""
    import pyoxigraph as ox

    p = Path(path)
    p.mkdir(parents=True, exist_ok=True)
    try:
        store = ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store for writing ({exc})") from None
    store.clear()
    if isinstance(graph, Graph):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    else:
        f = Path(graph)
        if not f.is_file():
            raise StoreError(f"{f}: no such graph file")
        store.bulk_load(path=str(f), format=_rdf_format(f))
    store.flush()
    store.optimize()
    return OxigraphSource(store, str(p))


def memory_store(path: str | Path) -> OxigraphSource:
    """Parse an RDF file into an in-memory pyoxigraph store (fast; used by ``kg serve``)."""
    import pyoxigraph as ox

    f = Path(path)
    if not f.is_file():
        raise StoreError(f"{f}: no such graph file; run `kg build LISTING -o {f.parent}` first")
    store = ox.Store()
    try:
        store.bulk_load(path=str(f), format=_rdf_format(f))
    except SyntaxError as exc:
        raise StoreError(f"{f}: not valid RDF: {exc}") from None
    return OxigraphSource(store, str(f))


def union_triples(store: Any) -> Iterable[Any]:
    """Every triple of a pyoxigraph store once, whichever graphs (default or named) hold it."""
    return dict.fromkeys(q.triple for q in store)


def export_store(source: OxigraphSource, path: str | Path) -> Path:
    """Write the union of a store's graphs (default and named, as ``kg add`` makes) to an RDF file, atomically."""
    import pyoxigraph as ox

    from kg.atomic import write_atomic

    p = Path(path)
    store, fmt = source.store, _rdf_format(p)
    if not any(True for _ in store.named_graphs()):
        data = store.dump(format=fmt, from_graph=ox.DefaultGraph())
    else:  # keeps lexical forms (a CONSTRUCT would canonicalise "9.0" to "9")
        data = ox.serialize(union_triples(store), format=fmt)
    write_atomic(p, data)
    return p


# ----------------------------------------------------------------- endpoint
class EndpointSource:
    """A remote SPARQL 1.1 endpoint, spoken to with the SPARQL 1.1 Protocol over HTTP."""

    def __init__(self, url: str, timeout: float = 60.0):
        if not re.match(r"https?://", url):
            raise StoreError(f"{url}: an endpoint URL starts with http:// or https://")
        self.url = url
        self.timeout = timeout

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer:
        from kg.query.sparql_text import inject_values, query_form

        body = inject_values(text, bindings or {})
        form = query_form(body)
        accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS_JSON
        req = urllib.request.Request(self.url, data=body.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            msg = detail[0] if detail else exc.reason
            m = re.search(r"error at (\d+):(\d+): (.*)", msg)
            if m:
                raise QueryError(f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}") from None
            raise QueryError(f"endpoint {self.url} answered {exc.code}: {msg}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach endpoint {self.url}: {getattr(exc, 'reason', exc)}") from None
        if "json" in ctype:
            return json_answer(json.loads(data))
        g = Graph().parse(data=data.decode("utf-8"), format="nt" if "n-triples" in ctype else "turtle")
        return Answer("CONSTRUCT", graph=g)

    def describe(self) -> str:
        return f"endpoint {self.url}"


def _json_term(t: dict[str, str]) -> Node:
    if t["type"] == "uri":
        return URIRef(t["value"])
    if t["type"] == "bnode":
        return BNode(t["value"])
    if "xml:lang" in t:
        return Literal(t["value"], lang=t["xml:lang"])
    dt = t.get("datatype")
    return Literal(t["value"], datatype=None if dt in (None, XSD_STRING) else URIRef(dt))


def json_answer(doc: dict[str, Any]) -> Answer:
    """An :class:`Answer` of a SPARQL 1.1 JSON results document."""
    if "boolean" in doc:
        return Answer("ASK", boolean=bool(doc["boolean"]))
    names = list(doc["head"].get("vars", []))
    out = [{k: _json_term(v) for k, v in b.items()} for b in doc["results"]["bindings"]]
    return Answer("SELECT", names, out)


def upload(path: str | Path, store_url: str, graph_iri: str | None = None, timeout: float = 600.0) -> int:
    """PUT an RDF file into ``store_url`` with the SPARQL 1.1 Graph Store Protocol; return the HTTP status.

    With ``graph_iri`` the named graph is replaced atomically; without it, the
    default graph. (For Oxigraph, the store URL is ``http://HOST:PORT/store``.)
    """
    f = Path(path)
    if not f.is_file():
        raise StoreError(f"{f}: no such graph file")
    ctype = MEDIA_TYPES.get(f.suffix.lower())
    if ctype is None:
        raise StoreError(f"{f}: unknown RDF file type {f.suffix!r}; use one of {', '.join(sorted(MEDIA_TYPES))}")
    if graph_iri is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*", graph_iri):
        raise StoreError(f"{graph_iri!r} is not an absolute IRI")
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{store_url}{'&' if '?' in store_url else '?'}{query}"
    with f.open("rb") as fh:
        req = urllib.request.Request(url, data=fh, method="PUT", headers={
            "Content-Type": ctype, "Content-Length": str(f.stat().st_size)})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            raise StoreError(f"store {store_url} refused the upload ({exc.code}): {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach store {store_url}: {getattr(exc, 'reason', exc)}") from None


# ----------------------------------------------------------------- opening
def load_file(path: str | Path) -> MemorySource:
    """Parse an RDF file into an rdflib graph."""
    f = Path(path)
    if not f.is_file():
        raise StoreError(f"{f}: no such graph file; run `kg build LISTING -o {f.parent}` first")
    fmt = format_for(f)
    try:
        return MemorySource(Graph().parse(f, format=fmt), str(f))
    except Exception as exc:  # noqa: BLE001 - rdflib parsers raise many types
        raise StoreError(f"{f}: not valid {fmt}: {exc}") from None


def open_graph(path: str | Path | None = None, *, store: str | Path | None = None,
               endpoint: str | None = None) -> GraphSource:
    """Open exactly one of a graph file, an on-disk store or an endpoint."""
    given = [x for x in (path, store, endpoint) if x is not None]
    if len(given) > 1:
        raise StoreError("give only one of a graph file, --store DIR or --endpoint URL")
    if endpoint is not None:
        return EndpointSource(endpoint)
    if store is not None:
        return open_store(store)
    return load_file(path if path is not None else Path("out/graph.ttl"))


def rdflib_graph(source: GraphSource) -> Graph:
    """The whole graph of ``source`` as an rdflib graph (for views and statistics that walk it)."""
    if isinstance(source, MemorySource):
        return source.graph
    if isinstance(source, OxigraphSource):
        import pyoxigraph as ox

        data = ox.serialize(union_triples(source.store), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data.decode("utf-8"), format="nt")
    answer = source.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if answer.graph is None:
        raise StoreError(f"{source.describe()}: the endpoint did not return a graph for CONSTRUCT")
    return answer.graph


def as_source(graph: Graph | GraphSource) -> GraphSource:
    """Wrap an rdflib graph as a :class:`GraphSource`; pass sources through."""
    if isinstance(graph, Graph):
        return MemorySource(graph)
    if isinstance(graph, GraphSource):
        return graph
    raise TypeError(f"expected an rdflib Graph or a GraphSource, got {type(graph).__name__}")
