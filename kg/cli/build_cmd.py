"""``kg build``, ``kg extract`` and ``kg validate``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_GRAPH, handle_errors, main, open_source, source_options
from kg.readers.listing import DEFAULT_YEAR
from kg.records import ParseReport

year_option = click.option("--year", type=int, default=DEFAULT_YEAR, show_default=True,
                           help="Year of dates that the listing gives without one.")
skip_option = click.option("--skip-invalid", is_flag=True,
                           help="Report bad records on stderr and keep going instead of stopping.")
spacy_option = click.option("--spacy-model", default=None, metavar="NAME",
                            help="Also use the NER of this installed spaCy model (optional).")


def report_problems(report: ParseReport) -> None:
    for msg in report.skipped:
        click.echo(f"skipped: {msg}", err=True)
    for msg in report.warnings:
        click.echo(f"warning: {msg}", err=True)


@main.command()
@click.argument("listing", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write graph.ttl (and graph.html) into.")
@year_option
@skip_option
@spacy_option
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build an on-disk pyoxigraph store here (swapped in when complete) instead of in memory; "
                   "`kg add` extends it, `kg query --store` reads it.")
@click.option("--format", "fmt", type=click.Choice(["listing", "atom", "bibtex", "jsonl", "csv"]), default=None,
              help="Input format (default: by extension: .txt listing, .atom/.xml, .bib, .jsonl, .csv).")
@click.option("--n-process", type=int, default=1, show_default=True, help="Processes for the NLP pipeline.")
@click.option("--dask", "dask", default=None, metavar="local|ADDRESS",
              help="Extract on Dask workers (a local cluster or a scheduler address); writes OUT/shards/*.nt.")
@click.option("--store-url", default=None, metavar="URL",
              help="With --dask: upload the graph to this SPARQL Graph Store URL (e.g. http://host:7878/store).")
@click.option("--no-html", is_flag=True, help="Do not write OUT/graph.html (the interactive picture).")
@handle_errors
def build(listing: Path, out_dir: Path, year: int, skip_invalid: bool, spacy_model: str | None,
          store_dir: Path | None, fmt: str | None, n_process: int, dask: str | None,
          store_url: str | None, no_html: bool) -> None:
    """Build the knowledge graph of LISTING and write OUT/graph.ttl (and OUT/graph.html)."""
    from kg.build import build as run_build

    if dask is not None:
        from kg.store.distributed import build_dask

        dresult = build_dask(listing, out_dir, scheduler=dask, fmt=fmt, year=year, skip_invalid=skip_invalid,
                             spacy_model=spacy_model, store_url=store_url, n_workers=max(2, n_process),
                             store_dir=store_dir)
        report_problems(dresult.report)
        click.echo(dresult.summary(), err=True)
        return
    result = run_build(listing, out_dir, year=year, skip_invalid=skip_invalid, spacy_model=spacy_model,
                       fmt=fmt, n_process=n_process, html=not no_html, store_dir=store_dir)
    report_problems(result.report)
    click.echo(result.summary(), err=True)


@main.command()
@click.argument("listing", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--parse-only", is_flag=True, help="Only parse the listing (meta fields); skip the NLP pipeline.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of stdout.")
@year_option
@skip_option
@spacy_option
@handle_errors
def extract(listing: Path, fmt: str, parse_only: bool, output: Path | None, year: int, skip_invalid: bool,
            spacy_model: str | None) -> None:
    """Print one JSON object per paper of LISTING in the evaluation schema.

    The fields of a record are described in docs/eval.md.
    """
    from kg.atomic import write_atomic
    from kg.schema import to_record
    from kg.build import extract as run_extract
    from kg.build import read_papers

    report = ParseReport()
    records = read_papers(listing, year=year, skip_invalid=skip_invalid, report=report)
    exts = [None] * len(records) if parse_only else run_extract(records, spacy_model=spacy_model)
    lines = (json.dumps(to_record(r, e), ensure_ascii=False) + "\n" for r, e in zip(records, exts))
    if output is None:
        for line in lines:
            sys.stdout.write(line)
    else:
        write_atomic(output, "".join(lines).encode("utf-8"))
    report_problems(report)
    click.echo(f"{len(records)} papers extracted" + (f" to {output}" if output else ""), err=True)


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False, path_type=Path), required=False)
@source_options
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="sparql: each shape constraint as one query on the source (fast, any size); "
                   "pyshacl: pySHACL on an rdflib copy (small graphs).")
@click.option("-v", "--verbose", is_flag=True, help="Print every violation (the full SHACL report).")
def validate(graph: Path | None, graph_path: Path | None, store_dir: Path | None, endpoint: str | None,
             engine: str, verbose: bool) -> None:
    """Check GRAPH (or --graph/--store/--endpoint; default out/graph.ttl) against the SHACL shapes
    (exit 0 valid, 1 violations, 2 error)."""
    from kg.errors import PaperKGError
    from kg.graph.validate import validate_graph, validate_source
    from kg.progress import progress

    if graph is not None and graph_path is not None:
        click.echo("Error: give the graph file once (GRAPH or --graph)", err=True)
        sys.exit(2)
    graph_path = graph if graph is not None else graph_path
    file = graph_path if graph_path is not None else DEFAULT_GRAPH if store_dir is None and endpoint is None else None
    if file is not None and not file.is_file():  # as given, against the current folder
        click.echo(f"Error: {file}: no such graph file; run `kg build LISTING -o {file.parent}` first", err=True)
        sys.exit(2)
    try:
        source = open_source(graph_path, store_dir, endpoint)
        name = str(graph_path or store_dir or endpoint or DEFAULT_GRAPH)
        if engine == "pyshacl":
            from kg.store.sources import rdflib_copy

            report = validate_graph(rdflib_copy(source))
        else:
            report = validate_source(source, progress=lambda checks: progress(checks, len(checks), "checking"),
                                     limit=10**9 if verbose else 20)
    except PaperKGError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if report.conforms:
        click.echo(f"{name}: valid ({source.describe()}; {report.checks or 'all'} checks)")
        return
    if verbose or engine == "sparql":
        click.echo(report.text)
    click.echo(f"{name}: {report.violations} violation(s)" + ("" if verbose else "; run with -v for all of them"),
               err=True)
    sys.exit(1)
