"""The questions the product promises, asked of the sample end to end and checked against the gold file."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLD = [json.loads(line) for line in (ROOT / "tests/fixtures/seed_gold.jsonl").read_text().splitlines()]


def key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, ["build", str(ROOT / "data/papers.txt"), "-o", str(out), "--no-html"])
    assert res.exit_code == 0, res.output
    return out / "graph.ttl"


@pytest.mark.parametrize("dataset,asked", [("WebArena", "WebArena"), ("MATH500", "MATH500"), ("MATH500", "Math-500"),
                                           ("MATH500", "math 500")])
def test_papers_on_dataset_are_exactly_the_gold_ones(graph_file, dataset, asked):
    res = CliRunner().invoke(main, ["query", "papers_on_dataset", "--param", f"dataset={asked}",
                                    "--graph", str(graph_file), "--format", "json"])
    assert res.exit_code == 0, res.output
    got = {row["title"] for row in json.loads(res.stdout)}
    want = {g["meta"]["title"] for g in GOLD if key(dataset) in {key(d) for d in g["datasets"]}}
    assert len(want) >= 2 and got == want


def test_leaderboard_lists_values_with_units(graph_file):
    res = CliRunner().invoke(main, ["query", "leaderboard", "--param", "dataset=WebArena", "--graph", str(graph_file),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and all(r["value"] is not None for r in rows)
    values = [float(r["value"]) for r in rows]
    assert values == sorted(values, reverse=True)
    gold = {(r["value"], r["unit"]) for g in GOLD for r in g["results"] if r["dataset"] and key(r["dataset"]) == "webarena"}
    assert gold <= {(float(r["value"]), r["unit"]) for r in rows}
