"""A drawable view of the paper graph, selected with SPARQL on the source: focus, types, size.

Nodes of the view's networkx graph are keyed by IRI and carry ``type`` (one of
:data:`TYPES`), ``label`` (short, for drawing), ``name`` (full), ``info`` (facts as
``(field, text, link)`` triples, plain text: escaping is the renderer's job) and, where
known, ``abstract`` and ``evidence``.  Edges carry ``rel``, a short relation name from
:data:`RELATIONS`, and the evidence sentences of the fact they draw.  Mentions
(provenance) are not drawn; they are the evidence.

Nothing is copied: a focus view is fetched hop by hop around its seeds, a small graph
whole, and a big graph as an overview of its most connected nodes
(:mod:`kg.views.overview`).
"""
from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.graph.vocab import DCTERMS, PKG
from kg.views.facts import CLASS_TYPES as _CLASS_TYPES
from kg.views.facts import Facts, evidence, kind_type, node_attrs, short_title, shorten  # noqa: F401
from kg.views.fetch import ViewReader

#: node types in legend order
TYPES = ("paper", "person", "organisation", "dataset", "model", "method", "task", "metric", "result", "category")
DEFAULT_TYPES = tuple(t for t in TYPES if t != "category")
#: class -> type; earlier entries win when a node has several classes
CLASS_TYPES: tuple[tuple[URIRef, str], ...] = tuple((URIRef(c), t) for c, t in _CLASS_TYPES)
#: drawn predicates -> relation name (in legend order)
RELATIONS: dict[URIRef, str] = {
    DCTERMS.creator: "author", PKG.organization: "organisation", PKG.evaluatedOn: "evaluated on",
    PKG.usesModel: "uses model", PKG.comparesWith: "compares with", PKG.usesMethod: "uses method",
    PKG.addressesTask: "addresses task", PKG.reportsMetric: "reports metric", PKG.proposes: "proposes",
    PKG.hasResult: "result", PKG.subject: "result of", PKG.metric: "metric", PKG.dataset: "on dataset",
    PKG.category: "category",
}
_REL = {str(p): r for p, r in RELATIONS.items()}
TYPE_ALIASES = {"paper": "paper", "papers": "paper", "author": "person", "authors": "person", "people": "person",
                "org": "organisation", "orgs": "organisation", "organization": "organisation",
                "organizations": "organisation", "organisations": "organisation"}
COMMUNITY_MIN, COMMUNITY_MAX = 80, 3000  # whole views of this many nodes are laid out by community
WHOLE_LIMIT = 500  # a graph with more drawable nodes is drawn as an overview (unless --max-nodes says more)


@dataclass
class GraphView:
    """What to draw, and what was left out (``notes``, one sentence each)."""

    graph: nx.MultiDiGraph
    focus: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_nodes: int = 0
    #: positions computed by the view itself (the overview's community layout); None: lay out when drawn
    positions: dict[str, tuple[float, float]] | None = None
    #: one line telling the reader how to see more (shown under the counts)
    hint: str = ""
    #: captioned groups of nodes (the overview's communities): (names for the caption, member IRIs)
    groups: list[tuple[list[str], list[str]]] = field(default_factory=list)

    def type_counts(self) -> Counter[str]:
        return Counter(d["type"] for _, d in self.graph.nodes(data=True))


def parse_types(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"paper,dataset"`` -> ``("paper", "dataset")``; unknown names raise with the known ones."""
    if text is None:
        return DEFAULT_TYPES
    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for raw in items:
        t = raw.strip().casefold()
        if not t:
            continue
        t = TYPE_ALIASES.get(t, t.rstrip("s") if t.rstrip("s") in TYPES else t)
        if t not in TYPES:
            raise QueryError(f"unknown node type {raw.strip()!r}; use some of: {', '.join(TYPES)}")
        if t not in out:
            out.append(t)
    if not out:
        raise QueryError(f"no node types given; use some of: {', '.join(TYPES)}")
    return tuple(out)


def classes_of(types: Iterable[str]) -> list[URIRef]:
    keep = set(types)
    return [c for c, t in CLASS_TYPES if t in keep]


def node_count(reader: ViewReader, types: Iterable[str]) -> int:
    rows = reader.rows("node_count", **{"class": classes_of(types)})
    return int(rows[0]["nodes"]) if rows and rows[0]["nodes"] is not None else 0


def find_seeds(reader: ViewReader, name: str) -> list[str]:
    """Nodes called ``name`` (case-insensitive); raise with close matches if none."""
    want = name.strip().casefold()
    found = [n for n in reader.find([want]).get(want, []) if kind_type(n) not in (None, "result")]
    if found:
        return found
    names = reader.names()
    folded: dict[str, str] = {}
    for n in names:
        folded.setdefault(n.casefold(), n)
    close = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=5, cutoff=0.6)]
    close += [n for n in names if want and want in n.casefold() and n not in close][: 5 - len(close)]
    hint = f"; close matches: {', '.join(repr(c) for c in close)}" if close else "; no similar names in the graph"
    raise QueryError(f"nothing named {name!r} in the graph{hint}")


def query_seeds(reader: ViewReader, name: str, params: dict[str, Any]) -> list[str]:
    """Nodes a named query returns: its IRIs, and literals equal to a node's name."""
    from kg.query.named import answer_named

    answer = answer_named(reader.source, name, params)
    iris: set[str] = set()
    literals: set[str] = set()
    for b in answer.terms():
        for term in b.values():
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal):
                literals.add(str(term))
    for found in reader.find(literals, scan=False).values():
        iris.update(found)
    seeds = sorted(n for n in iris if kind_type(n) in TYPES)
    if not seeds:
        raise QueryError(f"query {name!r} returned {len(answer.terms())} rows but no node of the graph; "
                         "check its parameters with `kg queries`")
    return seeds


