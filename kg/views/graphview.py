"""A drawable view of the paper graph: RDF -> networkx, with focus, type filter and size cut.

Nodes are keyed by IRI and carry ``type`` (one of :data:`TYPES`), ``label`` (short,
for drawing), ``name`` (full) and ``info`` (tooltip facts as ``(field, text, link)``
triples, plain text: escaping is the renderer's job).  Edges carry ``rel``, a short
relation name from :data:`RELATIONS`.  Provenance (mentions) is not drawn.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.errors import QueryError
from kg.graph.vocab import BIBO, DCTERMS, FOAF, ID_BASE, PKG, RDF, RDFS

#: node types in legend order
TYPES = ("paper", "person", "organisation", "dataset", "model", "method", "task", "metric", "result", "category")
DEFAULT_TYPES = tuple(t for t in TYPES if t != "category")
#: class -> type; earlier entries win when a node has several classes
CLASS_TYPES: tuple[tuple[URIRef, str], ...] = (
    (PKG.Paper, "paper"), (PKG.Person, "person"), (PKG.Organization, "organisation"), (PKG.Result, "result"),
    (PKG.Dataset, "dataset"), (PKG.Benchmark, "dataset"), (PKG.Model, "model"), (PKG.Method, "method"),
    (PKG.Framework, "method"), (PKG.System, "method"), (PKG.Task, "task"), (PKG.Metric, "metric"),
    (PKG.Category, "category"),
)
#: IRI segment (``id/<kind>/...``) -> type, for nodes without rdf:type
KIND_TYPES = {"paper": "paper", "person": "person", "org": "organisation", "dataset": "dataset",
              "benchmark": "dataset", "model": "model", "method": "method", "framework": "method",
              "system": "method", "task": "task", "metric": "metric", "result": "result", "category": "category"}
#: drawn predicates -> relation name (in legend order)
RELATIONS: dict[URIRef, str] = {
    DCTERMS.creator: "author", PKG.organization: "organisation", PKG.evaluatedOn: "evaluated on",
    PKG.usesModel: "uses model", PKG.comparesWith: "compares with", PKG.usesMethod: "uses method",
    PKG.addressesTask: "addresses task", PKG.reportsMetric: "reports metric", PKG.proposes: "proposes",
    PKG.hasResult: "result", PKG.subject: "result of", PKG.metric: "metric", PKG.dataset: "on dataset",
    PKG.category: "category",
}
TYPE_ALIASES = {"paper": "paper", "papers": "paper", "author": "person", "authors": "person", "people": "person",
                "org": "organisation", "orgs": "organisation", "organization": "organisation",
                "organizations": "organisation", "organisations": "organisation"}
SHORT = 30


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


def short_title(title: str, limit: int = SHORT) -> str:
    """A short label for a paper: the name before a colon, else the title cut at a word."""
    head = title.split(":", 1)[0].strip()
    if ":" in title and 0 < len(head) <= limit:
        return head
    return shorten(title, limit)


def shorten(text: str, limit: int = SHORT) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def _type_of(iri: URIRef, classes: set[URIRef]) -> str | None:
    for cls, t in CLASS_TYPES:
        if cls in classes:
            return t
    s = str(iri)
    if s.startswith(ID_BASE):
        return KIND_TYPES.get(s[len(ID_BASE):].split("/", 1)[0])
    return None


def _fmt_value(v: Any) -> str:
    text = str(v)
    return text[:-2] if text.endswith(".0") else text


class _Reader:
    """Reads the facts of one RDF graph that the view needs."""

    def __init__(self, g: Graph):
        self.g = g
        self.classes: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, o in g.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                self.classes[s].add(o)

    def one(self, s: URIRef, p: URIRef) -> Any:
        vals = sorted((o for o in self.g.objects(s, p)), key=str)
        return vals[0] if vals else None

    def name(self, s: URIRef) -> str:
        for p in (DCTERMS.title, RDFS.label, FOAF.name, PKG.code):
            v = self.one(s, p)
            if v is not None:
                return str(v)
        return str(s).rsplit("/", 1)[-1]

    def authors(self, paper: URIRef) -> list[str]:
        head = self.one(paper, BIBO.authorList)
        people = list(Collection(self.g, head)) if isinstance(head, BNode) else []
        if not people:
            people = sorted(self.g.objects(paper, DCTERMS.creator), key=str)
        return [self.name(p) for p in people if isinstance(p, URIRef)]

    def names(self, s: URIRef, p: URIRef) -> list[str]:
        return sorted({self.name(o) for o in self.g.objects(s, p) if isinstance(o, URIRef)})


def _paper_info(r: _Reader, p: URIRef, title: str) -> list[tuple[str, str, str | None]]:
    info: list[tuple[str, str, str | None]] = [("Title", title, None)]
    date = r.one(p, DCTERMS.issued)
    if date is not None:
        info.append(("Date", str(date), None))
    authors = r.authors(p)
    if authors:
        etal = r.one(p, PKG.etAl)
        info.append(("Authors", ", ".join(authors) + (" et al." if etal is not None and etal.toPython() is True
                                                      else ""), None))
    orgs = r.names(p, PKG.organization)
    if orgs:
        info.append(("Organisations", ", ".join(orgs), None))
    cat = r.one(p, PKG.category)
    if cat is not None:
        code, label = r.one(cat, PKG.code), r.one(cat, RDFS.label)
        info.append(("Category", " ".join(str(x) for x in (code, label and f"({label})") if x), None))
    code = r.one(p, PKG.hasCode)
    if code is not None:
        info.append(("Code", "yes" if code.toPython() is True else "no", None))
    for rel, pred in (("Datasets", PKG.evaluatedOn), ("Models", PKG.usesModel), ("Proposes", PKG.proposes)):
        names = r.names(p, pred)
        if names:
            info.append((rel, ", ".join(names), None))
    arxiv = r.one(p, PKG.arxivId)
    if arxiv is not None:
        info.append(("arXiv", str(arxiv), f"https://arxiv.org/abs/{arxiv}"))
    for url in sorted(str(u) for u in r.g.objects(p, PKG.url)):
        info.append(("Link", url, url))
    return info


def _result_info(r: _Reader, res: URIRef) -> tuple[str, list[tuple[str, str, str | None]]]:
    value, unit = r.one(res, PKG.value), r.one(res, PKG.unit)
    shown = _fmt_value(value.toPython()) if isinstance(value, Literal) else "?"
    shown += str(unit) if unit is not None and str(unit) in ("%", "x", "×") else (f" {unit}" if unit else "")
    info: list[tuple[str, str, str | None]] = [("Value", shown, None)]
    for field_name, pred in (("Metric", PKG.metric), ("Dataset", PKG.dataset), ("Subject", PKG.subject)):
        o = r.one(res, pred)
        if isinstance(o, URIRef):
            info.append((field_name, r.name(o), None))
    for field_name, pred in (("Type", PKG.resultType), ("Text", PKG.text)):
        o = r.one(res, pred)
        if o is not None:
            info.append((field_name, str(o), None))
    metric = r.one(res, PKG.metric)
    label = shown + (f" {shorten(r.name(metric), 14)}" if isinstance(metric, URIRef) else "")
    return label, info


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Every paper, person, organisation, entity and result of ``g`` with the relations between them."""
    r = _Reader(g)
    nxg = nx.MultiDiGraph()
    edges: list[tuple[str, str, str]] = []
    for pred, rel in RELATIONS.items():
        for s, o in g.subject_objects(pred):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                edges.append((str(s), str(o), rel))
    nodes = sorted({e[0] for e in edges} | {e[1] for e in edges} | {str(s) for s in r.classes})
    for key in nodes:
        iri = URIRef(key)
        t = _type_of(iri, r.classes.get(iri, set()))
        if t is None:
            continue
        name = r.name(iri)
        if t == "paper":
            label, info = short_title(name), _paper_info(r, iri, name)
        elif t == "result":
            label, info = _result_info(r, iri)
        else:
            label = shorten(name, 24)
            info = [("Name", name, None), ("Type", t, None)]
            alt = sorted(str(a) for a in g.objects(iri, URIRef("http://www.w3.org/2004/02/skos/core#altLabel")))
            if alt:
                info.append(("Also", ", ".join(alt), None))
        nxg.add_node(key, type=t, label=label, name=name, info=info)
    for s, o, rel in sorted(edges):
        if s in nxg and o in nxg:
            nxg.add_edge(s, o, key=rel, rel=rel)
    for key, d in nxg.nodes(data=True):
        if d["type"] in ("person", "organisation", "dataset", "model", "method", "task", "metric"):
            papers = sum(1 for n in nxg.predecessors(key) if nxg.nodes[n]["type"] == "paper")
            d["info"].append(("Papers", str(papers), None))
    return nxg


