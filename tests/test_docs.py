"""The documentation is kept true: every command, option and named query is documented.

In the manner of sqlite-utils' docs tests: the lists come from the code (click's command
tree, ``queries/*.rq``), the text from README.md and docs/*.md.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from kg.cli import main
from kg.query.named import list_queries

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in DOC_FILES)
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
QUERIES_DOC = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")


def commands(group: click.Group = main, prefix: str = "kg") -> Iterator[tuple[str, click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        yield f"{prefix} {name}", cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, f"{prefix} {name}")


COMMANDS = list(commands())


def test_there_are_commands_to_check():
    assert {"kg build", "kg query", "kg sparql", "kg explain", "kg eval"} <= {c for c, _ in COMMANDS}


@pytest.mark.parametrize("path", [c for c, _ in COMMANDS])
def test_command_has_a_section_in_docs_cli(path):
    assert re.search(rf"^#+ `{re.escape(path)}\b", CLI_DOC, flags=re.M), \
        f"add a section '### `{path} ...`' to docs/cli.md"


@pytest.mark.parametrize("path,option", [(c, o) for c, cmd in COMMANDS for p in cmd.params
                                         if isinstance(p, click.Option) and not p.hidden
                                         for o in p.opts if o.startswith("--")])
def test_option_is_documented(path, option):
    assert re.search(rf"{re.escape(option)}(?![\w-])", DOCS), f"document {path} {option} in README.md or docs/"


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_is_documented_with_its_parameters(name):
    q = next(q for q in list_queries() if q.name == name)
    m = re.search(rf"^## `{re.escape(name)}`\n(.*?)(?=^## )", QUERIES_DOC, flags=re.M | re.S)
    assert m, f"add a section '## `{name}`' to docs/queries.md"
    for p in q.params:
        assert f"`{p}`" in m.group(1), f"docs/queries.md: document parameter {p!r} of {name}"


def test_docs_named_in_help_texts_exist():
    for path, cmd in COMMANDS:
        for doc in re.findall(r"docs/[\w.-]+\.md", cmd.help or "") + [
                d for p in cmd.params for d in re.findall(r"docs/[\w.-]+\.md", getattr(p, "help", None) or "")]:
            assert (ROOT / doc).is_file(), f"{path} points to {doc}, which does not exist"


def test_links_between_docs_resolve():
    for f in DOC_FILES:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", f.read_text(encoding="utf-8")):
            assert (f.parent / target).is_file(), f"{f.name} links to {target}, which does not exist"
