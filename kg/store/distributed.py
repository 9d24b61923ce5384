"""``kg build --dask``: extract on Dask workers and write N-Triples shards.

The input is read on the client (the listing parser needs the whole file
for its name lexicon), cut into ``partitions`` contiguous slices, and each
slice is sent to a worker, which runs the extractor and returns the slice's
N-Quads text in the store layout (:mod:`kg.store.layout`) and the spellings
of the names it saw. The client writes each shard as
``OUT/shards/part-NNNNN.nq`` when it arrives and loads it into a pyoxigraph
store (in memory, or on disk with ``store_dir``, swapped in when complete),
then ``names.nq`` (labels chosen from all slices' spellings, exactly as
``kg build`` chooses them, plus the ``pkg:Build`` node). The store holds the
same quads as ``kg build`` of the same file; it is written to
``OUT/graph.ttl``, and with ``store_url`` uploaded to a SPARQL 1.1 Graph Store
(:func:`kg.store.endpoint.upload`).

``scheduler`` is ``"local"`` (a ``LocalCluster`` on this machine) or the
address of a running scheduler (``tcp://host:8786``); workers need paperkg
installed but no shared file system.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.graph import ntriples
from kg.graph.lines import DisplayNames
from kg.records import PaperRecord, ParseReport
from kg.store.layout import BUILDS_GRAPH, names_nquads, paper_nquads

_EXTRACTORS: dict[str | None, Any] = {}
#: seconds to wait for the next slice to finish before giving up (workers gone, or none connected)
SLICE_TIMEOUT = 900.0


def _extractor(spacy_model: str | None) -> Any:
    if spacy_model not in _EXTRACTORS:
        from kg.nlp import load_extractor

        _EXTRACTORS[spacy_model] = load_extractor(spacy_model=spacy_model) if spacy_model else load_extractor()
    return _EXTRACTORS[spacy_model]


def extract_slice(records: Sequence[PaperRecord], spacy_model: str | None = None) -> tuple[str, dict[str, dict[str, int]]]:
    """Worker task: the N-Quads text of ``records`` (paper graphs and shared facts) and the name spellings seen."""
    names = DisplayNames()
    parts: list[str] = []
    for rec, ext in zip(records, _extractor(spacy_model).extract_many(records), strict=True):
        parts.extend(paper_nquads(rec, ext, names))
    return "".join(parts), {k: dict(v) for k, v in names.forms.items()}


def finished(futures: Sequence[Any], timeout: float, where: str) -> Any:
    """Yield ``futures`` as they finish, each at most ``timeout`` seconds after the one before;
    raise :class:`~kg.errors.WorkerError` when none finishes in time or a task failed."""
    from distributed import wait

    from kg.errors import WorkerError

    pending = set(futures)
    while pending:
        try:
            done, pending = wait(pending, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            raise WorkerError(f"{where}: no Dask worker finished a slice in {timeout:g} s ({len(pending)} of "
                              f"{len(futures)} slices pending); are the workers running and connected?") from None
        for fut in sorted(done, key=lambda f: str(f.key)):
            if fut.status != "finished":
                exc = fut.exception()
                raise WorkerError(f"{where}: a Dask task failed: {type(exc).__name__}: {exc}") from None
            yield fut


def partition(records: Sequence[PaperRecord], n: int) -> list[Sequence[PaperRecord]]:
    """``n`` contiguous slices of nearly equal size (fewer if there are fewer records)."""
    n = max(1, min(n, len(records)))
    size, extra = divmod(len(records), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(records[start:end])
        start = end
    return [s for s in out if len(s)]


@dataclass
class DaskResult:
    records: list[PaperRecord]
    shards: list[Path]
    n_triples: int
    report: ParseReport
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        wrote = ", ".join(str(p) for p in self.outputs) or "nothing"
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        return (f"{len(self.records)} papers, {self.n_triples} triples in {len(self.shards)} shards"
                f"{skipped}; wrote {wrote}")


def _client(scheduler: str, n_workers: int, processes: bool) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def build_dask(path: str | Path, out_dir: str | Path, *, scheduler: str = "local", partitions: int | None = None,
               n_workers: int = 2, processes: bool = True, fmt: str | None = None, year: int | None = None,
               skip_invalid: bool = False, spacy_model: str | None = None, store_url: str | None = None,
               graph_name: str = "graph.ttl", store_dir: str | Path | None = None,
               timeout: float = SLICE_TIMEOUT) -> DaskResult:
    """Build the graph of ``path`` on Dask (see module docs); give up with :class:`~kg.errors.WorkerError`
    when no slice finishes for ``timeout`` seconds."""
    import pyoxigraph as ox

    from kg.atomic import locked, replace_dir
    from kg.readers import read_papers

    out = Path(out_dir)
    report = ParseReport()
    records = read_papers(path, fmt, year=year, skip_invalid=skip_invalid, report=report)
    if store_dir is None:
        return _run(path, out, records, report, ox.Store(), scheduler, partitions, n_workers, processes,
                    spacy_model, store_url, graph_name, timeout)
    with locked(store_dir), replace_dir(store_dir) as staging:
        result = _run(path, out, records, report, ox.Store(str(staging)), scheduler, partitions, n_workers,
                      processes, spacy_model, store_url, graph_name, timeout)
        import gc

        gc.collect()  # the staged store must be closed before it is swapped in
    return result


def _run(path: str | Path, out: Path, records: list[PaperRecord], report: ParseReport, store: Any, scheduler: str,
         partitions: int | None, n_workers: int, processes: bool, spacy_model: str | None, store_url: str | None,
         graph_name: str, timeout: float) -> DaskResult:
    from kg.atomic import write_atomic
    from kg.graph.provenance import build_triples
    from kg.store.layout import dump_union, load_text, union_count

    shard_dir = out / "shards"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in [*shard_dir.glob("*.nt"), *shard_dir.glob("*.nq")]:
        old.unlink()
    client, cluster = _client(scheduler, n_workers, processes)
    names = DisplayNames()
    shards: list[Path] = []
    try:
        slices = partition(records, partitions or 4 * n_workers)
        futures = client.map(extract_slice, slices, spacy_model=spacy_model, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in finished(futures, timeout, str(path)):
            text, forms = fut.result()
            shard = shard_dir / f"part-{index[fut.key]:05d}.nq"
            write_atomic(shard, text.encode("utf-8"))
            shards.append(shard)
            load_text(store, text, bulk=True)
            for iri, counts in forms.items():
                names.forms.setdefault(iri, Counter()).update(counts)
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    tail = names_nquads(names) + ntriples.text(build_triples(path), BUILDS_GRAPH)
    names_shard = shard_dir / "names.nq"
    write_atomic(names_shard, tail.encode("utf-8"))
    load_text(store, tail, bulk=True)
    store.flush()
    shards = sorted(shards) + [names_shard]
    result = DaskResult(records, shards, union_count(store), report)
    graph = dump_union(store, out / graph_name)
    result.outputs.append(graph)
    if store_url:
        from kg.store.endpoint import upload

        upload(graph, store_url)
        result.outputs.append(Path(store_url))
    return result
