"""The N-Triples text of papers, written directly as strings: the build path makes no rdflib terms.

:func:`paper_lines` writes what one paper states, :func:`name_lines` the names of
the people, organisations and entities seen (labels chosen by :class:`DisplayNames`).
IRIs come from the stable key functions of :mod:`kg.graph.ids`; literals are
escaped per the N-Triples grammar (:func:`kg.graph.ntriples.string`) and decimals
written in canonical form (:func:`decimal_text`). Each line ends in the terminator
the caller gives (``" .\\n"`` for N-Triples, ``" <graph> .\\n"`` for N-Quads), so the
store layout (:mod:`kg.store.layout`) decides which graph a line goes into; a paper's
lines come split into its own (the paper, its author list, mentions and results)
and shared ones (types and codes of people, organisations, categories and entities,
which many papers state). rdflib terms of the same triples: :mod:`kg.graph.triples`.
"""
from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from kg.graph import ids
from kg.graph.ntriples import string
from kg.graph.vocab import BIBO, DCTERMS, ENTITY_CLASSES, FOAF, ID_BASE, PAPER_LINKS, PKG, PROV, RDF, RDFS, SKOS, XSD
from kg.records import Extraction, PaperRecord, Proposal, Span

CATEGORY_NAMES = {
    "AI": "Artificial Intelligence", "CL": "Computation and Language", "CV": "Computer Vision",
    "IR": "Information Retrieval", "LG": "Machine Learning", "RO": "Robotics",
    "MA": "Multiagent Systems", "NE": "Neural and Evolutionary Computing", "SE": "Software Engineering",
    "HC": "Human-Computer Interaction", "CR": "Cryptography and Security", "SD": "Sound",
}
#: proposal kind -> (IRI namespace label, classes)
PROPOSAL_CLASSES = {
    "dataset": ("dataset", (PKG.Dataset,)),
    "benchmark": ("dataset", (PKG.Dataset, PKG.Benchmark)),
    "model": ("model", (PKG.Model,)),
    "method": ("method", (PKG.Method,)),
    "framework": ("method", (PKG.Method, PKG.Framework)),
    "system": ("method", (PKG.Method, PKG.System)),
    "metric": ("metric", (PKG.Metric,)),
}


def _r(iri: str) -> str:
    return f"<{iri}>"


# the terms written, in N-Triples syntax (the closed namespace checks their names once, here)
A, PAPER, TITLE, ISSUED, ABSTRACT = _r(RDF.type), _r(PKG.Paper), _r(DCTERMS.title), _r(DCTERMS.issued), _r(DCTERMS.abstract)
HAS_CODE, ET_AL, POSITION, ARXIV, CATEGORY = _r(PKG.hasCode), _r(PKG.etAl), _r(PKG.listingPosition), _r(PKG.arxivId), _r(PKG.category)
CATEGORY_CLS, CODE, LABEL, URL, CREATOR = _r(PKG.Category), _r(PKG.code), _r(RDFS.label), _r(PKG.url), _r(DCTERMS.creator)
PERSON, AUTHORS, FIRST, REST, NIL = _r(PKG.Person), _r(BIBO.authorList), _r(RDF.first), _r(RDF.rest), _r(RDF.nil)
ORG_LINK, ORG = _r(PKG.organization), _r(PKG.Organization)
PROPOSES, KIND, COMPARES = _r(PKG.proposes), _r(PKG.proposalKind), _r(PKG.comparesWith)
HAS_RESULT, RESULT, VALUE, UNIT, RESULT_TYPE, TEXT = (_r(PKG.hasResult), _r(PKG.Result), _r(PKG.value), _r(PKG.unit),
                                                      _r(PKG.resultType), _r(PKG.text))
DATASET_LINK, DATASET, METRIC_LINK, METRIC = _r(PKG.dataset), _r(PKG.Dataset), _r(PKG.metric), _r(PKG.Metric)
SUBJECT, MODEL = _r(PKG.subject), _r(PKG.Model)
HAS_MENTION, MENTION, MENTION_OF, ROLE = _r(PKG.hasMention), _r(PKG.Mention), _r(PKG.mentionOf), _r(PKG.role)
SENTENCE, START, END, CONFIDENCE = _r(PKG.sentence), _r(PKG.startChar), _r(PKG.endChar), _r(PKG.confidence)
BY, FROM = _r(PROV.wasAttributedTo), _r(PROV.wasDerivedFrom)
NAME, PREF_LABEL, ALT_LABEL, KEY = _r(FOAF.name), _r(SKOS.prefLabel), _r(SKOS.altLabel), _r(PKG.key)
LINKS = {label: _r(p) for label, p in PAPER_LINKS.items()}
CLASSES = {label: _r(c) for label, c in ENTITY_CLASSES.items()}
KINDS = {kind: (ns, tuple(_r(c) for c in classes)) for kind, (ns, classes) in PROPOSAL_CLASSES.items()}
_OTHER_KIND = KINDS["method"]  # a proposal of another kind is a method
_INTEGER, _DECIMAL, _DATE, _ANY_URI = (f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>", f"^^<{XSD.date}>",
                                       f"^^<{XSD.anyURI}>")
