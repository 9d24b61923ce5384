"""``kg serve``: a small read-only SPARQL 1.1 Protocol endpoint over a graph file or a pyoxigraph store.

* ``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or ``application/sparql-query``);
  ``/query`` is an alias;
* results by content negotiation (``Accept`` or ``format=json|xml|csv|tsv|turtle|ntriples``):
  SPARQL JSON (default), XML, CSV, TSV; graphs as Turtle or N-Triples;
* updates and ``SERVICE`` are refused (403), syntax errors are 400 with the position;
* a time limit (503) and a row limit (rows beyond it are dropped, header ``X-Truncated: true``);
* ``GET /``: an HTML page (no scripts) to type a query and see a table; everything is escaped.
"""
from __future__ import annotations

import concurrent.futures
import html
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rdflib import BNode, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import PaperKGError, QueryError
from kg.query.named import Answer
from kg.store.sources import OxigraphSource, oxigraph_answer

MAX_BODY = 1_000_000
SOLUTION_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples"}
EXAMPLE = """PREFIX pkg: <https://w3id.org/paperkg/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?dataset (COUNT(?paper) AS ?papers)
WHERE { ?paper pkg:evaluatedOn/rdfs:label ?dataset }
GROUP BY ?dataset ORDER BY DESC(?papers) ?dataset LIMIT 20"""


@dataclass(frozen=True)
class ServerConfig:
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000


class Refused(PaperKGError):
    """A request the read-only endpoint does not run (an update or a SERVICE call)."""

    code = "E005"


class QueryTimeout(PaperKGError):
    code = "E006"


class SparqlService:
    """Runs read-only queries on a pyoxigraph source with a time limit and a row limit."""

    def __init__(self, source: OxigraphSource, config: ServerConfig | None = None):
        self.source = source
        self.config = config or ServerConfig()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="sparql")

    def check(self, text: str) -> None:
        from kg.query.sparql_text import check_query_text, query_form, uses_service

        check_query_text(text)
        if query_form(text) == "UPDATE":
            raise Refused("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, DROP, ...) are refused")
        if uses_service(text):
            raise Refused("federated queries (SERVICE) are not allowed on this endpoint")

    def run(self, text: str) -> tuple[Answer, bool]:
        """The answer and whether rows were dropped by the row limit."""
        self.check(text)
        deadline = time.monotonic() + self.config.timeout

        def work() -> Answer:
            result = self.source.raw_query(text)
            return oxigraph_answer(result, limit=self.config.max_rows + 1, deadline=deadline)

        future = self._pool.submit(work)
        try:
            answer = future.result(timeout=self.config.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise QueryTimeout(f"the query took longer than the time limit of {self.config.timeout:g} s") from None
        except TimeoutError as exc:
            raise QueryTimeout(str(exc)) from None
        truncated = answer.kind == "SELECT" and answer.truncate(self.config.max_rows)
        return answer, truncated

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


# ----------------------------------------------------------------- serialisation
def _tsv_term(t: Node | None) -> str:
    from kg.query.sparql_text import sparql_term

    if t is None:
        return ""
    return t.n3() if isinstance(t, BNode) else sparql_term(t)


def serialize(answer: Answer, fmt: str) -> bytes:
    """The answer in ``fmt``: json, xml, csv, tsv (solutions) or turtle, ntriples (graphs)."""
    if answer.kind == "CONSTRUCT":
        assert answer.graph is not None
        return answer.graph.serialize(format="nt" if fmt == "ntriples" else "turtle", encoding="utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in answer.vars)]
        lines += ["\t".join(_tsv_term(b.get(v)) for v in answer.vars) for b in answer.terms()]
        if answer.kind == "ASK":
            lines = ["true" if answer.boolean else "false"]
        return ("\n".join(lines) + "\n").encode("utf-8")
    r = Result(answer.kind)
    if answer.kind == "ASK":
        r.askAnswer = bool(answer.boolean)
        if fmt == "csv":
            return b"true\n" if answer.boolean else b"false\n"
    else:
        r.vars = [Variable(v) for v in answer.vars]
        r.bindings = [{Variable(k): v for k, v in b.items()} for b in answer.terms()]
    out = r.serialize(format=fmt)
    return out if isinstance(out, bytes) else str(out).encode("utf-8")


def negotiate(accept: str, fmt: str | None, graph: bool) -> str:
    """The output format for a ``format=`` value or an Accept header."""
    table = GRAPH_TYPES if graph else SOLUTION_TYPES
    if fmt:
        if fmt not in table and fmt not in (GRAPH_TYPES if not graph else SOLUTION_TYPES):
            raise QueryError(f"unknown format {fmt!r}; use one of {', '.join([*SOLUTION_TYPES, *GRAPH_TYPES])}")
        return fmt if fmt in table else next(iter(table))
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.strip().lower()))
    by_media = {m: k for k, m in table.items()}
    by_media.update({"application/json": "json", "application/xml": "xml", "text/xml": "xml"} if not graph else {})
    for _, _, media in sorted(ranked):
        if media in by_media:
            return by_media[media]
    return next(iter(table))


