"""The store layout: which named graph each triple goes into, and the graph-file view of a store.

Every store paperkg writes (``kg build``, ``kg build --store``, ``kg add`` and
the Dask build) has the same layout, so any of them can be extended by
``kg add`` and they hold the same quads for the same papers:

* one named graph per paper, ``id/graph/paper/<paper key>``, holding the lines
  :func:`kg.graph.lines.paper_lines` writes about the paper itself (its
  metadata, author list, mentions and results);
* ``id/graph/names``: facts many papers state (the ``rdf:type`` and codes of
  people, organisations, categories and entities) and the names of people,
  organisations and entities (:func:`kg.graph.lines.name_lines`);
* ``id/graph/builds``: one ``pkg:Build`` node per input file.

No triple is in two graphs, so the union is the concatenation of the graphs.
Queries run on the union of the graphs. ``graph.ttl`` (or any file written by
:func:`dump_union`) is that union as a plain graph, serialised by pyoxigraph.
Every paper's quads are written as N-Quads text (:mod:`kg.graph.lines`, no
rdflib terms) and loaded by pyoxigraph.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, URIRef

from kg.graph import ntriples
from kg.graph.lines import DisplayNames, name_lines, paper_lines
from kg.graph.triples import paper_iri
from kg.graph.vocab import ID_BASE, PREFIXES
from kg.records import Extraction, PaperRecord
from kg.store.formats import FORMAT_NAMES, rdf_format  # noqa: F401 - part of this module's API

NAMES_GRAPH = URIRef(f"{ID_BASE}graph/names")
BUILDS_GRAPH = URIRef(f"{ID_BASE}graph/builds")
#: papers per chunk of N-Quads text handed to pyoxigraph while filling a new store
CHUNK_PAPERS = 1_000
UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def paper_graph(rec: PaperRecord) -> URIRef:
    """The named graph of one paper."""
    return URIRef(f"{ID_BASE}graph/paper/{str(paper_iri(rec)).rsplit('/', 1)[1]}")


@dataclass
class Chunk:
    """N-Quads text for a store: ``plain`` has no blank nodes (pyoxigraph loads it fastest),
    ``blank`` has them (loaded so that their labels are kept). Items are lines or blocks of lines."""

    plain: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)

    def add(self, triples: Iterable[tuple], graph: URIRef) -> None:
        """Add rdflib ``triples`` in ``graph``."""
        g = ntriples.term(graph)
        term, blank, plain = ntriples.term, self.blank, self.plain
        for s, p, o in triples:
            (blank if type(s) is BNode or type(o) is BNode else plain).append(f"{term(s)} {term(p)} {term(o)} {g} .\n")

    def extend(self, other: Chunk) -> None:
        self.plain.extend(other.plain)
        self.blank.extend(other.blank)

    def text(self) -> str:
        return "".join(self.plain) + "".join(self.blank)


def paper_end(key: str) -> str:
    """The end of an N-Quads line in the graph of the paper with key ``key``."""
    return f" <{ID_BASE}graph/paper/{key}> .\n"


#: the end of an N-Quads line in the names graph
NAMES_END = f" <{NAMES_GRAPH}> .\n"


def paper_chunk(rec: PaperRecord, ext: Extraction | None, names: DisplayNames | None = None) -> tuple[Chunk, Chunk]:
    """One paper in the layout: its own graph, and its shared facts (for the names graph);
    with ``names``, the spellings of its names are counted there."""
    lines = paper_lines(rec, ext, paper_end, NAMES_END, names)
    return Chunk(lines.own, lines.blank), Chunk(lines.shared)


def paper_nquads(rec: PaperRecord, ext: Extraction | None, names: DisplayNames | None = None) -> tuple[str, str]:
    """N-Quads text of one paper: its own graph, and its shared facts in the names graph."""
    mine, shared = paper_chunk(rec, ext, names)
    return mine.text(), shared.text()


def names_nquads(names: DisplayNames) -> str:
    """N-Quads text of the names graph's labels for ``names``."""
    return "".join(name_lines(names, NAMES_END))


def layout_chunks(records: Iterable[PaperRecord], extractions: Iterable[Extraction | None],
                  build: Iterable[tuple] = (), chunk: int = CHUNK_PAPERS) -> Iterator[Chunk]:
    """The whole layout of ``records`` in chunks: papers (each produced once), then names and build."""
    names = DisplayNames()
    part = Chunk()
    for n, (rec, ext) in enumerate(zip(records, extractions, strict=True), start=1):
        for c in paper_chunk(rec, ext, names):
            part.extend(c)
        if n % chunk == 0:
            yield part
            part = Chunk()
    part.plain.extend(name_lines(names, NAMES_END))
    part.add(build, BUILDS_GRAPH)
    yield part