_BOOLEAN = {True: f'"true"^^<{XSD.boolean}>', False: f'"false"^^<{XSD.boolean}>'}


def integer(n: int) -> str:
    return f'"{n}"{_INTEGER}'


def decimal_text(value: float) -> str:
    """An xsd:decimal's lexical form, canonical ("9" not "9.0", "0.5" not "0.50"), as RDF stores write it back."""
    return format(Decimal(repr(float(value))).normalize(), "f")


@dataclass
class DisplayNames:
    """Counts every spelling of each person, organisation and entity (by IRI); the most frequent one is shown."""

    forms: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, iri: str, name: str) -> None:
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        counts = self.forms.get(iri)
        if counts is None:
            counts = self.forms[iri] = Counter()
        counts[name] += 1

    def label(self, iri: str) -> str:
        counts = self.forms[iri]
        return min(counts, key=lambda s: (-counts[s], s))

    def aliases(self, iri: str) -> list[str]:
        main = self.label(iri)
        return sorted(s for s in self.forms[iri] if s != main)


@dataclass(slots=True)
class PaperLines:
    """One paper's N-Triples/N-Quads text: ``own`` (lines, or blocks of lines, without blank nodes),
    ``blank`` (the author list, with blank nodes) and ``shared`` (one line each)."""

    key: str
    own: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1 << 16)
def _entity(kind: str, name: str) -> tuple[str, str]:
    """An entity's IRI, and the IRI in N-Triples syntax."""
    iri = str(ids.entity_iri(kind, name))
    return iri, f"<{iri}>"


@functools.lru_cache(maxsize=1 << 16)
def _person(name: str) -> tuple[str, str]:
    iri = str(ids.person_iri(name))
    return iri, f"<{iri}>"


@functools.lru_cache(maxsize=1 << 16)
def _org(name: str) -> tuple[str, str]:
    iri = str(ids.org_iri(name))
    return iri, f"<{iri}>"


@functools.lru_cache(maxsize=1 << 10)
def _category(code: str) -> str:
    return f"<{ids.category_iri(code)}>"


@functools.lru_cache(maxsize=1 << 10)
def _component(name: str) -> str:
    from kg.graph.ntriples import iri

    return iri(f"{ID_BASE}component/{name}")


def proposal_iri(p: Proposal) -> tuple[str, str]:
    return _entity(KINDS.get(p.kind, _OTHER_KIND)[0], p.name)


def subject_index(ext: Extraction) -> dict[str, tuple[str, str]]:
    """Entity IRIs by normalised name: proposals first, then mentions (a result's subject is one of them)."""
    index = {ids.entity_key(p.name): proposal_iri(p) for p in ext.proposed}
    for m in ext.mentions:
        index.setdefault(ids.entity_key(m.text), _entity(m.label, m.text))
    return index


def _mention(p: str, m: str, target: str, role: str, span: Span, end: str) -> str:
    """The lines of one mention, as one block."""
    conf = decimal_text(round(span.confidence, 3))
    return (f"{p} {HAS_MENTION} {m}{end}{m} {A} {MENTION}{end}{m} {MENTION_OF} {target}{end}"
            f"{m} {ROLE} {string(role)}{end}{m} {SENTENCE} {string(span.sentence)}{end}"
            f"{m} {START} {integer(span.start)}{end}{m} {END} {integer(span.end)}{end}"
            f'{m} {CONFIDENCE} "{conf}"{_DECIMAL}{end}{m} {BY} {_component(span.component)}{end}{m} {FROM} {p}{end}')


