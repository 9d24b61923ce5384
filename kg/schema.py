"""The evaluation record schema of GUIDE.md: one JSON object per paper."""
from __future__ import annotations

from typing import Any

from kg.records import Extraction, PaperRecord


def to_record(rec: PaperRecord, ext: Extraction | None) -> dict[str, Any]:
    """A paper and what was extracted from it, in the schema ``kg eval`` scores."""
    ext = ext or Extraction()
    return {
        "id": rec.id,
        "meta": rec.meta(),
        "proposed": [{"name": p.name, "kind": p.kind} for p in ext.proposed],
        "datasets": ext.names("dataset"),
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
