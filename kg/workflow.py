"""End-to-end jobs that the CLI and library users run: read -> extract -> build -> write."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.build import build_graph
from kg.export import write_graph
from kg.progress import progress
from kg.readers.listing import DEFAULT_YEAR
from kg.records import Extraction, ParseReport, PaperRecord

Reader = Callable[..., list[PaperRecord]]


@dataclass
class BuildResult:
    records: list[PaperRecord]
    extractions: list[Extraction]
    graph: Graph
    report: ParseReport
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        wrote = ", ".join(str(p) for p in self.outputs) or "nothing"
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        return f"{len(self.records)} papers, {len(self.graph)} triples{skipped}; wrote {wrote}"


def read_papers(path: str | Path, *, year: int = DEFAULT_YEAR, skip_invalid: bool = False,
                report: ParseReport | None = None, fmt: str | None = None) -> list[PaperRecord]:
    """Read paper records from ``path`` with the reader chosen by ``fmt`` or the file extension."""
    from kg.readers import read_papers as _read

    return _read(path, fmt, year=year, skip_invalid=skip_invalid, report=report)


def extract(records: list[PaperRecord], *, spacy_model: str | None = None) -> Iterator[Extraction]:
    """Run the extraction pipeline over ``records`` (one :class:`Extraction` per record)."""
    from kg.nlp import load_extractor

    extractor = load_extractor(spacy_model=spacy_model) if spacy_model else load_extractor()
    yield from extractor.extract_many(progress(records, total=len(records), desc="extracting"))


def build(path: str | Path, out_dir: str | Path | None = None, *, year: int = DEFAULT_YEAR,
          skip_invalid: bool = False, fmt: str | None = None, spacy_model: str | None = None,
          graph_name: str = "graph.ttl") -> BuildResult:
    """Read ``path``, extract, build the graph and (if ``out_dir``) write ``out_dir/graph.ttl``."""
    report = ParseReport()
    records = read_papers(path, year=year, skip_invalid=skip_invalid, report=report, fmt=fmt)
    extractions = list(extract(records, spacy_model=spacy_model))
    graph = build_graph(records, extractions)
    result = BuildResult(records, extractions, graph, report)
    if out_dir is not None:
        result.outputs.append(write_graph(graph, Path(out_dir) / graph_name))
    return result
