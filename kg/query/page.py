"""The query page of ``kg serve`` (``GET /``): type a query, see a table. Everything is escaped."""
from __future__ import annotations

import html
import json
import urllib.parse
from typing import Any

from kg.query.workers import Reply

EXAMPLE = """PREFIX pkg: <https://w3id.org/paperkg/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?dataset (COUNT(?paper) AS ?papers)
WHERE { ?paper pkg:evaluatedOn/rdfs:label ?dataset }
GROUP BY ?dataset ORDER BY DESC(?papers) ?dataset LIMIT 20"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"


def _cell(term: dict[str, str] | None) -> str:
    return "" if term is None else html.escape(term.get("value", ""))


def render_page(query: str, reply: Reply | None) -> bytes:
    """The page for ``query`` and its answer (a reply of the service, in SPARQL JSON or a graph)."""
    e = html.escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>paperkg SPARQL</title>",
             ("<style>body{font-family:sans-serif;margin:2em}textarea{width:100%;font-family:monospace}"
              "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
              ".error{color:#a00;white-space:pre-wrap;font-family:monospace}</style></head><body>"
              "<h1>paperkg SPARQL</h1>"),
             "<form method='get' action='/'><textarea name='query' rows='10'>", e(query or EXAMPLE),
             "</textarea><br><button type='submit'>Run</button></form>"]
    if reply is not None and reply.status != 200:
        parts.append(f"<p class='error'>{e(reply.body.decode('utf-8', 'replace'))}</p>")
    elif reply is not None and reply.kind == "CONSTRUCT":
        parts.append(f"<pre>{e(reply.body.decode('utf-8', 'replace'))}</pre>")
    elif reply is not None:
        doc: dict[str, Any] = json.loads(reply.body)
        if "boolean" in doc:
            parts.append(f"<p>{'true' if doc['boolean'] else 'false'}</p>")
        else:
            names = doc["head"]["vars"]
            rows = doc["results"]["bindings"]
            parts.append(f"<p>{len(rows)} row(s){' (truncated by the row limit)' if reply.truncated else ''}</p>")
            parts.append("<table><tr>" + "".join(f"<th>{e(v)}</th>" for v in names) + "</tr>")
            for b in rows:
                parts.append("<tr>" + "".join(f"<td>{_cell(b.get(v))}</td>" for v in names) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


def page_reply(service: Any, query_string: str) -> Reply:
    args = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    text = args.get("query", [""])[0]
    reply = service.run(text, accept="application/sparql-results+json, text/turtle") if text.strip() else None
    return Reply(200, "text/html; charset=utf-8", render_page(text, reply), headers=(("Content-Security-Policy", CSP),))
