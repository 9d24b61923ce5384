"""Build big graphs without an rdflib ``Graph``: stream triples into pyoxigraph.

:func:`build_to_store` walks records and their extractions one paper at a
time, turns each paper's triples into N-Triples text (:mod:`kg.graph.ntriples`)
and loads them in chunks into a pyoxigraph store (about 400 bytes per
triple in memory, against about 1,300 for rdflib); only the display-name
counts of people and entities are kept on the side. :func:`write_store_graph`
then writes Turtle or N-Triples with pyoxigraph (seconds instead of minutes
at a million triples), through a temporary file and a rename.

The triples are exactly those of :func:`kg.graph.triples.build_graph` (a test
compares them); the Turtle text differs from rdflib's (pyoxigraph's layout)
but is the same on every run for the same input.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.graph import ntriples
from kg.graph.triples import DisplayNames, entity_triples, paper_triples
from kg.records import Extraction, PaperRecord
from kg.graph.vocab import PREFIXES

CHUNK_PAPERS = 2_000


def _load(store: Any, chunk: list[str]) -> None:
    import pyoxigraph as ox

    if chunk:
        store.extend(ox.parse(input="".join(chunk).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        chunk.clear()


def build_to_store(records: Iterable[PaperRecord], extractions: Iterable[Extraction | None],
                   extra: Iterable[tuple] = (), store: Any = None) -> Any:
    """A pyoxigraph store holding the graph of ``records`` (plus the ``extra`` triples)."""
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    names = DisplayNames()
    chunk: list[str] = []
    for n, (rec, ext) in enumerate(zip(records, extractions, strict=True), start=1):
        names.add_paper(rec, ext)
        chunk.extend(ntriples.lines(paper_triples(rec, ext)))
        if n % CHUNK_PAPERS == 0:
            _load(store, chunk)
    chunk.extend(ntriples.lines(entity_triples(names)))
    chunk.extend(ntriples.lines(extra))
    _load(store, chunk)
    return store


def _rdf_format(path: Path) -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES if path.suffix.lower() == ".nt" else ox.RdfFormat.TURTLE


def write_store_graph(store: Any, path: str | Path) -> Path:
    """Write the default graph of ``store`` to ``path`` (``.nt`` or Turtle) atomically."""
    import pyoxigraph as ox

    from kg.atomic import atomic_path

    path = Path(path)
    fmt = _rdf_format(path)
    kwargs: dict[str, Any] = {"from_graph": ox.DefaultGraph()}
    if fmt == ox.RdfFormat.TURTLE:
        kwargs["prefixes"] = {k: str(v) for k, v in PREFIXES.items()}
    with atomic_path(path) as tmp:
        store.dump(output=str(tmp), format=fmt, **kwargs)
    return path


def triple_lines(records: Sequence[PaperRecord], extractions: Iterable[Extraction | None]) -> Iterator[str]:
    """N-Triples lines of the whole graph, paper by paper (entity names last)."""
    names = DisplayNames()
    for rec, ext in zip(records, extractions, strict=True):
        names.add_paper(rec, ext)
        yield from ntriples.lines(paper_triples(rec, ext))
    yield from ntriples.lines(entity_triples(names))
