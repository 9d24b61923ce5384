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


def test_same_focus_view_from_file_store_and_endpoint(sample_graph, sample_store, sample_endpoint):
    """The view is selected with SPARQL, so a file and a store give the same nodes, edges and facts, and an
    endpoint (shared with other tests, which upload more graphs to it) draws the same neighbourhood."""
    import pytest

    pytest.importorskip("pyoxigraph")
    from kg.store.sources import EndpointSource, open_store
    from kg.views.graphview import make_view

    def drawn(source):
        g = make_view(source, focus="Baolin Peng", depth=1).graph
        return (sorted((n, d["type"], d["label"], tuple(map(tuple, d["info"]))) for n, d in g.nodes(data=True)),
                sorted(g.edges(keys=True)))

    want = drawn(sample_graph)
    assert want[0] and want[1]
    assert drawn(open_store(sample_store)) == want
    remote = drawn(EndpointSource(sample_endpoint))
    assert {n for n, *_ in want[0]} <= {n for n, *_ in remote[0]} and set(want[1]) <= set(remote[1])
