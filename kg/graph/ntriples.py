"""N-Triples / N-Quads text of rdflib terms, written as a stream.

The graph builder yields rdflib terms; they are turned into N-Triples /
N-Quads lines here, one paper at a time, instead of being collected in an
rdflib ``Graph`` (about 1,300 bytes per triple). The lines feed pyoxigraph
(:mod:`kg.store.layout`), Dask shards (:mod:`kg.store.distributed`) and files.
Blank-node labels are kept as the builder names them, so output is stable;
literals are written in the canonical form stores keep (``xsd:dateTime`` in UTC
ends in ``Z``; decimals are canonical already, :func:`kg.graph.triples.decimal_literal`).
"""
from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_BAD = str.maketrans({c: f"\\u{ord(c):04X}" for c in '<>"{}|^`\\ ' + "".join(map(chr, range(0x21)))})
_XSD_STRING = str(XSD.string)
_XSD_DATETIME = str(XSD.dateTime)


_IRI_BAD_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LIT_BAD_CHARS = re.compile(r'["\\\n\r]')


@functools.lru_cache(maxsize=1 << 18)
def _iri(value: str) -> str:
    return f"<{value.translate(_IRI_BAD) if _IRI_BAD_CHARS.search(value) else value}>"


def term(t: URIRef | BNode | Literal) -> str:
    """One term in N-Triples syntax."""
    tp = type(t)
    if tp is URIRef or (tp is not BNode and tp is not Literal and isinstance(t, URIRef)):
        return _iri(str(t))
    if tp is BNode or isinstance(t, BNode):
        return f"_:{t}"
    lexical = str(t)
    dt = t.datatype
    if dt is not None and lexical.endswith("+00:00") and str(dt) == _XSD_DATETIME:
        lexical = lexical[:-6] + "Z"  # the canonical form, which stores write back
    text = f'"{lexical.translate(_ESCAPES) if _LIT_BAD_CHARS.search(lexical) else lexical}"'
    if t.language:
        return f"{text}@{t.language}"
    if dt is not None and str(dt) != _XSD_STRING:
        return f"{text}^^{_iri(str(dt))}"
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
