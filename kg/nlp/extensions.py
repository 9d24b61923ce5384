"""Custom spaCy attributes shared by every paperkg component.

Importing this module registers them once (defensively, so it is safe to
import from any component module, in any order):

* ``Span._.component`` (str): the name of the component that found the entity;
* ``Span._.confidence`` (float): how sure that component is, 0..1;
* ``Span._.name`` (str | None): the entity's name when it differs from the
  span's text (``AIME25`` read from ``AIME24/25``); None means the text;
* ``Doc._.proposed`` (list[kg.records.Proposal]): what the paper introduces;
* ``Doc._.results`` (list[kg.records.Result]): quantitative results.

Entity components put ``DATASET``, ``MODEL``, ``METHOD``, ``TASK`` and
``METRIC`` spans into ``doc.ents``; the contribution and result components run
after them and fill ``doc._.proposed`` and ``doc._.results``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

ENTITY_LABELS = ("DATASET", "MODEL", "METHOD", "TASK", "METRIC")


def register() -> None:
    """Register the extensions (idempotent; runs at import)."""
    if not Span.has_extension("component"):
        Span.set_extension("component", default="")
    if not Span.has_extension("confidence"):
        Span.set_extension("confidence", default=1.0)
    if not Span.has_extension("name"):
        Span.set_extension("name", default=None)
    # list defaults would be shared between docs, so these use getters over
    # doc.user_data and setters that store a fresh list per doc.
    for name in ("proposed", "results"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_list_getter(name), setter=_list_setter(name))


def _list_getter(name: str):
    key = ("paperkg", name)

    def get(doc: Doc) -> list:
        return doc.user_data.setdefault(key, [])

    return get


def _list_setter(name: str):
    key = ("paperkg", name)

    def set_(doc: Doc, value: list) -> None:
        doc.user_data[key] = list(value)

    return set_


register()
