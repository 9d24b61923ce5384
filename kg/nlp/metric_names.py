"""How the paper's metrics are named (used by :mod:`kg.nlp.resolve`).

* a plural measure noun is written singular ("success rates" -> "success rate");
* a metric acronym's gazetteer aliases that spell it out are its long forms ("mean opinion score" for MOS),
  so an abstract that spells it out as something else ("Motion Object Segmentation (MOS)") is not using it;
* a metric drops a task qualifier when the task is listed ("classification accuracy" is "accuracy", GUIDE.md);
* a result's metric is named as the metrics list names it.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from kg.nlp.chunks import ALL_METRIC_HEADS, head_of
from kg.nlp.firing import fire
from kg.records import Result

# measure nouns whose plural a metric name writes singular ("success rates" -> "success rate", "training
# speeds" -> "training speed"; "risk-adjusted returns" stays)
SINGULAR_MEASURES = frozenset(h for h in ALL_METRIC_HEADS if not h.endswith("s")) | frozenset(
    "loss speed cost length count overhead footprint".split())


def singular(name: str) -> str:
    """A metric name with its last word singular when that word is a plural measure noun."""
    cut = max(name.rfind(" "), name.rfind("-")) + 1
    word = name[cut:]
    low = word.lower()
    if low.endswith("ies"):
        single = word[:-3] + "y"
    elif low.endswith("sses"):
        single = word[:-2]
    elif low.endswith("s"):
        single = word[:-1]
    else:
        return name
    return name[:cut] + single if single.lower() in SINGULAR_MEASURES else name


def spelled_aliases(entry, short: str) -> tuple[str, ...]:
    """A metric entry's aliases that spell its acronym out ("mean opinion score" for ``MOS``): its long forms
    when the gazetteer lists none."""
    if entry.type != "metric":
        return ()
    letters = "".join(c for c in short.lower() if c.isalpha())
    return tuple(a for a in entry.aliases if " " in a and "".join(w[0] for w in a.lower().split()) == letters)


def named_metrics(results: Iterable[Result], name_of: Callable[[str], str | None]) -> tuple[Result, ...]:
    """Results with their metric named as the paper's metrics list names it (``name_of``): "success rates" is
    the listed "success rate"."""
    out = []
    for r in results:
        name = name_of(r.metric) if r.metric else None
        if name and name != r.metric:
            r = dataclasses.replace(r, metric=name)
        out.append(r)
    return tuple(out)


def without_task_qualifiers(labels: list[str], names: list[str]) -> list[str]:
    """Metric names without a leading task the paper lists: with the task "zorb classification", "zorb
    classification accuracy" is "accuracy" (GUIDE.md, "Conventions for hard cases")."""
    tasks = sorted({n.lower() for label, n in zip(labels, names) if label == "TASK"}, key=len, reverse=True)
    if not tasks:
        return names
    out = []
    for label, name in zip(labels, names):
        if label == "METRIC" and head_of(name.split()[-1]) in ALL_METRIC_HEADS:
            low = name.lower()
            task = next((t for t in tasks if low.startswith(t + " ")), None)
            if task is not None:
                name = name[len(task) + 1:]
                fire("metrics.drop_task_qualifier", name)
        out.append(name)
    return out
