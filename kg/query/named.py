"""Named SPARQL queries: find them, describe them, run them with bound parameters.

A named query is a file ``queries/NAME.rq`` whose header comment says what it
answers, its parameters and an example::

    # Papers evaluated on a dataset.
    # Parameters:
    #   dataset: the dataset's name in any spelling, e.g. "MATH-500" (normalised)
    # Example: kg query papers_on_dataset --param dataset=MATH500

A parameter line may end with flags in parentheses:

* ``(normalised)``: the value is bound as its normalised entity key
  (:func:`kg.graph.ids.entity_key`: ``"Math-500"`` -> ``"math500"``), to be matched
  against ``pkg:key``;
* ``(optional)``: the parameter may be left out; it is then bound to ``""``
  (or ``0`` for an integer), which the query treats as "any";
* ``(integer)``: the value must be a whole number and is bound as ``xsd:integer``;
* ``(person)`` / ``(org)``: the value is a person's / organisation's name, bound as
  its IRI (:func:`kg.graph.ids.person_iri`: case, accents and spacing do not matter), so
  the store looks it up in its index instead of scanning every name;
* ``(iri)``: the value is an absolute IRI, bound as that IRI;
* ``(one of a|b|c)``: an enumeration; any other value (case aside) is an error that
  lists the valid ones;
* ``(as var)``: the value is bound to the SPARQL variable ``?var`` instead of the
  parameter's own name (when that name is also a result column, like ``metric``).

Flags combine with commas: ``(optional, one of method|model|dataset)``.

Parameters are SPARQL variables bound as RDF terms (``initBindings`` on
rdflib, an escaped ``VALUES`` block at the start of the WHERE pattern on
pyoxigraph and remote endpoints); user text is never formatted into the query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.store.answer import Answer
from kg.graph.ids import entity_key, org_iri, person_iri
from kg.resources import queries_dir

if TYPE_CHECKING:
    from kg.store.sources import GraphSource

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")
_PARAM = re.compile(r"^#\s{2,}(\w+):\s*(.*)$")
_FLAG_WORDS = r"normalised|normalized|optional|integer|person|org|iri|one of [\w\-]+(?:\s*\|\s*[\w\-]+)*|as \w+"
_FLAGS = re.compile(rf"\(((?:{_FLAG_WORDS})(?:\s*,\s*(?:{_FLAG_WORDS}))*)\)\s*$")


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    description: str
    normalised: bool = False
    optional: bool = False
    integer: bool = False
    entity: str | None = None  # "person" or "org": bound as that IRI; "iri": the value is one
    choices: tuple[str, ...] = ()  # an enumeration: the valid values
    variable: str = ""  # the SPARQL variable bound; empty: the parameter's name

    @property
    def var(self) -> str:
        return self.variable or self.name

    def flags(self) -> list[str]:
        out = [f for f, on in (("normalised", self.normalised), ("optional", self.optional),
                               ("integer", self.integer), ("person", self.entity == "person"),
                               ("org", self.entity == "org"), ("iri", self.entity == "iri")) if on]
        out += [f"one of {'|'.join(self.choices)}"] if self.choices else []
        return out + ([f"as {self.variable}"] if self.variable else [])


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    example: str = ""

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def form(self) -> str:
        from kg.query.sparql_text import query_form

        return query_form(self.text)


def _param(name: str, text: str) -> Param:
    m = _FLAGS.search(text)
    flags: set[str] = set()
    choices: tuple[str, ...] = ()
    variable = ""
    if m:
        for f in m.group(1).split(","):
            f = f.strip()
            if f.startswith("one of "):
                choices = tuple(c.strip() for c in f[len("one of "):].split("|"))
            elif f.startswith("as "):
                variable = f[3:].strip()
            else:
                flags.add(f.replace("normalized", "normalised"))
        text = text[:m.start()].rstrip()
    entity = next((f for f in ("person", "org", "iri") if f in flags), None)
    return Param(name, text, "normalised" in flags, "optional" in flags, "integer" in flags, entity, choices,
                 variable)


def parse_header(name: str, path: Path, text: str | None = None) -> NamedQuery:
    """The description, parameters and example that the header comment of a query declares.

    ``text`` is the query text when it is not (only) in ``path``.
    """
    desc: list[str] = []
    params: dict[str, Param] = {}
    example = ""
    section = "desc"
    for line in (path.read_text(encoding="utf-8") if text is None else text).splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.lower().startswith("parameters:"):
            section = "params"
            continue
        if body.lower().startswith("example:"):
            example = body.split(":", 1)[1].strip()
            section = "example"
            continue
        m = _PARAM.match(line)
        if section == "params" and m:
            params[m.group(1)] = _param(m.group(1), m.group(2).strip())
        elif section == "desc" and body:
            desc.append(body)
    return NamedQuery(name, path, " ".join(desc), params, example)


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """All named queries, sorted by name."""
    d = directory or queries_dir()
    return [parse_header(p.stem, p) for p in sorted(d.glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    d = directory or queries_dir()
    path = d / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name) or not path.is_file():
        known = ", ".join(q.name for q in list_queries(d))
        raise QueryError(f"no named query {name!r}; known queries: {known}")
    return parse_header(name, path)


def bind_params(query: NamedQuery, params: dict[str, Any]) -> dict[str, Literal | URIRef]:
    """Check ``params`` against the query's declared parameters and make RDF terms of them."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        declared = ", ".join(query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {declared}")
    missing = sorted(k for k, p in query.params.items() if not p.optional and k not in params)
    if missing:
        p = query.params[missing[0]]
        raise QueryError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.description})")
    return {p.var: _term(p, params.get(k)) for k, p in query.params.items()}


def _term(p: Param, value: Any) -> Literal | URIRef:
    if p.integer:
        if value is None or value == "":
            return Literal(0)
        try:
            return Literal(int(str(value).strip()))
        except ValueError:
            raise QueryError(f"parameter {p.name!r} must be a whole number, got {value!r}") from None
    text = "" if value is None else str(value)
    if p.choices and (text or not p.optional):
        valid = {c.casefold(): c for c in p.choices}
        if text.strip().casefold() not in valid:
            raise QueryError(f"parameter {p.name!r} must be one of {', '.join(p.choices)}; got {text!r}")
        text = valid[text.strip().casefold()]  # the value as the query spells it: "Dataset" -> "dataset"
    if p.entity == "iri":
        if not _IRI.fullmatch(text.strip()):
            raise QueryError(f"parameter {p.name!r} must be an absolute IRI such as "
                             f"https://w3id.org/paperkg/id/dataset/webarena; got {text!r}")
        return URIRef(text.strip())
    if p.entity == "person":
        return person_iri(text)
    if p.entity == "org":
        return org_iri(text)
    return Literal(entity_key(text) if p.normalised else text)


def rows(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and rows (as Python values) of a SELECT result."""
    a = Answer.from_rdflib(result)
    return a.vars, a.rows()


def answer_named(source: Graph | GraphSource, name: str, params: dict[str, Any] | None = None) -> Answer:
    """Run the named query ``name`` with ``params`` on any graph source."""
    from kg.store.sources import as_source

    q = get_query(name)
    return as_source(source).query(q.text, bind_params(q, params or {}))


def run_named(source: Graph | GraphSource, name: str,
              params: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the named SELECT query ``name`` with ``params``; return columns and rows."""
    a = answer_named(source, name, params)
    return a.vars, a.rows()
