"""The SPARQL aggregates behind ``kg stats``, run on any graph source (file, store, endpoint).

Each function runs one named query (``queries/stats_*.rq``) and returns plain
Python rows; nothing here walks the whole graph. An rdflib graph is copied into
an in-memory pyoxigraph store first (:func:`kg.store.sources.oxigraph_source`), as a file would be.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from kg.query.named import get_query
from kg.store.layout import NAMES_GRAPH
from kg.store.sources import GraphSource, MemorySource, OxigraphSource

#: kinds whose top entities ``kg stats`` ranks by papers
KINDS = ("dataset", "model", "method", "person", "organisation")


def run(source: GraphSource, name: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Any]]:
    """The rows of the named query ``name`` on ``source`` (Python values, ``None`` where unbound)."""
    return source.query(get_query(name).text, bindings).rows()


def _int(v: Any) -> int:
    return int(v) if v is not None else 0


def node_counts(source: GraphSource) -> dict[str, int]:
    """Type -> number of nodes (each node counted once, for its first type)."""
    return {str(r["type"]): _int(r["nodes"]) for r in run(source, "stats_node_counts")}


def _each_triple_once(source: GraphSource) -> bool:
    """Whether ``{ ?s ?p ?o }`` yields every triple once: a plain rdflib Graph, a store without named
    graphs, or a store in paperkg's layout (:mod:`kg.store.layout` puts each triple in one graph)."""
    if isinstance(source, MemorySource):
        return not source.graph.context_aware
    if isinstance(source, OxigraphSource):
        import pyoxigraph as ox

        return not source.union or source.store.contains_named_graph(ox.NamedNode(str(NAMES_GRAPH)))
    return False


def triple_count(source: GraphSource) -> int:
    """Distinct triples (a triple held by several named graphs counts once)."""
    rows = run(source, "stats_default_triples" if _each_triple_once(source) else "stats_triples")
    return _int(rows[0]["triples"]) if rows else 0


@dataclass(frozen=True)
class EntityCount:
    iri: str
    name: str
    papers: int


def entity_papers(source: GraphSource, kind: str) -> list[EntityCount]:
    """Entities of ``kind`` by papers, most first (ties by name, then IRI)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    rows = run(source, "stats_entity_papers", {"kind": Literal(kind)})
    out = [EntityCount(str(r["entity"]), str(r["name"]), _int(r["papers"])) for r in rows]
    return sorted(out, key=lambda e: (-e.papers, e.name, e.iri))


def org_pairs(source: GraphSource) -> list[tuple[str, str, int]]:
    """(organisation, other organisation, shared papers), most first; names in order within a pair."""
    rows = [(str(r["a"]), str(r["b"]), _int(r["papers"])) for r in run(source, "stats_org_pairs")]
    return sorted(rows, key=lambda p: (-p[2], p[0], p[1]))


def paper_authors(source: GraphSource) -> list[tuple[str, str, str]]:
    """(paper IRI, person IRI, person name) for every authorship, once (the least name if several)."""
    out: dict[tuple[str, str], str] = {}
    for r in run(source, "stats_paper_authors"):
        key = (str(r["paper"]), str(r["person"]))
        name = str(r["name"]) if r["name"] is not None else key[1]
        out[key] = min(name, out.get(key, name))
    return [(paper, person, name) for (paper, person), name in sorted(out.items())]


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    category: str  # code, e.g. "CL"
    name: str  # label, e.g. "Computation and Language"
    papers: int


def papers_per_month(source: GraphSource) -> list[MonthCount]:
    rows = run(source, "stats_papers_per_month")
    out = [MonthCount(str(r["month"]), str(r["category"]), str(r["name"]), _int(r["papers"])) for r in rows]
    return sorted(out, key=lambda m: (m.month, m.category))


@dataclass(frozen=True)
class DatasetResults:
    iri: str
    key: str
    name: str
    results: int
    papers: int


def result_datasets(source: GraphSource) -> list[DatasetResults]:
    """Datasets by the number of results with a value reported on them, most first."""
    rows = run(source, "stats_result_datasets")
    out = [DatasetResults(str(r["dataset"]), str(r["key"]), str(r["name"]), _int(r["results"]), _int(r["papers"]))
           for r in rows]
    return sorted(out, key=lambda d: (-d.results, d.name, d.iri))


@dataclass(frozen=True)
class ResultPoint:
    """One reported result on a dataset, as a leaderboard chart draws it."""

    value: float
    unit: str
    metric: str
    type: str
    subject: str
    paper: str
    title: str
    date: str
    text: str


def _float(v: Any) -> float | None:
    if isinstance(v, (int, float, Decimal)):
        return float(v)
    try:
        return float(str(v))
    except (TypeError, ValueError):
        return None


def dataset_results(source: GraphSource, key: str) -> list[ResultPoint]:
    """Every result with a numeric value on the dataset whose ``pkg:key`` is ``key``, by date."""
    out = []
    for r in run(source, "stats_dataset_results", {"dataset": Literal(key)}):
        value = _float(r["value"])
        if value is None:
            continue
        out.append(ResultPoint(value, str(r["unit"] or ""), str(r["metric"] or ""), str(r["type"] or ""),
                               str(r["subject"] or ""), str(r["paper"]), str(r["title"] or ""),
                               str(r["date"] or ""), str(r["text"] or "")))
    return sorted(out, key=lambda p: (p.date, p.paper, p.metric, p.unit, p.value, p.subject, p.type, p.text, p.title))
