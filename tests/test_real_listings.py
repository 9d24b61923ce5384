"""Parser robustness on 10,000 real arXiv listings (optional: needs ../shared)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.readers.listing import read_listing

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
LISTING = SHARED / "data/arxiv-10k.txt"
META = SHARED / "eval/arxiv-10k.meta.jsonl"

pytestmark = pytest.mark.skipif(not (LISTING.is_file() and META.is_file()),
                                reason="../shared/data/arxiv-10k.txt is not available (optional corpus)")


def test_title_and_authors_split_exactly_for_at_least_99_5_percent():
    records = read_listing(LISTING)
    gold = [json.loads(line)["meta"] for line in META.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(gold) == 10_000
    exact = sum(r.title == g["title"] and list(r.authors) == g["authors"] for r, g in zip(records, gold))
    meta_ok = sum((r.category, r.date, r.has_code, r.et_al) == (g["category"], g["date"], g["has_code"], g["et_al"])
                  for r, g in zip(records, gold))
    assert meta_ok == 10_000
    assert exact / 10_000 >= 0.995, exact
