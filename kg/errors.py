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


class WorkerError(PaperKGError):
    """Dask workers failed on a task or stopped answering."""

    code = "E005"


class InputProblems(InputFormatError):
    """Several problems in one input file, all listed (up to ``limit``, then "and N more").

    ``problem`` is the first one (so ``path`` and ``line`` are where it is);
    ``problems`` holds every problem found.
    """

    def __init__(self, problems: list[InputProblem], limit: int = 20):
        super().__init__(problems[0])
        self.problems = list(problems)
        shown = [p.message() for p in problems[:limit]]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"... and {more} more problem{'s' if more != 1 else ''}")
        if len(problems) > 1:
            shown.append(f"({len(problems)} problems in all; every good record is kept with --skip-invalid)")
        self.args = ("\n".join(shown),)


class NoValidRecordError(InputFormatError):
    """With ``--skip-invalid``, a file in which every record was invalid."""

    def __init__(self, path: str, problems: list[InputProblem], limit: int = 20):
        super().__init__(problems[0])
        self.problems = list(problems)
        n = len(problems)
        head = f"{path}: no valid record ({n} invalid record{'s' if n != 1 else ''} skipped):"
        shown = [p.message() for p in problems[:limit]]
        more = len(problems) - len(shown)
        self.args = ("\n".join([head, *shown] + ([f"... and {more} more"] if more else [])),)
