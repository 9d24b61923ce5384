"""Figures of the paper graph: counts, top entities, co-authorship, collaboration, papers per month, leaderboards.

:func:`graph_stats` returns a :class:`GraphStats`; the CLI only formats it.
Counts and rankings are SPARQL aggregates on the source (:mod:`kg.views.stats_queries`);
networkx sees only the co-authorship network, built from the SPARQL-selected
authorships. Everything is deterministic: ties are broken by name, Louvain uses a
fixed seed, and betweenness is exact within each connected component of up to
:data:`EXACT_BETWEENNESS` authors (sampled with a fixed seed in larger ones).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.store.sources import GraphSource, oxigraph_source
from kg.views import stats_queries as sq
from kg.views.stats_queries import MonthCount, ResultPoint

SEED = 42
TOP = 10
EXACT_BETWEENNESS = 3000
SAMPLED_SOURCES = 500
BATCH = 100
#: leaderboard charts: at most this many datasets, each with at least MIN_POINTS values of one metric and unit
LEADERBOARDS = 6
MIN_POINTS = 2
TYPES = ("paper", "person", "organisation", "dataset", "model", "method", "task", "metric", "result", "category")


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
class Leaderboard:
    """The values of one metric and unit reported on a dataset (one chart)."""

    dataset: str
    iri: str
    metric: str
    unit: str
    points: list[ResultPoint]
    others: int = 0  # results on the dataset in other metrics or units (not drawn)


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
    top_methods: list[Ranked] = field(default_factory=list)
    papers_per_month: list[MonthCount] = field(default_factory=list)
    leaderboards: list[Leaderboard] = field(default_factory=list)

    @property
    def most_connected_author(self) -> AuthorRank | None:
        return self.coauthorship.top[0] if self.coauthorship.top else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def coauthor_graph(authorships: list[tuple[str, str, str]]) -> nx.Graph:
    """Authors joined by an edge per pair that wrote a paper together (``weight`` = shared papers).

    ``authorships`` are (paper, person, name) rows; nodes are person IRIs with ``name`` and ``papers``.
    """
    co = nx.Graph()
    authors: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for paper, person, name in authorships:
        authors[paper].add(person)
        names[person] = min(name, names.get(person, name))
    for paper in sorted(authors):
        people = sorted(authors[paper])
        for p in people:
            if p not in co:
                co.add_node(p, name=names[p], papers=0)
            co.nodes[p]["papers"] += 1
        for a, b in combinations(people, 2):
            w = co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1
            co.add_edge(a, b, weight=w)
    return co


def betweenness(co: nx.Graph, comps: list[set[str]], only: set[str] | None = None) -> tuple[dict[str, float], bool]:
    """Normalised betweenness of the authors (of the components holding ``only``, if given; 0 for
    the others) and whether it is exact.

    Shortest paths never leave a component, so components are computed apart from each other
    (exact up to :data:`EXACT_BETWEENNESS` authors, sampled beyond) and normalised by the whole
    graph's size. Cliques are skipped: in them no one lies between two others.
    """
    n = co.number_of_nodes()
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    out = dict.fromkeys(co, 0.0)
    degree = dict(co.degree())
    todo = [c for c in comps if len(c) >= 3 and not _is_clique(c, degree) and (only is None or not only.isdisjoint(c))]
    # small components go together in batches of about BATCH authors: networkx spends time on every
    # node of the graph it is given for each source, and a call per component has its own overhead
    batches: list[list[str]] = [[]]
    for c in todo:
        if len(c) <= EXACT_BETWEENNESS:
            if len(batches[-1]) + len(c) > BATCH:
                batches.append([])
            batches[-1].extend(c)
    parts = [(nx.Graph(co.subgraph(b)), None) for b in batches if b]
    parts += [(nx.Graph(co.subgraph(c)), min(SAMPLED_SOURCES, len(c))) for c in todo if len(c) > EXACT_BETWEENNESS]
    for sub, k in parts:  # nx scales a sample up to the size of the graph it is given: one component
        for p, v in nx.betweenness_centrality(sub, k=k, normalized=False, seed=SEED).items():
            out[p] = v * scale
    return out, all(k is None for _, k in parts)


def _is_clique(comp: set[str], degree: dict[str, int]) -> bool:
    return sum(degree[p] for p in comp) == len(comp) * (len(comp) - 1)


def communities(co: nx.Graph, comps: list[set[str]]) -> list[set[str]]:
    """Louvain communities (weighted, fixed seed) of the co-authorship network.

    A component that no split can make more modular stays one community: a clique, or any
    component whose total (weighted) degree D has D**2 <= 8m, m the network's total weight (a
    split into parts of degrees d1, d2 cutting c >= 1 gains d1*d2/(2m**2) - c/m <= D**2/(8m**2) - 1/m).
    Louvain runs on the other components together, with the resolution scaled by their share of
    the weight, so that it optimises the whole network's modularity.
    """
    m = co.size(weight="weight")
    degree = dict(co.degree())
    wdegree = dict(co.degree(weight="weight"))
    whole, rest = [], []
    for c in comps:
        d = sum(wdegree[p] for p in c)
        (whole if len(c) == 1 or _is_clique(c, degree) or d * d <= 8 * m else rest).append(c)
    found: list[set[str]] = []
    if rest:
        sub = co.subgraph([p for c in rest for p in c])
        share = sub.size(weight="weight") / m
        found = nx.community.louvain_communities(sub, weight="weight", resolution=share, seed=SEED)
    return whole + list(found)


def coauthor_stats(co: nx.Graph, n: int = TOP) -> CoauthorStats:
    st = CoauthorStats(authors=co.number_of_nodes(), edges=co.number_of_edges())
    if not co.number_of_nodes():
        return st
    comps = sorted(nx.connected_components(co), key=lambda c: (-len(c), min(c)))
    st.components = len(comps)
    st.largest_component = len(comps[0])
    st.isolated = sum(1 for c in comps if len(c) == 1)
    dc = nx.degree_centrality(co)
    # the top n are ranked by degree first: betweenness is needed only for the authors whose
    # degree reaches the n-th highest (it breaks their ties and is shown for them)
    degrees = sorted((d for _, d in co.degree()), reverse=True)
    cut = degrees[min(n, len(degrees)) - 1] if n > 0 else degrees[0] + 1
    bc, st.betweenness_exact = betweenness(co, comps, {p for p, d in co.degree() if d >= cut})
    name = nx.get_node_attributes(co, "name")
    order = sorted(co, key=lambda p: (-co.degree(p), -bc[p], name[p], str(p)))
    st.top = [AuthorRank(name[p], str(p), co.nodes[p]["papers"], co.degree(p), round(dc[p], 6), round(bc[p], 6))
              for p in order[:n]]
    named = [sorted(name[p] for p in c) for c in communities(co, comps) if len(c) > 1]
    st.communities = sorted(named, key=lambda c: (-len(c), c))
    return st


def top_authors(authorships: list[tuple[str, str, str]], n: int = TOP) -> list[Ranked]:
    papers: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for paper, person, name in authorships:
        papers[person].add(paper)
        names[person] = min(name, names.get(person, name))
    ranked = sorted(papers, key=lambda p: (-len(papers[p]), names[p], p))
    return [Ranked(names[p], p, len(papers[p])) for p in ranked[:n]]


def _ranked(items: list[sq.EntityCount], n: int) -> list[Ranked]:
    return [Ranked(e.name, e.iri, e.papers) for e in items[:n]]


def leaderboards(source: GraphSource, n: int = LEADERBOARDS, min_points: int = MIN_POINTS) -> list[Leaderboard]:
    """One chart's worth of results for each of the ``n`` datasets with the most results.

    Per dataset, the metric and unit reported most often are drawn (ties by metric, then unit);
    a dataset without ``min_points`` values of one metric and unit is left out.
    """
    out: list[Leaderboard] = []
    for d in sq.result_datasets(source):
        if len(out) >= n or d.results < min_points:
            break
        points = sq.dataset_results(source, d.key)
        groups = Counter((p.metric, p.unit) for p in points)
        if not groups:
            continue
        (metric, unit), count = min(groups.items(), key=lambda kv: (-kv[1], kv[0]))
        if count < min_points:
            continue
        drawn = [p for p in points if (p.metric, p.unit) == (metric, unit)]
        out.append(Leaderboard(d.name, d.iri, metric, unit, drawn, len(points) - len(drawn)))
    return out


def graph_stats(graph: Graph | GraphSource, top: int = TOP) -> GraphStats:
    """Counts, top entities by papers, the co-authorship network, organisation pairs, papers per month
    and leaderboards of ``graph`` (an rdflib graph or any :class:`~kg.store.sources.GraphSource`)."""
    source = oxigraph_source(graph, "memory")
    counts = sq.node_counts(source)
    authorships = sq.paper_authors(source)
    return GraphStats(
        triples=sq.triple_count(source),
        counts={t: counts.get(t, 0) for t in TYPES},
        top_datasets=_ranked(sq.entity_papers(source, "dataset"), top),
        top_models=_ranked(sq.entity_papers(source, "model"), top),
        top_authors=top_authors(authorships, top),
        top_orgs=_ranked(sq.entity_papers(source, "organisation"), top),
        coauthorship=coauthor_stats(coauthor_graph(authorships), top),
        org_pairs=[OrgPair(a, b, c) for a, b, c in sq.org_pairs(source)[:top]],
        top_methods=_ranked(sq.entity_papers(source, "method"), top),
        papers_per_month=sq.papers_per_month(source),
        leaderboards=leaderboards(source),
    )


def stats_tables(st: GraphStats) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report as (title, columns, rows) tables, shared by the text and HTML outputs."""
    co = st.coauthorship
    tables: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Nodes per type", ["type", "count"], [[t, c] for t, c in st.counts.items()] + [["triples", st.triples]]),
    ]
    for title, items in (("Top datasets", st.top_datasets), ("Top models", st.top_models),
                         ("Top methods", st.top_methods),
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
