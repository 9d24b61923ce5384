"""One CLI test per defect of issue 13's CLI list (each failed before its fix)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROPOSING_KINDS = "method, model, dataset, benchmark, framework, system, metric"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


# ----------------------------------------------------------------- kg validate
def test_validate_default_path_is_resolved_against_the_current_folder(sample_ttl, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    shutil.copy(sample_ttl, tmp_path / "out" / "graph.ttl")  # ../out/graph.ttl exists ...
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # ... but ./out/graph.ttl does not
    res = run("validate")
    assert res.exit_code == 2, res.output
    assert "Error: out/graph.ttl: no such graph file" in res.stderr
    assert str(tmp_path) not in res.stderr  # names the path the user gave, not another one
    monkeypatch.chdir(tmp_path)
    res = run("validate")
    assert res.exit_code == 0 and "out/graph.ttl: valid" in res.stdout


# ----------------------------------------------------------------- kg sparql
def test_sparql_missing_file_says_so(sample_ttl, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("sparql", "nofile.rq", "--graph", sample_ttl)
    assert res.exit_code == 2
    assert "nofile.rq: no such file" in res.stderr and "syntax error" not in res.stderr
    res = run("sparql", tmp_path, "--graph", sample_ttl)
    assert res.exit_code == 2 and "is a folder" in res.stderr


def test_sparql_updates_are_refused_as_read_only(sample_ttl, tmp_path):
    for text in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                 "PREFIX x: <urn:x:>\nDELETE WHERE { ?s ?p ?o }",
                 "LOAD <http://example.org/data.ttl>"):
        res = run("sparql", text, "--graph", sample_ttl)
        assert res.exit_code == 2, text
        assert "updates are not allowed (read-only)" in res.stderr and "syntax error" not in res.stderr
    f = tmp_path / "drop.rq"
    f.write_text("# drops everything\nDROP ALL\n")
    res = run("sparql", f, "--graph", sample_ttl)
    assert res.exit_code == 2 and "read-only" in res.stderr and "DROP at line 2" in res.stderr


def _param_query(tmp_path: Path) -> Path:
    f = tmp_path / "on_dataset.rq"
    f.write_text("# Titles of papers evaluated on a dataset.\n"
                 "# Parameters:\n"
                 "#   dataset: the dataset's name in any spelling (normalised)\n"
                 "PREFIX pkg: <https://w3id.org/paperkg/>\n"
                 "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                 "SELECT ?title WHERE { ?d pkg:key ?dataset . ?p pkg:evaluatedOn ?d ; dcterms:title ?title }\n"
                 "ORDER BY ?title\n", encoding="utf-8")
    return f


def test_sparql_file_with_a_declared_parameter_requires_it(sample_ttl, tmp_path):
    f = _param_query(tmp_path)
    res = run("sparql", f, "--graph", sample_ttl)
    assert res.exit_code == 2
    assert "needs --param dataset=VALUE" in res.stderr and "on_dataset.rq" in res.stderr


def test_sparql_param_is_bound_on_file_and_store(sample_ttl, sample_store, tmp_path):
    f = _param_query(tmp_path)
    named = run("query", "papers_on_dataset", "--param", "dataset=WebArena", "--format", "csv", "--graph", sample_ttl)
    titles = sorted(line.rsplit(",", 3)[0].strip('"') for line in named.stdout.splitlines()[1:])
    assert "WebXSkill: Skill Learning for Autonomous Web Agents" in titles
    for src in (["--graph", sample_ttl], ["--store", sample_store]):
        res = run("sparql", f, "--param", "dataset=web-arena", "--format", "csv", *src)
        assert res.exit_code == 0, res.output
        lines = res.stdout.splitlines()
        assert lines[0] == "title"
        assert sorted(t.strip('"') for t in lines[1:]) == titles  # rdflib and pyoxigraph agree with kg query
    res = run("sparql", f, "--param", "dataset=web-arena", "--param", "year=2024", "--graph", sample_ttl)
    assert res.exit_code == 2 and "no parameter 'year'" in res.stderr


def test_sparql_param_binds_a_variable_of_query_text_never_pasted(sample_ttl):
    q = "SELECT ?p WHERE { ?p <http://purl.org/dc/terms/title> ?t }"
    title = "Guiding Large Language Models via Directional Stimulus Prompting"
    res = run("sparql", q, "--param", f"t={title}", "--format", "csv", "--graph", sample_ttl)
    assert res.exit_code == 0, res.output
    assert len(res.stdout.splitlines()) == 2 and res.stdout.startswith("p\nhttps://w3id.org/paperkg/id/paper/")
    evil = '" } ?p ?x ?y . FILTER("1"="1'
    res = run("sparql", q, "--param", f"t={evil}", "--format", "csv", "--graph", sample_ttl)
    assert res.exit_code == 0 and res.stdout.strip() == "p"  # bound as a string: no rows, no injection
    res = run("sparql", q, "--param", "x=1", "--graph", sample_ttl)
    assert res.exit_code == 2 and "no variable ?x" in res.stderr


# ----------------------------------------------------------------- enumerations
def test_enumeration_parameter_lists_its_valid_values(sample_ttl):
    res = run("query", "papers_proposing", "--param", "kind=banana", "--graph", sample_ttl)
    assert res.exit_code == 2
    assert f"must be one of {PROPOSING_KINDS}; got 'banana'" in res.stderr
    res = run("query", "papers_proposing", "--param", "kind=Framework", "--format", "csv", "--graph", sample_ttl)
    assert res.exit_code == 0 and len(res.stdout.splitlines()) > 1
    # any case is accepted and passed on as the query spells it
    lower = run("query", "stats_entity_papers", "--param", "kind=dataset", "--format", "csv", "--graph", sample_ttl)
    upper = run("query", "stats_entity_papers", "--param", "kind=DataSet", "--format", "csv", "--graph", sample_ttl)
    assert lower.exit_code == 0 and len(lower.stdout.splitlines()) > 1
    assert upper.stdout == lower.stdout


# ----------------------------------------------------------------- help texts
def test_top_level_help_shows_whole_descriptions():
    res = run("--help")
    assert res.exit_code == 0
    listing = " ".join(res.stdout.split("Commands:", 1)[1].split())
    for name, cmd in main.commands.items():
        first = " ".join(cmd.help.split("\n\n")[0].split())
        assert f"{name} {first}" in listing, name
    assert "..." not in listing


def test_extract_and_eval_help_point_to_shipped_docs():
    for cmd in ("extract", "eval"):
        res = run(cmd, "--help")
        assert res.exit_code == 0
        assert "GUIDE.md" not in res.stdout and "docs/eval.md" in res.stdout
    assert (ROOT / "docs" / "eval.md").is_file()


# ----------------------------------------------------------------- --skip-invalid
BAD_LISTING = "XXnot a meta line\nTitle Ann Lee\nAbstract.\nYYneither\nTitle Bob Stone\nAbstract.\n"


def test_skip_invalid_with_no_valid_record_is_an_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD_LISTING, encoding="utf-8")
    out = tmp_path / "out"
    res = run("build", bad, "-o", out, "--skip-invalid", "--no-html")
    assert res.exit_code == 2, res.output
    assert f"{bad}: no valid record" in res.stderr and f"{bad}:1: found" in res.stderr
    assert not out.exists()  # nothing written
    res = run("extract", bad, "--skip-invalid")
    assert res.exit_code == 2 and "no valid record" in res.stderr and res.stdout == ""
    res = run("add", bad, "--store", tmp_path / "store", "--skip-invalid")
    assert res.exit_code == 2 and "no valid record" in res.stderr


# ----------------------------------------------------------------- kg explain
ABSTRACT = ("We propose ZetaNet, a sparse model. ZetaNet reaches 81.5% accuracy on FooBench, "
            "beating GPT-4 by 3.2 points. Results on Foo-Bench hold across seeds.")


def _span(text: str, sentence: str, component: str, conf: float, nth: int = 0):
    from kg.records import Span

    start = -1
    for _ in range(nth + 1):
        start = ABSTRACT.index(text, start + 1)
    return Span(start, start + len(text), sentence, component, conf)


def explain_graph():
    """One hand-made paper whose facts, sentences and offsets are known exactly."""
    from kg.graph.triples import build_graph
    from kg.records import Extraction, Mention, PaperRecord, Proposal, Result

    s1, s2, s3 = "We propose ZetaNet, a sparse model.", \
        "ZetaNet reaches 81.5% accuracy on FooBench, beating GPT-4 by 3.2 points.", \
        "Results on Foo-Bench hold across seeds."
    rec = PaperRecord(1, "CL", "2025-03-04", False, "ZetaNet: Sparse Models", ("Ann Lee", "Bob Stone"), False,
                      ("acme-lab",), ABSTRACT)
    ext = Extraction(
        mentions=(Mention("FooBench", "dataset", _span("FooBench", s2, "paperkg_gazetteer", 0.9)),
                  Mention("Foo-Bench", "dataset", _span("Foo-Bench", s3, "paperkg_shapes", 0.6)),
                  Mention("GPT-4", "model", _span("GPT-4", s2, "paperkg_context", 0.8), compared=True),
                  Mention("accuracy", "metric", _span("accuracy", s2, "paperkg_gazetteer", 0.9))),
        proposed=(Proposal("ZetaNet", "model", _span("ZetaNet", s1, "paperkg_contributions", 0.9)),),
        results=(Result(81.5, "%", "absolute", "81.5% accuracy", "ZetaNet", "FooBench", "accuracy",
                        _span("81.5%", s2, "paperkg_results", 0.7)),))
    return build_graph([rec], [ext])


@pytest.fixture(scope="module")
def explain_ttl(tmp_path_factory) -> Path:
    from kg.store.export import write_graph

    return write_graph(explain_graph(), tmp_path_factory.mktemp("explain") / "graph.ttl")


@pytest.fixture(scope="module")
def explain_store(explain_ttl, tmp_path_factory) -> Path:
    from kg.store.sources import write_store

    d = tmp_path_factory.mktemp("explain-store") / "st"
    write_store(explain_ttl, d).store.flush()
    return d


EXPECTED_FOOBENCH = """\
FooBench  (dataset, https://w3id.org/paperkg/id/dataset/foobench)
other spellings: Foo-Bench
3 facts from 1 paper

2025-03-04  ZetaNet: Sparse Models  <{paper}>
  reports result 81.5% accuracy on FooBench by ZetaNet (absolute)  (paperkg_results, confidence 0.7)
    ZetaNet reaches [81.5%] accuracy on FooBench, beating GPT-4 by 3.2 points.
  evaluated on FooBench  (paperkg_gazetteer, confidence 0.9)
    ZetaNet reaches 81.5% accuracy on [FooBench], beating GPT-4 by 3.2 points.
  evaluated on FooBench  (paperkg_shapes, confidence 0.6)
    Results on [Foo-Bench] hold across seeds.
"""


def test_explain_entity_lists_each_fact_with_its_evidence(explain_ttl, explain_store):
    for src in (["--graph", explain_ttl], ["--store", explain_store]):
        for name in ("FooBench", "foo bench", "https://w3id.org/paperkg/id/dataset/foobench"):
            res = run("explain", name, *src)
            assert res.exit_code == 0, res.output
            paper = res.stdout.split("<", 1)[1].split(">", 1)[0]
            assert res.stdout == EXPECTED_FOOBENCH.format(paper=paper), (src, name)


def test_explain_paper_by_title_with_listing_facts(explain_ttl):
    res = run("explain", "zetanet: sparse models", "--graph", explain_ttl)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.startswith("ZetaNet: Sparse Models  (paper, https://w3id.org/paperkg/id/paper/")
    assert "  written by Ann Lee  (from the listing)\n" in out
    assert "  from organisation acme-lab  (from the listing)\n" in out
    assert ("  proposes ZetaNet  (paperkg_contributions, confidence 0.9)\n"
            "    We propose [ZetaNet], a sparse model.\n") in out
    assert ("  uses model GPT-4  (paperkg_context, confidence 0.8)\n"
            "    ZetaNet reaches 81.5% accuracy on FooBench, beating [GPT-4] by 3.2 points.\n") in out
    assert "  reports metric accuracy  (paperkg_gazetteer, confidence 0.9)\n" in out
    assert "\n9 facts\n" in out  # 2 authors, 1 organisation, 1 proposal, 4 mentions, 1 result


def test_explain_json_and_person(explain_ttl):
    import json

    res = run("explain", "ann lee", "--graph", explain_ttl, "--format", "json")
    assert res.exit_code == 0, res.output
    [ex] = json.loads(res.stdout)
    assert ex["kind"] == "person" and ex["name"] == "Ann Lee"
    assert [(f["relation"], f["title"]) for f in ex["facts"]] == [("written by", "ZetaNet: Sparse Models")]
    res = run("explain", "FooBench", "--graph", explain_ttl, "--format", "json")
    facts = json.loads(res.stdout)[0]["facts"]
    assert [(f["span"], f["component"], f["confidence"]) for f in facts] == [
        ("81.5%", "paperkg_results", 0.7), ("FooBench", "paperkg_gazetteer", 0.9),
        ("Foo-Bench", "paperkg_shapes", 0.6)]  # in the order of the abstract


def test_explain_marks_the_span_in_bold_on_a_terminal():
    from kg.cli.explain_cmd import format_explanation
    from kg.query.explain import Explanation, Fact

    f = Fact("urn:p", "T", "2025-01-01", "dataset", "urn:d", "FooBench", "Scores on FooBench rise.", 10, 18,
             "paperkg_gazetteer", 0.9)
    ex = Explanation("urn:d", "FooBench", "dataset", facts=[f])
    assert "    Scores on [FooBench] rise." in format_explanation(ex)
    assert "    Scores on \x1b[1m\x1b[4mFooBench\x1b[0m rise." in format_explanation(ex, bold=True)


def test_explain_unknown_name_suggests_close_ones(explain_ttl):
    res = run("explain", "FooBanch", "--graph", explain_ttl)
    assert res.exit_code == 2
    assert "nothing named 'FooBanch' in the graph; did you mean 'FooBench'" in res.stderr
    res = run("explain", "https://w3id.org/paperkg/id/dataset/nothing", "--graph", explain_ttl)
    assert res.exit_code == 2 and "nothing is known about <https://w3id.org/paperkg/id/dataset/nothing>" in res.stderr
    res = run("explain", "acme-lab", "--graph", explain_ttl)
    assert res.stdout.startswith("acme-lab  (organisation, https://w3id.org/paperkg/id/org/acme-lab)\n1 fact ")


def test_explain_named_query_on_the_sample(sample_ttl, sample_store):
    """The named query behind `kg explain`: the same rows from rdflib and pyoxigraph, spans in their sentences."""
    import kg

    iri = "https://w3id.org/paperkg/id/dataset/webarena"
    answers = [kg.run_query(s, "explain", entity=iri) for s in (kg.load_graph(sample_ttl),
                                                                 kg.load_graph(store=sample_store))]
    assert answers[0] == answers[1]
    titles = {r["title"] for r in answers[0]}
    assert "WebXSkill: Skill Learning for Autonomous Web Agents" in titles
    real = [r for r in answers[0] if r["component"] != "test"]
    assert real and all(r["sentence"][r["from"]:r["to"]] == r["span"] for r in real)
    res = run("explain", "WebArena", "--store", sample_store)
    assert res.exit_code == 0
    assert "On [WebArena] and WebVoyager, WebXSkill improves" in res.stdout


# ----------------------------------------------------------------- hints
def test_no_rows_for_an_unknown_name_gives_close_matches(sample_ttl, sample_store):
    for src in (["--graph", sample_ttl], ["--store", sample_store]):
        res = run("query", "papers_on_dataset", "--param", "dataset=WebArenaa", *src)
        assert res.exit_code == 0 and "(0 rows)" in res.stdout
        assert "hint: no dataset named 'WebArenaa'; did you mean 'WebArena'?" in res.stderr
    res = run("query", "coauthors", "--param", "author=Baolin Pen", "--graph", sample_ttl)
    assert "hint: no person named 'Baolin Pen'; did you mean 'Baolin Peng'?" in res.stderr
    res = run("query", "papers_on_dataset", "--param", "dataset=web-arena", "--graph", sample_ttl)
    assert res.stderr == ""  # a match in another spelling: rows, no hint


def test_no_hint_when_the_entity_exists(tmp_path, explain_ttl):
    # GPT-4 is a model of the graph but no paper is evaluated on a dataset named so
    res = run("query", "papers_using_model", "--param", "model=gpt 4", "--graph", explain_ttl)
    assert res.exit_code == 0 and "ZetaNet" in res.stdout and res.stderr == ""
    res = run("query", "papers_on_dataset", "--param", "dataset=qqqqzzzz", "--graph", explain_ttl)
    assert "hint: no dataset named 'qqqqzzzz'; `kg query names --param kind=dataset` lists them" in res.stderr
