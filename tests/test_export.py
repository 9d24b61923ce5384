"""kg export: every format from every kind of source; rdflib, pyoxigraph, rapper and serdi agree on the
number of triples (or quads) of each format each of them reads."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

#: kg export format -> (suffix, rapper's parser name or None, serdi's syntax name or None, holds quads)
FORMATS = {
    "turtle": (".ttl", "turtle", "turtle", False),
    "ntriples": (".nt", "ntriples", "ntriples", False),
    "nquads": (".nq", "nquads", "nquads", True),
    "trig": (".trig", "trig", "trig", True),
    "jsonld": (".jsonld", None, None, False),
    "rdfxml": (".rdf", "rdfxml", None, False),
}
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld",
          "rdfxml": "xml"}


@pytest.fixture(scope="module")
def layout_store(tmp_path_factory) -> tuple[Path, int, int]:
    """An on-disk store in the build layout (the hand-made papers: quotes, backslashes, blank nodes)."""
    import pyoxigraph as ox

    from conftest import tiny_extractions, tiny_records
    from kg.store.layout import fill, union_count

    d = tmp_path_factory.mktemp("export") / "kgstore"
    store = fill(ox.Store(str(d)), tiny_records(), tiny_extractions())
    store.flush()
    n_quads, n_triples = len(store), union_count(store)
    assert len(list(store.named_graphs())) == 4 + 1  # a graph per paper and the names graph
    del store
    assert n_quads >= n_triples > 100
    return d, n_triples, n_quads


def rdflib_count(path: Path, fmt: str) -> int:
    from rdflib import Dataset, Graph

    if FORMATS[fmt][3]:
        ds = Dataset()
        ds.parse(path, format=RDFLIB[fmt])
        return sum(1 for _ in ds.quads((None, None, None, None)))
    return len(Graph().parse(path, format=RDFLIB[fmt]))


def oxigraph_count(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path)))


def rapper_count(path: Path, name: str) -> int:
    res = subprocess.run(["rapper", "-i", name, "-c", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"returned (\d+) (?:triples|statements)", res.stderr).group(1))


def serdi_count(path: Path, name: str, quads: bool) -> int:
    res = subprocess.run(["serdi", "-i", name, "-o", "nquads" if quads else "ntriples", str(path)],
                         capture_output=True, check=True)
    return sum(1 for line in res.stdout.splitlines() if line.strip())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_tools_agree_on_each_format(layout_store, tmp_path: Path, fmt: str) -> None:
    store, n_triples, n_quads = layout_store
    suffix, rapper, serdi, quads = FORMATS[fmt]
    out = tmp_path / f"g{suffix}"
    r = CliRunner().invoke(main, ["export", str(out), "--store", str(store)])
    assert r.exit_code == 0, r.output
    want = n_quads if quads else n_triples
    assert oxigraph_count(out) == want
    assert rdflib_count(out, fmt) == want
    if rapper is not None:
        if shutil.which("rapper") is None:
            pytest.skip("rapper (Debian raptor2-utils) is not installed")
        assert rapper_count(out, rapper) == want
    if serdi is not None:
        if shutil.which("serdi") is None:
            pytest.skip("serdi (Debian serdi) is not installed")
        assert serdi_count(out, serdi, quads) == want


def test_export_is_deterministic_and_works_from_a_file(layout_store, tmp_path: Path) -> None:
    store, n_triples, _ = layout_store
    runner = CliRunner()
    a, b, c = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "c.nt"
    assert runner.invoke(main, ["export", str(a), "--store", str(store)]).exit_code == 0
    assert runner.invoke(main, ["export", str(b), "--store", str(store)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    r = runner.invoke(main, ["export", str(c), "--graph", str(a)])  # a file is loaded into pyoxigraph
    assert r.exit_code == 0, r.output
    assert oxigraph_count(c) == n_triples


def test_export_errors(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["export", str(tmp_path / "g.xyz"), "--graph", str(tmp_path / "none.ttl")])
    assert r.exit_code == 2 and "unknown RDF format" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["export", str(tmp_path / "g.ttl"), "--graph", str(tmp_path / "none.ttl")])
    assert r.exit_code == 2 and "no such graph file" in r.output
    assert not (tmp_path / "g.ttl").exists() and not list(tmp_path.glob(".*"))
