"""Locate the project's data folders (ontology, queries) in a checkout or an installed package."""
from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def project_dir(name: str) -> Path:
    """Return the top-level folder ``name`` (``ontology`` or ``queries``)."""
    # kg/_data/<name> is a symlink to the top-level folder in a checkout and a real folder in a wheel
    for base in (Path(__file__).parent / "_data" / name, _ROOT / name):
        if base.is_dir():
            return base
    raise FileNotFoundError(f"paperkg data folder {name!r} not found next to the package")


def ontology_file(name: str = "paperkg.ttl") -> Path:
    return project_dir("ontology") / name


def queries_dir() -> Path:
    return project_dir("queries")