def _edges(reader: ViewReader, nodes: list[str]) -> set[tuple[str, str, str]]:
    return {(str(r["s"]), str(r["o"]), _REL[str(r["p"])]) for r in reader.rows("edges", n=nodes)}


def neighbourhood(reader: ViewReader, seeds: Iterable[str], depth: int, keep: Iterable[str]
                  ) -> tuple[dict[str, int], set[tuple[str, str, str]], Counter[str]]:
    """Hop by hop: the distance of every node (of a ``keep`` type) within ``depth`` of ``seeds``, the drawn
    edges among them, and the neighbours left out for their type (counted by type)."""
    keep = set(keep)
    dist = {s: 0 for s in seeds}
    frontier = sorted(dist)
    edges: set[tuple[str, str, str]] = set()
    dropped: Counter[str] = Counter()
    seen_dropped: set[str] = set()
    for d in range(1, depth + 2):
        if not frontier:
            break
        nxt: set[str] = set()
        for s, o, rel in _edges(reader, frontier):
            for m in (s, o):
                if m in dist:
                    continue
                t = kind_type(m)
                if d > depth or t is None:
                    continue
                if t in keep:
                    dist[m] = d
                    nxt.add(m)
                elif m not in seen_dropped:
                    seen_dropped.add(m)
                    dropped[t] += 1
            if s in dist and o in dist:
                edges.add((s, o, rel))
        frontier = sorted(nxt)
    return dist, {e for e in edges if e[0] in dist and e[1] in dist}, dropped


