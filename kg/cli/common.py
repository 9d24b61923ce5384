"""Shared CLI pieces: the root group, error handling and output formatting."""
from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.errors import PaperKGError

if TYPE_CHECKING:
    from kg.store.sources import GraphSource

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2
DEFAULT_GRAPH = Path("out/graph.ttl")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperkg", prog_name="kg")
def main() -> None:
    """paperkg: build and query a knowledge graph of research papers."""


def handle_errors(func: F) -> F:
    """Turn paperkg errors and OS errors into a one-line message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except PaperKGError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_rows(cols: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str = "table") -> str:
    """Render query rows as table, csv, tsv, json or md."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    if fmt == "md":
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        lines += ["| " + " | ".join(x.replace("|", "\\|") for x in row) + " |" for row in cells]
        return "\n".join(lines)
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(x.ljust(w) for x, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def parse_params(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"expected KEY=VALUE, got {v!r}", param_hint="--param")
        k, _, val = v.partition("=")
        out[k.strip()] = val
    return out


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--graph FILE | --store DIR | --endpoint URL``: where the graph to read lives."""
    func = click.option("--endpoint", default=None, metavar="URL",
                        help="Query a remote SPARQL 1.1 endpoint instead of a file.")(func)
    func = click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Query an on-disk pyoxigraph store (see `kg build --store`).")(func)
    func = click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help=f"Graph file to query, loaded into memory by pyoxigraph [default: {DEFAULT_GRAPH}].")(func)
    return func


def open_source(graph_path: Path | None, store_dir: Path | None, endpoint: str | None) -> GraphSource:
    """The source the ``source_options`` name (``out/graph.ttl`` when none is given)."""
    from kg.store.sources import open_source as open_any

    return open_any(graph_path, store=store_dir, endpoint=endpoint)
