"""kg.views.analytics and `kg stats` against numbers computed independently from the listing records."""
from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_viz_data import sample_graph, sample_records

from kg.views.analytics import graph_stats, stats_html
from kg.cli import main
from kg.store.export import write_graph
from kg.graph.ids import person_key


@pytest.fixture(scope="module")
def stats():
    return graph_stats(sample_graph())


def hand_coauthors() -> nx.Graph:
    """Co-authorship straight from the listing records (names normalised as paperkg does)."""
    g = nx.Graph()
    for r in sample_records():
        people = sorted({person_key(a) for a in r.authors})
        g.add_nodes_from(people)
        g.add_edges_from(combinations(people, 2))
    return g


def test_baolin_peng_is_the_most_connected_author(stats) -> None:
    hand = hand_coauthors()
    best = stats.most_connected_author
    assert best is not None and best.name == "Baolin Peng"
    assert best.degree == hand.degree("baolin peng") == max(d for _, d in hand.degree())
    assert best.papers == sum("Baolin Peng" in r.authors for r in sample_records())
    assert best.degree_centrality == pytest.approx(best.degree / (hand.number_of_nodes() - 1), abs=1e-6)
    assert best.betweenness == pytest.approx(nx.betweenness_centrality(hand)["baolin peng"], abs=1e-6)


def test_network_figures(stats) -> None:
    hand = hand_coauthors()
    co = stats.coauthorship
    assert (co.authors, co.edges) == (hand.number_of_nodes(), hand.number_of_edges())
    assert co.components == nx.number_connected_components(hand)
    assert co.largest_component == max(len(c) for c in nx.connected_components(hand))
    members = [m for c in co.communities for m in c]
    assert len(members) == len(set(members)) and "Baolin Peng" in members
    assert graph_stats(sample_graph()).coauthorship.communities == co.communities  # fixed seed


def test_counts_and_tops(stats) -> None:
    recs = sample_records()
    assert stats.counts["paper"] == len(recs)
    assert stats.counts["organisation"] == len({person_key(o) for r in recs for o in r.orgs})
    assert stats.top_authors[0].name == "Baolin Peng"
    datasets = {r.name: r.value for r in stats.top_datasets}
    assert datasets["MultiWOZ"] == sum("MultiWOZ" in r.abstract for r in recs)
    assert datasets["ScienceQA"] == 1
    orgs = Counter(person_key(o) for r in recs for o in set(r.orgs))
    assert stats.top_orgs[0].name == "microsoft-research" and stats.top_orgs[0].value == orgs["microsoft-research"]
    pairs = Counter(p for r in recs for p in combinations(sorted({person_key(o) for o in r.orgs}), 2))
    assert {(p.a, p.b): p.papers for p in stats.org_pairs} == dict(pairs)


def test_cli_stats_table_json_html(stats, tmp_path: Path) -> None:
    gfile = write_graph(sample_graph(), tmp_path / "g.ttl")
    r = CliRunner().invoke(main, ["stats", "--graph", str(gfile)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Most connected author: Baolin Peng (")
    assert "## Co-authorship network" in r.output
    r = CliRunner().invoke(main, ["stats", "--graph", str(gfile), "--format", "json", "--html",
                                  str(tmp_path / "s.html")])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output[r.output.index("{"):])
    assert doc["coauthorship"]["top"][0]["name"] == "Baolin Peng"
    assert "<td>Baolin Peng</td>" in (tmp_path / "s.html").read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path / "nope.ttl")])
    assert r.exit_code == 2 and r.output.startswith("Error:")


def test_html_report_escapes() -> None:
    from kg.views.analytics import GraphStats, CoauthorStats, Ranked

    st = GraphStats(1, {"paper": 1}, [Ranked("<script>x</script>", "i", 1)], [], [], [], CoauthorStats(), [])
    page = stats_html(st)
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
