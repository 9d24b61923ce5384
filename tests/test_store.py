"""The same named queries on memory (rdflib), an on-disk pyoxigraph store and a real oxigraph endpoint."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

import kg
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.graph.ids import entity_key
from kg.query.named import answer_named, get_query, list_queries
from kg.store.sources import EndpointSource, export_store, open_store, write_store

#: parameters for every named query on the sample (+ hand-made facts on its first three papers)
PARAMS = {
    "coauthors": {"author": "Baolin Peng"},
    "collaboration_graph": {"author": "baolin peng"},
    "datasets_by_papers": {},
    "entities_by_name": {"text": "gpt"},
    "entity": {"entity": "https://w3id.org/paperkg/id/dataset/math500"},
    "explain": {"entity": "https://w3id.org/paperkg/id/dataset/webarena"},
    "leaderboard": {"dataset": "math500"},
    "listing_facts": {"entity": "https://w3id.org/paperkg/id/person/baolin-peng"},
    "models_compared_on_dataset": {"dataset": "MATH 500"},
    "names": {"kind": "dataset"},
    "orgs_on_task": {"task": "dialogue-response generation"},
    "paper_facts": {"title": "Guiding Large Language Models via Directional Stimulus Prompting"},
    "papers_by_author": {"author": "Baolin Peng"},
    "papers_by_org": {"org": "microsoft-research"},
    "papers_on_dataset": {"dataset": "Math-500"},
    "papers_per_category_year": {},
    "papers_proposing": {},
    "papers_using_model": {"model": "GPT4"},
    "papers_with_code": {},
    "top_authors": {},
    "top_orgs": {},
    "stats_dataset_results": {"dataset": "MATH-500"}, "stats_default_triples": {},
    "stats_entity_papers": {"kind": "dataset"}, "stats_node_counts": {}, "stats_org_pairs": {},
    "stats_paper_authors": {}, "stats_papers_per_month": {}, "stats_result_datasets": {}, "stats_triples": {},
}


@pytest.fixture(scope="module")
def sources(sample_graph, sample_store, sample_endpoint):
    return {"memory": sample_graph, "store": open_store(sample_store), "endpoint": EndpointSource(sample_endpoint)}


def test_every_query_has_test_parameters():
    assert set(PARAMS) == {q.name for q in list_queries()}


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(PARAMS))
def test_same_answer_on_every_store(sources, name):
    answers = {k: answer_named(s, name, PARAMS[name]) for k, s in sources.items()}
    mem = answers.pop("memory")
    if mem.kind == "CONSTRUCT":
        assert len(mem.graph) > 0
        for k, a in answers.items():
            assert isomorphic(mem.graph, a.graph), k
        return
    assert mem.rows(), f"{name} returned no rows on the sample"
    ordered = "ORDER BY" in get_query(name).text  # without it, the order of the rows is the engine's
    for k, a in answers.items():
        assert a.vars == mem.vars, k
        assert (a.rows() if ordered else sorted(a.rows(), key=repr)) == \
            (mem.rows() if ordered else sorted(mem.rows(), key=repr)), k


INJECTIONS = ['"} ; DROP ALL ; #', "x' } DROP ALL #", '\\" } } DROP ALL ; #', "Baolin Peng\n} DROP ALL",
              "a\\", '"""', "{ ?s ?p ?o }", "Baolin Peng\" || true || \"", ")) } UNION { ?paper ?p ?o } #"]


def _count(source) -> int:
    return int(kg.sparql(source, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])


@pytest.mark.server
def test_injection_attempts_are_plain_values(sources):
    before = {k: _count(s) for k, s in sources.items()}
    for value in INJECTIONS:
        for k, s in sources.items():
            assert kg.run_query(s, "papers_by_author", author=value) == [], (k, value)
            assert kg.run_query(s, "papers_on_dataset", dataset=value) == [], (k, value)
            every = [] if entity_key(value) else kg.run_query(s, "papers_proposing")  # an empty key: "any"
            assert kg.run_query(s, "papers_proposing", name=value) == every, (k, value)
            with pytest.raises(QueryError, match="must be one of"):  # an enumeration
                kg.run_query(s, "papers_proposing", kind=value)
    assert {k: _count(s) for k, s in sources.items()} == before


@pytest.mark.server
def test_quoted_names_are_found(tiny_graph, tmp_path, oxigraph_server):
    """A value with a quote is matched exactly on every store (bound, not pasted)."""
    from kg.store.export import write_graph
    from kg.store.sources import upload

    f = write_graph(tiny_graph, tmp_path / "tiny.ttl")
    upload(f, f"{oxigraph_server}/store", "https://w3id.org/paperkg/graph/tiny")
    srcs = [tiny_graph, write_store(f, tmp_path / "st"), EndpointSource(f"{oxigraph_server}/query")]
    for s in srcs:
        rows = kg.run_query(s, "papers_by_author", author="Dan O'Neil")
        assert [r["title"] for r in rows] == ["Alpha Prompting"]