def load_text(store: Any, text: str | Chunk, *, bulk: bool = False) -> None:
    """Add N-Quads ``text`` to ``store`` (``bulk``: faster, for a store nobody else sees yet).

    Text without blank nodes goes straight to pyoxigraph's loader; lines with blank nodes are
    parsed with :func:`pyoxigraph.parse`, which keeps their labels (the store's loader renames
    them at random), so the store and its files are the same on every run.
    """
    import pyoxigraph as ox

    if isinstance(text, str):
        lines = text.splitlines(keepends=True)
        text = Chunk([ln for ln in lines if "_:" not in ln], [ln for ln in lines if "_:" in ln])
    fmt = ox.RdfFormat.N_QUADS
    if text.plain:
        (store.bulk_load if bulk else store.load)(input="".join(text.plain).encode("utf-8"), format=fmt)
    if text.blank:
        quads = ox.parse(input="".join(text.blank).encode("utf-8"), format=fmt)
        (store.bulk_extend if bulk else store.extend)(quads)


def fill(store: Any, records: Sequence[PaperRecord] | Iterable[PaperRecord],
         extractions: Iterable[Extraction | None], build: Iterable[tuple] = (), *, bulk: bool = False) -> Any:
    """Write the layout of ``records`` into the empty ``store`` (see :func:`layout_chunks`).

    Each chunk is loaded in a second thread while the next one is produced (pyoxigraph
    parses and inserts without holding the GIL), so with ``extractions`` streamed from the
    NLP pipeline, loading overlaps extraction. Chunks are loaded one at a time, in order.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-load") as pool:
        loading = None
        for part in layout_chunks(records, extractions, build):
            if loading is not None:
                loading.result()  # one chunk in flight; its errors are raised here
            loading = pool.submit(load_text, store, part, bulk=bulk)
        if loading is not None:
            loading.result()
    return store


def _only(store: Any, default: bool) -> bool:
    """Whether the store holds triples only in named graphs (``default=False``) or only in the default graph."""
    import pyoxigraph as ox

    if default:
        return not any(True for _ in store.named_graphs())
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def union_count(store: Any) -> int:
    """How many distinct triples the union of the store's graphs holds (the triples of graph.ttl).

    In the layout no triple is in two graphs (a paper's graph holds only what is about the
    paper itself; what papers share is in the names graph), so that is the number of quads.
    """
    if _only(store, default=False) or _only(store, default=True):
        return len(store)
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                       use_default_graph_as_union=True)
    return int(next(iter(rows))[0].value)


def union_triples(store: Any) -> Any:
    """The triples of the union of the store's graphs, each once (an iterator of pyoxigraph triples).

    A store in the layout is read graph by graph (its graphs share no triple; each paper's
    triples come out together); any other store through a CONSTRUCT, which removes duplicates.
    """
    if _only(store, default=False):
        return (q.triple for q in store)
    return store.query(UNION_TRIPLES, use_default_graph_as_union=True)


#: the kinds of ``id/KIND/...`` IRIs; files get one prefix per kind (``paper:``, ``person:``, ...)
#: so that local names need no escaped slashes
ID_KINDS = ("build", "category", "component", "dataset", "graph", "mention", "method", "metric", "model", "org",
            "paper", "person", "result", "task")


def prefixes() -> dict[str, str]:
    """The prefixes written into Turtle, TriG and RDF/XML."""
    out = {k: str(v) for k, v in PREFIXES.items() if str(v) != ID_BASE}
    out.update({kind: f"{ID_BASE}{kind}/" for kind in ID_KINDS if kind not in out})
    return out


def dump_union(store: Any, path: str | Path, fmt: str | None = None) -> Path:
    """Write the union of the store's graphs to ``path`` atomically (a dataset format keeps the named graphs).

    Turtle, N-Triples, JSON-LD and RDF/XML get the union as one graph; N-Quads and TriG
    get every quad with its graph. Output is the same bytes for the same store content.
    """
    from kg.atomic import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        write_to(store, tmp, rdf_format(path, fmt))
    return path


def write_to(store: Any, out: Any, fmt: Any, watch: Callable[[Iterator[Any]], Iterator[Any]] | None = None) -> None:
    """Serialise ``store`` to ``out`` (a path or a binary file) in pyoxigraph format ``fmt``:
    N-Quads and TriG keep the named graphs, the other formats get the union as one graph
    (its triples pass through ``watch``, if given, e.g. a progress bar)."""
    import pyoxigraph as ox

    target = str(out) if isinstance(out, Path) else out
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        store.dump(output=target, format=fmt, prefixes=prefixes())
    elif _only(store, default=True):
        store.dump(output=target, format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes())
    else:
        triples = union_triples(store)
        ox.serialize(watch(triples) if watch else triples, output=target, format=fmt, prefixes=prefixes())
