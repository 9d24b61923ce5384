"""Exception types of paperkg, each carrying a message a user can act on.

Every error has a short code (like spaCy's ``E001``) so that messages can be
searched for in the documentation and tests can assert on them.
"""
from __future__ import annotations

from dataclasses import dataclass


class PaperKGError(Exception):
    """Base class of every error paperkg raises on purpose."""

    code = "E000"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"[{self.code}] {self.args[0] if self.args else ''}"


@dataclass(frozen=True)
class InputProblem:
    """One problem found in an input file: where, what was found and expected."""

    path: str
    line: int
    found: str
    expected: str

    def message(self) -> str:
        found = self.found if len(self.found) <= 80 else self.found[:77] + "..."
        return f"{self.path}:{self.line}: found {found!r}; expected {self.expected}"


class InputFormatError(PaperKGError):
    """An input file is malformed at a known line."""

    code = "E001"

    def __init__(self, problem: InputProblem):
        super().__init__(problem.message())
        self.problem = problem

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int:
        return self.problem.line


class QueryError(PaperKGError):
    """A named query is unknown, misses a parameter, or is not valid SPARQL."""

    code = "E002"


class StoreError(PaperKGError):
    """A graph store, file or endpoint cannot be opened or written."""

    code = "E003"


class ConfigError(PaperKGError):
    """A pipeline or tool setting is invalid."""

    code = "E004"
