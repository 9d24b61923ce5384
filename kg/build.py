"""The jobs the CLI and library users run end to end: read -> extract -> store -> write.

``kg build`` and ``kg add`` take one path for every size: each paper's triples
are produced once and written, as N-Quads, into a pyoxigraph store in the
layout of :mod:`kg.store.layout` (in memory by default, on disk with
``store_dir``); ``graph.ttl`` is the union of that store written by
pyoxigraph. An on-disk store is built beside the old one and swapped in
(:func:`kg.atomic.replace_dir`), so a failed or killed build leaves the old
store; ``kg add`` applies a file's papers to a copy of the store (hard links,
cheap) and swaps it in the same way, so a kill leaves the old state or the new.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.progress import progress, stage
from kg.readers.listing import DEFAULT_YEAR
from kg.records import Extraction, PaperRecord, ParseReport
from kg.store.incremental import AddResult

Reader = Callable[..., list[PaperRecord]]
#: from this many papers on, a build without ``store_dir`` keeps its store in a temporary folder on disk
#: (about 85 bytes of memory per triple instead of about 400) and removes it at the end
DISK_FROM = 30_000
#: from this many papers on, a build extracts in one worker process while this process fills the
#: store (the two overlap on a second core; below it, starting the worker costs more than it saves)
WORKER_FROM = 2_000
#: the temporary store folder of such a build: ``<tmp>/kg-build-<pid>-<random>``
TEMP_PREFIX = "kg-build-"


@dataclass
class BuildResult:
    records: list[PaperRecord]
    report: ParseReport
    n_triples: int = 0
    #: the in-memory pyoxigraph store of the build (None when the build went to ``store_dir``)
    store: Any = None
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        wrote = ", ".join(str(p) for p in self.outputs) or "nothing"
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        notes = "".join(f" ({n})" for n in self.notes)
        return f"{len(self.records)} papers, {self.n_triples} triples{skipped}; wrote {wrote}{notes}"


def read_papers(path: str | Path, *, year: int | None = DEFAULT_YEAR, skip_invalid: bool = False,
                report: ParseReport | None = None, fmt: str | None = None) -> list[PaperRecord]:
    """Read paper records from ``path`` with the reader chosen by ``fmt`` or the file extension."""
    from kg.readers import read_papers as _read

    return _read(path, fmt, year=year, skip_invalid=skip_invalid, report=report)


def extract(records: list[PaperRecord], *, spacy_model: str | None = None,
            n_process: int = 1, in_worker: bool = False) -> Iterator[Extraction]:
    """Run the extraction pipeline over ``records`` (one :class:`Extraction` per record, streamed).

    ``in_worker``: extract in a worker process even with ``n_process=1`` (see :data:`WORKER_FROM`).
    """
    from kg.nlp import load_extractor

    extractor = load_extractor(spacy_model=spacy_model) if spacy_model else load_extractor()
    kwargs: dict[str, Any] = {}
    if n_process != 1:
        kwargs["n_process"] = n_process
    if in_worker:
        kwargs["in_worker"] = True
    yield from progress(extractor.extract_many(records, **kwargs), total=len(records), desc="extracting")


def build(path: str | Path, out_dir: str | Path | None = None, *, year: int = DEFAULT_YEAR,
          skip_invalid: bool = False, fmt: str | None = None, spacy_model: str | None = None,
          graph_name: str = "graph.ttl", n_process: int = 1, html: bool = True,
          store_dir: str | Path | None = None) -> BuildResult:
    """Read ``path``, extract, fill a store in the common layout and (with ``out_dir``) write
    ``out_dir/graph.ttl`` and ``out_dir/graph.html`` together.

    ``store_dir``: build an on-disk store there instead of in memory, replacing the old one
    only once the new one is complete. Without it, inputs of :data:`DISK_FROM` papers or more
    are built in a temporary on-disk store (removed at the end), so memory stays bounded.
    """
    from kg.graph.provenance import build_triples

    report = ParseReport()
    with stage(f"reading {path}"):
        records = read_papers(path, year=year, skip_invalid=skip_invalid, report=report, fmt=fmt)
    result = BuildResult(records, report)
    exts = extract(records, spacy_model=spacy_model, n_process=n_process,
                   in_worker=len(records) >= WORKER_FROM)
    if store_dir is None and len(records) >= DISK_FROM:
        import os
        import tempfile

        remove_stale_stores()
        with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
            _build_on_disk(result, Path(tmp) / "store", exts, build_triples(path), out_dir, graph_name, html)
        result.notes = [f"{len(records)} papers: built in a temporary on-disk store; keep one with --store DIR"]
        return result
    if store_dir is None:
        import pyoxigraph as ox

        from kg.store.layout import fill

        store = fill(ox.Store(), records, exts, build_triples(path), bulk=True)
        result.store = store
        _finish(result, store, out_dir, graph_name, html)
        return result
    return _build_on_disk(result, Path(store_dir), exts, build_triples(path), out_dir, graph_name, html)


def remove_stale_stores() -> None:
    """Remove the temporary stores of builds that were killed (their process is gone): a killed
    process cannot remove its own, and a 100k store takes gigabytes."""
    import re
    import shutil
    import tempfile

    from kg.atomic import _alive

    for d in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        m = re.fullmatch(rf"{TEMP_PREFIX}(\d+)-\w+", d.name)
        if m and d.is_dir() and not _alive(int(m.group(1))):
            shutil.rmtree(d, ignore_errors=True)


def _build_on_disk(result: BuildResult, store_dir: Path, exts: Iterator[Extraction], build_node: Any,
                   out_dir: str | Path | None, graph_name: str, html: bool) -> BuildResult:
    import pyoxigraph as ox

    from kg.atomic import locked, replace_dir
    from kg.store.incremental import open_writable, release
    from kg.store.layout import fill

    if store_dir.exists() and not store_dir.is_dir():
        from kg.errors import StoreError

        raise StoreError(f"{store_dir}: not a directory; give the folder of a pyoxigraph store")
    with locked(store_dir), replace_dir(store_dir) as staging:
        store = fill(ox.Store(str(staging)), result.records, exts, build_node, bulk=True)
        with stage("optimising the store"):
            store.flush()
            store.optimize()
        _finish(result, store, out_dir, graph_name, html)
        del store
        release()
    open_writable(store_dir)  # opens (and so checks) the new store
    result.notes.append(f"store {store_dir}: {result.n_triples} triples, one graph per paper; "
                        "`kg add` extends it")
    return result


def _finish(result: BuildResult, store: Any, out_dir: str | Path | None, graph_name: str, html: bool) -> None:
    """Count the triples and write graph.ttl (and graph.html) as one set."""
    from kg.store.layout import union_count

    result.n_triples = union_count(store)
    if out_dir is None:
        return
    out = Path(out_dir)
    files = [out / graph_name] + ([out / "graph.html"] if html else [])
    write_outputs(store, files, result.n_triples)
    result.outputs.extend(files)


def write_outputs(store: Any, files: list[Path], n_triples: int | None = None) -> None:
    """Write ``files[0]`` (the graph, format by suffix) and ``files[1]`` (graph.html, if given) together
    (on a terminal with a bar over the ``n_triples`` triples, then a line while the page is made)."""
    from kg.atomic import atomic_paths
    from kg.store.layout import rdf_format, write_to

    def watch(triples: Iterator[Any]) -> Iterator[Any]:
        return progress(triples, total=n_triples, desc=f"writing {files[0].name}", unit="triple")

    with atomic_paths(*files) as tmps:
        write_to(store, tmps[0], rdf_format(files[0]), watch)
        if len(files) > 1:
            with stage(f"writing {files[1].name}"):
                write_page(store, tmps[1])


def write_page(store: Any, path: Path) -> Path:
    """The build's interactive picture (:mod:`kg.views.viz`), selected from the store with SPARQL:
    the whole graph when small, else an overview of the most connected nodes."""
    from kg.store.sources import OxigraphSource
    from kg.views.viz import BUILD_MAX_NODES, graph_html

    return graph_html(OxigraphSource(store, "build"), path, max_nodes=BUILD_MAX_NODES)


def add_file(path: str | Path, store_dir: str | Path, *, fmt: str | None = None, year: int | None = None,
             skip_invalid: bool = False, spacy_model: str | None = None) -> AddResult:
    """Read ``path``, extract and add its papers to the store in ``store_dir`` (created if missing).

    The papers go into a copy of the store that replaces it once complete, so the store
    holds all of the file's papers with their names, or none of them.
    """
    from kg.graph.provenance import build_triples
    from kg.store.incremental import add_to_dir

    result = AddResult()
    records = read_papers(path, fmt=fmt, year=year, skip_invalid=skip_invalid, report=result.report)
    exts = list(extract(records, spacy_model=spacy_model))
    return add_to_dir(Path(store_dir), records, exts, list(build_triples(path)), result)
