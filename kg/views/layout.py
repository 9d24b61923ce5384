"""Deterministic positions for a drawn graph (computed in Python, so the page needs no physics).

Each connected component is laid out alone (a vectorised Fruchterman-Reingold on its
non-leaf nodes, leaves on a ring around their neighbour), then the components are
packed in rows, largest first.  :func:`community_layout` does the same with each
community (networkx Louvain) in place of a component, so that a big graph shows its
groups side by side instead of one tangle.  A fixed seed makes the positions the same
every run.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SEED = 42
K = 1.0  # natural edge length of the force layout (leaf rings have radius 0.5)


def _force_layout(n: int, src: np.ndarray, dst: np.ndarray, rng: np.random.Generator,
                  iterations: int) -> np.ndarray:
    """Fruchterman-Reingold with numpy; repulsion is exact up to 800 nodes, sampled (fixed seed) beyond."""
    pos = (rng.random((n, 2)) - 0.5) * math.sqrt(n) * 2
    if n == 1:
        return np.zeros((1, 2))
    temp = math.sqrt(n) / 4
    cool = temp / (iterations + 1)
    sample = n if n <= 800 else 120
    for _ in range(iterations):
        idx = np.arange(n) if sample == n else rng.choice(n, sample, replace=False)
        delta = pos[:, None, :] - pos[None, idx, :]
        dist2 = np.maximum((delta ** 2).sum(-1), 1e-2)
        disp = (delta / dist2[..., None]).sum(1) * (n / sample) * K * K
        dv = pos[src] - pos[dst]
        dist = np.sqrt((dv ** 2).sum(1))[:, None]
        pull = dv * dist / K
        np.add.at(disp, src, -pull)
        np.add.at(disp, dst, pull)
        disp -= pos * 0.02
        length = np.maximum(np.sqrt((disp ** 2).sum(1)), 1e-9)[:, None]
        pos += disp / length * np.minimum(length, temp)
        temp = max(temp - cool, 0.05)
    return pos


def _component_layout(und: nx.Graph, comp: set[str], rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    core = sorted(n for n in comp if und.degree(n) >= 2) or [min(comp)]
    index = {n: i for i, n in enumerate(core)}
    pairs = sorted({(index[u], index[v]) for u, v in und.edges(core) if u in index and v in index})
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    pos = _force_layout(len(core), src, dst, rng, 50 if len(core) > 800 else 100)
    out = {n: (float(pos[i, 0]), float(pos[i, 1])) for n, i in index.items()}
    leaves: dict[str, list[str]] = {}
    for n in sorted(comp):
        if n not in index:
            leaves.setdefault(min(und.neighbors(n)), []).append(n)
    for parent, kids in leaves.items():
        px, py = out[parent]
        radius = max(0.5, 0.1 * len(kids))
        for i, kid in enumerate(kids):
            a = 2 * math.pi * i / len(kids) + 0.4
            out[kid] = (px + radius * math.cos(a), py + radius * math.sin(a))
    return out


def layout(g: nx.MultiDiGraph, scale: float = 90.0, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Deterministic positions: each connected component laid out alone (force layout of its non-leaf
    nodes, leaves on a ring around their neighbour), then the components packed in rows, largest first."""
    if g.number_of_nodes() == 0:
        return {}
    und = nx.Graph()
    und.add_nodes_from(sorted(g))
    und.add_edges_from((u, v) for u, v in g.edges() if u != v)
    rng = np.random.default_rng(seed)
    comps = sorted(nx.connected_components(und), key=lambda c: (-len(c), min(c)))
    boxes = []
    for comp in comps:
        pos = _component_layout(und, comp, rng)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 1.0, max(ys) - min(ys) + 1.0))
    row_width = max(max(b[3] for b in boxes), math.sqrt(sum(b[3] * b[4] for b in boxes)) * 1.3)
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            out[n] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    return {n: (round(px * scale, 4), round(py * scale, 4)) for n, (px, py) in sorted(out.items())}




def communities(g: nx.Graph, weight: str | None = "weight") -> list[list[str]]:
    """Louvain communities (fixed seed), largest first, each sorted."""
    if g.number_of_edges() == 0:
        return [[n] for n in sorted(g)]
    found = nx.community.louvain_communities(g, weight=weight, seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def community_layout(g: nx.Graph | nx.MultiDiGraph, groups: list[list[str]] | None = None,
                     scale: float = 1.0) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """Positions with each community (given, or found in ``g``) laid out alone and packed beside the
    others, and each node's community (0 = the largest)."""
    und = nx.Graph()
    und.add_nodes_from(sorted(g))
    und.add_edges_from((u, v) for u, v in g.edges() if u != v)
    groups = groups if groups is not None else communities(und, weight=None)
    group_of = {n: i for i, c in enumerate(groups) for n in c}
    inner = nx.Graph()
    inner.add_nodes_from(sorted(g))
    inner.add_edges_from((u, v) for u, v in und.edges() if group_of.get(u) == group_of.get(v))
    return layout(inner, scale=scale), group_of