def build_nx(reader: ViewReader, nodes: Iterable[str], edges: Iterable[tuple[str, str, str]],
             keep: Iterable[str] | None = None, always: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The networkx graph of ``nodes`` (those of a ``keep`` type, and ``always``) with their facts and evidence."""
    facts = Facts(reader, nodes)
    types = facts.types()
    allowed = set(keep) if keep is not None else set(TYPES)
    always = set(always)
    types = {n: t for n, t in types.items() if t in allowed or n in always}
    attrs = node_attrs(reader, types, types, facts)
    nxg = nx.MultiDiGraph()
    for n in sorted(attrs):
        nxg.add_node(n, **attrs[n])
    edge_ev, node_ev = evidence(reader, attrs)
    for n, ev in node_ev.items():
        nxg.nodes[n]["evidence"] = ev
    for s, o, rel in sorted(edges):
        if s in nxg and o in nxg:
            data: dict[str, Any] = {"rel": rel}
            if (s, o) in edge_ev:
                data["evidence"] = edge_ev[(s, o)]
            nxg.add_edge(s, o, key=rel, **data)
    return nxg


def _cut(nxg: nx.MultiDiGraph, view: GraphView, max_nodes: int | None, dist: dict[str, int], what: str) -> None:
    if max_nodes is None or nxg.number_of_nodes() <= max_nodes:
        return
    deg = dict(nxg.degree())
    ranked = sorted(nxg, key=lambda n: (dist.get(n, 0), -deg[n], n))
    kept = set(ranked[:max_nodes])
    cut = Counter(nxg.nodes[n]["type"] for n in nxg if n not in kept)
    view.notes.append(f"--max-nodes {max_nodes}: drew {len(kept)} of the {nxg.number_of_nodes()} nodes {what}, "
                      "left out " + ", ".join(f"{c} {t}" for t, c in sorted(cut.items())))
    view.graph = nxg.subgraph(sorted(kept)).copy()


def focus_view(reader: ViewReader, seeds: list[str], depth: int, types: tuple[str, ...], explicit_types: bool,
               max_nodes: int | None, what: str, total: int) -> GraphView:
    dist, edges, dropped = neighbourhood(reader, seeds, depth, types)
    nxg = build_nx(reader, dist, edges, types, always=seeds)
    view = GraphView(nxg, focus=[s for s in seeds if s in nxg], total_nodes=total)
    label = repr(nxg.nodes[seeds[0]]["name"]) if len(seeds) == 1 and seeds[0] in nxg else f"{len(seeds)} nodes"
    view.notes.append(f"{what}: nodes within {depth} hop(s) of {label}")
    if dropped and explicit_types:
        view.notes.append("left out by --types: " + ", ".join(f"{c} {t}" for t, c in sorted(dropped.items())))
    _cut(nxg, view, max_nodes, dist, "nearest the focus")
    if view.graph.number_of_nodes() > WHOLE_LIMIT:
        view.hint = ("A big neighbourhood: hide node types in the legend, or draw less with a smaller --depth, "
                     "--types or --max-nodes N.")
    return view


def whole_view(reader: ViewReader, types: tuple[str, ...], max_nodes: int | None, total: int) -> GraphView:
    nodes = [str(r["n"]) for r in reader.rows("typed", **{"class": classes_of(types)})]
    keep = set(nodes)
    edges = {(str(r["s"]), str(r["o"]), _REL[str(r["p"])]) for r in reader.rows("all_edges")}
    edges = {e for e in edges if e[0] in keep and e[1] in keep}
    nxg = build_nx(reader, nodes, edges, types)
    view = GraphView(nxg, total_nodes=total)
    _cut(nxg, view, max_nodes, {}, "(kept the most connected)")
    if COMMUNITY_MIN <= view.graph.number_of_nodes() <= COMMUNITY_MAX:
        from kg.views.layout import community_layout

        view.positions, group_of = community_layout(view.graph)
        for u, v, d in view.graph.edges(data=True):  # lines between communities are drawn faint
            if group_of[u] != group_of[v]:
                d["faint"] = True
    return view


def _left_out(reader: ViewReader, types: tuple[str, ...], view: GraphView) -> None:
    by_type: Counter[str] = Counter()
    for r in reader.rows("class_counts"):
        t = dict(_CLASS_TYPES).get(str(r["class"]))
        if t is not None and t not in types and t != "category":
            by_type[t] = max(by_type[t], int(r["nodes"]))
    if by_type:
        view.notes.append("left out by --types: " + ", ".join(f"{c} {t}" for t, c in sorted(by_type.items())))


def make_view(graph: Any, *, focus: str | None = None, depth: int | None = None,
              types: str | Iterable[str] | None = None, query: str | None = None,
              params: dict[str, Any] | None = None, max_nodes: int | None = None,
              overview: bool | None = None) -> GraphView:
    """The view ``kg viz`` draws, from an rdflib graph or any graph source.

    Around ``focus`` (or the nodes ``query`` returns) it is the neighbourhood of ``depth`` hops;
    otherwise the whole graph when it has at most ``max_nodes`` (default :data:`WHOLE_LIMIT`)
    nodes of the chosen types, else an overview of the most connected ones.  ``overview``
    forces (True) or refuses (False) the overview.
    """
    if focus and query:
        raise QueryError("give either --focus or --query, not both")
    if depth is not None and depth < 0:
        raise QueryError(f"--depth must be 0 or more, got {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise QueryError(f"--max-nodes must be 1 or more, got {max_nodes}")
    typ = parse_types(types)
    explicit = types is not None
    reader = ViewReader(graph)
    total = node_count(reader, typ)
    if focus:
        return focus_view(reader, find_seeds(reader, focus), 1 if depth is None else depth, typ, explicit,
                          max_nodes, f"focus {focus!r}", total)
    if query:
        return focus_view(reader, query_seeds(reader, query, params or {}), 0 if depth is None else depth, typ,
                          explicit, max_nodes, f"query {query!r}", total)
    limit = max_nodes if max_nodes is not None else WHOLE_LIMIT
    only_papers = not set(typ) - {"paper", "result"}  # an overview draws entities: none chosen, none to draw
    if overview is False or only_papers or (overview is None and total <= limit):
        cut = max_nodes
        if only_papers and cut is None and overview is not False and total > WHOLE_LIMIT:
            cut = WHOLE_LIMIT  # papers only, too many: the most connected
        view = whole_view(reader, typ, cut, total)
        if explicit:
            _left_out(reader, typ, view)
        return view
    from kg.views.overview import overview_view

    return overview_view(reader, typ, max_nodes, total)
