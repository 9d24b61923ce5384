"""``kg explain``: every fact about an entity or a paper, with the sentence it was read from."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.common import handle_errors, main, open_source, source_options

KIND_WORDS = {"org": "organisation"}

if TYPE_CHECKING:
    from kg.query.explain import Explanation, Fact


def _mark_for_terminal() -> bool:
    return sys.stdout.isatty()


def _fact_line(f: Fact) -> str:
    """``<relation> <target>  (<component>, confidence <c>)``, read after the paper's title."""
    where = "from the listing" if f.sentence is None else ", ".join(
        x for x in (f.component, None if f.confidence is None else f"confidence {f.confidence:g}") if x)
    return f"  {f.relation} {f.target_name or f.target}  ({where})"


def format_explanation(ex: Explanation, bold: bool = False) -> str:
    """The plain-text report of one explanation; the evidence span in [brackets] (or bold)."""
    mark = (lambda s: click.style(s, bold=True, underline=True)) if bold else (lambda s: f"[{s}]")
    papers = ex.papers
    lines = [f"{ex.name}  ({KIND_WORDS.get(ex.kind, ex.kind)}, {ex.entity})"]
    if ex.other_names:
        lines.append(f"other spellings: {', '.join(ex.other_names)}")
    n = len(ex.facts)
    lines.append(f"{n} fact{'s' * (n != 1)}" + (f" from {len(papers)} paper{'s' * (len(papers) != 1)}"
                                                 if ex.kind != "paper" else ""))
    current = None
    for f in ex.facts:
        if f.paper != current:
            current = f.paper
            lines += ["", f"{f.date}  {f.title}" + ("" if ex.kind == "paper" else f"  <{f.paper}>")]
        lines.append(_fact_line(f))
        if f.sentence is not None:
            lines.append(f"    {f.marked(mark)}")
    return "\n".join(lines)


@main.command()
@click.argument("name")
@source_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: facts grouped by paper, the evidence span in [brackets] (bold on a terminal).")
@handle_errors
def explain(name: str, graph_path: Path | None, store_dir: Path | None, endpoint: str | None, fmt: str) -> None:
    """Every fact about NAME (an entity, person, organisation or paper title, or an IRI) with its evidence.

    Each extracted fact shows the sentence it was read from with the span marked, the
    pipeline component that found it and its confidence; authors and organisations
    come from the listing. Names match in any spelling ("web arena" is WebArena).
    """
    from kg.query.explain import explain as run_explain

    found = run_explain(open_source(graph_path, store_dir, endpoint), name)
    if fmt == "json":
        click.echo(json.dumps([ex.to_dict() for ex in found], ensure_ascii=False, indent=2))
        return
    bold = _mark_for_terminal()
    click.echo("\n\n".join(format_explanation(ex, bold) for ex in found))
