"""Ask a graph source for what a view draws, with the SPARQL queries in ``kg/views/sparql/``.

Views never copy a graph: they run these queries on the source (a pyoxigraph store,
an endpoint; an rdflib graph is first loaded into an in-memory pyoxigraph store).
A query names its inputs with an empty ``VALUES ?var { }`` block; :meth:`ViewReader.rows`
fills it with the given terms (IRIs and literals written by :func:`sparql_term`, which
escapes them), in chunks, so that a neighbourhood is fetched hop by hop.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.query.sparql_text import sparql_term
from kg.store.sources import oxigraph_source

CHUNK = 400  # terms per VALUES block
_EMPTY_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*\}")


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    path = Path(__file__).parent / "sparql" / f"{name}.rq"
    return path.read_text(encoding="utf-8")


def fill_values(text: str, values: Mapping[str, Sequence[Node]]) -> str:
    """``text`` with each empty ``VALUES ?var { }`` block holding the terms of ``values[var]``."""
    def repl(m: re.Match[str]) -> str:
        var = m.group(1)
        if var not in values:
            raise QueryError(f"no values given for ?{var}")
        return f"VALUES ?{var} {{ {' '.join(sparql_term(t) for t in values[var])} }}"

    return _EMPTY_VALUES.sub(repl, text)


class ViewReader:
    """Runs the view queries on one source; rows come back as dicts of Python values (IRIs as str)."""

    def __init__(self, graph: Any):
        self.source = oxigraph_source(graph)

    def rows(self, name: str, /, **values: Iterable[str | Node]) -> list[dict[str, Any]]:
        """Rows of query ``name``; keyword arguments fill its VALUES blocks (str values are IRIs).

        With one long list of values the query runs once per chunk of :data:`CHUNK` terms.
        """
        text = query_text(name)
        terms = {k: [URIRef(v) if isinstance(v, str) and not isinstance(v, Node) else v for v in vs]
                 for k, vs in values.items()}
        for k, vs in terms.items():
            if not vs:  # an empty VALUES block: no rows (no need to ask)
                return []
        big = [k for k, vs in terms.items() if len(vs) > CHUNK]
        if not big:
            return self.source.query(fill_values(text, terms)).rows()
        if len(big) > 1:
            raise QueryError(f"{name}: only one VALUES block may be chunked")
        key, out = big[0], []
        items = terms[key]
        for i in range(0, len(items), CHUNK):
            part = dict(terms, **{key: items[i:i + CHUNK]})
            out.extend(self.source.query(fill_values(text, part)).rows())
        return out

    def find(self, names: Iterable[str], scan: bool = True) -> dict[str, list[str]]:
        """Nodes called each of ``names`` (case-insensitive): ``{name in lower case: [IRIs]}``.

        Common spellings and the entity key are looked up first (index lookups); names not found
        that way are compared with every name and title of the graph (a scan), if ``scan``.
        """
        from kg.keys import entity_key

        want = sorted({n.strip().casefold() for n in names if n.strip()})
        forms: dict[str, set[str]] = {}
        for raw in {n.strip() for n in names if n.strip()}:
            w = raw.casefold()
            for f in (raw, w, raw.upper(), raw.title(), raw[:1].upper() + raw[1:], entity_key(raw)):
                forms.setdefault(f, set()).add(w)
        found: dict[str, set[str]] = {}
        for row in self.rows("find_exact", name=[Literal(f) for f in sorted(forms)]):
            for w in forms.get(str(row["name"]), ()):
                found.setdefault(w, set()).add(str(row["n"]))
        rest = [w for w in want if w not in found] if scan else []
        for row in self.rows("find", want=[Literal(w) for w in rest]):
            found.setdefault(str(row["want"]), set()).add(str(row["n"]))
        return {k: sorted(v) for k, v in found.items()}

    def names(self) -> list[str]:
        return sorted({str(r["name"]) for r in self.rows("names")})
