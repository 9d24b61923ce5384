"""``kg build --dask``: extract on Dask workers and write N-Triples shards.

The input is read on the client (the listing parser needs the whole file
for its name lexicon), cut into ``partitions`` contiguous slices, and each
slice is sent to a worker, which runs the extractor and returns the slice's
N-Triples text and the spellings of the names it saw. The client writes
each shard as ``OUT/shards/part-NNNNN.nt`` when it arrives, then
``names.nt`` (labels chosen from all slices' spellings, exactly as
:func:`kg.graph.triples.build_graph` chooses them, plus the ``pkg:Build`` node).
The union of the shards is the graph of the single-process build; it is
also loaded into pyoxigraph and written to ``OUT/graph.ttl``, and with
``store_url`` uploaded to a SPARQL 1.1 Graph Store (``kg.store.sources.upload``).

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
from kg.graph.triples import DisplayNames, entity_triples, paper_triples
from kg.records import PaperRecord, ParseReport

_EXTRACTORS: dict[str | None, Any] = {}


def _extractor(spacy_model: str | None) -> Any:
    if spacy_model not in _EXTRACTORS:
        from kg.nlp import load_extractor

        _EXTRACTORS[spacy_model] = load_extractor(spacy_model=spacy_model) if spacy_model else load_extractor()
    return _EXTRACTORS[spacy_model]


def extract_slice(records: Sequence[PaperRecord], spacy_model: str | None = None) -> tuple[str, dict[str, dict[str, int]]]:
    """Worker task: the N-Triples text of ``records`` and the name spellings seen."""
    names = DisplayNames()
    parts: list[str] = []
    for rec, ext in zip(records, _extractor(spacy_model).extract_many(records), strict=True):
        names.add_paper(rec, ext)
        parts.extend(ntriples.lines(paper_triples(rec, ext)))
    return "".join(parts), {str(k): dict(v) for k, v in names.forms.items()}


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
               graph_name: str = "graph.ttl") -> DaskResult:
    """Build the graph of ``path`` on Dask (see module docs)."""
    from distributed import as_completed

    from kg.atomic import write_atomic
    from kg.graph.provenance import build_triples
    from kg.readers import read_papers
    from kg.store.streaming import write_store_graph

    import pyoxigraph as ox

    out = Path(out_dir)
    report = ParseReport()
    records = read_papers(path, fmt, year=year, skip_invalid=skip_invalid, report=report)
    shard_dir = out / "shards"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("*.nt"):
        old.unlink()
    client, cluster = _client(scheduler, n_workers, processes)
    names = DisplayNames()
    shards: list[Path] = []
    store = ox.Store()
    try:
        slices = partition(records, partitions or 4 * n_workers)
        futures = client.map(extract_slice, slices, spacy_model=spacy_model, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            text, forms = fut.result()
            shard = shard_dir / f"part-{index[fut.key]:05d}.nt"
            write_atomic(shard, text.encode("utf-8"))
            shards.append(shard)
            store.extend(ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            for iri, counts in forms.items():
                names.forms.setdefault(ntriples.URIRef(iri), Counter()).update(counts)
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    tail = ntriples.text(entity_triples(names)) + ntriples.text(build_triples(path))
    names_shard = shard_dir / "names.nt"
    write_atomic(names_shard, tail.encode("utf-8"))
    store.extend(ox.parse(input=tail.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    shards = sorted(shards) + [names_shard]
    result = DaskResult(records, shards, len(store), report)
    graph = write_store_graph(store, out / graph_name)
    result.outputs.append(graph)
    if store_url:
        from kg.store.sources import upload

        upload(graph, store_url)
        result.outputs.append(Path(store_url))
    return result
