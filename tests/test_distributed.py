"""kg build --dask: a local cluster gives the same triples as the single-process build."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.graph import ntriples
from kg.graph.triples import build_graph
from kg.store.distributed import build_dask, partition
from kg.graph.provenance import build_triples
from kg.readers import read_papers
from kg.store.workflow import extract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def expected_lines(path: Path) -> set[str]:
    recs = read_papers(path)
    g = build_graph(recs, list(extract(recs)))
    return set(ntriples.lines(g)) | set(ntriples.lines(build_triples(path)))


def shard_lines(shards: list[Path]) -> set[str]:
    out: set[str] = set()
    for s in shards:
        out.update(s.read_text(encoding="utf-8").splitlines(keepends=True))
    return out


def test_partition_keeps_order_and_covers_everything():
    items = list(range(10))
    parts = partition(items, 4)
    assert [len(p) for p in parts] == [3, 3, 2, 2] and [x for p in parts for x in p] == items
    assert partition(items[:2], 8) == [[0], [1]]


@pytest.mark.parametrize("n", [50, 1000])
def test_dask_build_has_the_same_triples(tmp_path: Path, n: int):
    import synth

    path = ROOT / "data" / "papers.txt" if n == 50 else synth.write(tmp_path / "synth.txt", n, seed=3)
    res = build_dask(path, tmp_path / "out", n_workers=2, processes=False, partitions=5)
    assert len(res.records) == n and len(res.shards) == 6
    want = expected_lines(path)
    assert shard_lines(res.shards) == want
    assert res.n_triples == len(want)
    import pyoxigraph as ox

    assert len(list(ox.parse(path=str(tmp_path / "out" / "graph.ttl")))) == len(want)
