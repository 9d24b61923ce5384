"""The ``kg`` command: a thin click shell over the library.

Each group of commands lives in its own module and registers itself on
:data:`main` in :func:`_register`; commands only parse arguments, call the
library and format output.
"""
from __future__ import annotations

import importlib

import click

from kg.cli.common import main

COMMAND_MODULES = (
    "kg.cli.build_cmd",
    "kg.cli.query_cmd",
    "kg.cli.serve_cmd",
    "kg.cli.add_cmd",
    "kg.cli.export_cmd",
    "kg.cli.viz_cmd",
    "kg.cli.eval_cmd",
    "kg.cli.explain_cmd",
)


def _register() -> None:
    for mod in COMMAND_MODULES:
        importlib.import_module(mod)
    _full_short_help(main)


def _full_short_help(group: click.Group) -> None:
    """List each command with its whole first paragraph (click cuts it at about 45 characters)."""
    for cmd in group.commands.values():
        if cmd.short_help is None and cmd.help:
            cmd.short_help = " ".join(cmd.help.split("\n\n")[0].split())
        if isinstance(cmd, click.Group):
            _full_short_help(cmd)


_register()

__all__ = ["main", "click"]
