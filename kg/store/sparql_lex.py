"""SPARQL text as tokens, and safe parameter binding: the query form, SERVICE detection, ``VALUES`` injection.

These work on tokens (comments, strings and IRIs are skipped), never on raw
substrings, so a keyword inside a string or a comment is not mistaken for one.
Parameter values are always turned into SPARQL terms by :func:`sparql_term`,
which escapes the lexical form; user text is never formatted into a query.
Sources (:mod:`kg.store.sources`) bind parameters with it; the checks on
user queries built on these tokens live in :mod:`kg.query.sparql_text`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node

_TOKEN = re.compile(
    r'''(?P<ws>\s+)
      | (?P<comment>\#[^\n]*)
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<var>[?$]\w+)
      | (?P<name>[A-Za-z_][\w\-.]*(?::[\w\-.:%]*)?|:[\w\-.:%]*)
      | (?P<punct>.)''', re.VERBOSE | re.DOTALL)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # brace depth before this token


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped) with their brace depth."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        tok = Token(kind, m.group(), m.start(), depth)
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        yield tok


def _keywords(text: str) -> Iterator[Token]:
    return (t for t in tokens(text) if t.kind == "name" and ":" not in t.text)


def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE``, ``UPDATE`` or ``UNKNOWN``."""
    for t in _keywords(text):
        word = t.text.upper()
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
    return "UNKNOWN"


def uses_service(text: str) -> bool:
    """True if the query contains a ``SERVICE`` clause (a federated call to another endpoint)."""
    return any(t.text.upper() == "SERVICE" for t in _keywords(text))


def _escape(lexical: str) -> str:
    return (lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def sparql_term(node: Node) -> str:
    """A SPARQL term for an rdflib term, escaped so that no value can end the literal early.

    IRIs use rdflib's ``.n3()`` (which refuses IRIs with characters like ``>``
    or spaces); literals always use the one-line quoted form with escapes
    (rdflib's triple-quoted form mis-escapes some values that end in a backslash
    and quote), followed by the datatype's ``.n3()`` or the language tag.
    """
    from rdflib import BNode, Literal, URIRef  # here: the query workers import this module without rdflib

    if isinstance(node, URIRef):
        return node.n3()
    if isinstance(node, Literal):
        out = f'"{_escape(str(node))}"'
        if node.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", node.language):
                raise QueryError(f"invalid language tag {node.language!r}")
            return f"{out}@{node.language}"
        if node.datatype is not None:
            return f"{out}^^{URIRef(node.datatype).n3()}"
        return out
    if isinstance(node, BNode):
        raise QueryError("a blank node cannot be a query parameter")
    raise QueryError(f"cannot use {type(node).__name__} as a query parameter")


def values_clause(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { ("x" 1) }`` for ``bindings`` (variable names are checked)."""
    names = sorted(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise QueryError(f"invalid parameter name {n!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's top-level WHERE pattern."""
    after_where = False
    seen_form = False
    for t in tokens(text):
        if t.depth != 0:
            continue
        word = t.text.upper() if t.kind == "name" else ""
        if word in QUERY_FORMS:
            seen_form = True
            after_where = word != "CONSTRUCT"
        elif word == "WHERE":
            after_where = True
        elif t.text == "{":
            if after_where and seen_form:
                return t.start
            after_where = False  # a CONSTRUCT template: keep looking for WHERE
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } pattern")


def inject_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with a VALUES block as the first element of its WHERE pattern.

    Placed there, the values are joined with the rest of the group, so FILTERs
    of the top-level group see them, as with rdflib's ``initBindings``.
    """
    if not bindings:
        return text
    pos = _where_brace(text) + 1
    return f"{text[:pos]} {values_clause(bindings)}\n{text[pos:]}"
