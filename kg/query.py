"""Named SPARQL queries: find them, describe them, run them with bound parameters.

A named query is a file ``queries/NAME.rq`` whose header comment says what it
answers, its parameters and an example::

    # Papers written by an author.
    # Parameters:
    #   author: the author's name, e.g. "Baolin Peng"
    # Example: kg query papers_by_author --param author="Baolin Peng"

Parameters are SPARQL variables bound through ``initBindings``; user text is
never formatted into the query string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.resources import queries_dir

_PARAM = re.compile(r"^#\s{2,}(\w+):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    description: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def parse_header(name: str, path: Path) -> NamedQuery:
    desc: list[str] = []
    params: dict[str, str] = {}
    example = ""
    section = "desc"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.lower().startswith("parameters:"):
            section = "params"
            rest = body.split(":", 1)[1].strip()
            if rest and rest.lower() != "none":
                section = "params"
            continue
        if body.lower().startswith("example:"):
            example = body.split(":", 1)[1].strip()
            section = "example"
            continue
        m = _PARAM.match(line)
        if section == "params" and m:
            params[m.group(1)] = m.group(2).strip()
        elif section == "desc" and body:
            desc.append(body)
    return NamedQuery(name, path, " ".join(desc), params, example)


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """All named queries, sorted by name."""
    d = directory or queries_dir()
    return [parse_header(p.stem, p) for p in sorted(d.glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    d = directory or queries_dir()
    path = d / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name) or not path.is_file():
        known = ", ".join(q.name for q in list_queries(d))
        raise QueryError(f"no named query {name!r}; known queries: {known}")
    return parse_header(name, path)


def bind_params(query: NamedQuery, params: dict[str, str]) -> dict[str, Literal | URIRef]:
    """Check ``params`` against the query's declared parameters and make RDF terms of them."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        declared = ", ".join(query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {declared}")
    missing = sorted(set(query.params) - set(params))
    if missing:
        raise QueryError(
            f"query {query.name!r} needs --param {missing[0]}=VALUE ({query.params[missing[0]]})")
    return {k: _term(v) for k, v in params.items()}


def _term(value: str) -> Literal | URIRef:
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def run_sparql(graph: Graph, text: str, bindings: dict[str, Any] | None = None) -> Result:
    """Run SPARQL on an rdflib graph; a syntax error becomes a :class:`QueryError` with its position."""
    from pyparsing import ParseException

    try:
        return graph.query(text, initBindings=bindings or {})
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # rdflib raises several types for bad queries
        raise QueryError(f"SPARQL error: {exc}") from None


def rows(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and rows (as Python values) of a SELECT result."""
    cols = [str(v) for v in result.vars or []]
    out = []
    for row in result:
        out.append({c: (None if row[i] is None else row[i].toPython()) for i, c in enumerate(cols)})
    return cols, out


def run_named(graph: Graph, name: str, params: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the named query ``name`` with ``params``; return columns and rows."""
    q = get_query(name)
    return rows(run_sparql(graph, q.text, bind_params(q, params or {})))
