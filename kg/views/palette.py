"""How each node type and edge kind is drawn, and how the details panel names neighbours.

Colours are colour-blind safe: node types use Paul Tol's "muted" scheme (nine
colours that stay apart under the common colour-vision deficiencies, plus pale grey)
and each type also has its own shape; edge kinds use the Okabe-Ito colours with a
dash pattern, so that no two kinds share both colour and pattern.  All of it is data:
the legend, the page's options and the tests read these tables.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    color: str
    shape: str
    size: int = 12


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashes: tuple[int, ...] = ()  # () is a solid line; otherwise dash, gap (pixels)
    width: float = 1.0


#: node type -> how it is drawn (Tol muted colours, one shape per type)
STYLES: dict[str, Style] = {
    "paper": Style("#332288", "square", 10), "person": Style("#DDCC77", "dot", 9),
    "organisation": Style("#999933", "triangle", 11), "dataset": Style("#117733", "diamond", 13),
    "model": Style("#CC6677", "hexagon", 12), "method": Style("#AA4499", "star", 13),
    "task": Style("#88CCEE", "triangleDown", 12), "metric": Style("#44AA99", "dot", 10),
    "result": Style("#882255", "dot", 6), "category": Style("#BBBBBB", "ellipse", 10),
    "group": Style("#DDDDDD", "dot", 10),
}
SOLID: tuple[int, ...] = ()
DASHED = (6, 4)
DOTTED = (2, 3)
#: relation -> edge style (Okabe-Ito colours; same colour only with a different dash pattern)
EDGE_STYLES: dict[str, EdgeStyle] = {
    "author": EdgeStyle("#E69F00"), "organisation": EdgeStyle("#999999"),
    "evaluated on": EdgeStyle("#009E73"), "uses model": EdgeStyle("#D55E00"),
    "compares with": EdgeStyle("#CC79A7", DASHED), "uses method": EdgeStyle("#CC79A7"),
    "addresses task": EdgeStyle("#56B4E9"), "reports metric": EdgeStyle("#0072B2"),
    "proposes": EdgeStyle("#000000", SOLID, 1.5), "result": EdgeStyle("#000000", DOTTED),
    "result of": EdgeStyle("#0072B2", DASHED), "metric": EdgeStyle("#56B4E9", DASHED),
    "on dataset": EdgeStyle("#009E73", DASHED), "category": EdgeStyle("#999999", DASHED),
    "shared papers": EdgeStyle("#999999"),
}
#: relation -> (heading for the targets, seen from the source; heading for the sources, seen from the target)
NEIGHBOUR_HEADINGS: dict[str, tuple[str, str]] = {
    "author": ("Authors", "Papers"), "organisation": ("Organisations", "Papers"),
    "evaluated on": ("Datasets", "Papers evaluated on it"), "uses model": ("Models used", "Papers using it"),
    "compares with": ("Compared with", "Papers comparing with it"), "uses method": ("Methods used", "Papers using it"),
    "addresses task": ("Tasks", "Papers on this task"), "reports metric": ("Metrics", "Papers reporting it"),
    "proposes": ("Proposes", "Proposed by"), "result": ("Results", "Paper"), "result of": ("Result of", "Results"),
    "metric": ("Metric", "Results"), "on dataset": ("Dataset", "Results on it"), "category": ("Category", "Papers"),
    "shared papers": ("Shares papers with", "Shares papers with"),
}
