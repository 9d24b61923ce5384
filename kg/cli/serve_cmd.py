"""``kg serve`` (a read-only SPARQL endpoint) and ``kg load`` (fill a store or upload to a remote one)."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import handle_errors, main


@main.command()
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Graph file to serve [default: out/graph.ttl] (copied into a temporary store).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Serve an on-disk pyoxigraph store (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Time limit per query in seconds; past it the query's worker process is ended (503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows returned per SELECT (more are dropped; header X-Truncated: true).")
@click.option("--max-triples", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Most triples returned per CONSTRUCT or DESCRIBE.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes answering quick queries.")
@click.option("--slow-workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Long queries (over 0.05 s of CPU or 0.25 s, or expensive-looking) running at once.")
@click.option("--worker-memory", type=click.IntRange(min=64), default=1024, show_default=True, metavar="MB",
              help="Memory a query may use; past it the query's worker process is ended (503).")
@click.option("--max-connections", type=click.IntRange(1, 10_000), default=64, show_default=True,
              help="Connections handled at once (more get 503).")
@click.option("--cors", is_flag=True, help="Allow browser pages from other origins (Access-Control-Allow-Origin: *).")
@click.option("-v", "--verbose", is_flag=True, help="Log every request on stderr.")
@handle_errors
def serve(graph_path: Path | None, store_dir: Path | None, host: str, port: int, timeout: float,
          max_rows: int, max_triples: int, workers: int, slow_workers: int, worker_memory: int,
          max_connections: int, cors: bool, verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/)."""
    from kg.errors import StoreError
    from kg.query.server import ServerConfig, make_server, serve_until_stopped
    from kg.store.sources import OxigraphSource, open_store

    if graph_path is not None and store_dir is not None:
        raise StoreError("give either --graph FILE or --store DIR, not both")
    served: OxigraphSource | Path
    if store_dir is not None:
        served = open_store(store_dir)
        what = served.describe()
    else:
        served = graph_path or Path("out/graph.ttl")
        if not served.is_file():
            raise StoreError(f"{served}: no such graph file; run `kg build LISTING -o {served.parent}` first")
        what = str(served)
    config = ServerConfig(timeout=timeout, max_rows=max_rows, max_triples=max_triples, workers=workers,
                          slow_workers=slow_workers, max_worker_mb=worker_memory, max_connections=max_connections,
                          cors=cors)
    server = make_server(served, host, port, config, quiet=not verbose)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"Serving {what} at http://{bound_host}:{bound_port}/ "
               f"(SPARQL endpoint: http://{bound_host}:{bound_port}/sparql); Ctrl-C stops", err=True)
    serve_until_stopped(server)


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store-url", default=None, metavar="URL",
              help="Graph Store Protocol URL of a remote store, e.g. http://127.0.0.1:7878/store (Oxigraph).")
@click.option("--graph-iri", default=None, metavar="IRI",
              help="Replace this named graph (atomically) instead of the default graph.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Instead: replace the content of this on-disk pyoxigraph store with GRAPH.")
@handle_errors
def load(graph: Path, store_url: str | None, graph_iri: str | None, store_dir: Path | None) -> None:
    """Upload the RDF file GRAPH to a store (SPARQL 1.1 Graph Store Protocol, HTTP PUT).

    With a named graph, query the endpoint with the union of all graphs as its default
    graph (for `oxigraph serve`, start it with --union-default-graph).
    """
    from kg.errors import StoreError
    from kg.store.sources import upload, write_store

    if (store_url is None) == (store_dir is None):
        raise StoreError("give exactly one of --store-url URL or --store DIR")
    if store_dir is not None:
        src = write_store(graph, store_dir)
        click.echo(f"loaded {graph} into {src.describe()}", err=True)
        return
    status = upload(graph, store_url, graph_iri)  # type: ignore[arg-type]
    where = f"named graph <{graph_iri}>" if graph_iri else "the default graph"
    click.echo(f"uploaded {graph} to {store_url} ({where}; HTTP {status})", err=True)
