"""The triples of papers as rdflib terms, for library users and tests (the build path writes text).

The triples are those of :mod:`kg.graph.lines` (one definition of what a paper
states), read back into rdflib terms: :func:`paper_triples`, :func:`entity_triples`
and :func:`build_graph` (an rdflib ``Graph`` of whole records).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph import ids
from kg.graph.lines import CATEGORY_NAMES, PROPOSAL_CLASSES, DisplayNames, decimal_text, name_lines, paper_lines
from kg.graph.ntriples import parse
from kg.graph.vocab import PREFIXES, XSD
from kg.records import Extraction, PaperRecord

__all__ = ["CATEGORY_NAMES", "PROPOSAL_CLASSES", "DisplayNames", "Triple", "build_graph", "decimal_literal",
           "entity_triples", "new_graph", "paper_iri", "paper_triples"]

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]
_END = " .\n"


def _end(_key: str) -> str:
    return _END


def paper_iri(rec: PaperRecord) -> URIRef:
    return ids.paper_iri(rec.title, rec.authors[0] if rec.authors else "")


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form ("9" not "9.0", "0.5" not "0.50"), as RDF stores write it back."""
    return Literal(decimal_text(value), datatype=XSD.decimal)


def _paper_text(rec: PaperRecord, ext: Extraction | None, names: DisplayNames | None = None) -> str:
    lines = paper_lines(rec, ext, _end, _END, names)
    return "".join(lines.own) + "".join(lines.blank) + "".join(lines.shared)


def paper_triples(rec: PaperRecord, ext: Extraction | None = None) -> Iterator[Triple]:
    """All triples about one paper (entity labels are added by :func:`entity_triples`)."""
    return parse(_paper_text(rec, ext))


def entity_triples(names: DisplayNames) -> Iterator[Triple]:
    """Names of every person, organisation and entity seen: label, aliases and key."""
    return parse("".join(name_lines(names, _END)))


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def build_graph(records: Sequence[PaperRecord], extractions: Iterable[Extraction | None] | None = None,
                graph: Graph | None = None) -> Graph:
    """Build the graph of ``records``; ``extractions`` (one per record, or None) add the NLP facts."""
    exts = list(extractions) if extractions is not None else [None] * len(records)
    if len(exts) != len(records):
        raise ValueError(f"got {len(records)} records but {len(exts)} extractions")
    g = graph if graph is not None else new_graph()
    names = DisplayNames()
    for rec, ext in zip(records, exts):
        for t in parse(_paper_text(rec, ext, names)):
            g.add(t)
    for t in entity_triples(names):
        g.add(t)
    return g
