"""Draw a :class:`~kg.views.graphview.GraphView` as one self-contained, offline HTML page.

The page uses vis-network, the library pyvis wraps, taken from the pyvis package
and inlined; pyvis' own template is not used because it links Bootstrap and
vis from CDNs (see DESIGN.md).  Node and edge dicts are built directly (pyvis'
``add_node`` is quadratic).  Everything from the data reaches the page as JSON
in a ``<script type="application/json">`` block (with ``<``, ``>`` and ``&``
escaped) and is put on screen with ``textContent`` or on the canvas, never
parsed as HTML; the rest of the page is rendered by Jinja2 with autoescaping.

The layout is computed here, deterministically (networkx components, a
vectorised Fruchterman-Reingold on the non-leaf nodes, leaves on a ring around
their neighbour), and physics is off, so 5,000 nodes draw in seconds; small
graphs (up to :data:`PHYSICS_LIMIT` nodes) may settle with physics on request,
which is switched off once they are stable.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.views.graphview import RELATIONS, TYPES, GraphView

PHYSICS_LIMIT = 300  # physics is allowed (on request) up to this many nodes
EDGE_LABEL_LIMIT = 120
BUILD_MAX_NODES = 5000  # `kg build` draws at most this many nodes in graph.html
SEED = 42
K = 1.0  # natural edge length of the force layout (leaf rings have radius 0.5)
VIS_DIR = "templates/lib/vis-9.1.2"


@dataclass(frozen=True)
class Style:
    color: str
    shape: str
    size: int = 12


#: node type -> how it is drawn (data, shown in the legend)
STYLES: dict[str, Style] = {
    "paper": Style("#4e79a7", "square", 11), "person": Style("#f28e2b", "dot", 9),
    "organisation": Style("#9c755f", "triangle", 12), "dataset": Style("#59a14f", "diamond", 13),
    "model": Style("#e15759", "hexagon", 12), "method": Style("#b07aa1", "star", 13),
    "task": Style("#76b7b2", "triangleDown", 12), "metric": Style("#edc948", "square", 9),
    "result": Style("#bab0ac", "dot", 6), "category": Style("#d4a6c8", "ellipse", 10),
}
#: relation -> edge colour
EDGE_COLORS: dict[str, str] = {
    "author": "#f5b67a", "organisation": "#c4ab9c", "evaluated on": "#59a14f", "uses model": "#e15759",
    "compares with": "#ff9d9a", "uses method": "#b07aa1", "addresses task": "#76b7b2", "reports metric": "#d8b83f",
    "proposes": "#1f3b73", "result": "#a0a0a0", "result of": "#e8a0a0", "metric": "#edc948",
    "on dataset": "#8cd17d", "category": "#d4a6c8",
}


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    base = files("pyvis").joinpath(VIS_DIR)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    return _no_close(js), _no_close(css)


def _no_close(text: str) -> str:
    """Text that cannot end the ``<script>``/``<style>`` element it is inlined into."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


# ------------------------------------------------------------------ layout
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


# ------------------------------------------------------------------ page
def page_data(view: GraphView, physics: bool = False) -> dict[str, Any]:
    """The nodes, edges and options of the page (plain data: the browser builds the DOM from it).

    ``physics`` lets small graphs (up to :data:`PHYSICS_LIMIT` nodes) settle from the computed layout.
    """
    g = view.graph
    physics = physics and g.number_of_nodes() <= PHYSICS_LIMIT
    pos = layout(g, scale=1.0)
    if pos:  # small views are spread to fill a screen (vis-network does not zoom in past 1:1 to fit)
        w = max(x for x, _ in pos.values()) - min(x for x, _ in pos.values()) or 1.0
        h = max(y for _, y in pos.values()) - min(y for _, y in pos.values()) or 1.0
        scale = 60.0 if g.number_of_nodes() > PHYSICS_LIMIT else max(100.0, min(1100 / w, 700 / h, 260.0))
        pos = {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in pos.items()}
    focus = set(view.focus)
    nodes = []
    for n in sorted(g):
        d = g.nodes[n]
        x, y = pos[n]
        node: dict[str, Any] = {"id": n, "label": d["label"], "group": d["type"], "x": x, "y": y,
                                "name": d["name"], "info": [list(i) for i in d["info"]]}
        if n in focus:
            node["borderWidth"] = 4
            node["size"] = STYLES[d["type"]].size * 2
        nodes.append(node)
    edges = []
    labels = g.number_of_edges() <= EDGE_LABEL_LIMIT
    for i, (u, v, rel) in enumerate(sorted(g.edges(keys=True))):
        edge = {"id": i, "from": u, "to": v, "title": rel, "color": EDGE_COLORS.get(rel, "#999999")}
        if labels:
            edge["label"] = rel
        edges.append(edge)
    return {"nodes": nodes, "edges": edges, "physics": physics, "options": _options(physics)}


def _options(physics: bool) -> dict[str, Any]:
    groups = {t: {"color": {"background": s.color, "border": "#333333",
                            "highlight": {"background": s.color, "border": "#000000"}},
                  "shape": s.shape, "size": s.size,
                  "font": {"color": "#ffffff" if s.shape == "box" else "#222222", "size": 13}}
              for t, s in STYLES.items()}
    return {
        "groups": groups,
        "nodes": {"borderWidth": 1, "font": {"face": "sans-serif"}},
        "edges": {"smooth": False, "width": 1, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"}},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.06, "springLength": 70,
                                         "avoidOverlap": 0.3},
                    "stabilization": {"enabled": physics, "iterations": 150, "fit": True}},
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics,
                        "navigationButtons": False, "keyboard": False},
    }


def legend(view: GraphView) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    counts = view.type_counts()
    rels = {rel for _, _, rel in view.graph.edges(keys=True)}
    types = [{"type": t, "color": STYLES[t].color, "shape": STYLES[t].shape, "count": counts[t]}
             for t in TYPES if counts[t]]
    edges = [{"rel": r, "color": EDGE_COLORS.get(r, "#999999")} for r in RELATIONS.values() if r in rels]
    return types, edges


def render_html(view: GraphView, title: str = "paperkg graph", physics: bool = False) -> str:
    """The page as a string (byte-identical for the same view)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent)), autoescape=select_autoescape(["html"]),
                      keep_trailing_newline=True)
    js, css = _vis_assets()
    types, edges = legend(view)
    g = view.graph
    return env.get_template("viz_template.html").render(
        title=title, notes=view.notes, legend_types=types, legend_edges=edges, vis_js=js, vis_css=css,
        data_json=script_json(page_data(view, physics)), n_nodes=g.number_of_nodes(), n_edges=g.number_of_edges(),
        total_nodes=view.total_nodes)


def write_html(view: GraphView, path: str | Path, title: str = "paperkg graph", physics: bool = False) -> Path:
    """Write the page to ``path`` atomically."""
    from kg.atomic import write_atomic

    path = Path(path)
    write_atomic(path, render_html(view, title, physics).encode("utf-8"))
    return path


def graph_html(graph: Any, path: str | Path, *, title: str = "paperkg graph", **view_args: Any) -> Path:
    """Draw an rdflib graph (optionally a view of it, see :func:`kg.views.graphview.make_view`) to ``path``."""
    from kg.views.graphview import make_view

    return write_html(make_view(graph, **view_args), path, title)