def paper_lines(rec: PaperRecord, ext: Extraction | None, own_end: Callable[[str], str], shared_end: str,
                names: DisplayNames | None = None) -> PaperLines:
    """The lines of one paper (``own_end(paper key)`` ends its own lines, ``shared_end`` the shared ones);
    with ``names``, the spellings of the names it uses are counted there."""
    paper = str(ids.paper_iri(rec.title, rec.authors[0] if rec.authors else ""))
    pkey = paper.rsplit("/", 1)[1]
    out = PaperLines(pkey)
    own, shared, e, s = out.own, out.shared, own_end(pkey), shared_end
    p = f"<{paper}>"
    own.append(f"{p} {A} {PAPER}{e}{p} {TITLE} {string(rec.title)}{e}{p} {ISSUED} {string(rec.date)}{_DATE}{e}"
               f"{p} {ABSTRACT} {string(rec.abstract)}{e}{p} {HAS_CODE} {_BOOLEAN[bool(rec.has_code)]}{e}"
               f"{p} {ET_AL} {_BOOLEAN[bool(rec.et_al)]}{e}{p} {POSITION} {integer(rec.id)}{e}")
    if rec.arxiv_id:
        own.append(f"{p} {ARXIV} {string(rec.arxiv_id)}{e}")
    cat = _category(rec.category)
    own.append(f"{p} {CATEGORY} {cat}{e}")
    shared.append(f"{cat} {A} {CATEGORY_CLS}{s}")
    shared.append(f"{cat} {CODE} {string(rec.category)}{s}")
    shared.append(f"{cat} {LABEL} {string(CATEGORY_NAMES.get(rec.category, rec.category))}{s}")
    for url in rec.urls:
        own.append(f"{p} {URL} {string(url)}{_ANY_URI}{e}")
    people = [_person(a) for a in rec.authors]
    for a, (iri, person) in zip(rec.authors, people):
        own.append(f"{p} {CREATOR} {person}{e}")
        shared.append(f"{person} {A} {PERSON}{s}")
        if names is not None:
            names.add(iri, a)
    if people:
        blank, head = out.blank, f"_:authors{pkey}"
        blank.append(f"{p} {AUTHORS} {head}{e}")
        node, last = head, len(people) - 1
        for i, (_, person) in enumerate(people):
            nxt = NIL if i == last else f"{head}_{i + 1}"
            blank.append(f"{node} {FIRST} {person}{e}{node} {REST} {nxt}{e}")
            node = nxt
    for o in rec.orgs:
        iri, org = _org(o)
        own.append(f"{p} {ORG_LINK} {org}{e}")
        shared.append(f"{org} {A} {ORG}{s}")
        if names is not None:
            names.add(iri, o)
    if ext is not None:
        _extraction_lines(out, p, ext, e, s, names)
    return out


def _extraction_lines(out: PaperLines, p: str, ext: Extraction, e: str, s: str, names: DisplayNames | None) -> None:
    own, shared, pkey, n = out.own, out.shared, out.key, 0
    mention = f"<{ID_BASE}mention/{pkey}-"
    for prop in ext.proposed:
        ns, classes = KINDS.get(prop.kind, _OTHER_KIND)
        iri, ent = _entity(ns, prop.name)
        own.append(f"{p} {PROPOSES} {ent}{e}")
        shared.extend(f"{ent} {A} {c}{s}" for c in classes)
        shared.append(f"{ent} {KIND} {string(prop.kind)}{s}")
        if names is not None:
            names.add(iri, prop.name)
        if prop.span is not None:
            n += 1
            own.append(_mention(p, f"{mention}{n}>", ent, "proposed", prop.span, e))
    for m in ext.mentions:
        iri, ent = _entity(m.label, m.text)
        own.append(f"{p} {LINKS[m.label]} {ent}{e}")
        if m.compared:
            own.append(f"{p} {COMPARES} {ent}{e}")
        shared.append(f"{ent} {A} {CLASSES[m.label]}{s}")
        if names is not None:
            names.add(iri, m.text)
        n += 1
        own.append(_mention(p, f"{mention}{n}>", ent, m.label, m.span, e))
    subjects = subject_index(ext) if ext.results else {}
    for i, r in enumerate(ext.results, start=1):
        res = f"<{ID_BASE}result/{pkey}-{i}>"
        own.append(f"{p} {HAS_RESULT} {res}{e}{res} {A} {RESULT}{e}{res} {VALUE} \"{decimal_text(r.value)}\"{_DECIMAL}{e}")
        if r.unit:
            own.append(f"{res} {UNIT} {string(r.unit)}{e}")
        own.append(f"{res} {RESULT_TYPE} {string(r.type)}{e}{res} {TEXT} {string(r.text)}{e}")
        for kind, name, link, cls in (("dataset", r.dataset, DATASET_LINK, DATASET),
                                      ("metric", r.metric, METRIC_LINK, METRIC)):
            if name:
                iri, node = _entity(kind, name)
                own.append(f"{res} {link} {node}{e}")
                shared.append(f"{node} {A} {cls}{s}")
                if names is not None:
                    names.add(iri, name)
        if r.subject:
            known = subjects.get(ids.entity_key(r.subject))
            iri, subj = known or _entity("model", r.subject)
            own.append(f"{res} {SUBJECT} {subj}{e}")
            if known is None:
                shared.append(f"{subj} {A} {MODEL}{s}")
            if names is not None:
                names.add(iri, r.subject)
        if r.span is not None:
            n += 1
            own.append(_mention(p, f"{mention}{n}>", res, "result", r.span, e))


def name_lines(names: DisplayNames, end: str) -> Iterator[str]:
    """Names of every person, organisation and entity seen: label, aliases and key."""
    person, org = f"{ID_BASE}person/", f"{ID_BASE}org/"
    for iri in sorted(names.forms):
        label = names.label(iri)
        node, lit = f"<{iri}>", string(label)
        if iri.startswith((person, org)):
            yield f"{node} {NAME} {lit}{end}{node} {LABEL} {lit}{end}"
            continue
        yield (f"{node} {LABEL} {lit}{end}{node} {PREF_LABEL} {lit}{end}"
               f"{node} {KEY} {string(ids.entity_key(label))}{end}")
        for alias in names.aliases(iri):
            yield f"{node} {ALT_LABEL} {string(alias)}{end}"
