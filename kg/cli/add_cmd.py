"""``kg add``: add papers to an on-disk store without rebuilding it."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import handle_errors, main


@main.command()
@click.argument("newfile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the pyoxigraph store (created if missing).")
@click.option("--format", "fmt", type=click.Choice(["listing", "atom", "bibtex", "jsonl", "csv"]), default=None,
              help="Input format (default: by extension; .txt is a listing).")
@click.option("--year", type=int, default=None, help="Year of listing dates given without one.")
@click.option("--skip-invalid", is_flag=True, help="Report bad records on stderr and keep going.")
@click.option("--spacy-model", default=None, metavar="NAME", help="Also use the NER of this spaCy model.")
@handle_errors
def add(newfile: Path, store_dir: Path, fmt: str | None, year: int | None, skip_invalid: bool,
        spacy_model: str | None) -> None:
    """Add the papers of NEWFILE to the store; a changed paper replaces its old facts."""
    from kg.cli.build_cmd import report_problems
    from kg.build import add_file

    result = add_file(newfile, store_dir, fmt=fmt, year=year, skip_invalid=skip_invalid, spacy_model=spacy_model)
    report_problems(result.report)
    click.echo(result.summary(), err=True)
