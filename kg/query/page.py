"""The query page of ``kg serve`` and the small JSON API behind it.

* ``GET /``: page.html, self-contained (no CDN; its script and style are allowed by hash in
  the Content-Security-Policy, nothing else); every value from the graph is put in as text;
* ``GET /named.json``: the named queries (queries/*.rq) with their parameters;
* ``GET /named/NAME?PARAM=VALUE&format=...``: a named query run with its parameters bound as RDF
  terms (kg.query.named.bind_params, an escaped VALUES block), never formatted into the text;
* ``GET /describe?iri=IRI``: the facts about a resource and the evidence behind them (its
  pkg:Mention nodes: sentence, characters, component, confidence), as JSON.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.query.workers import Reply

HERE = Path(__file__).parent
EXAMPLE = """PREFIX pkg: <https://w3id.org/paperkg/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?dataset (COUNT(?paper) AS ?papers)
WHERE { ?paper pkg:evaluatedOn/rdfs:label ?dataset }
GROUP BY ?dataset ORDER BY DESC(?papers) ?dataset LIMIT 20"""
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")
_EXAMPLE_PARAM = re.compile(r"--param\s+(\w+)=(?:\"([^\"]*)\"|'([^']*)'|(\S+))")


def _text(status: int, msg: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (msg + "\n").encode("utf-8"))


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@functools.lru_cache(maxsize=1)
def page() -> tuple[bytes, str]:
    """The page's bytes and its Content-Security-Policy."""
    text = (HERE / "page.html").read_text(encoding="utf-8")
    text = text.replace("<body>", f'<body data-example="{html.escape(EXAMPLE, quote=True)}">', 1)
    script = re.search(r"<script>(.*?)</script>", text, re.DOTALL)
    style = re.search(r"<style>(.*?)</style>", text, re.DOTALL)
    assert script is not None and style is not None
    csp = (f"default-src 'none'; script-src {_hash(script.group(1))}; style-src {_hash(style.group(1))}; "
           "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return text.encode("utf-8"), csp


def page_reply() -> Reply:
    body, csp = page()
    return Reply(200, "text/html; charset=utf-8", body, headers=(("Content-Security-Policy", csp),))


def _examples(example: str) -> dict[str, str]:
    return {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _EXAMPLE_PARAM.finditer(example)}


def named_list() -> Reply:
    from kg.query.named import list_queries

    out = []
    for q in list_queries():
        ex = _examples(q.example)
        out.append({"name": q.name, "description": q.description, "form": q.form, "params": [
            {"name": p.name, "description": p.description, "optional": p.optional, "integer": p.integer,
             **({"example": ex[p.name]} if p.name in ex else {})} for p in q.params.values()]})
    return Reply(200, "application/json; charset=utf-8", json.dumps(out, ensure_ascii=False).encode("utf-8"))


def _args(query_string: str) -> dict[str, str]:
    args = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    repeated = sorted(k for k, v in args.items() if len(v) > 1)
    if repeated:
        raise QueryError(f"{repeated[0]} is given {len(args[repeated[0]])} times; give it once")
    return {k: v[0] for k, v in args.items()}


def named_reply(service: Any, name: str, query_string: str, accept: str) -> Reply:
    """Run the named query ``name`` with the URL's parameters bound (``format`` chooses the output)."""
    from kg.query.named import bind_params, get_query
    from kg.query.sparql_text import inject_values

    try:
        args = _args(query_string)
        fmt = args.pop("format", None)
        try:
            q = get_query(name)
        except QueryError as exc:
            return _text(404, exc.args[0])
        text = inject_values(q.text, bind_params(q, {k: v for k, v in args.items() if v != ""}))
    except QueryError as exc:
        return _text(400, exc.args[0].replace("--param ", ""))
    return service.run(text, accept, fmt)


def describe_reply(service: Any, query_string: str) -> Reply:
    """The facts about ``iri`` and the evidence sentences behind them, as one JSON document."""
    from rdflib import URIRef

    from kg.query.sparql_text import inject_values

    try:
        iri = _args(query_string).get("iri", "")
    except QueryError as exc:
        return _text(400, exc.args[0])
    if not _IRI.fullmatch(iri):
        return _text(400, f"iri={iri!r} is not an absolute IRI")
    out: dict[str, Any] = {"iri": iri}
    for part in ("facts", "evidence"):
        text = inject_values((HERE / f"describe_{part}.rq").read_text(encoding="utf-8"), {"iri": URIRef(iri)})
        reply = service.run(text, fmt="json")
        if reply.status != 200:
            return reply
        out[part] = json.loads(reply.body)
    return Reply(200, "application/json; charset=utf-8", json.dumps(out, ensure_ascii=False).encode("utf-8"))
