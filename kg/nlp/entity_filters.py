"""Filters over an abstract's chosen entities before they become an Extraction (GUIDE.md conventions):
tasks named only as background are dropped, one entry per task and per method (a one-word name that a
longer name of the same abstract ends in is that name), and fields of study are no methods."""
from __future__ import annotations

from spacy.tokens import Span

from kg.nlp.firing import fire
from kg.nlp.lists import RESEARCH_FIELDS, ent_name
from kg.nlp.task_context import not_addressed


def is_background_task(e: Span) -> bool:
    """Whether the task ``e`` is named as background ("Existing approaches ...", :mod:`kg.nlp.task_context`)."""
    if not e.doc.has_annotation("SENT_START"):
        return False
    opening = e.sent.start == 0 or e.doc[e.sent.start - 1].sent.start == 0  # the first or second sentence
    why = not_addressed(e.sent.text, e.start_char - e.sent.start_char, opening)
    if why:
        fire("resolve.task.background_" + why, e.text)
    return bool(why)


def without_task_repeats(ents: list[Span]) -> list[Span]:
    """Tasks without a one-word task that a longer task of the same abstract ends in ("recommendation" when
    "generative recommendation" is there): one entry per task (GUIDE.md)."""
    aside = {id(e): is_background_task(e) for e in ents if e.label_ == "TASK"}
    background = {ent_name(e).lower() for e in ents if aside.get(id(e))}
    background -= {ent_name(e).lower() for e in ents if id(e) in aside and not aside[id(e)]}
    if background:  # "Existing approaches treat this as a tabular classification task": other work's task
        ents = [e for e in ents if e.label_ != "TASK" or ent_name(e).lower() not in background]
    tasks = {ent_name(e).lower() for e in ents if e.label_ == "TASK"}
    if len(tasks) < 2:
        return ents
    shorter = {t for t in tasks if " " not in t and any(o != t and o.endswith(" " + t) for o in tasks)}
    if not shorter:
        return ents
    return [e for e in ents if e.label_ != "TASK" or ent_name(e).lower() not in shorter]


def without_method_heads(ents: list[Span]) -> list[Span]:
    """Methods without fields of study ("Deep Learning") and without a one-word method that a longer
    method of the same abstract ends in ("distillation" when "knowledge distillation" is there)."""
    methods = {ent_name(e).lower() for e in ents if e.label_ == "METHOD"}
    drop = {m for m in methods if m in RESEARCH_FIELDS}
    drop |= {m for m in methods if " " not in m and any(o != m and o.endswith(" " + m) for o in methods)}
    if not drop:
        return ents
    fire("resolve.drop.method_head_or_field", ", ".join(sorted(drop)))
    return [e for e in ents if e.label_ != "METHOD" or ent_name(e).lower() not in drop]
