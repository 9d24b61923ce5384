"""``kg queries``, ``kg query`` and ``kg sparql``."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.common import (  # noqa: F401 - DEFAULT_GRAPH, open_source, source_options: also used from here
    DEFAULT_GRAPH, format_rows, handle_errors, main, open_source, parse_params, source_options,
)

if TYPE_CHECKING:
    from kg.query.named import Answer, NamedQuery
    from kg.store.sources import GraphSource

format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
                             default="table", show_default=True,
                             help="Output format of SELECT results (CONSTRUCT/DESCRIBE print Turtle).")


def echo_answer(answer: Answer, fmt: str) -> None:
    if answer.kind == "CONSTRUCT":
        from kg.graph.triples import new_graph

        g = new_graph()
        for t in answer.graph or ():
            g.add(t)
        click.echo(g.serialize(format="turtle").rstrip("\n"))
    elif answer.kind == "ASK":
        click.echo("true" if answer.boolean else "false")
    else:
        click.echo(format_rows(answer.vars, answer.rows(), fmt))


@main.command("queries")
@click.option("-v", "--verbose", is_flag=True, help="Also show each parameter's description and an example.")
def list_queries_cmd(verbose: bool) -> None:
    """List the named queries with their description and parameters."""
    from kg.query.named import list_queries

    for q in list_queries():
        params = " ".join(f"[--param {k}=...]" if p.optional else f"--param {k}=..." for k, p in q.params.items())
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.description}")
        if verbose:
            for p in q.params.values():
                flags = f" ({', '.join(p.flags())})" if p.flags() else ""
                click.echo(f"      {p.name}: {p.description}{flags}")
            if q.example:
                click.echo(f"    e.g. {q.example}")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@source_options
@format_option
@handle_errors
def query(name: str, params: tuple[str, ...], graph_path: Path | None, store_dir: Path | None,
          endpoint: str | None, fmt: str) -> None:
    """Run the named query NAME (see `kg queries`)."""
    from kg.query.named import answer_named, bind_params, get_query

    q = get_query(name)
    values = parse_params(params)
    bind_params(q, values)  # check the parameters before loading a graph
    source = open_source(graph_path, store_dir, endpoint)
    answer = answer_named(source, name, values)
    echo_answer(answer, fmt)
    echo_hints(source, answer, q, values)


def echo_hints(source: GraphSource, answer: Answer, q: NamedQuery, values: dict[str, str]) -> None:
    """After an empty answer: close matches for the names that match nothing (on stderr)."""
    if answer.kind == "SELECT" and not answer.terms() and values:
        from kg.query.hints import param_hints

        for hint in param_hints(source, q, values):
            click.echo(f"hint: {hint}", err=True)


@main.command()
@click.argument("query_or_file")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind the variable ?KEY to VALUE (repeatable); a .rq header's parameters are required.")
@source_options
@format_option
@handle_errors
def sparql(query_or_file: str, params: tuple[str, ...], graph_path: Path | None, store_dir: Path | None,
           endpoint: str | None, fmt: str) -> None:
    """Run an ad-hoc read-only SPARQL query (text, or a file such as a .rq file)."""
    from kg.query.adhoc import bind, read_query

    q = read_query(query_or_file)
    values = parse_params(params)
    bindings = bind(q, values)  # check the parameters before loading a graph
    source = open_source(graph_path, store_dir, endpoint)
    answer = source.query(q.text, bindings or None)
    echo_answer(answer, fmt)
    echo_hints(source, answer, q.header, values)