# ----------------------------------------------------------------- HTML page
def render_page(query: str, answer: Answer | None = None, error: str | None = None, truncated: bool = False) -> bytes:
    """The query page; every piece of text from the query or the data is escaped."""
    e = html.escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>paperkg SPARQL</title>",
             ("<style>body{font-family:sans-serif;margin:2em}textarea{width:100%;font-family:monospace}"
              "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
              ".error{color:#a00;white-space:pre-wrap}</style></head><body><h1>paperkg SPARQL</h1>"),
             "<form method='get' action='/'><textarea name='query' rows='10'>", e(query or EXAMPLE),
             "</textarea><br><button type='submit'>Run</button></form>"]
    if error:
        parts.append(f"<p class='error'>{e(error)}</p>")
    elif answer is not None and answer.kind == "ASK":
        parts.append(f"<p>{'true' if answer.boolean else 'false'}</p>")
    elif answer is not None and answer.kind == "CONSTRUCT":
        text = serialize(answer, "turtle").decode("utf-8")
        parts.append(f"<pre>{e(text)}</pre>")
    elif answer is not None:
        rows = answer.terms()
        parts.append(f"<p>{len(rows)} row(s){' (truncated by the row limit)' if truncated else ''}</p>")
        parts.append("<table><tr>" + "".join(f"<th>{e(v)}</th>" for v in answer.vars) + "</tr>")
        for b in rows:
            cells = "".join(f"<td>{e(str(b[v])) if b.get(v) is not None else ''}</td>" for v in answer.vars)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


# ----------------------------------------------------------------- HTTP
class Handler(BaseHTTPRequestHandler):
    service: SparqlService
    server_version = "paperkg-sparql/0.1"
    quiet = True

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, msg: str) -> None:
        self._send(status, (msg + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        args = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/":
            self._page(args.get("query", [""])[0])
        elif url.path in ("/sparql", "/query"):
            if "query" not in args:
                self._error(400, "missing query parameter: GET /sparql?query=SELECT...")
            else:
                self._answer(args["query"][0], args.get("format", [None])[0])
        else:
            self._error(404, "not found: use / (HTML page) or /sparql (SPARQL 1.1 Protocol)")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query"):
            self._error(404, "not found: POST queries to /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, f"request body larger than {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        args = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._error(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                self._error(403, "this endpoint is read-only: SPARQL updates are refused")
                return
            if "query" not in form:
                self._error(400, "missing query= in the form")
                return
            args.update(form)
            text = form["query"][0]
        elif ctype == "application/sparql-query":
            text = body
        else:
            self._error(415, "send application/sparql-query or an application/x-www-form-urlencoded form")
            return
        self._answer(text, args.get("format", [None])[0])

    def _answer(self, text: str, fmt: str | None) -> None:
        try:
            answer, truncated = self.service.run(text)
            out = negotiate(self.headers.get("Accept", ""), fmt, answer.kind == "CONSTRUCT")
        except Refused as exc:
            self._error(403, exc.args[0])
            return
        except QueryTimeout as exc:
            self._error(503, exc.args[0])
            return
        except PaperKGError as exc:
            self._error(400, exc.args[0])
            return
        table = GRAPH_TYPES if answer.kind == "CONSTRUCT" else SOLUTION_TYPES
        extra = {"X-Truncated": "true"} if truncated else {}
        self._send(200, serialize(answer, out), f"{table[out]}; charset=utf-8", extra)

    def _page(self, text: str) -> None:
        answer = error = None
        truncated = False
        if text.strip():
            try:
                answer, truncated = self.service.run(text)
            except PaperKGError as exc:
                error = exc.args[0]
        csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
        self._send(200, render_page(text, answer, error, truncated), "text/html; charset=utf-8",
                   {"Content-Security-Policy": csp})


def make_server(source: OxigraphSource, host: str = "127.0.0.1", port: int = 8000,
                config: ServerConfig | None = None, quiet: bool = True) -> ThreadingHTTPServer:
    """An HTTP server (not yet started: call ``serve_forever``) answering SPARQL on ``source``."""
    service = SparqlService(source, config)
    handler = type("BoundHandler", (Handler,), {"service": service, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
