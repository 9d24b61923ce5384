"""N-Triples syntax: IRIs and string literals (:func:`iri`, :func:`string`, used by the text
writer :mod:`kg.graph.lines`), lines of rdflib terms, and back (:func:`parse`).

Blank-node labels are kept as written, so output is stable; literals of rdflib terms
are written in the canonical form stores keep (``xsd:dateTime`` in UTC ends in ``Z``;
decimals are canonical already, :func:`kg.graph.lines.decimal_text`).
"""
from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_BAD = str.maketrans({c: f"\\u{ord(c):04X}" for c in '<>"{}|^`\\ ' + "".join(map(chr, range(0x21)))})
_XSD_STRING = str(XSD.string)
_XSD_DATETIME = str(XSD.dateTime)


_IRI_BAD_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LIT_BAD_CHARS = re.compile(r'["\\\n\r]')


@functools.lru_cache(maxsize=1 << 18)
def iri(value: str) -> str:
    """An IRI in N-Triples syntax."""
    return f"<{value.translate(_IRI_BAD) if _IRI_BAD_CHARS.search(value) else value}>"


def string(value: str) -> str:
    """A string literal in N-Triples syntax (``"``, ``\\``, LF and CR escaped, as the grammar requires)."""
    return f'"{value.translate(_ESCAPES) if _LIT_BAD_CHARS.search(value) else value}"'


def term(t: URIRef | BNode | Literal) -> str:
    """One term in N-Triples syntax."""
    tp = type(t)
    if tp is URIRef or (tp is not BNode and tp is not Literal and isinstance(t, URIRef)):
        return iri(str(t))
    if tp is BNode or isinstance(t, BNode):
        return f"_:{t}"
    lexical = str(t)
    dt = t.datatype
    if dt is not None and lexical.endswith("+00:00") and str(dt) == _XSD_DATETIME:
        lexical = lexical[:-6] + "Z"  # the canonical form, which stores write back
    text = string(lexical)
    if t.language:
        return f"{text}@{t.language}"
    if dt is not None and str(dt) != _XSD_STRING:
        return f"{text}^^{iri(str(dt))}"
    return text


def line(s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal, graph: URIRef | None = None) -> str:
    """One N-Triples (or, with ``graph``, N-Quads) line, ending in a newline."""
    if graph is None:
        return f"{term(s)} {term(p)} {term(o)} .\n"
    return f"{term(s)} {term(p)} {term(o)} {term(graph)} .\n"


def lines(triples: Iterable[tuple], graph: URIRef | None = None) -> Iterator[str]:
    for s, p, o in triples:
        yield line(s, p, o, graph)


def text(triples: Iterable[tuple], graph: URIRef | None = None) -> str:
    """The N-Triples (N-Quads with ``graph``) text of ``triples``."""
    buf = io.StringIO()
    for ln in lines(triples, graph):
        buf.write(ln)
    return buf.getvalue()


def to_rdflib(term: Any) -> Node:
    """An rdflib term for a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    from kg.errors import QueryError

    raise QueryError(f"unsupported RDF term {term!r}")


def parse(data: str) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of N-Triples text as rdflib terms (blank-node labels kept)."""
    import pyoxigraph as ox

    for t in ox.parse(input=data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def write_stream(triples: Iterable[tuple], out: IO[bytes], chunk: int = 10_000) -> int:
    """Write ``triples`` as N-Triples to the binary stream ``out`` in chunks; return how many."""
    n = 0
    buf: list[str] = []
    for s, p, o in triples:
        buf.append(line(s, p, o))
        n += 1
        if len(buf) >= chunk:
            out.write("".join(buf).encode("utf-8"))
            buf.clear()
    out.write("".join(buf).encode("utf-8"))
    return n


def write_file(triples: Iterable[tuple], path: str | Path) -> int:
    """Stream ``triples`` into the N-Triples file ``path`` atomically (temp file + rename)."""
    from kg.atomic import atomic_path

    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        return write_stream(triples, fh)
