"""The CLI end to end on the sample: build, validate, extract, query."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data/papers.txt"
GOLD = [json.loads(line) for line in (ROOT / "tests/fixtures/seed_gold.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "50 papers" in res.output and "graph.ttl" in res.output
    return out / "graph.ttl"


def test_validate_accepts_the_built_graph(built):
    res = CliRunner().invoke(main, ["validate", str(built)])
    assert res.exit_code == 0, res.output
    assert "valid" in res.output


def test_validate_reports_violations_with_exit_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix pkg: <https://w3id.org/paperkg/> .\n<urn:x> a pkg:Paper .\n")
    res = CliRunner().invoke(main, ["validate", str(bad)])
    assert res.exit_code == 1


def test_validate_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    assert CliRunner().invoke(main, ["validate", str(bad)]).exit_code == 2


def test_extract_jsonl_meta_matches_gold_for_all_50():
    res = CliRunner().invoke(main, ["extract", str(SAMPLE), "--format", "jsonl"])
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 50
    assert [x["meta"] for x in lines] == [g["meta"] for g in GOLD]
    assert set(lines[0]) == set(GOLD[0])


def test_coauthors_of_baolin_peng(built):
    res = CliRunner().invoke(main, ["query", "coauthors", "--param", "author=Baolin Peng", "--graph", str(built),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    # independent check from the listing itself
    expected: dict[str, int] = {}
    for g in GOLD:
        if "Baolin Peng" in g["meta"]["authors"]:
            for a in g["meta"]["authors"]:
                if a != "Baolin Peng":
                    expected[a] = expected.get(a, 0) + 1
    assert {r["coauthor"]: r["papers"] for r in rows} == expected
    assert rows[0]["coauthor"] == "Michel Galley"


def test_unknown_query_parameter_is_an_error(built):
    res = CliRunner().invoke(main, ["query", "coauthors", "--param", "nope=1", "--graph", str(built)])
    assert res.exit_code == 2 and "no parameter 'nope'" in res.output
