"""Why is a fact in the graph? Every fact about an entity or a paper with its evidence.

:func:`explain` finds what a name refers to (an IRI, or a name in any spelling:
a dataset, model, method, task or metric by its key, a person or organisation
by name, a paper by its title) and runs the named query ``explain`` for each
match. Each :class:`Fact` carries the sentence it was read from with the span's
offsets in it, the pipeline component that found it and its confidence; an
author or organisation of a paper comes from the listing and has no sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError
from kg.query.hints import Name, candidates, close_matches, describe, did_you_mean, entity_names, same_name
from kg.query.named import answer_named

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store.sources import GraphSource

_IRI = re.compile(r"(https?|urn):\S+")

#: a mention's role -> the relation it supports, read "<paper> <relation> <target>"
RELATIONS = {"dataset": "evaluated on", "model": "uses model", "method": "uses method",
             "task": "addresses task", "metric": "reports metric", "proposed": "proposes",
             "result": "reports result", "author": "written by", "organisation": "from organisation"}


@dataclass(frozen=True)
class Fact:
    """One fact about a paper and a target (an entity, person, organisation or result)."""

    paper: str
    title: str
    date: str
    role: str
    target: str
    target_name: str
    sentence: str | None = None
    start: int | None = None  # the span's offsets in ``sentence``
    end: int | None = None
    component: str | None = None
    confidence: float | None = None
    mention: str | None = None

    @property
    def relation(self) -> str:
        return RELATIONS.get(self.role, self.role)

    @property
    def span(self) -> str | None:
        if self.sentence is None or self.start is None or self.end is None:
            return None
        return self.sentence[self.start:self.end]

    def marked(self, mark: Callable[[str], str] = lambda s: f"[{s}]") -> str | None:
        """The sentence with the span marked (``[...]`` by default)."""
        if self.span is None or self.sentence is None:
            return self.sentence
        s, e = self.start or 0, self.end or 0
        return f"{self.sentence[:s]}{mark(self.sentence[s:e])}{self.sentence[e:]}"

    def to_dict(self) -> dict[str, Any]:
        return {"paper": self.paper, "title": self.title, "date": self.date, "relation": self.relation,
                "role": self.role, "target": self.target, "target_name": self.target_name,
                "sentence": self.sentence, "start": self.start, "end": self.end, "span": self.span,
                "component": self.component, "confidence": self.confidence, "mention": self.mention}


@dataclass
class Explanation:
    """What the graph says about one entity or paper, and why."""

    entity: str
    name: str
    kind: str
    other_names: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    @property
    def papers(self) -> list[str]:
        return list(dict.fromkeys(f.paper for f in self.facts))

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "kind": self.kind, "other_names": self.other_names,
                "facts": [f.to_dict() for f in self.facts]}


def _result_name(r: dict[str, Any]) -> str:
    value = r.get("value")
    if value is None:
        return r.get("targetName") or ""
    unit = r.get("unit") or ""
    text = f"{value}{unit if unit in ('%', 'x', '') else ' ' + unit}"
    if r.get("resultMetric"):
        text += f" {r['resultMetric']}"
    if r.get("resultDataset"):
        text += f" on {r['resultDataset']}"
    if r.get("resultSubject"):
        text += f" by {r['resultSubject']}"
    return f"{text} ({r['resultType']})" if r.get("resultType") else text


def _fact(r: dict[str, Any]) -> Fact:
    sentence, start, end = r.get("sentence"), r.get("from"), r.get("to")
    span = r.get("span")
    if sentence is not None and (start is None or end is None or sentence[int(start):int(end)] != span):
        # the sentence is not verbatim in the abstract: find the span in it instead
        at = sentence.find(span) if span else -1
        start, end = (at, at + len(span)) if at >= 0 else (None, None)
    conf = r.get("confidence")
    return Fact(str(r["paper"]), str(r["title"]), str(r["date"]), str(r["role"]), str(r["target"]),
                _result_name(r) if r.get("role") == "result" else str(r.get("targetName") or r["target"]),
                sentence, None if start is None else int(start), None if end is None else int(end),
                r.get("component"), float(conf) if isinstance(conf, (Decimal, float, int)) else None,
                None if r.get("mention") is None else str(r["mention"]))


def facts(source: Graph | GraphSource, entity: str) -> list[Fact]:
    """Every fact about the IRI ``entity`` (the named queries ``explain`` and ``listing_facts``).

    Sorted by paper (newest first), then the listing's facts, then in the order of the abstract.
    """
    rows = answer_named(source, "explain", {"entity": entity}).rows()
    listed = answer_named(source, "listing_facts", {"entity": entity}).rows()
    found = [(r, i) for i, r in enumerate(rows)] + [(r, -1) for r in listed]  # rows: in the abstract's order
    found.sort(key=lambda x: (-_day(x[0]["date"]), str(x[0]["title"]), str(x[0]["paper"]), x[1],
                              str(x[0]["role"]), str(x[0].get("targetName") or ""), str(x[0].get("mention") or "")))
    return [_fact(r) for r, _ in found]


def _day(value: Any) -> int:
    return value.toordinal() if hasattr(value, "toordinal") else 0


def find(source: Graph | GraphSource, name: str) -> list[tuple[str, list[Name]]]:
    """The IRIs ``name`` refers to, each with its names; a QueryError with close matches if none.

    IRIs are derived from normalised names, so the candidates are computed and looked up
    one by one; only a paper's title (and, when nothing matches, the hints) needs every name.
    """
    wanted = name.strip()
    if not wanted:
        raise QueryError("give the name of an entity, person, organisation or paper, or an IRI")
    if _IRI.fullmatch(wanted):
        return [(wanted, describe(source, wanted))]
    found = [(iri, names) for iri in candidates(wanted) if (names := describe(source, iri))]
    if found:
        return found
    titles = entity_names(source, "paper")
    hits = sorted({nm.entity for nm in titles if same_name(wanted, nm)})
    if hits:
        return [(iri, describe(source, iri)) for iri in hits]
    everything = entity_names(source)
    close = close_matches(wanted, everything)
    hint = f"; did you mean {did_you_mean(close)}?" if close else ""
    raise QueryError(f"nothing named {name!r} in the graph{hint}")


def explain(source: Graph | GraphSource, name: str) -> list[Explanation]:
    """Explanations of every entity or paper ``name`` (a name in any spelling, or an IRI) refers to."""
    from kg.store.sources import as_source

    src = as_source(source)
    out = []
    for iri, names in find(src, name):
        labels = [nm.text for nm in names if nm.form == "label"]
        kind = names[0].kind if names else iri.rstrip("/").rsplit("/", 2)[-2] if "/id/" in iri else "resource"
        others = sorted({nm.text for nm in names if nm.form != "label"} - set(labels))
        ex = Explanation(iri, labels[0] if labels else iri.rsplit("/", 1)[-1], kind, others, facts(src, iri))
        if not ex.facts and not names:
            raise QueryError(f"nothing is known about <{iri}> in the graph")
        out.append(ex)
    return out
