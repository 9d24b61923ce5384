"""The evaluation record schema of GUIDE.md: one JSON object per paper."""
from __future__ import annotations

from typing import Any

from kg.records import Extraction, PaperRecord


OWN_DATASET_KINDS = ("dataset", "benchmark")


def datasets(ext: Extraction) -> list[str]:
    """The datasets of an extraction: those the abstract names, and the paper's own dataset or benchmark
    when only the title names it ("Zorbset: A Benchmark Dataset for ..."; GUIDE: datasets include the
    ones the paper proposes)."""
    names = ext.names("dataset")
    keys = {n.casefold() for n in names}
    for p in ext.proposed:
        if p.span is None and p.kind in OWN_DATASET_KINDS and p.name.casefold() not in keys:
            names.append(p.name)
            keys.add(p.name.casefold())
    return names


def to_record(rec: PaperRecord, ext: Extraction | None) -> dict[str, Any]:
    """A paper and what was extracted from it, in the schema ``kg eval`` scores."""
    ext = ext or Extraction()
    return {
        "id": rec.id,
        "meta": rec.meta(),
        "proposed": [{"name": p.name, "kind": p.kind} for p in ext.proposed],
        "datasets": datasets(ext),
        "models": ext.names("model"),
        "methods": ext.names("method"),
        "tasks": ext.names("task"),
        "metrics": ext.names("metric"),
        "results": [
            {"subject": r.subject, "dataset": r.dataset, "metric": r.metric, "value": r.value,
             "unit": r.unit, "type": r.type, "text": r.text}
            for r in ext.results
        ],
    }
