"""Typed records that flow between the stages of paperkg."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputProblem


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """One paper as read from an input file (no extraction yet).

    ``line`` is the 1-based line of the record's first line in ``source``.
    """

    id: int
    category: str
    date: str  # ISO 8601, yyyy-mm-dd
    has_code: bool
    title: str
    authors: tuple[str, ...]
    et_al: bool
    orgs: tuple[str, ...]
    abstract: str
    urls: tuple[str, ...] = ()
    source: str = ""
    line: int = 0
    arxiv_id: str | None = None

    def meta(self) -> dict[str, Any]:
        """The ``meta`` object of the evaluation schema (see GUIDE.md)."""
        return {
            "category": self.category,
            "date": self.date,
            "has_code": self.has_code,
            "title": self.title,
            "authors": list(self.authors),
            "et_al": self.et_al,
            "orgs": list(self.orgs),
            "urls": list(self.urls),
        }


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact was read: sentence text and character offsets in the abstract."""

    start: int
    end: int
    sentence: str
    component: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity found in an abstract; ``compared`` when the paper measures itself against it."""

    text: str
    label: str  # dataset | model | method | task | metric
    span: Span
    compared: bool = False


@dataclass(frozen=True, slots=True)
class Proposal:
    """Something the paper itself introduces."""

    name: str
    kind: str  # method | model | dataset | benchmark | framework | system | metric
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """A quantitative result stated in an abstract."""

    value: float
    unit: str | None
    type: str  # absolute | improvement | baseline
    text: str
    subject: str | None = None
    dataset: str | None = None
    metric: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the NLP pipeline read from one abstract."""

    mentions: tuple[Mention, ...] = ()
    proposed: tuple[Proposal, ...] = ()
    results: tuple[Result, ...] = ()

    def names(self, label: str) -> list[str]:
        """Distinct mention names of one label, in order of first appearance."""
        seen: dict[str, str] = {}
        for m in self.mentions:
            if m.label == label:
                seen.setdefault(m.text.casefold(), m.text)
        return list(seen.values())


@dataclass(slots=True)
class ParseReport:
    """What reading a file produced besides records: warnings and skipped records.

    ``skipped`` holds the message of each problem; ``problems`` the same problems as
    :class:`~kg.errors.InputProblem` objects (file, line, found, expected).
    """

    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
