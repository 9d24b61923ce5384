"""Ad-hoc SPARQL (``kg sparql``): a query given as text or as a ``.rq`` file.

:func:`read_query` tells a file from query text, refuses updates and reads the
parameters the file's header comment declares (the syntax of the named
queries, :mod:`kg.query.named`); :func:`bind` turns ``--param`` values into
RDF terms: declared parameters by their flags (required unless
``(optional)``), and, in a query that declares none, any variable of the
query as a plain string. Values are bound, never formatted into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.query.named import NamedQuery, bind_params, parse_header
from kg.query.sparql_text import UPDATE_KEYWORDS, check_query_text, query_form, tokens

#: file name endings that always mean "a file", even where a query could be meant
QUERY_SUFFIXES = (".rq", ".sparql", ".ru", ".txt")
MAX_PATH_CHARS = 4096


@dataclass(frozen=True)
class AdhocQuery:
    """A query to run: its text, where it came from and the parameters its header declares."""

    text: str
    origin: str  # the file name the user gave, or "the query text"
    header: NamedQuery

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.header.params)

    def variables(self) -> set[str]:
        return {t.text[1:] for t in tokens(self.text) if t.kind == "var"}


def _looks_like_path(arg: str) -> bool:
    s = arg.strip()
    if not s or "\n" in s or len(s) > MAX_PATH_CHARS:
        return False
    if s.lower().endswith(QUERY_SUFFIXES):
        return True
    # any query has a space, a brace or an IRI in it; one bare word is a file name
    return not re.search(r"[\s{}<>]", s)


def read_query(arg: str) -> AdhocQuery:
    """The query ``arg`` names: the content of the file ``arg`` if it is one, else ``arg`` itself.

    Raises :class:`QueryError` for a file that does not exist, text that is not a
    query, and updates (INSERT, DELETE, LOAD, ...): the graph is read-only.
    """
    path = Path(arg.strip()) if len(arg) <= MAX_PATH_CHARS and "\n" not in arg else None
    if path is not None and path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(f"{arg}: not UTF-8 text (byte {exc.start})") from None
        origin = str(path)
    elif path is not None and _looks_like_path(arg):
        what = "is a folder, not a query file" if path.is_dir() else "no such file"
        raise QueryError(f"{arg}: {what}; give the path of a .rq file or the query text in quotes")
    else:
        text, origin = arg, "the query text"
    check_query_text(text)  # before any engine: deep nesting crashes pyoxigraph's parser
    form = query_form(text)
    if form == "UPDATE":
        word = next(t for t in tokens(text) if t.kind == "name" and t.text.upper() in UPDATE_KEYWORDS)
        line = text.count("\n", 0, word.start) + 1
        raise QueryError(f"updates are not allowed (read-only): {origin} is a SPARQL update "
                         f"({word.text.upper()} at line {line}); run SELECT, ASK, CONSTRUCT or DESCRIBE")
    if form == "UNKNOWN" and origin == "the query text" and not text.strip():
        raise QueryError("the query is empty")
    name = Path(origin).stem if origin != "the query text" else "query"
    return AdhocQuery(text, origin, parse_header(name, Path(origin), text))


def bind(query: AdhocQuery, params: dict[str, str]) -> dict[str, Literal | URIRef]:
    """RDF terms for ``params``: by the declared parameters, else one plain string per variable."""
    if query.header.params:
        try:
            return bind_params(query.header, params)
        except QueryError as exc:
            raise QueryError(str(exc.args[0]).replace(f"query {query.header.name!r}", query.origin, 1)) from None
    known = query.variables()
    for k in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
            raise QueryError(f"invalid parameter name {k!r}")
        if k not in known:
            have = ", ".join(f"?{v}" for v in sorted(known)) or "none"
            raise QueryError(f"{query.origin} has no variable ?{k} to bind; its variables: {have}")
    return {k: Literal(v) for k, v in params.items()}
