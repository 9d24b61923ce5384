"""The answer of a SPARQL query on any source: solutions, a boolean or a graph.

Below both the store and the query layer, so sources (:mod:`kg.store.sources`)
and named queries (:mod:`kg.query.named`) share it without importing each other.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node


@dataclass
class Answer:
    """The answer of a query on any store: solutions, a boolean or a graph, as rdflib terms."""

    kind: str  # SELECT | ASK | CONSTRUCT (also used for DESCRIBE)
    vars: list[str] = field(default_factory=list)
    bindings: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    #: solutions as tuples of engine terms (pyoxigraph), converted on demand by ``to_term``/``to_value``
    raw: list[tuple[Any, ...]] | None = None
    to_term: Callable[[Any], Node] | None = None
    to_value: Callable[[Any], Any] | None = None

    def terms(self) -> list[dict[str, Node]]:
        """Solutions as dicts of rdflib terms (unbound variables left out)."""
        if self.raw is not None and self.to_term is not None:
            conv = self.to_term
            return [{v: conv(t) for v, t in zip(self.vars, row) if t is not None} for row in self.raw]
        return self.bindings

    def rows(self) -> list[dict[str, Any]]:
        """Solutions as dicts of Python values (``None`` where a variable is unbound)."""
        if self.raw is not None and self.to_value is not None:
            conv = self.to_value
            return [{v: (None if t is None else conv(t)) for v, t in zip(self.vars, row)} for row in self.raw]
        return [{v: (None if b.get(v) is None else b[v].toPython()) for v in self.vars} for b in self.bindings]

    def truncate(self, n: int) -> bool:
        """Keep the first ``n`` solutions; return whether any were dropped."""
        rows = self.raw if self.raw is not None else self.bindings
        if len(rows) <= n:
            return False
        del rows[n:]
        return True

    @classmethod
    def from_rdflib(cls, result: Result) -> Answer:
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            for t in result:
                g.add(t)  # type: ignore[arg-type]
            return cls("CONSTRUCT", graph=g)
        names = [str(v) for v in result.vars or []]
        out = []
        for row in result:
            out.append({n: row[i] for i, n in enumerate(names) if row[i] is not None})  # type: ignore[index]
        return cls("SELECT", names, out)
