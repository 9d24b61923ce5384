"""An overview of a big graph: its most connected nodes, grouped into communities, laid out ahead of time.

The nodes are the people, organisations and entities with the most papers (one
SPARQL aggregate); two are joined when they share papers (line width: how many), each
keeping only its strongest links so that the picture stays readable.  Communities are
found by networkx (Louvain, fixed seed) and each is laid out on its own and packed
beside the others, so groups show as clusters; physics is off.  Papers are not drawn:
the page says how to focus on a node to see them.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from kg.views.facts import ENTITY_TYPES, Facts, kind_type, shorten
from kg.views.fetch import ViewReader
from kg.views.graphview import GraphView
from kg.views.layout import communities, community_layout

OVERVIEW_NODES = 300  # nodes drawn by default
MIN_GROUP = 4  # groups this big get a caption on the page
LINKS_PER_NODE = 3  # most associated "shared papers" links kept per node


def ranked(reader: ViewReader, types: tuple[str, ...]) -> list[tuple[str, int]]:
    """Nodes of ``types`` (not papers or results) by number of papers, most first."""
    keep = set(types) & set(ENTITY_TYPES)
    rows = [(str(r["n"]), int(r["papers"])) for r in reader.rows("degree")]
    return sorted(((n, c) for n, c in rows if kind_type(n) in keep), key=lambda x: (-x[1], x[0]))


def shared_papers(reader: ViewReader, nodes: list[str]) -> Counter[tuple[str, str]]:
    """``{(a, b): papers linking both}`` for the pairs of ``nodes`` (a < b)."""
    by_paper: dict[str, set[str]] = defaultdict(set)
    for r in reader.rows("paper_links", n=nodes):
        by_paper[str(r["paper"])].add(str(r["n"]))
    pairs: Counter[tuple[str, str]] = Counter()
    for linked in by_paper.values():
        pairs.update(combinations(sorted(linked), 2))
    return pairs


def strongest(pairs: Counter[tuple[str, str]], papers: dict[str, int], per_node: int = LINKS_PER_NODE
              ) -> dict[tuple[str, str], float]:
    """The pairs among the ``per_node`` most associated of either end, with their association
    (shared papers over the geometric mean of both ends' papers, so hubs do not take every link)."""
    assoc = {pair: w / math.sqrt(papers[pair[0]] * papers[pair[1]]) for pair, w in pairs.items() if w >= 2}
    best: dict[str, list[tuple[float, str, tuple[str, str]]]] = defaultdict(list)
    for (a, b), x in assoc.items():
        best[a].append((-x, b, (a, b)))
        best[b].append((-x, a, (a, b)))
    keep: dict[tuple[str, str], float] = {}
    for items in best.values():
        for _, _, pair in sorted(items)[:per_node]:
            keep[pair] = assoc[pair]
    return keep


def _between_groups(links: dict[tuple[str, str], float], group_of: dict[str, int]) -> set[tuple[str, str]]:
    """The lines drawn: all inside a group, and the strongest one between each pair of groups."""
    drawn = {pair for pair in links if group_of[pair[0]] == group_of[pair[1]]}
    best: dict[tuple[int, int], tuple[float, tuple[str, str]]] = {}
    for pair, x in sorted(links.items()):
        ga, gb = sorted((group_of[pair[0]], group_of[pair[1]]))
        if ga != gb and ((ga, gb) not in best or x > best[(ga, gb)][0]):
            best[(ga, gb)] = (x, pair)
    return drawn | {pair for _, pair in best.values()}


def overview_view(reader: ViewReader, types: tuple[str, ...], max_nodes: int | None, total: int) -> GraphView:
    size = max_nodes or OVERVIEW_NODES
    top = ranked(reader, types)[:size]
    papers = dict(top)
    nodes = sorted(papers)
    pairs = shared_papers(reader, nodes)
    links = strongest(pairs, papers)
    facts = Facts(reader, nodes)
    kinds = facts.types()
    und = nx.Graph()
    und.add_nodes_from(nodes)
    und.add_weighted_edges_from((a, b, w) for (a, b), w in links.items())
    groups = communities(und)
    group_of = {n: i + 1 for i, c in enumerate(groups) for n in c}
    names = {n: facts.name(n) for n in nodes}
    leaders = {i + 1: [names[n] for n in sorted(c, key=lambda n: (-papers[n], n))[:3]] for i, c in enumerate(groups)}
    nxg = nx.MultiDiGraph()
    for n in nodes:
        t = kinds.get(n) or kind_type(n) or "group"
        g = group_of[n]
        info = [("Name", names[n], None), ("Type", t, None), ("Papers", str(papers[n]), None),
                ("Group", f"{g}: with {', '.join(x for x in leaders[g] if x != names[n])}" if len(groups[g - 1]) > 1
                 else f"{g} (alone)", None),
                ("Focus", f"kg viz --focus {_quote(names[n])} --depth 1", None)]
        nxg.add_node(n, type=t, label=shorten(names[n], 24), name=names[n], info=info, community=g,
                     weight=float(papers[n]))
    for a, b in sorted(_between_groups(links, group_of)):
        nxg.add_edge(a, b, key="shared papers", rel="shared papers", weight=pairs[(a, b)],
                     faint=group_of[a] != group_of[b])
    # lay out each community alone (only the lines inside it pull), then pack them side by side
    view = GraphView(nxg, total_nodes=total, positions=community_layout(und, groups)[0])
    view.groups = [(leaders[i + 1][:2], c) for i, c in enumerate(groups) if len(c) >= MIN_GROUP]
    shown = ", ".join(t for t in types if t in ENTITY_TYPES)
    view.notes.append(f"Overview: the {len(nodes)} nodes ({shown}) with the most papers, in {len(groups)} groups "
                      "found by community detection; a line joins two that share papers (thicker: more).")
    example = names[top[0][0]] if top else "NAME"
    view.hint = (f"Papers are not drawn here. To see a node's papers and facts, focus on it: "
                 f"kg viz --focus {_quote(example)} --depth 1")
    return view


def _quote(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else "'" + name.replace("'", "'\\''") + "'"
