"""Close matches for names that match nothing ("no dataset named 'WebArenaa'; did you mean 'WebArena'?").

The names come from the graph itself (the named query ``names``), so the hints
work on every source: a file, an on-disk store or an endpoint. A parameter is
entity-valued when its name is a kind (``dataset``, ``model``, ...), when it is
flagged ``(person)`` or ``(org)``, or when it is a paper's ``title``.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.graph.ids import entity_iri, entity_key, org_iri, person_iri
from kg.query.named import NamedQuery, Param, answer_named

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store.sources import GraphSource

ENTITY_KINDS = ("dataset", "model", "method", "task", "metric")
KIND_WORDS = {"org": "organisation", "person": "person", "paper": "paper"}
#: parameter names that hold a proposal's name (any entity kind)
ANY_ENTITY_PARAMS = ("name",)


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity: its text, kind, form (label or other spelling) and IRI."""

    text: str
    kind: str
    form: str
    entity: str


def entity_names(source: Graph | GraphSource, kind: str = "") -> list[Name]:
    """Every name of the given ``kind`` (all kinds when empty) in ``source``."""
    rows = answer_named(source, "names", {"kind": kind}).rows()
    return [Name(str(r["name"]), str(r["type"]), str(r["form"]), str(r["entity"])) for r in rows]


def describe(source: Graph | GraphSource, iri: str) -> list[Name]:
    """The names of the IRI ``iri`` (the named query ``entity``): its label and other spellings."""
    out: list[Name] = []
    for r in answer_named(source, "entity", {"entity": iri}).rows():
        nm = Name(str(r["name"]), str(r["type"]), "label", iri)
        if nm not in out:
            out.append(nm)
        if r.get("other") is not None:
            other = Name(str(r["other"]), str(r["type"]), "other spelling", iri)
            if other not in out:
                out.append(other)
    return out


def candidates(name: str) -> list[str]:
    """The IRIs ``name`` would have as a dataset, model, method, task, metric, person or organisation."""
    iris = [str(entity_iri(kind, name)) for kind in ENTITY_KINDS] if entity_key(name) else []
    return iris + [str(person_iri(name)), str(org_iri(name))]


def exists(source: Graph | GraphSource, kind: str, text: str) -> bool:
    """Whether something of ``kind`` (any entity kind when empty) is named ``text`` in ``source``."""
    if kind == "paper":
        return any(same_name(text, nm) for nm in entity_names(source, "paper"))
    if kind in ("person", "org"):
        iris = [person_iri(text) if kind == "person" else org_iri(text)]
    else:
        iris = [entity_iri(k, text) for k in ((kind,) if kind else ENTITY_KINDS)] if entity_key(text) else []
    return any(describe(source, str(iri)) for iri in iris)


def same_name(value: str, name: Name) -> bool:
    """Whether ``value`` names ``name``'s entity the way the queries match it."""
    if name.kind == "person":
        return str(person_iri(value)) == name.entity
    if name.kind == "org":
        return str(org_iri(value)) == name.entity
    if name.kind == "paper":
        return value.strip().casefold() == name.text.strip().casefold()
    key = entity_key(value)
    return bool(key) and key == entity_key(name.text)


def close_matches(value: str, names: Iterable[Name], n: int = 3) -> list[str]:
    """Up to ``n`` names like ``value`` (difflib on case-folded text, then names containing it)."""
    folded: dict[str, str] = {}
    for nm in sorted(names, key=lambda x: (x.form != "label", x.text)):
        folded.setdefault(nm.text.casefold(), nm.text)
    want = value.strip().casefold()
    out = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=n, cutoff=0.6)]
    if len(out) < n and len(want) >= 3:
        out += [t for f, t in sorted(folded.items()) if want in f and t not in out][: n - len(out)]
    return out


def did_you_mean(options: list[str]) -> str:
    quoted = [repr(o) for o in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def param_kind(p: Param) -> str | None:
    """The kind of entity a parameter names (``""`` for any entity kind), or None."""
    if p.entity in ("person", "org"):
        return p.entity
    if p.name in ENTITY_KINDS:
        return p.name
    if p.name == "title":
        return "paper"
    if p.name in ANY_ENTITY_PARAMS and p.normalised:
        return ""
    return None


def param_hints(source: Graph | GraphSource, query: NamedQuery, params: Mapping[str, Any]) -> list[str]:
    """Hints for the entity-valued ``params`` of ``query`` that name nothing in ``source``."""
    hints = []
    for k, value in params.items():
        p = query.params.get(k)
        kind = param_kind(p) if p is not None else None
        text = "" if value is None else str(value)
        if kind is None or not text.strip():
            continue
        if exists(source, kind, text):
            continue  # the answer is really empty
        names = [nm for nm in entity_names(source, kind) if kind or nm.kind in ENTITY_KINDS]
        word = KIND_WORDS.get(kind, kind) or "dataset, model, method, task or metric"
        close = close_matches(text, names)
        hint = f"did you mean {did_you_mean(close)}?" if close else \
            f"`kg query names{f' --param kind={kind}' if kind else ''}` lists them"
        hints.append(f"no {word} named {text!r}; {hint}")
    return hints
