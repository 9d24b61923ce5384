"""``kg viz`` (an interactive offline HTML page of the graph) and ``kg stats`` (network figures)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.common import format_rows, handle_errors, main, parse_params



def graph_option(func):
    """``--graph FILE | --store DIR | --endpoint URL`` (the same sources as `kg query`)."""
    from kg.cli.query_cmd import source_options

    return source_options(func)


def _source(graph_path: Path | None, store_dir: Path | None, endpoint: str | None):
    from kg.cli.query_cmd import open_source

    return open_source(graph_path, store_dir, endpoint)


@main.command()
@graph_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/graph.html"),
              show_default=True, help="HTML file to write (self-contained, works offline).")
@click.option("--focus", metavar="NAME", help="Draw only the neighbourhood of the paper, author, dataset... NAME.")
@click.option("--depth", type=int, default=None, metavar="N",
              help="Hops around --focus (default 1) or around the --query nodes (default 0).")
@click.option("--types", metavar="T1,T2", help="Node types to draw: paper, person, organisation, dataset, model, "
              "method, task, metric, result, category (default: all but category).")
@click.option("--query", "query_name", metavar="NAME", help="Draw the nodes a named query returns (see `kg queries`).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A --query parameter (repeatable).")
@click.option("--max-nodes", type=int, default=None, metavar="N",
              help="Draw at most N nodes: a bigger graph as an overview of its N most connected nodes (default: "
              "the whole graph up to 500 nodes, else an overview of 300), a bigger neighbourhood cut to the "
              "nodes nearest the focus.")
@click.option("--title", default=None, help="Page title.")
@click.option("--physics", is_flag=True, help="Let small graphs (<= 300 nodes) settle with physics when opened.")
@handle_errors
def viz(graph_path: Path | None, store_dir: Path | None, endpoint: str | None, output: Path, focus: str | None, depth: int | None, types: str | None,
        query_name: str | None, params: tuple[str, ...], max_nodes: int | None, title: str | None,
        physics: bool) -> None:
    """Write an interactive HTML picture of the graph (or a view of it)."""
    from kg.views.graphview import make_view
    from kg.views.viz import write_html

    view = make_view(_source(graph_path, store_dir, endpoint), focus=focus, depth=depth, types=types, query=query_name,
                     params=parse_params(params), max_nodes=max_nodes)
    default = f"paperkg: {focus}" if focus else (f"paperkg: query {query_name}" if query_name else "paperkg graph")
    write_html(view, output, title or default, physics=physics)
    for note in view.notes:
        click.echo(note, err=True)
    click.echo(f"wrote {output} ({view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges)",
               err=True)


@main.command()
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as an HTML page.")
@click.option("--top", type=int, default=10, show_default=True, help="Rows in each top list.")
@handle_errors
def stats(graph_path: Path | None, store_dir: Path | None, endpoint: str | None, fmt: str, html_path: Path | None, top: int) -> None:
    """Counts, top datasets, models, methods, authors and organisations, who writes with whom (--html: charts).

    Computed with SPARQL aggregates on the source (a file is loaded into an in-memory pyoxigraph store).
    """
    from kg.atomic import write_atomic
    from kg.cli.common import open_source
    from kg.views.analytics import graph_stats, stats_tables
    from kg.views.stats_page import stats_html

    st = graph_stats(open_source(graph_path, store_dir, endpoint), top=top)
    if html_path is not None:
        write_atomic(html_path, stats_html(st).encode("utf-8"))
        click.echo(f"wrote {html_path}", err=True)
    if fmt == "json":
        click.echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
        return
    best = st.most_connected_author
    if best is not None:
        click.echo(f"Most connected author: {best.name} ({best.degree} co-authors, {best.papers} papers)\n")
    for title, cols, rows in stats_tables(st):
        click.echo(f"## {title}")
        click.echo(format_rows(cols, [dict(zip(cols, r)) for r in rows], "table") + "\n")
