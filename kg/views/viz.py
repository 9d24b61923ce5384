"""Draw a :class:`~kg.views.graphview.GraphView` as one self-contained, offline HTML page.

The page uses vis-network, the library pyvis wraps, taken from the pyvis package
and inlined; pyvis' own template is not used because it links Bootstrap and
vis from CDNs (see DESIGN.md).  Node and edge dicts are built directly (pyvis'
``add_node`` is quadratic).  Everything from the data reaches the page as JSON
in a ``<script type="application/json">`` block (with ``<``, ``>`` and ``&``
escaped) and is put on screen with ``textContent`` or on the canvas, never
parsed as HTML; the rest of the page is rendered by Jinja2 with autoescaping.

The layout is computed ahead of time (:mod:`kg.views.layout`), deterministically,
and physics is off, so 5,000 nodes draw in seconds; small graphs (up to
:data:`PHYSICS_LIMIT` nodes) may settle with physics on request, which is switched
off once they are stable.  Node sizes follow the number of neighbours and labels
scale with them: the labels of the most connected nodes show at every zoom, the
rest appear as one zooms in (vis-network's label ``drawThreshold``).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from kg.views.graphview import RELATIONS, TYPES, GraphView
from kg.views.layout import SEED, layout
from kg.views.palette import EDGE_STYLES, NEIGHBOUR_HEADINGS, STYLES

PHYSICS_LIMIT = 300  # physics is allowed (on request) up to this many nodes
EDGE_LABEL_LIMIT = 40  # edges drawn with their relation's name (the legend names the styles)
BUILD_MAX_NODES: int | None = None  # `kg build`: the whole graph up to WHOLE_LIMIT nodes, else an overview
VIS_DIR = "templates/lib/vis-9.1.2"
#: legend entries for edge kinds the view module does not name (the overview's)
EXTRA_RELATIONS = ("shared papers",)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    # the pyvis package's folder, found without importing pyvis (its import takes a second or more)
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pyvis package (which carries vis-network) is not installed")
    base = Path(list(spec.submodule_search_locations)[0]) / VIS_DIR
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
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


# ------------------------------------------------------------------ page
def _importance(view: GraphView) -> dict[str, float]:
    """A node's drawn size (vis-network ``value``, 1 to 10, which also scales its label) from its rank by
    importance (papers in an overview, else number of neighbours; ties share their mean rank): the top
    few dozen are large, with labels readable when the whole view fits the screen; the rest are small
    and labelled as one zooms in."""
    g = view.graph
    score = {n: float(g.nodes[n].get("weight", len(set(g.predecessors(n)) | set(g.successors(n))))) for n in g}
    by_score: dict[float, list[str]] = {}
    for n, s in score.items():
        by_score.setdefault(s, []).append(n)
    top = min(max(10, len(score) // 10), 40)
    value: dict[str, float] = {}
    rank = 0
    for s in sorted(by_score, reverse=True):
        tied = by_score[s]
        mean = rank + (len(tied) - 1) / 2
        for n in tied:
            value[n] = round(1 + 9 * max(0.0, 1 - mean / top) ** 2, 3)
        rank += len(tied)
    for n in view.focus:
        if n in value:
            value[n] = 10.0
    return value


def page_data(view: GraphView, physics: bool = False) -> dict[str, Any]:
    """The nodes, edges and options of the page (plain data: the browser builds the DOM from it).

    ``physics`` lets small graphs (up to :data:`PHYSICS_LIMIT` nodes) settle from the computed layout.
    """
    g = view.graph
    physics = physics and g.number_of_nodes() <= PHYSICS_LIMIT
    pos = view.positions or layout(g, scale=1.0)
    if pos:  # small views are spread to fill a screen (vis-network does not zoom in past 1:1 to fit)
        w = max(x for x, _ in pos.values()) - min(x for x, _ in pos.values()) or 1.0
        h = max(y for _, y in pos.values()) - min(y for _, y in pos.values()) or 1.0
        scale = 60.0 if g.number_of_nodes() > PHYSICS_LIMIT else max(45.0, min(1100 / w, 700 / h, 260.0))
        pos = {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in pos.items()}
    focus = set(view.focus)
    value = _importance(view)
    nodes = []
    for n in sorted(g):
        d = g.nodes[n]
        x, y = pos[n]
        node: dict[str, Any] = {"id": n, "label": d["label"], "group": d["type"], "x": x, "y": y,
                                "value": value[n], "name": d["name"], "info": [list(i) for i in d["info"]]}
        for key in ("abstract", "evidence", "community"):
            if d.get(key):
                node[key] = d[key]
        if n in focus:
            node["focus"] = True
        nodes.append(node)
    edges = []
    labels = g.number_of_edges() <= EDGE_LABEL_LIMIT
    for i, (u, v, rel) in enumerate(sorted(g.edges(keys=True))):
        d = g.edges[u, v, rel]
        edge: dict[str, Any] = {"id": i, "from": u, "to": v, "rel": d.get("rel", rel)}
        if labels:
            edge["label"] = edge["rel"]
        for key in ("evidence", "weight", "faint"):
            if d.get(key):
                edge[key] = d[key]
        edges.append(edge)
    groups = []
    for caption, members in view.groups:
        xs, ys = [pos[m][0] for m in members if m in pos], [pos[m][1] for m in members if m in pos]
        if xs:
            groups.append({"names": list(caption), "x": round((min(xs) + max(xs)) / 2, 1), "y": round(min(ys), 1),
                           "w": round(max(xs) - min(xs), 1),
                           "members": sorted(m for m in members if m in pos)})
    return {"nodes": nodes, "edges": edges, "groups": groups, "physics": physics, "options": _options(physics),
            "headings": {r: list(h) for r, h in NEIGHBOUR_HEADINGS.items()},
            "edgeStyles": {r: {"color": s.color, "dashes": list(s.dashes) or False, "width": s.width}
                           for r, s in EDGE_STYLES.items()}}


def _options(physics: bool) -> dict[str, Any]:
    groups = {t: {"color": {"background": s.color, "border": "#333333",
                            "highlight": {"background": s.color, "border": "#000000"},
                            "hover": {"background": s.color, "border": "#000000"}},
                  "shape": s.shape}
              for t, s in STYLES.items()}
    return {
        "groups": groups,
        "nodes": {"borderWidth": 1, "font": {"face": "sans-serif", "color": "#111111", "strokeWidth": 3,
                                             "strokeColor": "#ffffff"},
                  "scaling": {"min": 6, "max": 34, "label": {"enabled": True, "min": 11, "max": 30,
                                                             "maxVisible": 22, "drawThreshold": 8}}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"}},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.06, "springLength": 70,
                                         "avoidOverlap": 0.3},
                    "stabilization": {"enabled": physics, "iterations": 150, "fit": True}},
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics,
                        "navigationButtons": False, "keyboard": False},
    }


def _dasharray(dashes: tuple[int, ...]) -> str:
    return " ".join(str(d) for d in dashes)


def legend(view: GraphView) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The legend's entries: the node types and the edge kinds the view holds, with their counts."""
    counts = view.type_counts()
    rels: dict[str, int] = {}
    for _, _, d in view.graph.edges(data=True):
        rels[d["rel"]] = rels.get(d["rel"], 0) + 1
    types = [{"type": t, "color": STYLES[t].color, "shape": STYLES[t].shape, "count": counts[t]}
             for t in (*TYPES, "group") if counts[t]]
    edges = [{"rel": r, "color": EDGE_STYLES[r].color, "dash": _dasharray(EDGE_STYLES[r].dashes),
              "width": EDGE_STYLES[r].width * 2, "count": rels[r]}
             for r in (*RELATIONS.values(), *EXTRA_RELATIONS) if r in rels]
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
        groups=[(i + 1, ", ".join(caption), len(members)) for i, (caption, members) in enumerate(view.groups)],
        total_nodes=view.total_nodes, hint=view.hint)


def write_html(view: GraphView, path: str | Path, title: str = "paperkg graph", physics: bool = False) -> Path:
    """Write the page to ``path`` atomically."""
    from kg.atomic import write_atomic

    path = Path(path)
    write_atomic(path, render_html(view, title, physics).encode("utf-8"))
    return path


def graph_html(graph: Any, path: str | Path, *, title: str = "paperkg graph", **view_args: Any) -> Path:
    """Draw an rdflib graph or a graph source (a pyoxigraph store, an endpoint) to ``path``: the whole
    graph when small, else an overview (optionally a view of it, see :func:`kg.views.graphview.make_view`)."""
    from kg.views.graphview import make_view

    return write_html(make_view(graph, **view_args), path, title)
