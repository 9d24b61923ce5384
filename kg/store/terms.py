"""pyoxigraph terms and results as rdflib terms and Python values (and back, to bind parameters)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.graph.ntriples import to_rdflib  # noqa: F401 - part of this module's API
from kg.store.answer import Answer

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node) -> Any:
    """A pyoxigraph term for an rdflib term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def syntax_error(exc: Exception) -> QueryError:
    msg = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", msg, re.DOTALL)
    if m:
        return QueryError(f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}")
    return QueryError(f"SPARQL error: {msg}")


def oxigraph_answer(result: Any, limit: int | None = None, deadline: float | None = None) -> Answer:
    """An :class:`Answer` of a pyoxigraph query result (at most ``limit`` solutions).

    With ``deadline`` (a ``time.monotonic()`` value), raise :class:`TimeoutError` when it passes.
    """
    import time

    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return Answer("CONSTRUCT", graph=g)
    names = [v.value for v in result.variables]
    out: list[tuple[Any, ...]] = []
    for sol in result:
        if limit is not None and len(out) >= limit:
            break
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("the query took longer than the time limit")
        out.append(tuple(sol))  # the values in the order of the variables, None where unbound
    return Answer("SELECT", names, raw=out, to_term=to_rdflib, to_value=to_value)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_FAST: dict[str, Callable[[str], Any]] = {
    XSD_STRING: str, _XSD + "integer": int, _XSD + "decimal": Decimal, _XSD + "date": date.fromisoformat,
    _XSD + "boolean": lambda v: v in ("true", "1"),
}


def to_value(term: Any) -> Any:
    """The Python value of a pyoxigraph term, as rdflib's ``toPython`` gives it (fast for common types)."""
    import pyoxigraph as ox

    if type(term) is ox.NamedNode:
        return term.value
    if type(term) is ox.Literal and not term.language:
        conv = _FAST.get(term.datatype.value)
        if conv is not None:
            try:
                return conv(term.value)
            except (ValueError, ArithmeticError):
                pass
    return to_rdflib(term).toPython()


