"""kg build --dask: a local cluster gives the same quads as the single-process build."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.store.distributed import build_dask, partition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def expected_lines(path: Path) -> set[str]:
    """The N-Quads of the single-process build of ``path`` (kg build, in memory)."""
    import pyoxigraph as ox

    store = build(path).store
    return {f"{q}\n" for q in store} if store is not None else set()


def shard_lines(shards: list[Path]) -> set[str]:
    import pyoxigraph as ox

    out: set[str] = set()
    for s in shards:
        out.update(f"{q}\n" for q in ox.parse(path=str(s), format=ox.RdfFormat.N_QUADS))
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
    import pyoxigraph as ox

    triples = set(ox.parse(path=str(tmp_path / "out" / "graph.ttl")))
    assert res.n_triples == len(triples) == len({q.triple for q in ox.parse(path=str(res.shards[0]))} |
                                               {q.triple for s in res.shards for q in ox.parse(path=str(s))})


def test_dask_build_into_a_store_matches_kg_build(tmp_path: Path):
    import pyoxigraph as ox

    path = ROOT / "data" / "papers.txt"
    build_dask(path, tmp_path / "out", n_workers=1, processes=False, partitions=3, store_dir=tmp_path / "st")
    store = ox.Store.read_only(str(tmp_path / "st"))
    assert {f"{q}\n" for q in store} == expected_lines(path)


def test_dask_build_gives_up_when_no_worker_answers(tmp_path: Path):
    """No worker connected (or all gone): a bounded wait and a clear error, not a hang."""
    from kg.errors import WorkerError

    with pytest.raises(WorkerError, match=r"no Dask worker finished a slice in 1 s \(2 of 2 slices pending\)"):
        build_dask(ROOT / "data" / "papers.txt", tmp_path / "out", n_workers=0, processes=False, partitions=2,
                   timeout=1, store_dir=tmp_path / "st")
    assert not (tmp_path / "st").exists()  # no half-built store left


def test_dask_build_reports_a_failed_task(tmp_path: Path, monkeypatch):
    import kg.store.distributed as dist
    from kg.errors import WorkerError

    def broken(records, spacy_model=None):
        raise MemoryError("worker ran out of memory")

    monkeypatch.setattr(dist, "extract_slice", broken)
    with pytest.raises(WorkerError, match="a Dask task failed: MemoryError: worker ran out of memory"):
        build_dask(ROOT / "data" / "papers.txt", tmp_path / "out", n_workers=1, processes=False, partitions=2)
