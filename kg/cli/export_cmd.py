"""``kg export``: write a graph from any source as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import handle_errors, main, open_source, source_options
from kg.store.formats import FORMAT_NAMES


@main.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: by OUTPUT's suffix: .ttl .nt .nq .trig .jsonld .rdf).")
@source_options
@handle_errors
def export_cmd(output: Path, fmt: str | None, graph_path: Path | None, store_dir: Path | None,
               endpoint: str | None) -> None:
    """Write the graph to OUTPUT (atomically). N-Quads and TriG keep a store's named graphs
    (one per paper, names, builds); the other formats hold their union as one graph."""
    from kg.store.export import export
    from kg.store.formats import rdf_format

    rdf_format(output, fmt)  # an unknown suffix fails before the source is loaded
    source = open_source(graph_path, store_dir, endpoint)
    export(source, output, fmt)
    click.echo(f"wrote {output} from {source.describe()}", err=True)
