"""The query side of the SPARQL 1.1 Protocol: read a request, choose a result format, write results.

* :func:`parse_request` turns a GET or POST (form or ``application/sparql-query``) into a
  :class:`QueryRequest` (the query text, the dataset parameters and ``format=``), or raises
  :class:`ProtocolError` with the HTTP status the Protocol asks for (a missing or repeated
  ``query`` is 400, an update sent to the query endpoint 403, an unknown body type 415);
* :func:`negotiate` picks the result format from ``format=`` or the ``Accept`` header;
* :func:`write_solutions` / :func:`write_boolean` / :func:`write_graph` serialise pyoxigraph
  terms as SPARQL JSON, XML, CSV or TSV, and graphs as Turtle, N-Triples, RDF/XML or JSON-LD.
  XML output never holds a character XML 1.0 forbids (NUL, most C0 controls, U+FFFE/U+FFFF):
  each is written as U+FFFD, so every literal gives well-formed XML.
"""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import PaperKGError

SOLUTION_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
               "jsonld": "application/ld+json"}
#: ``format=`` values and media types -> (format for solutions, format for graphs)
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", "turtle"), "tsv": ("tsv", "turtle"),
    "turtle": ("turtle", "turtle"), "ttl": ("turtle", "turtle"), "ntriples": ("json", "ntriples"),
    "nt": ("json", "ntriples"), "n-triples": ("json", "ntriples"), "rdfxml": ("xml", "rdfxml"),
    "rdf+xml": ("xml", "rdfxml"), "rdf": ("xml", "rdfxml"), "jsonld": ("json", "jsonld"),
    "json-ld": ("json", "jsonld"),
    "application/sparql-results+json": ("json", "jsonld"), "application/sparql-results+xml": ("xml", "rdfxml"),
    "text/csv": ("csv", "turtle"), "text/tab-separated-values": ("tsv", "turtle"),
    "text/turtle": ("turtle", "turtle"), "application/x-turtle": ("turtle", "turtle"),
    "application/n-triples": ("json", "ntriples"), "application/rdf+xml": ("xml", "rdfxml"),
    "application/ld+json": ("json", "jsonld"), "application/json": ("json", "jsonld"),
    "application/xml": ("xml", "rdfxml"), "text/xml": ("xml", "rdfxml"),
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")


class ProtocolError(PaperKGError):
    """A request the Protocol says to refuse, with the HTTP status to answer."""

    code = "E007"

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryRequest:
    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    fmt: str | None = None

    @property
    def has_dataset(self) -> bool:
        """Whether the request names its dataset (``default-graph-uri`` / ``named-graph-uri``)."""
        return bool(self.default_graphs or self.named_graphs)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not UTF-8 (byte {exc.start})") from None


def _form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "a form value is not percent-encoded UTF-8") from None


def _one(args: dict[str, list[str]], key: str) -> str | None:
    values = args.get(key, [])
    if len(values) > 1:
        raise ProtocolError(400, f"{key}= is given {len(values)} times; give it once")
    return values[0] if values else None


def _graphs(args: dict[str, list[str]], key: str) -> tuple[str, ...]:
    out = []
    for v in args.get(key, []):
        if not _IRI.fullmatch(v):
            raise ProtocolError(400, f"{key}={v!r} is not an absolute IRI")
        out.append(v)
    return tuple(dict.fromkeys(out))


def parse_request(method: str, query_string: str, content_type: str | None, body: bytes | None) -> QueryRequest:
    """The query request in a GET or POST to the SPARQL endpoint (``body`` is the POST body)."""
    url_args = _form(query_string)
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(405, f"the query operation uses GET or POST, not {method}")
    if method != "POST":
        args = url_args
    else:
        media, _, params = (content_type or "").partition(";")
        media = media.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([\w\-]+)", params, re.I)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            raise ProtocolError(400, f"the body's charset is {charset.group(1)}; send UTF-8")
        if media == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
        if media == "application/x-www-form-urlencoded":
            args = _form(_decode(body or b"", "form"))
            for k, v in url_args.items():
                if k != "query":
                    args.setdefault(k, v)
        elif media == "application/sparql-query":
            if "query" in url_args:
                raise ProtocolError(400, "a direct POST carries the query in its body, not also in query=")
            args = {**url_args, "query": [_decode(body or b"", "query")]}
        elif not media:
            raise ProtocolError(400, "a POST needs a Content-Type: application/sparql-query or "
                                     "application/x-www-form-urlencoded")
        else:
            raise ProtocolError(415, f"cannot read a {media} body; send application/sparql-query or "
                                     "an application/x-www-form-urlencoded form")
    if "update" in args or "using-graph-uri" in args or "using-named-graph-uri" in args:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    text = _one(args, "query")
    if text is None:
        raise ProtocolError(400, "no query: send query=SELECT... (GET or a form) or an application/sparql-query body")
    fmt = _one(args, "format")
    if fmt is not None:
        check_format(fmt)
    return QueryRequest(text, _graphs(args, "default-graph-uri"), _graphs(args, "named-graph-uri"), fmt)


# ----------------------------------------------------------------- negotiation
def check_format(fmt: str) -> None:
    if fmt.strip().lower() not in FORMAT_NAMES:
        names = ", ".join(k for k in FORMAT_NAMES if "/" not in k)
        raise ProtocolError(400, f"unknown format {fmt!r}; use one of {names}")


