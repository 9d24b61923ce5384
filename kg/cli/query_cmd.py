"""``kg queries``, ``kg query`` and ``kg sparql``."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import format_rows, handle_errors, main, parse_params

graph_option = click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path),
                            default=Path("out/graph.ttl"), show_default=True, help="Graph file to query.")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
                             default="table", show_default=True)


def _load(path: Path):
    from rdflib import Graph

    from kg.errors import StoreError
    from kg.export import format_for

    if not path.is_file():
        raise StoreError(f"{path}: no such graph file; run `kg build LISTING -o {path.parent}` first")
    return Graph().parse(path, format=format_for(path))


@main.command("queries")
def list_queries_cmd() -> None:
    """List the named queries with their parameters."""
    from kg.query import list_queries

    for q in list_queries():
        params = " ".join(f"--param {k}=..." for k in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.description}")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@graph_option
@format_option
@handle_errors
def query(name: str, params: tuple[str, ...], graph_path: Path, fmt: str) -> None:
    """Run the named query NAME (see `kg queries`)."""
    from kg.query import run_named

    cols, rows = run_named(_load(graph_path), name, parse_params(params))
    click.echo(format_rows(cols, rows, fmt))


@main.command()
@click.argument("query_or_file")
@graph_option
@format_option
@handle_errors
def sparql(query_or_file: str, graph_path: Path, fmt: str) -> None:
    """Run an ad-hoc SPARQL query (text or a .rq file)."""
    from kg.query import rows, run_sparql

    p = Path(query_or_file)
    text = p.read_text(encoding="utf-8") if p.suffix == ".rq" and p.is_file() else query_or_file
    result = run_sparql(_load(graph_path), text)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        click.echo(result.serialize(format="turtle").decode("utf-8"))
        return
    if result.type == "ASK":
        click.echo("true" if result.askAnswer else "false")
        return
    cols, out = rows(result)
    click.echo(format_rows(cols, out, fmt))
