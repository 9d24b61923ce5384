"""The extraction pipeline: spaCy components that read abstracts (see ``pipeline.py``).

>>> from kg.nlp import load_extractor
>>> ex = load_extractor()
>>> x = ex.extract_text("We evaluate Blarg-7B on the ZorbQA benchmark and GSM8K.")
>>> x.names("model"), x.names("dataset")
(['Blarg-7B'], ['ZorbQA', 'GSM8K'])
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.records import Extraction, PaperRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 64


class Extractor:
    """Reads abstracts into :class:`~kg.records.Extraction` objects with a spaCy pipeline.

    ``settings`` are what :func:`load_extractor` built the pipeline from; worker
    processes (``extract_many(..., n_process=2)``) build theirs from them.
    """

    def __init__(self, nlp: Language, settings: Mapping[str, Any] | None = None):
        self.nlp = nlp
        self.settings = dict(settings or {})

    def _doc(self, text: str, title: str = "") -> Doc:
        # spaCy refuses texts over nlp.max_length (E088); readers cap abstracts far below it
        doc = self.nlp.make_doc(text[: self.nlp.max_length])
        if title:
            doc.user_data["title"] = title  # paperkg_contributions reads the title's name
        return doc

    def process(self, text: str, title: str = "") -> Doc:
        """The processed spaCy Doc of ``text`` (for inspection: ``doc.ents``, ``doc._.proposed``)."""
        return self.nlp(self._doc(text, title))

    def extract_text(self, text: str, title: str = "") -> Extraction:
        from kg.nlp.resolve import doc_to_extraction

        return doc_to_extraction(self.process(text, title))

    def extract(self, record: PaperRecord) -> Extraction:
        return self.extract_text(record.abstract, record.title)

    def extract_many(self, records: Iterable[PaperRecord], batch_size: int = BATCH_SIZE,
                     n_process: int = 1, in_worker: bool = False) -> Iterator[Extraction]:
        """One Extraction per record, in order (streams with ``nlp.pipe``).

        With ``n_process > 1``, chunks of records go to that many worker
        processes, each with its own pipeline, and come back in order.
        ``in_worker``: even with one process, extract in a worker process, so
        that this one is free for other work meanwhile (a build fills its store).
        """
        from kg.nlp.resolve import doc_to_extraction

        if n_process > 1 or in_worker:
            yield from self._parallel(records, max(n_process, 1))
            return
        docs = (self._doc(r.abstract, r.title) for r in records)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield doc_to_extraction(doc)

    def _parallel(self, records: Iterable[PaperRecord], n_process: int) -> Iterator[Extraction]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from itertools import islice

        it = iter(records)
        chunks = iter(lambda: list(islice(it, PARALLEL_CHUNK)), [])
        # spawned, not forked: the caller may run threads (a build's store loader)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                 initargs=(self.settings,)) as pool:
            for extractions in pool.map(_extract_chunk, chunks):
                yield from extractions


PARALLEL_CHUNK = 256
_worker: Extractor | None = None


def _init_worker(settings: Mapping[str, Any]) -> None:
    global _worker
    _exit_with_parent()
    _worker = load_extractor(**settings)


def _exit_with_parent() -> None:
    """End this worker process when its parent dies (a killed build): the task queue it waits on
    would otherwise keep it waiting for ever."""
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="paperkg-exit-with-parent", daemon=True).start()


def _extract_chunk(records: list[PaperRecord]) -> list[Extraction]:
    assert _worker is not None
    return list(_worker.extract_many(records))


def load_extractor(*, config: str | Path | None = None, spacy_model: str | None = None,
                   overrides: Mapping[str, Any] | None = None) -> Extractor:
    """The extractor of ``config`` (default: ``kg/nlp/config.cfg``).

    ``spacy_model``: also use the NER of this installed spaCy model (raises
    :class:`~kg.errors.ConfigError` when it is not installed). ``overrides``:
    config values in spaCy's dotted form, e.g.
    ``{"components.paperkg_gazetteer.files": ["my_names.jsonl"]}``.
    """
    from kg.nlp.pipeline import build_pipeline, default_pipeline

    settings = {"config": config, "spacy_model": spacy_model, "overrides": dict(overrides) if overrides else None}
    if config is None and not overrides:
        return Extractor(default_pipeline(spacy_model or None), settings)
    return Extractor(build_pipeline(config, spacy_model=spacy_model, overrides=overrides), settings)
