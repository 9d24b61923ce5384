"""Precision, recall and F1 of extracted records against gold records (GUIDE.md).

Records are in the evaluation schema (:func:`kg.schema.to_record`). Matching
follows the GUIDE:

* names are compared after case folding and removing spaces, hyphens and
  punctuation (:func:`name_key`); lists are sets;
* a result matches a gold result when the values are equal and the datasets
  match (null matches null) and, where the gold result names a subject, the
  subjects match too; each gold result is matched at most once;
* ``results+type`` ("results with type and unit") is the same match plus an
  equal ``type`` and ``unit`` (null = null): a gain is not a score;
* ``proposed`` is scored on names (the kind is not compared).

Scores are micro-averaged: true positives, false positives and misses are
summed over papers (per field) and over fields (``micro``; ``results+type``,
a stricter view of ``results``, is left out of it).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputFormatError, InputProblem

NAME_FIELDS = ("datasets", "models", "proposed", "methods", "tasks", "metrics")
FIELDS = NAME_FIELDS + ("results",)
TYPED = "results+type"  # results whose type and unit are right too
SCORED = FIELDS + (TYPED,)
_DROP = re.compile(r"[\W_]+")


def name_key(name: str | None) -> str:
    """A name compared as the GUIDE says: case folded, without spaces, hyphens or punctuation."""
    return _DROP.sub("", (name or "").casefold())


@dataclass
class Counts:
    """True positives, false positives (false alarms) and false negatives (misses)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class PaperErrors:
    """What one paper's extraction missed and wrongly added, per field."""

    id: int
    title: str
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_alarms: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.misses or self.false_alarms)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "misses": self.misses, "false_alarms": self.false_alarms}


@dataclass
class EvalReport:
    """Scores per field, micro-averaged over all fields, and the errors of each paper."""

    fields: dict[str, Counts]
    papers: list[PaperErrors]
    n_papers: int
    unscored: list[int] = field(default_factory=list)  # extracted ids with no gold record

    @property
    def micro(self) -> Counts:
        total = Counts()
        for f, c in self.fields.items():
            if f != TYPED:
                total.add(c)
        return total

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"papers": self.n_papers,
                               "fields": {f: c.to_dict() for f, c in self.fields.items()},
                               "micro": self.micro.to_dict()}
        if self.unscored:
            out["unscored"] = self.unscored
        if details:
            out["details"] = [p.to_dict() for p in self.papers if p]
        return out


def _names(items: Iterable[Any], fld: str) -> list[str]:
    out = []
    for x in items or ():
        name = x.get("name") if fld == "proposed" and isinstance(x, Mapping) else x
        if isinstance(name, str) and name.strip():
            out.append(name)
    return out


def score_names(predicted: Sequence[str], gold: Sequence[str]) -> tuple[Counts, list[str], list[str]]:
    """Counts, misses and false alarms of two name lists compared as sets of :func:`name_key`."""
    pk = {name_key(n): n for n in reversed(predicted)}
    gk = {name_key(n): n for n in reversed(gold)}
    misses = [gk[k] for k in gk if k not in pk]
    alarms = [pk[k] for k in pk if k not in gk]
    return Counts(len(pk.keys() & gk.keys()), len(alarms), len(misses)), misses, alarms


def _value(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def result_matches(pred: Mapping[str, Any], gold: Mapping[str, Any], typed: bool = False) -> bool:
    """The GUIDE's rule: same value and dataset (null = null); same subject where gold names one.

    ``typed``: also the same ``type`` and ``unit`` (null = null).
    """
    if typed and ((pred.get("type") or None) != (gold.get("type") or None)
                  or (pred.get("unit") or None) != (gold.get("unit") or None)):
        return False
    pv, gv = _value(pred.get("value")), _value(gold.get("value"))
    if pv is None or gv is None or not math.isclose(pv, gv, rel_tol=1e-9, abs_tol=1e-9):
        return False
    if name_key(pred.get("dataset")) != name_key(gold.get("dataset")):
        return False
    return gold.get("subject") is None or name_key(pred.get("subject")) == name_key(gold.get("subject"))


def _describe(r: Mapping[str, Any]) -> str:
    unit = r.get("unit") or ""
    parts = [f"{r.get('value')}{unit if unit in ('%', 'x', '') else ' ' + unit}"]
    if r.get("subject"):
        parts.append(f"by {r['subject']}")
    if r.get("dataset"):
        parts.append(f"on {r['dataset']}")
    return " ".join(parts)


def score_results(predicted: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]],
                  typed: bool = False) -> tuple[Counts, list[str], list[str]]:
    """Counts, misses and false alarms of results; each gold result is matched at most once.

    ``typed``: a match also needs the same type and unit.
    """
    left = list(gold)
    alarms: list[str] = []
    tp = 0
    for r in predicted:
        hit = next((g for g in left if result_matches(r, g, typed)), None)
        if hit is None:
            alarms.append(_describe(r))
        else:
            left.remove(hit)
            tp += 1
    return Counts(tp, len(alarms), len(left)), [_describe(g) for g in left], alarms


