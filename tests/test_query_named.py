"""Named queries: headers, known answers on a hand-made graph, parameter checks, CLI."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import QueryError
from kg.query.named import bind_params, get_query, list_queries

REQUIRED = {"papers_on_dataset", "papers_using_model", "leaderboard", "papers_proposing", "coauthors", "top_authors",
            "top_orgs", "datasets_by_papers", "papers_per_category_year", "papers_with_code", "orgs_on_task",
            "models_compared_on_dataset", "collaboration_graph", "papers_by_author", "papers_by_org"}


def test_every_query_has_a_header():
    qs = {q.name: q for q in list_queries()}
    assert REQUIRED <= set(qs) and len(qs) >= 12
    for q in qs.values():
        assert q.description and q.example.startswith(f"kg query {q.name}"), q.name
        assert q.form in ("SELECT", "CONSTRUCT"), q.name
        for p in q.params.values():
            assert p.description and not p.description.endswith(")") or "(" in p.description, q.name


def test_header_flags():
    q = get_query("papers_proposing")
    assert q.params["name"].normalised and q.params["name"].optional
    assert q.params["kind"].optional and not q.params["kind"].normalised
    assert get_query("papers_on_dataset").params["dataset"].normalised
    assert str(bind_params(get_query("leaderboard"), {"dataset": "Math-500"})["dataset"]) == "math500"


def titles(rows):
    return [r["title"] for r in rows]


@pytest.mark.parametrize("spelling", ["MATH500", "MATH-500", "math 500", "Math-500"])
def test_dataset_found_under_any_spelling(tiny_graph, spelling):
    rows = kg.run_query(tiny_graph, "papers_on_dataset", dataset=spelling)
    assert titles(rows) == ["Gamma Agents", "Beta Reasoning"]
    assert {r["datasetName"] for r in rows} == {"MATH-500"}


def test_known_answers(tiny_graph):
    g = tiny_graph
    assert titles(kg.run_query(g, "papers_on_dataset", dataset="WebArena")) == ["Beta Reasoning"]
    assert titles(kg.run_query(g, "papers_using_model", model="gpt4")) == ["Beta Reasoning"]
    lb = kg.run_query(g, "leaderboard", dataset="MATH500")
    assert [(r["value"], r["unit"], r["metric"], r["subject"], r["title"]) for r in lb] == [
        (Decimal("85.2"), "%", "accuracy", "GPT-4", "Beta Reasoning"),
        (Decimal("78.5"), "%", "accuracy", "Qwen2.5-7B", "Gamma Agents")]
    props = kg.run_query(g, "papers_proposing")
    assert [(r["proposed"], r["proposalKind"]) for r in props] == [("Alpha Prompting", "framework"),
                                                                    ("GammaNet", "model")]
    assert titles(kg.run_query(g, "papers_proposing", name="gamma-net")) == ["Gamma Agents"]
    assert titles(kg.run_query(g, "papers_proposing", kind="FRAMEWORK")) == ["Alpha Prompting"]
    assert kg.run_query(g, "coauthors", author="ann lee") == [
        {"coauthor": "Bob Stone", "papers": 2}, {"coauthor": "Cy Park", "papers": 1},
        {"coauthor": "Dan O'Neil", "papers": 1}]
    assert kg.run_query(g, "top_authors")[:2] == [{"author": "Ann Lee", "papers": 3},
                                                  {"author": "Bob Stone", "papers": 2}]
    assert kg.run_query(g, "top_orgs") == [{"org": "acme-lab", "papers": 2}, {"org": "uw", "papers": 2}]
    assert kg.run_query(g, "datasets_by_papers") == [
        {"dataset": "MATH-500", "papers": 2}, {"dataset": "MultiWOZ", "papers": 1}, {"dataset": "WebArena", "papers": 1}]
    assert [(r["category"], r["year"], r["papers"]) for r in kg.run_query(g, "papers_per_category_year")] == [
        ("CL", 2023, 1), ("CL", 2024, 1), ("LG", 2024, 1), ("LG", 2025, 1)]
    code = kg.run_query(g, "papers_with_code")
    assert [(r["title"], r["date"], r["url"]) for r in code] == [
        ("Gamma Agents", date(2024, 7, 9), ""), ("Alpha Prompting", date(2023, 2, 22), "https://github.com/x/alpha")]
    assert kg.run_query(g, "orgs_on_task", task="Dialogue-Response Generation") == [
        {"org": "acme-lab", "papers": 2}, {"org": "uw", "papers": 1}]
    assert kg.run_query(g, "models_compared_on_dataset", dataset="math 500") == [
        {"model": "GPT-4", "papers": 1}, {"model": "Qwen2.5-7B", "papers": 1}]
    assert titles(kg.run_query(g, "papers_by_author", author="dan o'neil")) == ["Alpha Prompting"]
    assert titles(kg.run_query(g, "papers_by_org", org="UW")) == ["Gamma Agents", "Beta Reasoning"]
    assert [r["relation"] for r in kg.run_query(g, "paper_facts", title="alpha prompting")] == [
        "addresses task", "evaluated on", "proposes", "uses model", "uses model"]
    assert kg.run_query(g, "entities_by_name", text="gpt") == [
        {"entity": "ChatGPT", "kind": "model", "papers": 1}, {"entity": "GPT-4", "kind": "model", "papers": 1}]


def test_collaboration_graph_is_a_graph(tiny_graph):
    from rdflib import Graph
    from rdflib.namespace import FOAF

    g = kg.sparql(tiny_graph, get_query("collaboration_graph").text.replace("?author", "<https://w3id.org/paperkg/id/person/ann-lee>"))
    assert isinstance(g, Graph)
    rows = kg.run_query(tiny_graph, "collaboration_graph", author="Ann Lee")
    knows = sorted(str(r["o"]).rsplit("/", 1)[1] for r in rows if r["p"] == str(FOAF.knows))
    assert knows == ["bob-stone", "cy-park", "dan-o-neil-e34bfd37"]
    assert len(g) == len(rows) == 7


def test_parameter_errors(tiny_graph):
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        kg.run_query(tiny_graph, "coauthors", author="x", colour="red")
    with pytest.raises(QueryError, match="needs --param author"):
        kg.run_query(tiny_graph, "coauthors")
    with pytest.raises(QueryError, match="no named query"):
        kg.run_query(tiny_graph, "../etc/passwd")


@pytest.fixture()
def tiny_file(tiny_graph, tmp_path):
    from kg.store.export import write_graph

    return str(write_graph(tiny_graph, tmp_path / "g.ttl"))


def test_cli_queries_lists_everything():
    r = CliRunner().invoke(main, ["queries", "-v"])
    assert r.exit_code == 0
    for name in REQUIRED:
        assert name in r.output
    assert "papers_proposing  [--param name=...] [--param kind=...]" in r.output
    assert "(normalised, optional)" in r.output


def test_cli_query_formats(tiny_file):
    run = CliRunner().invoke
    r = run(main, ["query", "papers_on_dataset", "--param", "dataset=math500", "--graph", tiny_file, "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[:2] == ["title,date,datasetName,paper", "Gamma Agents,2024-07-09,MATH-500," +
                                         r.output.splitlines()[1].rsplit(",", 1)[1]]
    r = run(main, ["query", "top_orgs", "--graph", tiny_file, "--format", "json"])
    assert json.loads(r.output) == [{"org": "acme-lab", "papers": 2}, {"org": "uw", "papers": 2}]
    r = run(main, ["query", "top_orgs", "--graph", tiny_file, "--format", "md"])
    assert r.output.splitlines()[0] == "| org | papers |"
    r = run(main, ["query", "top_orgs", "--graph", tiny_file])
    assert "(2 rows)" in r.output
    r = run(main, ["query", "collaboration_graph", "--param", "author=Ann Lee", "--graph", tiny_file])
    assert r.exit_code == 0 and "foaf:knows" in r.output and "@prefix" in r.output


def test_cli_errors_are_one_line(tiny_file):
    run = CliRunner().invoke
    r = run(main, ["query", "coauthors", "--param", "who=x", "--graph", tiny_file])
    assert r.exit_code == 2 and "has no parameter 'who'" in r.output and "Traceback" not in r.output
    r = run(main, ["sparql", "SELECT * WHERE {\n ?s ?p }", "--graph", tiny_file])
    assert r.exit_code == 2 and "syntax error at line 2" in r.output and "Traceback" not in r.output
    r = run(main, ["query", "top_orgs", "--graph", "/nonexistent/g.ttl"])
    assert r.exit_code == 2 and "no such graph file" in r.output


def test_cli_sparql_text_and_file(tiny_file, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/paperkg/Paper> }")
    r = CliRunner().invoke(main, ["sparql", str(rq), "--graph", tiny_file, "--format", "csv"])
    assert r.output.strip() == "n\n4"
    r = CliRunner().invoke(main, ["sparql", "ASK { ?s ?p ?o }", "--graph", tiny_file])
    assert r.output.strip() == "true"
