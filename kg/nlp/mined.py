"""Lexicons mined from 10,000 unlabeled arXiv abstracts (``scripts/mine_lexicons.py`` makes them).

They live in ``kg/nlp/data/mined/`` (not in the gazetteer folder's top level,
so the gazetteer does not read them):

* ``terms.jsonl``: head-final phrases the corpus uses at least three times
  (``{"term": "reinforcement learning", "head": "learning", "count": 523}``);
  a phrase found by a rule is trimmed to its longest known suffix;
* ``acronyms.jsonl``: acronym definitions, "long form (LF)", with the most
  common long form (``{"abbr": "MCTS", "long": "monte carlo tree search",
  "count": 12, "label": "METHOD"}``); an acronym used without its definition
  takes the label of its long form's head;
* ``names.jsonl``: names and the head nouns they occur with ("the X
  benchmark", "X models"), when one type dominates (``{"name": "OGBench",
  "label": "DATASET", "count": 4}``): a prior for names no rule types.

Each file is read once per process, when first needed.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

MINED_DIR = Path(__file__).parent / "data" / "mined"


def _rows(name: str) -> list[dict]:
    path = MINED_DIR / name
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@functools.lru_cache(maxsize=1)
def terms() -> frozenset[str]:
    """Lowercase head-final phrases the corpus uses as terms."""
    return frozenset(r["term"] for r in _rows("terms.jsonl"))


@functools.lru_cache(maxsize=1)
def acronyms() -> dict[str, tuple[str, str]]:
    """Acronym -> (long form, label) for acronyms whose long form ends in a head word."""
    return {r["abbr"]: (r["long"], r["label"]) for r in _rows("acronyms.jsonl") if r.get("label")}


@functools.lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Name -> label (DATASET, MODEL, METHOD) from the head nouns the name occurs with."""
    return {r["name"]: r["label"] for r in _rows("names.jsonl")}


@functools.lru_cache(maxsize=1)
def all_acronyms() -> frozenset[str]:
    """Every acronym the corpus defines at least twice (whatever its long form's head)."""
    return frozenset(r["abbr"] for r in _rows("acronyms.jsonl"))
