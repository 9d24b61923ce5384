"""Turn paper records (and their extractions) into RDF triples with stable IRIs."""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph import ids
from kg.records import Extraction, PaperRecord, Proposal, Span
from kg.graph.vocab import BIBO, DCTERMS, ENTITY_CLASSES, FOAF, PAPER_LINKS, PKG, PREFIXES, PROV, RDF, RDFS, SKOS, XSD

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

CATEGORY_NAMES = {
    "AI": "Artificial Intelligence", "CL": "Computation and Language", "CV": "Computer Vision",
    "IR": "Information Retrieval", "LG": "Machine Learning", "RO": "Robotics",
    "MA": "Multiagent Systems", "NE": "Neural and Evolutionary Computing", "SE": "Software Engineering",
    "HC": "Human-Computer Interaction", "CR": "Cryptography and Security", "SD": "Sound",
}
#: proposal kind -> (IRI namespace label, classes)
PROPOSAL_CLASSES: dict[str, tuple[str, tuple[URIRef, ...]]] = {
    "dataset": ("dataset", (PKG.Dataset,)),
    "benchmark": ("dataset", (PKG.Dataset, PKG.Benchmark)),
    "model": ("model", (PKG.Model,)),
    "method": ("method", (PKG.Method,)),
    "framework": ("method", (PKG.Method, PKG.Framework)),
    "system": ("method", (PKG.Method, PKG.System)),
    "metric": ("metric", (PKG.Metric,)),
}


@dataclass
class DisplayNames:
    """Counts every spelling of each person, organisation and entity; the most frequent one is shown."""

    forms: dict[URIRef, Counter[str]] = field(default_factory=dict)

    def add(self, iri: URIRef, name: str) -> None:
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        self.forms.setdefault(iri, Counter())[name] += 1

    def label(self, iri: URIRef) -> str:
        counts = self.forms[iri]
        return min(counts, key=lambda s: (-counts[s], s))

    def aliases(self, iri: URIRef) -> list[str]:
        main = self.label(iri)
        return sorted(s for s in self.forms[iri] if s != main)

    def add_paper(self, rec: PaperRecord, ext: Extraction | None) -> None:
        for a in rec.authors:
            self.add(ids.person_iri(a), a)
        for o in rec.orgs:
            self.add(ids.org_iri(o), o)
        if ext is None:
            return
        for m in ext.mentions:
            self.add(ids.entity_iri(m.label, m.text), m.text)
        for p in ext.proposed:
            self.add(_proposal_iri(p), p.name)
        subjects = subject_index(ext)
        for r in ext.results:
            if r.dataset:
                self.add(ids.entity_iri("dataset", r.dataset), r.dataset)
            if r.metric:
                self.add(ids.entity_iri("metric", r.metric), r.metric)
            if r.subject:
                self.add(_subject_iri(subjects, r.subject), r.subject)


def subject_index(ext: Extraction) -> dict[str, URIRef]:
    """Entity IRIs by normalised name: proposals first, then mentions (a result's subject is one of them)."""
    index = {ids.entity_key(p.name): _proposal_iri(p) for p in ext.proposed}
    for m in ext.mentions:
        index.setdefault(ids.entity_key(m.text), ids.entity_iri(m.label, m.text))
    return index


def _subject_iri(index: dict[str, URIRef], name: str) -> URIRef:
    return index.get(ids.entity_key(name)) or ids.entity_iri("model", name)


def _proposal_iri(p: Proposal) -> URIRef:
    ns, _ = PROPOSAL_CLASSES.get(p.kind, ("method", (PKG.Method,)))
    return ids.entity_iri(ns, p.name)


def paper_iri(rec: PaperRecord) -> URIRef:
    return ids.paper_iri(rec.title, rec.authors[0] if rec.authors else "")


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form ("9" not "9.0", "0.5" not "0.50"), as RDF stores write it back."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


_MENTION_TERMS: tuple[URIRef, ...] = ()


def _mention(paper: URIRef, pkey: str, n: int, target: URIRef, role: str, span: Span) -> Iterator[Triple]:
    global _MENTION_TERMS
    if not _MENTION_TERMS:  # looked up once: closed-namespace attribute access is slow, and mentions are many
        _MENTION_TERMS = (PKG.hasMention, RDF.type, PKG.Mention, PKG.mentionOf, PKG.role, PKG.sentence,
                          PKG.startChar, PKG.endChar, PKG.confidence, PROV.wasAttributedTo, PROV.wasDerivedFrom)
    has, a, cls, of, rol, sent, start, end, conf, by, src = _MENTION_TERMS
    m = URIRef(f"{ids.ID_BASE}mention/{pkey}-{n}")
    yield paper, has, m
    yield m, a, cls
    yield m, of, target
    yield m, rol, Literal(role)
    yield m, sent, Literal(span.sentence)
    yield m, start, Literal(span.start)
    yield m, end, Literal(span.end)
    yield m, conf, decimal_literal(round(span.confidence, 3))
    yield m, by, URIRef(f"{ids.ID_BASE}component/{span.component}")
    yield m, src, paper


