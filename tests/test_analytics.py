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

from kg.views.analytics import graph_stats
from kg.views.stats_page import stats_html
from kg.cli import main
from kg.store.export import write_graph
from kg.graph.ids import person_key
from kg.graph.vocab import PKG
from rdflib import URIRef


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


# ----------------------------------------------------------------- SPARQL aggregates on every source
def _named_graph_store(ttl: Path):
    """The sample in two named graphs that share some triples (as one graph per paper does)."""
    import pyoxigraph as ox

    from kg.store.sources import OxigraphSource

    store = ox.Store()
    triples = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    g1, g2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
    store.extend(ox.Quad(t.subject, t.predicate, t.object, g1) for t in triples)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, g2) for t in triples[::3])
    return OxigraphSource(store, "named")


def test_same_stats_on_every_source(sample_graph, sample_ttl, sample_store) -> None:
    """rdflib graph, file in pyoxigraph, on-disk store, named graphs with shared triples, endpoint: one answer."""
    import threading

    from kg.query.server import ServerConfig, make_server
    from kg.store.sources import EndpointSource, memory_store, open_store

    expected = graph_stats(sample_graph).to_dict()
    assert expected["triples"] == len(sample_graph)
    assert graph_stats(memory_store(sample_ttl)).to_dict() == expected
    assert graph_stats(open_store(sample_store)).to_dict() == expected
    assert graph_stats(_named_graph_store(sample_ttl)).to_dict() == expected
    server = make_server(memory_store(sample_ttl), "127.0.0.1", 0, ServerConfig(timeout=30))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address[:2]
        assert graph_stats(EndpointSource(f"http://{host}:{port}/query")).to_dict() == expected
    finally:
        server.shutdown()
        server.server_close()


def test_rdflib_engine_gives_the_same_answers() -> None:
    from kg.store.sources import MemorySource

    g = sample_graph()
    assert graph_stats(MemorySource(g)).to_dict() == graph_stats(g).to_dict()


def test_type_table_matches_the_views() -> None:
    """The class ranks in stats_node_counts.rq are graphview's CLASS_TYPES, in the same order."""
    import re

    from kg.query.named import get_query
    from kg.views.graphview import CLASS_TYPES

    text = get_query("stats_node_counts").text
    ranks = re.findall(r"\(pkg:(\w+) (\d+)\)", text)
    types = dict(re.findall(r"\((\d+) \"(\w+)\"\)", text))
    assert [(f"https://w3id.org/paperkg/{c}", types[r]) for c, r in ranks] == [(str(c), t) for c, t in CLASS_TYPES]


def test_methods_months_and_leaderboards(stats) -> None:
    recs = sample_records()
    science = sum("ScienceQA" in r.abstract for r in recs)
    assert [(m.name, m.value) for m in stats.top_methods] == [("Chameleon", science)]  # proposed, and a result's subject
    months = Counter((r.date[:7], r.category) for r in recs)
    assert {(m.month, m.category): m.papers for m in stats.papers_per_month} == dict(months)
    assert stats.leaderboards == []  # one ScienceQA value per paper: fewer than two to draw


def test_leaderboards_keep_one_metric_and_unit(sample_graph) -> None:
    st = graph_stats(sample_graph)
    assert st.leaderboards
    results = {str(s) for s in sample_graph.subjects(PKG.dataset, None)}
    for lb in st.leaderboards:
        assert len(lb.points) >= 2 and {(p.metric, p.unit) for p in lb.points} == {(lb.metric, lb.unit)}
        on_dataset = [r for r in results if (URIRef(r), PKG.dataset, URIRef(lb.iri)) in sample_graph
                      and (URIRef(r), PKG.value, None) in sample_graph]
        assert len(lb.points) + lb.others == len(on_dataset)
    counts = [len(lb.points) + lb.others for lb in st.leaderboards]
    assert counts == sorted(counts, reverse=True)


def test_cli_stats_on_a_store_and_bad_input(sample_store, sample_ttl, tmp_path: Path) -> None:
    by_file = CliRunner().invoke(main, ["stats", "--graph", str(sample_ttl)])
    by_store = CliRunner().invoke(main, ["stats", "--store", str(sample_store)])
    assert by_store.exit_code == 0, by_store.output
    assert by_store.output == by_file.output and "## Top methods (by papers)" in by_store.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["stats", "--graph", str(bad)])
    assert r.exit_code != 0 and r.output.startswith("Error:") and "bad.ttl" in r.output
    r = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "empty")])
    assert r.exit_code != 0 and "no pyoxigraph store" in r.output
    r = CliRunner().invoke(main, ["stats", "--graph", str(sample_ttl), "--store", str(sample_store)])
    assert r.exit_code != 0 and "only one" in r.output
