"""kg add: idempotent adds, replacement of a changed paper only; build provenance and determinism."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph import ntriples
from kg.graph.triples import build_graph, decimal_literal, paper_iri
from kg.cli import main
from kg.build import add_file
from kg.store.incremental import open_writable
from kg.store.layout import BUILDS_GRAPH, NAMES_GRAPH, paper_graph
from kg.readers import read_papers
from kg.graph.vocab import DCTERMS, PKG, PROV

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "papers.txt"


def graphs(store) -> dict[str, set]:
    out: dict[str, set] = {}
    for q in store:
        out.setdefault(q.graph_name.value, set()).add(q)
    return out


def test_add_is_idempotent_and_replaces_only_the_changed_paper(tmp_path: Path):
    import pyoxigraph as ox

    store_dir = tmp_path / "store"
    first = add_file(SAMPLE, store_dir)
    assert (first.added, first.replaced, first.unchanged) == (50, 0, 0)
    again = add_file(SAMPLE, store_dir)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 50)
    assert again.quads_after == again.quads_before == first.quads_after

    store = open_writable(store_dir)
    before = graphs(store)
    del store
    recs = read_papers(SAMPLE)
    target = recs[5]
    changed = tmp_path / "changed.txt"
    new_abstract = target.abstract.replace("WebXSkill", "WebYSkill", 1)
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace(target.abstract, new_abstract), encoding="utf-8")
    third = add_file(changed, store_dir)
    assert (third.added, third.replaced, third.unchanged) == (0, 1, 49)

    store = open_writable(store_dir)
    after = graphs(store)
    g = str(paper_graph(target))
    touched = {k for k in after if before.get(k) != after[k]}
    # only that paper's graph, its build node and shared labels (the renamed proposal) change
    assert g in touched and touched <= {g, str(BUILDS_GRAPH), str(NAMES_GRAPH)}
    abstract = ox.NamedNode(str(DCTERMS.abstract))
    found = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(str(paper_iri(target))), abstract, None)]
    assert found == [new_abstract]
    hashes = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(PKG.inputHash)), None)}
    assert hashes == {hashlib.sha256(p.read_bytes()).hexdigest() for p in (SAMPLE, changed)}


def test_cli_add(tmp_path: Path):
    runner = CliRunner()
    res = runner.invoke(main, ["add", str(ROOT / "tests/fixtures/papers.jsonl"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert "3 papers added, 0 replaced, 0 unchanged" in res.output
    res = runner.invoke(main, ["add", str(ROOT / "tests/fixtures/papers.csv"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 0 and "0 papers added, 1 replaced, 2 unchanged" in res.output  # abstract 2 differs
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A"}\n', encoding="utf-8")
    res = runner.invoke(main, ["add", str(bad), "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and f"{bad}:1:" in res.output and "Traceback" not in res.output


def _build(out: Path, *extra: str, env: dict[str, str] | None = None) -> bytes:
    e = {**os.environ, "KG_NO_PROGRESS": "1", **(env or {})}
    subprocess.run([sys.executable, "-m", "kg", "build", str(SAMPLE), "-o", str(out), *extra], check=True,
                   env=e, capture_output=True)
    return (out / "graph.ttl").read_bytes()


def test_build_records_provenance_and_stays_byte_identical(tmp_path: Path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    a = _build(tmp_path / "a", env=env)
    assert a == _build(tmp_path / "b", env=env)
    g = Graph().parse(data=a.decode("utf-8"), format="turtle")
    (build,) = list(g.subjects(PKG.inputHash, None))
    assert str(g.value(build, PKG.inputHash)) == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert str(g.value(build, PKG.inputFile)) == "papers.txt"
    assert str(g.value(build, PROV.startedAtTime)).startswith("2023-11-14T22:13:20")
    assert g.value(build, PKG.toolVersion) is not None


def test_build_has_the_triples_of_build_graph_with_canonical_decimals(tmp_path: Path):
    """The store path writes exactly the triples of kg.graph.triples.build_graph, and every
    decimal in its canonical form (no "23.0" in one writer and "23" in another)."""
    from kg.build import extract
    from kg.graph.provenance import build_triples

    data = _build(tmp_path / "a", "--no-html")
    got = Graph().parse(data=data.decode("utf-8"), format="turtle")
    recs = read_papers(SAMPLE)
    ref = build_graph(recs, list(extract(recs)))
    for t in build_triples(SAMPLE):
        ref.add(t)
    assert isomorphic(got, ref)
    decimals = [o for o in got.objects() if isinstance(o, Literal) and o.datatype == XSD.decimal]
    assert decimals and all(str(o) == str(decimal_literal(float(o))) for o in decimals)


def test_ntriples_text_round_trips_through_rdflib():
    recs = read_papers(SAMPLE)
    g = build_graph(recs)
    g.add((URIRef("https://w3id.org/paperkg/id/x"), DCTERMS.title, __import__("rdflib").Literal('q"\\\n\r\té', lang="en")))
    back = Graph().parse(data=ntriples.text(g), format="nt")
    assert isomorphic(back, g)


def test_build_store_then_add_is_idempotent_and_queries_match_the_file(tmp_path: Path):
    runner = CliRunner()
    out, store = tmp_path / "out", tmp_path / "store"
    res = runner.invoke(main, ["build", str(SAMPLE), "-o", str(out), "--store", str(store), "--no-html"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["add", str(SAMPLE), "--store", str(store)])
    assert res.exit_code == 0 and "0 papers added, 0 replaced, 50 unchanged" in res.output, res.output
    for name, params in [("papers_on_dataset", ["--param", "dataset=WebArena"]), ("top_authors", []),
                         ("coauthors", ["--param", "author=Baolin Peng"])]:
        from_file = runner.invoke(main, ["query", name, *params, "--graph", str(out / "graph.ttl"), "--format", "csv"])
        from_store = runner.invoke(main, ["query", name, *params, "--store", str(store), "--format", "csv"])
        assert from_file.exit_code == from_store.exit_code == 0
        assert from_file.output == from_store.output  # no duplicate rows from facts shared by many papers


def test_build_and_add_into_an_empty_store_hold_identical_quads(tmp_path: Path, monkeypatch):
    """One layout for every path: `kg build` of N papers (in memory and with --store) and `kg add`
    of the same N papers into an empty store hold the same quads (1,000 synthetic papers)."""
    import pyoxigraph as ox

    import kg.build
    from kg.build import build

    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    path = synth.write(tmp_path / "synth.txt", 1000, seed=5)
    cache: dict[str, list] = {}
    real = kg.build.extract

    def extract_once(records, **kw):  # the NLP runs once; every path below gets the same extractions
        key = str(records[0].title) if records else ""
        if key not in cache:
            cache[key] = list(real(records, **kw))
        return iter(cache[key])

    monkeypatch.setattr(kg.build, "extract", extract_once)
    assert build(path, tmp_path / "o1", store_dir=tmp_path / "built", html=False).store is None  # none kept in memory
    mem = build(path, tmp_path / "o2", html=False).store
    monkeypatch.setattr(kg.build, "DISK_FROM", 10)  # big inputs go through a temporary on-disk store
    assert build(path, tmp_path / "o3", html=False).store is None
    ttl = [(tmp_path / o / "graph.ttl").read_bytes() for o in ("o1", "o2", "o3")]
    assert ttl[0] == ttl[2]  # on disk: the same bytes (in memory, the same triples in another order)
    def triples(data: bytes) -> set[str]:
        return {str(t) for t in ox.parse(input=data, format=ox.RdfFormat.TURTLE)}

    assert triples(ttl[1]) == triples(ttl[0])
    in_memory = {str(q) for q in mem}
    assert len({q.triple for q in mem}) == len(mem)  # no triple in two graphs: graph.ttl is their concatenation
    add_file(path, tmp_path / "added")
    added = {str(q) for q in ox.Store.read_only(str(tmp_path / "added"))}
    on_disk = {str(q) for q in ox.Store.read_only(str(tmp_path / "built"))}
    assert len(in_memory) > 20_000 and in_memory == added == on_disk
    more = add_file(SAMPLE, tmp_path / "built")  # a store `kg build` made is extended by `kg add`
    assert more.added == 50 and more.quads_after > len(on_disk)