def test_store_round_trip_and_reopen(sample_ttl, tmp_path, sample_graph):
    d = tmp_path / "s"
    src = write_store(sample_ttl, d)
    n = len(src.store)
    assert n == len(sample_graph)
    del src
    t = time.perf_counter()
    reopened = open_store(d)  # opens the existing files: no Turtle is parsed
    assert time.perf_counter() - t < 2.0
    assert len(reopened.store) == n
    out = export_store(reopened, tmp_path / "back.nt")
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

    def canon(g: Graph) -> Graph:  # pyoxigraph stores decimals canonically ("9.0" -> "9")
        out = Graph()
        for s_, p_, o_ in g:
            if isinstance(o_, Literal) and o_.datatype == XSD.decimal:
                o_ = Literal(o_.toPython().normalize(), datatype=XSD.decimal)
            out.add((s_, p_, o_))
        return out

    assert isomorphic(canon(Graph().parse(out, format="nt")), canon(sample_graph))


def test_store_errors(tmp_path):
    from kg.graph.triples import new_graph

    with pytest.raises(StoreError, match="no pyoxigraph store"):
        open_store(tmp_path / "nothing")
    with pytest.raises(StoreError, match="only one"):
        kg.load_graph(tmp_path / "g.ttl", store=tmp_path)
    with pytest.raises(QueryError, match="syntax error at line 1, column"):
        write_store(new_graph(), tmp_path / "e").query("SELECT * WHERE { ?s ?p }")


def test_cli_build_store_then_query(tmp_path):
    from conftest import SAMPLE

    d = tmp_path / "kgstore"
    r = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--store", str(d)])
    assert r.exit_code == 0, r.output
    args = ["query", "papers_by_author", "--param", "author=Baolin Peng", "--format", "csv"]
    by_store = CliRunner().invoke(main, [*args, "--store", str(d)])
    by_file = CliRunner().invoke(main, [*args, "--graph", str(tmp_path / "out" / "graph.ttl")])
    assert by_store.exit_code == 0 and by_store.output == by_file.output
    assert len(by_store.output.splitlines()) == 30
    r = CliRunner().invoke(main, ["sparql", "SELECT * WHERE { ?s ?p }", "--store", str(d)])
    assert r.exit_code == 2 and "syntax error at line 1, column 25" in r.output


@pytest.mark.server
def test_cli_load_and_query_endpoint(sample_ttl, oxigraph_server):
    r = CliRunner().invoke(main, ["load", str(sample_ttl), "--store-url", f"{oxigraph_server}/store",
                                  "--graph-iri", "https://w3id.org/paperkg/graph/cli"])
    assert r.exit_code == 0, r.output
    assert "HTTP 20" in r.output
    q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/paperkg/graph/cli> { ?s ?p ?o } }")
    r = CliRunner().invoke(main, ["sparql", q, "--endpoint", f"{oxigraph_server}/query", "--format", "csv"])
    from rdflib import Graph

    assert r.output.split() == ["n", str(len(Graph().parse(sample_ttl)))]
    # a second PUT replaces the named graph instead of adding to it
    CliRunner().invoke(main, ["load", str(sample_ttl), "--store-url", f"{oxigraph_server}/store",
                              "--graph-iri", "https://w3id.org/paperkg/graph/cli"])
    r2 = CliRunner().invoke(main, ["sparql", q, "--endpoint", f"{oxigraph_server}/query", "--format", "csv"])
    assert r2.output == r.output
    r = CliRunner().invoke(main, ["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", f"{oxigraph_server}/query"])
    assert r.exit_code == 2 and "syntax error at line 1" in r.output


def test_unreachable_endpoint_is_a_clean_error():
    from conftest import free_port

    r = CliRunner().invoke(main, ["query", "top_orgs", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert r.exit_code == 2 and "cannot reach endpoint" in r.output


def test_store_with_named_graphs_is_queried_as_union(tiny_graph, tmp_path):
    """Stores filled by `kg add` keep each paper in its own named graph."""
    import pyoxigraph as ox

    from kg.store.sources import OxigraphSource

    st = ox.Store(str(tmp_path / "ng"))
    data = tiny_graph.serialize(format="nt", encoding="utf-8")
    st.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("https://w3id.org/paperkg/id/graph/x"))
    src = OxigraphSource(st)
    assert src.union
    assert [r["title"] for r in kg.run_query(src, "papers_on_dataset", dataset="webarena")] == ["Beta Reasoning"]