def negotiate(accept: str, fmt: str | None, graph: bool) -> str:
    """The format key (in SOLUTION_TYPES or GRAPH_TYPES) for ``format=`` or an Accept header."""
    table = GRAPH_TYPES if graph else SOLUTION_TYPES
    if fmt:
        check_format(fmt)
        return FORMAT_NAMES[fmt.strip().lower()][1 if graph else 0]
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.strip().lower()))
    # SELECT results as Turtle only when asked by format=turtle: a client listing text/turtle
    # first for any query (for its CONSTRUCTs) still wants SPARQL results for a SELECT
    by_media = {m: k for k, m in table.items() if graph or k != "turtle"}
    generic = {"application/json", "application/xml", "text/xml"}
    ordered = [m for _, _, m in sorted(ranked)]
    for media in ordered:
        if media in by_media:
            return by_media[media]
    for media in ordered:
        if media in generic:
            return FORMAT_NAMES[media][1 if graph else 0]
    return next(iter(table))


def media_type(key: str) -> str:
    return f"{SOLUTION_TYPES.get(key) or GRAPH_TYPES[key]}; charset=utf-8"


# ----------------------------------------------------------------- writing
_XML_ILLEGAL = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_safe(data: bytes) -> bytes:
    """UTF-8 XML with every character XML 1.0 cannot hold (even escaped) replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd".encode(), data)


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _json_term(t: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {"type": "literal", "value": str(t)}


def _xml_term(t: Any) -> str:
    j = _json_term(t)
    v = _xml_text(j["value"])
    if j["type"] == "uri":
        return f"<uri>{v}</uri>"
    if j["type"] == "bnode":
        return f"<bnode>{v}</bnode>"
    if "xml:lang" in j:
        return f'<literal xml:lang="{_xml_text(j["xml:lang"])}">{v}</literal>'
    if "datatype" in j:
        return f'<literal datatype="{_xml_text(j["datatype"])}">{v}</literal>'
    return f"<literal>{v}</literal>"


def _csv_value(t: Any) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return str(t.value) if hasattr(t, "value") else str(t)


def write_solutions(names: Sequence[str], rows: Iterable[Sequence[Any]], key: str) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None, in the order of ``names``) as ``key``."""
    if key == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if key == "xml":
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
                 "<head>", *(f'<variable name="{_xml_text(n)}"/>' for n in names), "</head><results>"]
        for row in rows:
            cells = "".join(f'<binding name="{_xml_text(n)}">{_xml_term(t)}</binding>'
                            for n, t in zip(names, row) if t is not None)
            parts.append(f"<result>{cells}</result>")
        parts.append("</results></sparql>\n")
        return xml_safe("\n".join(parts).encode("utf-8"))
    if key == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if key == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if key == "turtle":
        return _result_set(names, rows)
    raise ProtocolError(406, f"SELECT results cannot be written as {key}")


def _result_set(names: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """SELECT results as RDF in Turtle, in the W3C result-set vocabulary (as the SPARQL test suite writes them)."""
    import pyoxigraph as ox

    rs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    top = ox.BlankNode("results")  # stable labels: the same answer gives the same bytes
    triples = [ox.Triple(top, rdf_type, ox.NamedNode(rs + "ResultSet"))]
    triples += [ox.Triple(top, ox.NamedNode(rs + "resultVariable"), ox.Literal(n)) for n in names]
    for i, row in enumerate(rows):
        sol = ox.BlankNode(f"s{i + 1}")
        triples += [ox.Triple(top, ox.NamedNode(rs + "solution"), sol),
                    ox.Triple(sol, ox.NamedNode(rs + "index"), ox.Literal(str(i + 1), datatype=ox.NamedNode(
                        "http://www.w3.org/2001/XMLSchema#integer")))]
        for j, (n, t) in enumerate(zip(names, row)):
            if t is None:
                continue
            b = ox.BlankNode(f"s{i + 1}v{j + 1}")
            triples += [ox.Triple(sol, ox.NamedNode(rs + "binding"), b),
                        ox.Triple(b, ox.NamedNode(rs + "variable"), ox.Literal(n)),
                        ox.Triple(b, ox.NamedNode(rs + "value"), t)]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"rs": rs}) or b""


def write_boolean(value: bool, key: str) -> bytes:
    word = "true" if value else "false"
    if key == "json":
        return f'{{"head":{{}},"boolean":{word}}}'.encode()
    if key == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head></head><boolean>{word}</boolean></sparql>\n").encode()
    return f"{word}\n".encode()


def write_graph(triples: Sequence[Any], key: str) -> bytes:
    """CONSTRUCT / DESCRIBE triples (pyoxigraph) as Turtle, N-Triples, RDF/XML or JSON-LD."""
    import pyoxigraph as ox

    from kg.graph.vocab import PREFIXES

    fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
           "jsonld": ox.RdfFormat.JSON_LD}[key]
    prefixes = {k: str(v) for k, v in PREFIXES.items()} if key in ("turtle", "rdfxml") else None
    try:
        data = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
    except (ValueError, OSError, SyntaxError) as exc:
        raise ProtocolError(406, f"this graph cannot be written as {key}: {exc}; ask for text/turtle") from None
    data = data or b""
    return xml_safe(data) if key == "rdfxml" else data
