"""`kg stats` and `kg viz` read the same graph from a file or an on-disk store (sources shared with `kg query`)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main


def stats_json(*source: str) -> dict:
    res = CliRunner().invoke(main, ["stats", *source, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_stats_same_from_file_and_store(sample_ttl, sample_store):
    from_file = stats_json("--graph", str(sample_ttl))
    assert from_file == stats_json("--store", str(sample_store))
    assert from_file["coauthorship"]["top"][0]["name"] == "Baolin Peng" and from_file["counts"]["paper"] == 50


def test_viz_from_store(sample_store, tmp_path):
    out = tmp_path / "v.html"
    res = CliRunner().invoke(main, ["viz", "--store", str(sample_store), "--focus", "Baolin Peng", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.is_file() and "Baolin Peng" in out.read_text(encoding="utf-8")


def test_two_sources_is_an_error(sample_ttl, sample_store):
    res = CliRunner().invoke(main, ["stats", "--graph", str(sample_ttl), "--store", str(sample_store)])
    assert res.exit_code == 2 and "only one of" in res.output