def evaluate(predicted: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score ``predicted`` records against ``gold`` records, matched by ``id``.

    A gold paper with no extracted record counts every gold item as a miss;
    extracted papers without a gold record are listed in ``unscored``.
    """
    pred_by_id = {int(r["id"]): r for r in predicted}
    fields = {f: Counts() for f in SCORED}
    papers: list[PaperErrors] = []
    n = 0
    seen: set[int] = set()
    for g in gold:
        gid = int(g["id"])
        seen.add(gid)
        n += 1
        p = pred_by_id.get(gid, {})
        errs = PaperErrors(gid, (g.get("meta") or {}).get("title", ""))
        for f in SCORED:
            if f == TYPED:
                c, misses, alarms = score_results(p.get("results") or [], g.get("results") or [], typed=True)
                fields[f].add(c)
                continue  # its misses are listed under "results" (and with their type and unit)
            if f == "results":
                c, misses, alarms = score_results(p.get(f) or [], g.get(f) or [])
            else:
                c, misses, alarms = score_names(_names(p.get(f), f), _names(g.get(f), f))
            fields[f].add(c)
            if misses:
                errs.misses[f] = misses
            if alarms:
                errs.false_alarms[f] = alarms
        papers.append(errs)
    return EvalReport(fields, papers, n, sorted(set(pred_by_id) - seen))


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records from a JSONL file (blank lines are skipped)."""
    path = Path(path)
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                int(rec["id"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputFormatError(InputProblem(str(path), n, line.strip(),
                                                    f"a JSON object with an integer 'id' ({exc})")) from exc
            out.append(rec)
    return out


def evaluate_listing(listing: str | Path, gold_path: str | Path, *, year: int | None = None,
                     spacy_model: str | None = None, extractor: Any = None) -> EvalReport:
    """Read ``listing``, run the extractor and score it against ``gold_path``."""
    from kg.nlp import load_extractor
    from kg.schema import to_record
    from kg.build import read_papers

    gold = read_gold(gold_path)
    kwargs = {"year": year} if year is not None else {}
    records = read_papers(listing, **kwargs)
    ex = extractor or load_extractor(spacy_model=spacy_model)
    predicted = [to_record(r, x) for r, x in zip(records, ex.extract_many(records))]
    return evaluate(predicted, gold)


def format_table(report: EvalReport, details: bool = False) -> str:
    """A plain-text table of the scores (and, with ``details``, each paper's errors)."""
    rows = [(f, c) for f, c in report.fields.items()] + [("micro", report.micro)]
    lines = [f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, c in rows:
        if name == "micro":
            lines.append("-" * len(lines[0]))
        lines.append(f"{name:<12} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>5} {c.fp:>5} {c.fn:>5}")
    lines.append(f"({report.n_papers} papers)")
    if report.unscored:
        lines.append(f"({len(report.unscored)} extracted papers have no gold record: ids "
                     f"{', '.join(map(str, report.unscored[:10]))}{' ...' if len(report.unscored) > 10 else ''})")
    if details:
        for p in report.papers:
            if not p:
                continue
            lines.append("")
            lines.append(f"#{p.id} {p.title}")
            for f in FIELDS:
                if f in p.misses:
                    lines.append(f"  {f:<9} missed: {'; '.join(p.misses[f])}")
                if f in p.false_alarms:
                    lines.append(f"  {f:<9} extra:  {'; '.join(p.false_alarms[f])}")
    return "\n".join(lines)
