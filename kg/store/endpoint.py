"""Remote stores: a SPARQL 1.1 endpoint as a graph source, and uploads with the Graph Store Protocol."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.answer import Answer
from kg.store.terms import XSD_STRING

#: file suffix -> media type, for uploads
MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml",
               ".xml": "application/rdf+xml", ".jsonld": "application/ld+json", ".trig": "application/trig",
               ".n3": "text/n3", ".nq": "application/n-quads"}
SOLUTIONS_JSON = "application/sparql-results+json"


class EndpointSource:
    """A remote SPARQL 1.1 endpoint, spoken to with the SPARQL 1.1 Protocol over HTTP."""

    def __init__(self, url: str, timeout: float = 60.0):
        if not re.match(r"https?://", url):
            raise StoreError(f"{url}: an endpoint URL starts with http:// or https://")
        self.url = url
        self.timeout = timeout

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> Answer:
        from kg.store.sparql_lex import inject_values, query_form

        body = inject_values(text, bindings or {})
        form = query_form(body)
        accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS_JSON
        req = urllib.request.Request(self.url, data=body.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            msg = detail[0] if detail else exc.reason
            m = re.search(r"error at (\d+):(\d+): (.*)", msg)
            if m:
                raise QueryError(f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}") from None
            raise QueryError(f"endpoint {self.url} answered {exc.code}: {msg}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach endpoint {self.url}: {getattr(exc, 'reason', exc)}") from None
        if "json" in ctype:
            return json_answer(json.loads(data))
        g = Graph().parse(data=data.decode("utf-8"), format="nt" if "n-triples" in ctype else "turtle")
        return Answer("CONSTRUCT", graph=g)

    def describe(self) -> str:
        return f"endpoint {self.url}"


def _json_term(t: dict[str, str]) -> Node:
    if t["type"] == "uri":
        return URIRef(t["value"])
    if t["type"] == "bnode":
        return BNode(t["value"])
    if "xml:lang" in t:
        return Literal(t["value"], lang=t["xml:lang"])
    dt = t.get("datatype")
    return Literal(t["value"], datatype=None if dt in (None, XSD_STRING) else URIRef(dt))


def json_answer(doc: dict[str, Any]) -> Answer:
    """An :class:`Answer` of a SPARQL 1.1 JSON results document."""
    if "boolean" in doc:
        return Answer("ASK", boolean=bool(doc["boolean"]))
    names = list(doc["head"].get("vars", []))
    out = [{k: _json_term(v) for k, v in b.items()} for b in doc["results"]["bindings"]]
    return Answer("SELECT", names, out)


def upload(path: str | Path, store_url: str, graph_iri: str | None = None, timeout: float = 600.0) -> int:
    """PUT an RDF file into ``store_url`` with the SPARQL 1.1 Graph Store Protocol; return the HTTP status.

    With ``graph_iri`` the named graph is replaced atomically; without it, the
    default graph. (For Oxigraph, the store URL is ``http://HOST:PORT/store``.)
    """
    f = Path(path)
    if not f.is_file():
        raise StoreError(f"{f}: no such graph file")
    ctype = MEDIA_TYPES.get(f.suffix.lower())
    if ctype is None:
        raise StoreError(f"{f}: unknown RDF file type {f.suffix!r}; use one of {', '.join(sorted(MEDIA_TYPES))}")
    if graph_iri is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*", graph_iri):
        raise StoreError(f"{graph_iri!r} is not an absolute IRI")
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{store_url}{'&' if '?' in store_url else '?'}{query}"
    with f.open("rb") as fh:
        req = urllib.request.Request(url, data=fh, method="PUT", headers={
            "Content-Type": ctype, "Content-Length": str(f.stat().st_size)})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            raise StoreError(f"store {store_url} refused the upload ({exc.code}): {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach store {store_url}: {getattr(exc, 'reason', exc)}") from None


