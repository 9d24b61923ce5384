"""``kg add``: add papers to a store in the common layout (:mod:`kg.store.layout`), replacing changed ones.

Adding a paper whose triples are already stored changes nothing; a paper
with the same title and first author but other triples (say, a changed
abstract) has its graph replaced, and labels of entities that no paper
mentions any more are removed. A name keeps the first spelling stored
(a full ``kg build`` picks the most frequent one). Re-adding a file replaces
its ``pkg:Build`` node (the node's IRI comes from the file's hash).
Into an empty store, ``kg add`` writes exactly the quads ``kg build`` writes.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.graph import ntriples
from kg.graph.lines import ALT_LABEL, DisplayNames
from kg.errors import StoreError
from kg.records import Extraction, PaperRecord, ParseReport
from kg.graph.vocab import ID_BASE, RDFS
from kg.store.layout import BUILDS_GRAPH, NAMES_END, NAMES_GRAPH, names_nquads, paper_graph


@dataclass
class AddResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    quads_before: int = 0
    quads_after: int = 0
    report: ParseReport = field(default_factory=ParseReport)

    def summary(self) -> str:
        skipped = f", {len(self.report.skipped)} invalid records skipped" if self.report.skipped else ""
        return (f"{self.added} papers added, {self.replaced} replaced, {self.unchanged} unchanged{skipped}; "
                f"store has {self.quads_after} triples (was {self.quads_before})")


def open_writable(path: str | Path) -> Any:
    import pyoxigraph as ox

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: not a directory; give the folder of a pyoxigraph store")
    p.mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store for writing ({exc}); is `kg serve` or "
                         "`oxigraph serve` running on it?") from None


def _referenced(store: Any, iri: Any) -> bool:
    """Whether any paper graph still links to ``iri``."""
    for q in store.quads_for_pattern(None, None, iri, None):
        if q.graph_name.value != str(NAMES_GRAPH) and q.graph_name.value != str(BUILDS_GRAPH):
            return True
    return False


def _name_updates(store: Any, names: DisplayNames, dropped: set[Any], pending: str) -> list[str]:
    """Drop the names nobody links to any more; N-Quads lines for the names the store lacks
    (``pending``: the N-Quads text about to be added, which may link to a dropped node)."""
    import pyoxigraph as ox

    g = ox.NamedNode(str(NAMES_GRAPH))
    label = ox.NamedNode(str(RDFS.label))
    for node in sorted(dropped, key=str):
        if f"<{node.value}>" not in pending and not _referenced(store, node):
            for q in list(store.quads_for_pattern(node, None, None, g)):
                store.remove(q)
    new: list[str] = []
    for iri in sorted(names.forms):
        node = ox.NamedNode(iri)
        labels = [q.object.value for q in store.quads_for_pattern(node, label, None, g)]
        if not labels:
            new.append(names_nquads(DisplayNames({iri: names.forms[iri]})))
        elif not iri.startswith((f"{ID_BASE}person/", f"{ID_BASE}org/")):
            new.extend(f"<{iri}> {ALT_LABEL} {ntriples.string(form)}{NAMES_END}"
                       for form in names.forms[iri] if form != labels[0])
    return new


def add_records(store: Any, records: Sequence[PaperRecord], extractions: Iterable[Extraction | None],
                build: Iterable[tuple] = (), result: AddResult | None = None, *, bulk: bool = False) -> AddResult:
    """Add ``records`` (with their extractions) and the ``build`` triples to ``store``.

    Removals (replaced papers, unused names, the file's previous build node) come
    first, then everything new is loaded at once (``bulk``: faster, for a store
    no one else has open, as ``kg add`` and ``kg build --store`` use).
    """
    import pyoxigraph as ox

    from kg.store.layout import load_text, paper_nquads

    result = result or AddResult()
    result.quads_before = len(store)
    empty = result.quads_before == 0
    names = DisplayNames()
    dropped: set[Any] = set()
    seen: set[str] = set()
    parts: list[str] = []
    for rec, ext in zip(records, extractions, strict=True):
        own, shared = paper_nquads(rec, ext, names)
        parts.append(shared)  # a graph is a set: shared facts are stored once
        g = str(paper_graph(rec))
        if empty or g in seen:
            result.added += g not in seen
            seen.add(g)
            parts.append(own)
            continue
        seen.add(g)
        gnode = ox.NamedNode(g)
        old = set(store.quads_for_pattern(None, None, None, gnode))
        if not old:
            result.added += 1
            parts.append(own)
            continue
        quads = set(ox.parse(input=own.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        if old == quads:
            result.unchanged += 1
            continue
        result.replaced += 1
        dropped.update(q.object for q in old - quads if isinstance(q.object, ox.NamedNode))
        store.remove_graph(gnode)
        parts.append(own)
    pending = "".join(parts)
    if empty:
        parts.append(names_nquads(names))
    else:
        parts.extend(_name_updates(store, names, dropped, pending))
    build = list(build)
    if build:
        bnode, gb = ox.NamedNode(str(build[0][0])), ox.NamedNode(str(BUILDS_GRAPH))
        for q in list(store.quads_for_pattern(bnode, None, None, gb)):
            store.remove(q)
        parts.append(ntriples.text(build, BUILDS_GRAPH))
    load_text(store, "".join(parts), bulk=bulk)
    store.flush()
    result.quads_after = len(store)
    return result


def check_layout(store: Any, store_dir: str | Path) -> None:
    """Refuse a store whose triples sit in the default graph (``kg build --store`` of a streamed build)."""
    import pyoxigraph as ox

    for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        raise StoreError(f"{store_dir}: this store (made by an older paperkg) keeps its triples in the default "
                         "graph, so papers cannot be replaced one by one; rebuild it with "
                         f"`kg build LISTING --store {store_dir}`")


def release() -> None:
    """Collect dropped pyoxigraph stores now, so their folders are unlocked (a store has no close())."""
    import gc

    gc.collect()


def add_to_dir(store_dir: Path, records: Sequence[PaperRecord], extractions: Sequence[Extraction | None],
               build: Sequence[tuple] = (), result: AddResult | None = None) -> AddResult:
    """Add ``records`` to the on-disk store ``store_dir`` as one change: the papers are added to a copy
    of the store (its files hard-linked, so cheap) that then replaces it (:func:`kg.atomic.replace_dir`)."""
    import pyoxigraph as ox

    from kg.atomic import locked, replace_dir

    if store_dir.exists() and not store_dir.is_dir():
        raise StoreError(f"{store_dir}: not a directory; give the folder of a pyoxigraph store")
    with locked(store_dir), replace_dir(store_dir) as staging:
        if store_dir.is_dir() and any(store_dir.iterdir()):
            old = open_writable(store_dir)
            check_layout(old, store_dir)
            staging.rmdir()  # a backup makes its own folder
            old.backup(str(staging))
            del old
            release()
        store = ox.Store(str(staging))
        result = add_records(store, records, extractions, build, result, bulk=True)
        del store
        release()
    return result
