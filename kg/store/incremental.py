"""``kg add``: add papers to an on-disk pyoxigraph store, replacing changed ones.

Layout of an incremental store (all queries see the union of its graphs):

* one named graph per paper, ``id/graph/paper/<paper key>``, holding
  everything :func:`kg.graph.triples.paper_triples` says about it (its metadata,
  mentions, results and the ``rdf:type`` of what it links to);
* ``id/graph/names``: labels of people, organisations and entities;
* ``id/graph/builds``: one ``pkg:Build`` node per input file added.

Adding a paper whose triples are already stored changes nothing; a paper
with the same title and first author but other triples (say, a changed
abstract) has its graph replaced, and labels of entities that no paper
mentions any more are removed. A name keeps the first spelling stored
(a full ``kg build`` picks the most frequent one). Re-adding a file replaces
its ``pkg:Build`` node (the node's IRI comes from the file's hash).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg.graph import ntriples
from kg.graph.triples import DisplayNames, entity_triples, paper_iri, paper_triples
from kg.errors import StoreError
from kg.records import Extraction, PaperRecord, ParseReport
from kg.graph.vocab import ID_BASE, RDFS, SKOS

NAMES_GRAPH = URIRef(f"{ID_BASE}graph/names")
BUILDS_GRAPH = URIRef(f"{ID_BASE}graph/builds")


def paper_graph(rec: PaperRecord) -> URIRef:
    return URIRef(f"{ID_BASE}graph/paper/{str(paper_iri(rec)).rsplit('/', 1)[1]}")


@dataclass
class AddResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    quads_before: int = 0
    quads_after: int = 0
    report: ParseReport = field(default_factory=ParseReport)

    def summary(self) -> str:
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        return (f"{self.added} papers added, {self.replaced} replaced, {self.unchanged} unchanged{skipped}; "
                f"store has {self.quads_after} triples (was {self.quads_before})")


def _quads(triples: Iterable[tuple], graph: URIRef) -> list[Any]:
    import pyoxigraph as ox

    data = ntriples.text(triples, graph).encode("utf-8")
    return list(ox.parse(input=data, format=ox.RdfFormat.N_QUADS))


def open_writable(path: str | Path) -> Any:
    import pyoxigraph as ox

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory; give the folder of a pyoxigraph store")
    p.mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store for writing ({exc}); is `kg serve` or "
                         "`oxigraph serve` running on it?") from None


def _split_own(rec: PaperRecord, triples: Iterable[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Split a paper's triples into its own (paper, author list, mentions, results) and shared ones
    (types and codes of people, organisations, categories and entities, which many papers state)."""
    paper = str(paper_iri(rec))
    key = paper.rsplit("/", 1)[1]
    prefixes = (paper, f"{ID_BASE}mention/{key}-", f"{ID_BASE}result/{key}-")
    own: list[tuple] = []
    common: list[tuple] = []
    for t in triples:
        s = t[0]
        (own if not isinstance(s, URIRef) or str(s).startswith(prefixes) else common).append(t)
    return own, common


def _referenced(store: Any, iri: Any) -> bool:
    """Whether any paper graph still links to ``iri``."""
    for q in store.quads_for_pattern(None, None, iri, None):
        if q.graph_name.value != str(NAMES_GRAPH) and q.graph_name.value != str(BUILDS_GRAPH):
            return True
    return False


def _update_names(store: Any, names: DisplayNames, dropped: set[Any]) -> None:
    import pyoxigraph as ox

    g = ox.NamedNode(str(NAMES_GRAPH))
    label, alt = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
    for node in sorted(dropped, key=str):
        if not _referenced(store, node):
            for q in list(store.quads_for_pattern(node, None, None, g)):
                store.remove(q)
    new: list[Any] = []
    for iri in sorted(names.forms):
        node = ox.NamedNode(str(iri))
        labels = [q.object.value for q in store.quads_for_pattern(node, label, None, g)]
        if not labels:
            one = DisplayNames({iri: names.forms[iri]})
            new.extend(_quads(entity_triples(one), NAMES_GRAPH))
        elif not str(iri).startswith((f"{ID_BASE}person/", f"{ID_BASE}org/")):
            for form in names.forms[iri]:
                if form != labels[0]:
                    new.append(ox.Quad(node, alt, ox.Literal(form), g))
    store.extend(new)


def add_records(store: Any, records: Sequence[PaperRecord], extractions: Iterable[Extraction | None],
                build: Iterable[tuple] = (), result: AddResult | None = None) -> AddResult:
    """Add ``records`` (with their extractions) and the ``build`` triples to ``store``."""
    import pyoxigraph as ox

    result = result or AddResult()
    result.quads_before = len(store)
    names = DisplayNames()
    dropped: set[Any] = set()
    shared: list[tuple] = []
    for rec, ext in zip(records, extractions, strict=True):
        g = paper_graph(rec)
        gnode = ox.NamedNode(str(g))
        own, common = _split_own(rec, paper_triples(rec, ext))
        shared.extend(common)
        quads = _quads(own, g)
        old = set(store.quads_for_pattern(None, None, None, gnode))
        names.add_paper(rec, ext)
        if old == set(quads):
            result.unchanged += 1
            continue
        if old:
            result.replaced += 1
            dropped.update(q.object for q in old - set(quads) if isinstance(q.object, ox.NamedNode))
            store.clear_graph(gnode)
        else:
            result.added += 1
        store.extend(quads)
    _update_names(store, names, dropped)
    store.extend(_quads(shared, NAMES_GRAPH))  # a graph is a set: shared facts are stored once
    build = list(build)
    if build:
        bnode, gb = ox.NamedNode(str(build[0][0])), ox.NamedNode(str(BUILDS_GRAPH))
        for q in list(store.quads_for_pattern(bnode, None, None, gb)):
            store.remove(q)
        store.extend(_quads(build, BUILDS_GRAPH))
    store.flush()
    result.quads_after = len(store)
    return result


def fill_store(store_dir: str | Path, records: Sequence[PaperRecord], extractions: Iterable[Extraction | None],
               build: Iterable[tuple] = ()) -> AddResult:
    """Replace the content of the store in ``store_dir`` with ``records``, in the layout ``kg add`` extends."""
    store = open_writable(store_dir)
    store.clear()
    return add_records(store, records, extractions, build)


def check_layout(store: Any, store_dir: str | Path) -> None:
    """Refuse a store whose triples sit in the default graph (``kg build --store`` of a streamed build)."""
    import pyoxigraph as ox

    for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        raise StoreError(f"{store_dir}: this store keeps its triples in the default graph, so papers cannot be "
                         "replaced one by one; fill it with `kg add LISTING --store DIR` on an empty folder instead")


def add_file(path: str | Path, store_dir: str | Path, *, fmt: str | None = None, year: int | None = None,
             skip_invalid: bool = False, spacy_model: str | None = None) -> AddResult:
    """Read ``path``, extract and add its papers to the store in ``store_dir`` (created if missing)."""
    from kg.graph.provenance import build_triples
    from kg.readers import read_papers
    from kg.store.workflow import extract

    result = AddResult()
    records = read_papers(path, fmt, year=year, skip_invalid=skip_invalid, report=result.report)
    store = open_writable(store_dir)
    check_layout(store, store_dir)
    return add_records(store, records, extract(records, spacy_model=spacy_model), build_triples(path), result)
