"""kg validate: the shapes compiled to SPARQL find exactly what pySHACL finds, on any source."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.cli import main
from kg.graph.validate import compile_shapes, validate_graph, validate_source
from kg.graph.vocab import DCTERMS, FOAF, PKG
from kg.store.export import graph_store
from kg.store.sources import OxigraphSource


def broken(tiny_graph):
    """The hand-made graph with one violation of most constraint kinds."""
    g = tiny_graph.__class__()
    for t in tiny_graph:
        g.add(t)
    paper = next(iter(sorted(g.subjects(RDF.type, PKG.Paper))))
    g.remove((paper, DCTERMS.title, None))  # minCount
    g.add((paper, DCTERMS.issued, Literal("2024-01-01", datatype=XSD.date)))  # maxCount (a second date)
    g.add((paper, PKG.hasCode, Literal("yes")))  # datatype, and maxCount
    person = next(iter(sorted(g.subjects(RDF.type, PKG.Person))))
    g.remove((person, FOAF.name, None))  # minCount on people
    result = next(iter(sorted(g.subjects(RDF.type, PKG.Result))))
    g.set((result, PKG.unit, Literal("km")))  # sh:in
    mention = next(iter(sorted(g.subjects(RDF.type, PKG.Mention))))
    g.set((mention, PKG.confidence, Literal(Decimal("1.5"))))  # maxInclusive
    g.set((mention, PKG.startChar, Literal(-3)))  # minInclusive
    g.add((paper, PKG.evaluatedOn, URIRef("https://w3id.org/paperkg/id/dataset/untyped")))  # sh:class
    g.add((paper, DCTERMS.creator, BNode("nobody")))  # sh:class on a blank node
    return g


def key(v):
    return (v.focus, v.constraint, v.value)


def test_sparql_checks_find_what_pyshacl_finds(tiny_graph):
    g = broken(tiny_graph)
    ref = validate_graph(g)
    got = validate_source(OxigraphSource(graph_store(g)))
    assert not ref.conforms and not got.conforms
    assert {v.constraint for v in got.results} >= {"minCount", "maxCount", "datatype", "in", "minInclusive",
                                                    "maxInclusive", "class"}
    assert sorted(map(key, got.results)) == sorted(map(key, ref.results))


def test_a_valid_graph_passes_both(tiny_graph):
    assert validate_graph(tiny_graph).conforms
    assert validate_source(OxigraphSource(graph_store(tiny_graph))).conforms
    assert len(compile_shapes()) > 50


def test_cli_validate_on_file_and_store(tiny_graph, tmp_path: Path, sample_store):
    from kg.store.export import write_graph

    good, bad = write_graph(tiny_graph, tmp_path / "good.ttl"), write_graph(broken(tiny_graph), tmp_path / "bad.nt")
    runner = CliRunner()
    r = runner.invoke(main, ["validate", str(good)])
    assert r.exit_code == 0 and "valid" in r.output
    r = runner.invoke(main, ["validate", "--store", str(sample_store)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["validate", "--graph", str(bad)])
    assert r.exit_code == 1 and "violation(s)" in r.output and "minCount" in r.output
    r = runner.invoke(main, ["validate", "--engine", "pyshacl", str(bad)])
    assert r.exit_code == 1
    r = runner.invoke(main, ["validate", str(tmp_path / "missing.ttl")])
    assert r.exit_code == 2 and "no such graph file" in r.output and "Traceback" not in r.output
