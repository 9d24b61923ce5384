"""Network figures of the paper graph with networkx: counts, top entities, co-authorship, collaboration.

:func:`graph_stats` returns a :class:`GraphStats`; the CLI only formats it.
Everything is deterministic: ties are broken by name, Louvain uses a fixed seed,
and betweenness is exact up to :data:`EXACT_BETWEENNESS` authors (sampled with a
fixed seed beyond).
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from kg.views.graphview import CLASS_TYPES, TYPES
from kg.graph.vocab import DCTERMS, FOAF, PKG, RDF, RDFS

SEED = 42
TOP = 10
EXACT_BETWEENNESS = 3000
#: entity type -> predicates linking a paper to it (a result's dataset/metric/subject counts for its paper)
PAPER_LINKS: dict[str, tuple[URIRef, ...]] = {
    "dataset": (PKG.evaluatedOn, PKG.proposes), "model": (PKG.usesModel, PKG.comparesWith, PKG.proposes),
    "person": (DCTERMS.creator,), "organisation": (PKG.organization,),
}


@dataclass(frozen=True)
class Ranked:
    """A node with a score (papers, degree, centrality...)."""

    name: str
    iri: str
    value: float


@dataclass(frozen=True)
class AuthorRank:
    name: str
    iri: str
    papers: int
    degree: int  # distinct co-authors
    degree_centrality: float
    betweenness: float


@dataclass
class CoauthorStats:
    authors: int = 0
    edges: int = 0
    components: int = 0
    largest_component: int = 0
    isolated: int = 0
    top: list[AuthorRank] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)  # names, largest first
    betweenness_exact: bool = True


@dataclass(frozen=True)
class OrgPair:
    a: str
    b: str
    papers: int


@dataclass
class GraphStats:
    """Everything ``kg stats`` reports."""

    triples: int
    counts: dict[str, int]
    top_datasets: list[Ranked]
    top_models: list[Ranked]
    top_authors: list[Ranked]
    top_orgs: list[Ranked]
    coauthorship: CoauthorStats
    org_pairs: list[OrgPair]

    @property
    def most_connected_author(self) -> AuthorRank | None:
        return self.coauthorship.top[0] if self.coauthorship.top else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _names(g: Graph) -> dict[URIRef, str]:
    out: dict[URIRef, str] = {}
    for pred in (RDFS.label, FOAF.name, DCTERMS.title):
        for s, o in g.subject_objects(pred):
            if isinstance(s, URIRef):
                out.setdefault(s, str(o))
    return out


def _types(g: Graph) -> dict[URIRef, str]:
    classes: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            classes[s].add(o)
    out = {}
    for s, cls in classes.items():
        for c, t in CLASS_TYPES:
            if c in cls:
                out[s] = t
                break
    return out


def _top(papers_of: dict[URIRef, set[URIRef]], names: dict[URIRef, str], n: int) -> list[Ranked]:
    ranked = sorted(papers_of.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0], str(kv[0])), str(kv[0])))
    return [Ranked(names.get(iri, str(iri)), str(iri), len(ps)) for iri, ps in ranked[:n]]


def papers_per_entity(g: Graph, types: dict[URIRef, str]) -> dict[str, dict[URIRef, set[URIRef]]]:
    """Type -> entity -> the papers linked to it (directly or through one of their results)."""
    out: dict[str, dict[URIRef, set[URIRef]]] = {t: defaultdict(set) for t in PAPER_LINKS}
    for t, preds in PAPER_LINKS.items():
        for pred in preds:
            for paper, e in g.subject_objects(pred):
                if types.get(e) == t and types.get(paper) == "paper":
                    out[t][e].add(paper)
    for paper, res in g.subject_objects(PKG.hasResult):
        for pred in (PKG.dataset, PKG.subject):
            for e in g.objects(res, pred):
                t = types.get(e)
                if t in ("dataset", "model"):
                    out[t][e].add(paper)
    return out


def coauthor_graph(g: Graph, names: dict[URIRef, str] | None = None) -> nx.Graph:
    """Authors joined by an edge per pair that wrote a paper together (``weight`` = shared papers)."""
    names = names if names is not None else _names(g)
    co = nx.Graph()
    authors: dict[URIRef, list[URIRef]] = defaultdict(list)
    for paper, person in g.subject_objects(DCTERMS.creator):
        authors[paper].append(person)
    for paper in sorted(authors, key=str):
        people = sorted(set(authors[paper]), key=str)
        for p in people:
            if p not in co:
                co.add_node(p, name=names.get(p, str(p)), papers=0)
            co.nodes[p]["papers"] += 1
        for a, b in combinations(people, 2):
            w = co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1
            co.add_edge(a, b, weight=w)
    return co


def coauthor_stats(co: nx.Graph, n: int = TOP) -> CoauthorStats:
    st = CoauthorStats(authors=co.number_of_nodes(), edges=co.number_of_edges())
    if not co.number_of_nodes():
        return st
    comps = list(nx.connected_components(co))
    st.components = len(comps)
    st.largest_component = max(len(c) for c in comps)
    st.isolated = sum(1 for c in comps if len(c) == 1)
    dc = nx.degree_centrality(co)
    exact = co.number_of_nodes() <= EXACT_BETWEENNESS
    bc = nx.betweenness_centrality(co, k=None if exact else min(500, co.number_of_nodes()), seed=SEED)
    st.betweenness_exact = exact
    name = nx.get_node_attributes(co, "name")
    order = sorted(co, key=lambda p: (-co.degree(p), -bc[p], name[p], str(p)))
    st.top = [AuthorRank(name[p], str(p), co.nodes[p]["papers"], co.degree(p), round(dc[p], 6), round(bc[p], 6))
              for p in order[:n]]
    comms = nx.community.louvain_communities(co, weight="weight", seed=SEED)
    named = [sorted(name[p] for p in c) for c in comms if len(c) > 1]
    st.communities = sorted(named, key=lambda c: (-len(c), c))
    return st


def org_pairs(g: Graph, names: dict[URIRef, str], n: int = TOP) -> list[OrgPair]:
    orgs: dict[URIRef, set[str]] = defaultdict(set)
    for paper, org in g.subject_objects(PKG.organization):
        orgs[paper].add(names.get(org, str(org)))
    pairs: Counter[tuple[str, str]] = Counter()
    for os_ in orgs.values():
        for a, b in combinations(sorted(os_), 2):
            pairs[(a, b)] += 1
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    return [OrgPair(a, b, c) for (a, b), c in ranked[:n]]


def graph_stats(g: Graph, top: int = TOP) -> GraphStats:
    """Counts, top entities by papers, the co-authorship network and organisation pairs of ``g``."""
    names = _names(g)
    types = _types(g)
    counts = Counter(types.values())
    per = papers_per_entity(g, types)
    return GraphStats(
        triples=len(g),
        counts={t: counts[t] for t in TYPES},
        top_datasets=_top(per["dataset"], names, top),
        top_models=_top(per["model"], names, top),
        top_authors=_top(per["person"], names, top),
        top_orgs=_top(per["organisation"], names, top),
        coauthorship=coauthor_stats(coauthor_graph(g, names), top),
        org_pairs=org_pairs(g, names, top),
    )


def stats_tables(st: GraphStats) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report as (title, columns, rows) tables, shared by the text and HTML outputs."""
    co = st.coauthorship
    tables: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Nodes per type", ["type", "count"], [[t, c] for t, c in st.counts.items()] + [["triples", st.triples]]),
    ]
    for title, items in (("Top datasets", st.top_datasets), ("Top models", st.top_models),
                         ("Top authors", st.top_authors), ("Top organisations", st.top_orgs)):
        tables.append((f"{title} (by papers)", ["name", "papers"], [[r.name, int(r.value)] for r in items]))
    tables.append(("Co-authorship network", ["measure", "value"], [
        ["authors", co.authors], ["co-author pairs", co.edges], ["components", co.components],
        ["largest component", co.largest_component], ["authors without co-authors", co.isolated],
        ["communities (Louvain, seed 42, size > 1)", len(co.communities)]]))
    tables.append(("Most connected authors", ["name", "papers", "co-authors", "degree centrality",
                                              "betweenness" + ("" if co.betweenness_exact else " (sampled)")],
                   [[a.name, a.papers, a.degree, f"{a.degree_centrality:.3f}", f"{a.betweenness:.3f}"]
                    for a in co.top]))
    tables.append(("Largest communities", ["size", "members"],
                   [[len(c), ", ".join(c[:8]) + (" ..." if len(c) > 8 else "")] for c in co.communities[:TOP]]))
    tables.append(("Organisation collaborations", ["organisation", "with", "papers"],
                   [[p.a, p.b, p.papers] for p in st.org_pairs]))
    return tables


def stats_html(st: GraphStats, title: str = "paperkg statistics") -> str:
    """A small self-contained HTML report (every value escaped)."""
    e = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
             "margin:0 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
             "th{background:#f0f0f0}</style></head><body>", f"<h1>{e(title)}</h1>"]
    for name, cols, rows in stats_tables(st):
        parts.append(f"<h2>{e(name)}</h2><table><tr>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
