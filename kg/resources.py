"""Locate the project's data folders (ontology, queries) in a checkout or an installed package,
and, for bench/ and scripts/ only, the team's ``../shared`` folder beside a checkout."""
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


def shared_file(relative: str) -> Path:
    """``shared/<relative>`` in the nearest folder above the checkout that has it (a worktree may
    sit one level deeper than the checkout); ``../shared/<relative>`` when none has it, so callers
    can say it is absent. The package itself never reads ``../shared``."""
    for parent in _ROOT.parents:
        candidate = parent / "shared" / relative
        if candidate.is_file():
            return candidate
    return _ROOT.parent / "shared" / relative
