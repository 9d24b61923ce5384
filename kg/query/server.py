"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph file or a pyoxigraph store.

* ``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or ``application/sparql-query``),
  ``/query`` is an alias; ``default-graph-uri`` / ``named-graph-uri`` and FROM / FROM NAMED
  choose the dataset (a store made by ``kg add`` has one named graph per paper; without them
  a query sees the union of all graphs);
* results by ``Accept`` or ``format=``: SPARQL JSON (default), XML, CSV, TSV; graphs
  (CONSTRUCT, DESCRIBE) as Turtle (default), N-Triples, RDF/XML or JSON-LD;
* updates and ``SERVICE`` are refused (403); syntax errors are 400 in plain words with the
  position marked; a missing or repeated ``query`` is 400;
* every query runs in a worker process (kg.query.pool) that is killed when the time limit
  passes (503); rows past the row limit and triples past the triple limit are dropped
  (header ``X-Truncated: true``);
* ``GET /``: the query page, ``/named.json``, ``/named/NAME?PARAM=...`` and ``/describe?iri=...``
  behind it (kg.query.page).
"""
from __future__ import annotations

import functools
import shutil
import signal
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import PaperKGError
from kg.query.http import Handler, HardenedServer
from kg.query.protocol import ProtocolError, parse_request
from kg.query.pool import Busy, QueryTimeout, WorkerPool
from kg.query.workers import Job, Reply
from kg.store.sources import OxigraphSource


@dataclass(frozen=True)
class ServerConfig:
    timeout: float = 10.0  # seconds per query, waiting included
    max_rows: int = 10_000
    max_triples: int = 100_000
    workers: int = 2  # fast-lane worker processes
    slow_workers: int = 1  # long queries running at once
    fast_cpu: float = 0.05  # CPU seconds after which a query moves to the slow lane
    max_worker_mb: int = 1024  # resident memory past which a query's worker is ended
    max_connections: int = 64
    read_timeout: float = 10.0  # seconds for a whole request to arrive (and for one on an idle connection)
    max_body: int = 1_000_000
    cors: bool = False


def _text(status: int, msg: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (msg + "\n").encode("utf-8"))


@functools.lru_cache(maxsize=1024)
def _judge(text: str) -> tuple[PaperKGError | None, bool]:
    """Why the text is refused (or None), and whether it looks expensive; remembered per text,
    as clients send the same queries again and again."""
    from kg.query.sparql_text import check_query_text, looks_expensive, query_form, uses_service

    try:
        check_query_text(text)
    except PaperKGError as exc:
        return exc, False
    if query_form(text) == "UPDATE":
        return ProtocolError(403, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, DROP, ...) "
                                  "are refused"), False
    if uses_service(text):
        return ProtocolError(403, "federated queries (SERVICE) are not allowed on this endpoint"), False
    return None, looks_expensive(text)


class SparqlService:
    """Answers HTTP requests: the Protocol on /sparql and /query, the page on /."""

    def __init__(self, store_dir: str, config: ServerConfig | None = None, cleanup: Any = None):
        self.config = config or ServerConfig()
        self.cors = self.config.cors
        self.max_body = self.config.max_body
        c = self.config
        self.pool = WorkerPool(store_dir, c.workers, c.slow_workers, c.fast_cpu, c.max_worker_mb)
        self._cleanup = cleanup

    def start(self) -> None:
        self.pool.start()

    def check(self, text: str) -> None:
        """Refuse text the engine must not see (too long, too deep), updates and SERVICE calls."""
        refusal = _judge(text)[0]
        if refusal is not None:
            raise refusal

    def run(self, text: str, accept: str = "", fmt: str | None = None, default_graphs: tuple[str, ...] = (),
            named_graphs: tuple[str, ...] = ()) -> Reply:
        """Check and run one query in a worker; errors become replies with their HTTP status."""
        try:
            refusal, expensive = _judge(text)
            if refusal is not None:
                raise refusal
            job = Job(text, default_graphs, named_graphs, accept, fmt, self.config.max_rows, self.config.max_triples)
            return self.pool.run(job, self.config.timeout, expensive=expensive)
        except ProtocolError as exc:
            return _text(exc.status, exc.args[0])
        except (QueryTimeout, Busy) as exc:
            return _text(503, exc.args[0])
        except PaperKGError as exc:
            return _text(400, exc.args[0])

    def handle(self, method: str, path: str, headers: Any, body: bytes | None) -> Reply:
        url = urllib.parse.urlsplit(path)
        if url.path in ("/sparql", "/query"):
            try:
                req = parse_request(method, url.query, headers.get("Content-Type"), body)
            except ProtocolError as exc:
                return _text(exc.status, exc.args[0])
            return self.run(req.text, headers.get("Accept", ""), req.fmt, req.default_graphs, req.named_graphs)
        if url.path in ("/", "/named.json", "/describe") or url.path.startswith("/named/"):
            from kg.query import page

            if method not in ("GET", "HEAD"):
                return _text(405, "the page answers GET; POST queries to /sparql")
            if url.path == "/":
                return page.page_reply()
            if url.path == "/named.json":
                return page.named_list()
            if url.path == "/describe":
                return page.describe_reply(self, url.query)
            name = urllib.parse.unquote(url.path[len("/named/"):])
            return page.named_reply(self, name, url.query, headers.get("Accept", ""))
        return _text(404, "not found: use / (the query page) or /sparql (SPARQL 1.1 Protocol)")

    def close(self) -> None:
        self.pool.close()
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None


def served_store(source: OxigraphSource | str | Path) -> tuple[str, Any]:
    """The folder of an on-disk store holding ``source``, and a function that removes it if it is temporary.

    An on-disk store is served as it is; a graph file or an in-memory store is first written
    to a temporary store, which every worker process then opens read-only.
    """
    import pyoxigraph as ox

    from kg.store.sources import write_store

    if isinstance(source, OxigraphSource) and Path(source.name).is_dir():
        return source.name, None
    if not isinstance(source, OxigraphSource) and Path(source).is_dir():
        return str(source), None
    tmp = tempfile.mkdtemp(prefix="kg-serve-")
    try:
        if isinstance(source, OxigraphSource):
            store = ox.Store(tmp)
            store.bulk_load(source.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
        else:
            del write_store(source, tmp).store
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp, lambda: shutil.rmtree(tmp, ignore_errors=True)


class SparqlServer(HardenedServer):
    service: SparqlService


def make_server(source: OxigraphSource | str | Path, host: str = "127.0.0.1", port: int = 8000,
                config: ServerConfig | None = None, quiet: bool = True) -> SparqlServer:
    """An HTTP server (not yet serving: call ``serve_forever``) answering SPARQL on ``source``,
    with its worker processes started. ``server_close()`` ends the workers."""
    config = config or ServerConfig()
    store_dir, cleanup = served_store(source)
    service = SparqlService(store_dir, config, cleanup)
    try:
        service.start()
        handler = type("BoundHandler", (Handler,), {"backend": service, "quiet": quiet,
                                                    "timeout": config.read_timeout})
        server = SparqlServer((host, port), handler, config.max_connections, on_close=service.close)
    except BaseException:
        service.close()
        raise
    server.service = service
    return server


def serve_until_stopped(server: HardenedServer) -> None:
    """Serve until SIGINT (Ctrl-C) or SIGTERM, then end the workers (also mid-query) and return."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()


__all__ = ["ServerConfig", "SparqlService", "make_server", "serve_until_stopped", "served_store"]