def paper_triples(rec: PaperRecord, ext: Extraction | None = None) -> Iterator[Triple]:
    """All triples about one paper (entity labels are added by :func:`entity_triples`)."""
    p = paper_iri(rec)
    pkey = str(p).rsplit("/", 1)[1]
    yield p, RDF.type, PKG.Paper
    yield p, DCTERMS.title, Literal(rec.title)
    yield p, DCTERMS.issued, Literal(rec.date, datatype=XSD.date)
    yield p, DCTERMS.abstract, Literal(rec.abstract)
    yield p, PKG.hasCode, Literal(rec.has_code)
    yield p, PKG.etAl, Literal(rec.et_al)
    yield p, PKG.listingPosition, Literal(rec.id)
    if rec.arxiv_id:
        yield p, PKG.arxivId, Literal(rec.arxiv_id)
    cat = ids.category_iri(rec.category)
    yield p, PKG.category, cat
    yield cat, RDF.type, PKG.Category
    yield cat, PKG.code, Literal(rec.category)
    yield cat, RDFS.label, Literal(CATEGORY_NAMES.get(rec.category, rec.category))
    for url in rec.urls:
        yield p, PKG.url, Literal(url, datatype=XSD.anyURI)
    people = [ids.person_iri(a) for a in rec.authors]
    for person in people:
        yield p, DCTERMS.creator, person
        yield person, RDF.type, PKG.Person
    if people:
        head = BNode(f"authors{pkey}")
        yield p, BIBO.authorList, head
        for node, first, rest in _list_cells(head, people):
            yield node, RDF.first, first
            yield node, RDF.rest, rest
    for o in rec.orgs:
        org = ids.org_iri(o)
        yield p, PKG.organization, org
        yield org, RDF.type, PKG.Organization
    if ext is not None:
        yield from _extraction_triples(p, pkey, rec, ext)


def _list_cells(head: BNode, items: list[URIRef]) -> Iterator[tuple[BNode, URIRef, URIRef | BNode]]:
    node = head
    for i, item in enumerate(items):
        nxt: URIRef | BNode = RDF.nil if i == len(items) - 1 else BNode(f"{head}_{i + 1}")
        yield node, item, nxt
        node = nxt  # type: ignore[assignment]


def _extraction_triples(p: URIRef, pkey: str, rec: PaperRecord, ext: Extraction) -> Iterator[Triple]:
    n = 0
    for prop in ext.proposed:
        e = _proposal_iri(prop)
        _, classes = PROPOSAL_CLASSES.get(prop.kind, ("method", (PKG.Method,)))
        yield p, PKG.proposes, e
        for c in classes:
            yield e, RDF.type, c
        yield e, PKG.proposalKind, Literal(prop.kind)
        if prop.span is not None:
            n += 1
            yield from _mention(p, pkey, n, e, "proposed", prop.span)
    for m in ext.mentions:
        e = ids.entity_iri(m.label, m.text)
        yield p, PAPER_LINKS[m.label], e
        if m.compared:
            yield p, PKG.comparesWith, e
        yield e, RDF.type, ENTITY_CLASSES[m.label]
        n += 1
        yield from _mention(p, pkey, n, e, m.label, m.span)
    subjects = subject_index(ext)
    for i, r in enumerate(ext.results, start=1):
        res = URIRef(f"{ids.ID_BASE}result/{pkey}-{i}")
        yield p, PKG.hasResult, res
        yield res, RDF.type, PKG.Result
        yield res, PKG.value, decimal_literal(r.value)
        if r.unit:
            yield res, PKG.unit, Literal(r.unit)
        yield res, PKG.resultType, Literal(r.type)
        yield res, PKG.text, Literal(r.text)
        if r.dataset:
            d = ids.entity_iri("dataset", r.dataset)
            yield res, PKG.dataset, d
            yield d, RDF.type, PKG.Dataset
        if r.metric:
            mt = ids.entity_iri("metric", r.metric)
            yield res, PKG.metric, mt
            yield mt, RDF.type, PKG.Metric
        if r.subject:
            subj = _subject_iri(subjects, r.subject)
            yield res, PKG.subject, subj
            if ids.entity_key(r.subject) not in subjects:
                yield subj, RDF.type, PKG.Model
        if r.span is not None:
            n += 1
            yield from _mention(p, pkey, n, res, "result", r.span)


def entity_triples(names: DisplayNames, kinds: dict[URIRef, URIRef] | None = None) -> Iterator[Triple]:
    """Names of every person, organisation and entity seen: label, aliases and key."""
    for iri in sorted(names.forms):
        label = Literal(names.label(iri))
        kind = str(iri)[len(ids.ID_BASE):].split("/", 1)[0]
        if kind in ("person", "org"):
            yield iri, FOAF.name, label
            yield iri, RDFS.label, label
            continue
        yield iri, RDFS.label, label
        yield iri, SKOS.prefLabel, label
        yield iri, PKG.key, Literal(ids.entity_key(str(label)))
        for alias in names.aliases(iri):
            yield iri, SKOS.altLabel, Literal(alias)


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
        names.add_paper(rec, ext)
        for t in paper_triples(rec, ext):
            g.add(t)
    for t in entity_triples(names):
        g.add(t)
    return g
