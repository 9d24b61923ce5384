"""End-to-end jobs that the CLI and library users run: read -> extract -> build -> write."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.graph.triples import build_graph
from kg.store.export import write_graph
from kg.progress import progress
from kg.readers.listing import DEFAULT_YEAR
from kg.records import Extraction, ParseReport, PaperRecord

Reader = Callable[..., list[PaperRecord]]
#: from this many papers on, ``build(engine="auto")`` streams into pyoxigraph (see kg.store.streaming):
#: rdflib's in-memory graph and Turtle writer cost about 15 s per 1,000 papers, pyoxigraph about 1 s
STREAM_THRESHOLD = 5_000


@dataclass
class BuildResult:
    records: list[PaperRecord]
    extractions: list[Extraction]
    graph: Graph | None  # None for big builds streamed into ``store`` (pyoxigraph)
    report: ParseReport
    outputs: list[Path] = field(default_factory=list)
    store: Any = None
    notes: list[str] = field(default_factory=list)

    @property
    def n_triples(self) -> int:
        return len(self.graph) if self.graph is not None else len(self.store)

    def summary(self) -> str:
        wrote = ", ".join(str(p) for p in self.outputs) or "nothing"
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        notes = "".join(f" ({n})" for n in self.notes)
        return f"{len(self.records)} papers, {self.n_triples} triples{skipped}; wrote {wrote}{notes}"


def read_papers(path: str | Path, *, year: int = DEFAULT_YEAR, skip_invalid: bool = False,
                report: ParseReport | None = None, fmt: str | None = None) -> list[PaperRecord]:
    """Read paper records from ``path`` with the reader chosen by ``fmt`` or the file extension."""
    from kg.readers import read_papers as _read

    return _read(path, fmt, year=year, skip_invalid=skip_invalid, report=report)


def extract(records: list[PaperRecord], *, spacy_model: str | None = None,
            n_process: int = 1) -> Iterator[Extraction]:
    """Run the extraction pipeline over ``records`` (one :class:`Extraction` per record, streamed)."""
    import inspect

    from kg.nlp import load_extractor

    extractor = load_extractor(spacy_model=spacy_model) if spacy_model else load_extractor()
    kwargs = {"n_process": n_process} if n_process != 1 and "n_process" in inspect.signature(
        extractor.extract_many).parameters else {}
    yield from extractor.extract_many(progress(records, total=len(records), desc="extracting"), **kwargs)


def build(path: str | Path, out_dir: str | Path | None = None, *, year: int = DEFAULT_YEAR,
          skip_invalid: bool = False, fmt: str | None = None, spacy_model: str | None = None,
          graph_name: str = "graph.ttl", engine: str = "auto", n_process: int = 1,
          html: bool = True, store_dir: str | Path | None = None) -> BuildResult:
    """Read ``path``, extract, build the graph and (if ``out_dir``) write ``out_dir/graph.ttl``.

    ``engine``: ``rdflib`` builds an rdflib graph; ``oxigraph`` streams the
    triples into pyoxigraph and writes with it (:mod:`kg.store.streaming`, for big
    inputs); ``auto`` picks oxigraph from :data:`STREAM_THRESHOLD` papers on.
    Both add the ``pkg:Build`` provenance node (:mod:`kg.graph.provenance`).
    ``store_dir`` also fills an on-disk pyoxigraph store (replacing its content).
    """
    from kg.graph.provenance import build_triples

    report = ParseReport()
    records = read_papers(path, year=year, skip_invalid=skip_invalid, report=report, fmt=fmt)
    if engine == "oxigraph" or (engine == "auto" and len(records) >= STREAM_THRESHOLD):
        from kg.store.streaming import build_to_store, write_store_graph

        store = build_to_store(records, extract(records, spacy_model=spacy_model, n_process=n_process),
                               extra=build_triples(path))
        result = BuildResult(records, [], None, report, store=store)
        if out_dir is not None:
            result.outputs.append(write_store_graph(store, Path(out_dir) / graph_name))
            if html:
                result.notes.append(f"no graph.html for {len(records)} papers: draw a view with "
                                    "`kg viz --focus NAME` or `kg viz --max-nodes N`")
        if store_dir is not None:
            from kg.store.sources import write_store

            target = result.outputs[0] if result.outputs else Path(out_dir or ".") / graph_name
            result.notes.append(f"store {write_store(target, store_dir).describe()}; one default graph, "
                                "so `kg add` cannot extend it")
        return result
    extractions = list(extract(records, spacy_model=spacy_model, n_process=n_process))
    graph = build_graph(records, extractions)
    for t in build_triples(path):
        graph.add(t)
    result = BuildResult(records, extractions, graph, report)
    if out_dir is not None:
        result.outputs.append(write_graph(graph, Path(out_dir) / graph_name))
        if html:  # an interactive picture next to the graph (kg.views.viz); not drawn for streamed builds
            from kg.views.viz import BUILD_MAX_NODES, graph_html

            result.outputs.append(graph_html(graph, Path(out_dir) / "graph.html", max_nodes=BUILD_MAX_NODES))
    if store_dir is not None:
        from kg.store.incremental import fill_store

        added = fill_store(store_dir, records, extractions, build_triples(path))
        result.notes.append(f"store {store_dir}: {added.quads_after} quads, one graph per paper, `kg add` extends it")
    return result