def find_nodes(nxg: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose label or full name is ``name`` (case-insensitive); raise with close matches if none."""
    want = name.strip().casefold()
    found = sorted(n for n, d in nxg.nodes(data=True)
                   if d["type"] != "result" and want in (d["name"].casefold(), d["label"].casefold()))
    if found:
        return found
    names = sorted({d["name"] for _, d in nxg.nodes(data=True) if d["type"] != "result"})
    folded: dict[str, str] = {}
    for n in names:
        folded.setdefault(n.casefold(), n)
    close = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=5, cutoff=0.6)]
    close += [n for n in names if want and want in n.casefold() and n not in close][: 5 - len(close)]
    hint = f"; close matches: {', '.join(repr(c) for c in close)}" if close else "; no similar names in the graph"
    raise QueryError(f"nothing named {name!r} in the graph{hint}")


def query_nodes(g: Graph, nxg: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> list[str]:
    """Nodes a named query returns: its IRIs, and literals equal to a node's name."""
    from kg.query.named import answer_named

    answer = answer_named(g, name, params)
    by_name: dict[str, list[str]] = defaultdict(list)
    for n, d in nxg.nodes(data=True):
        by_name[d["name"].casefold()].append(n)
    seeds: set[str] = set()
    for b in answer.bindings:
        for term in b.values():
            if isinstance(term, URIRef) and str(term) in nxg:
                seeds.add(str(term))
            elif isinstance(term, Literal):
                seeds.update(by_name.get(str(term).casefold(), ()))
    if not seeds:
        raise QueryError(f"query {name!r} returned {len(answer.bindings)} rows but no node of the graph; "
                         "check its parameters with `kg queries`")
    return sorted(seeds)


def neighbourhood(nxg: nx.MultiDiGraph, seeds: Iterable[str], depth: int) -> dict[str, int]:
    """Distance (in hops, any direction) of every node within ``depth`` of ``seeds``."""
    und = nxg.to_undirected(as_view=True)
    dist = {s: 0 for s in seeds}
    frontier = sorted(dist)
    for d in range(1, depth + 1):
        nxt = set()
        for n in frontier:
            for m in und.neighbors(n):
                if m not in dist:
                    dist[m] = d
                    nxt.add(m)
        frontier = sorted(nxt)
    return dist


def select(nxg: nx.MultiDiGraph, *, seeds: Iterable[str] = (), depth: int | None = None,
           types: Iterable[str] | None = None, max_nodes: int | None = None, what: str = "") -> GraphView:
    """Cut ``nxg`` to the neighbourhood of ``seeds`` (if any), the ``types`` and at most ``max_nodes`` nodes."""
    seeds = sorted(seeds)
    keep_types = set(parse_types(types) if not isinstance(types, tuple) else types)
    view = GraphView(nxg, focus=seeds, total_nodes=nxg.number_of_nodes())
    dist: dict[str, int] = {}
    if seeds:
        dist = neighbourhood(nxg, seeds, depth if depth is not None else 1)
        nodes = set(dist)
        view.notes.append(f"{what or 'focus'}: nodes within {depth if depth is not None else 1} hop(s) of "
                          + (repr(nxg.nodes[seeds[0]]["name"]) if len(seeds) == 1 else f"{len(seeds)} nodes"))
    else:
        nodes = set(nxg)
    dropped = Counter(nxg.nodes[n]["type"] for n in nodes if nxg.nodes[n]["type"] not in keep_types
                      and n not in seeds)
    nodes = {n for n in nodes if nxg.nodes[n]["type"] in keep_types or n in seeds}
    if dropped and types is not None:
        view.notes.append("left out by --types: " + ", ".join(f"{c} {t}" for t, c in sorted(dropped.items())))
    if max_nodes is not None and len(nodes) > max_nodes:
        deg = dict(nxg.degree(nodes))
        ranked = sorted(nodes, key=lambda n: (dist.get(n, 0), -deg[n], n))
        kept = set(ranked[:max(max_nodes, 0)])
        cut = Counter(nxg.nodes[n]["type"] for n in nodes - kept)
        view.notes.append(f"--max-nodes {max_nodes}: drew {len(kept)} of {len(nodes)} nodes, left out "
                          + ", ".join(f"{c} {t}" for t, c in sorted(cut.items()))
                          + (" (kept the closest to the focus, then the most connected)" if seeds
                             else " (kept the most connected)"))
        nodes = kept
    view.graph = nxg.subgraph(sorted(nodes)).copy()
    return view


def make_view(g: Graph, *, focus: str | None = None, depth: int | None = None,
              types: str | Iterable[str] | None = None, query: str | None = None,
              params: dict[str, Any] | None = None, max_nodes: int | None = None) -> GraphView:
    """The view ``kg viz`` draws: the whole graph, or around ``focus`` / the nodes ``query`` returns."""
    if focus and query:
        raise QueryError("give either --focus or --query, not both")
    if depth is not None and depth < 0:
        raise QueryError(f"--depth must be 0 or more, got {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise QueryError(f"--max-nodes must be 1 or more, got {max_nodes}")
    typ = parse_types(types)
    nxg = to_networkx(g)
    if focus:
        return select(nxg, seeds=find_nodes(nxg, focus), depth=depth, types=typ if types else None,
                      max_nodes=max_nodes, what=f"focus {focus!r}")
    if query:
        seeds = query_nodes(g, nxg, query, params or {})
        return select(nxg, seeds=seeds, depth=depth if depth is not None else 0, types=typ if types else None,
                      max_nodes=max_nodes, what=f"query {query!r}")
    return select(nxg, types=typ if types else None, max_nodes=max_nodes)
