"""``kg eval``: score the extractor on a listing against gold annotations."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.common import handle_errors, main
from kg.readers.listing import DEFAULT_YEAR


@main.command("eval")
@click.argument("listing", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--gold", "gold", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Gold records (JSONL, one object per paper; see docs/eval.md).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--details", is_flag=True, help="Also list each paper's misses and false alarms.")
@click.option("--year", type=int, default=DEFAULT_YEAR, show_default=True,
              help="Year of dates that the listing gives without one.")
@click.option("--spacy-model", default=None, metavar="NAME",
              help="Also use the NER of this installed spaCy model (optional).")
@handle_errors
def eval_(listing: Path, gold: Path, fmt: str, details: bool, year: int, spacy_model: str | None) -> None:
    """Precision, recall and F1 per field of the extraction of LISTING against --gold.

    Names match after folding case and dropping spaces, hyphens and punctuation;
    a result matches on its value, its dataset and (where gold names one) its
    subject. The rules and the record fields are in docs/eval.md.
    """
    from kg.eval import evaluate_listing, format_table

    report = evaluate_listing(listing, gold, year=year, spacy_model=spacy_model)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(details=details), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(report, details=details))
