"""One CLI test per defect of issue 13's CLI list (each failed before its fix)."""
from __future__ import annotations

import shutil
from pathlib import Path

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
