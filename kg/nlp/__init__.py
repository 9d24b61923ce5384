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
    """Reads abstracts into :class:`~kg.records.Extraction` objects with a spaCy pipeline."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def _doc(self, text: str, title: str = "") -> Doc:
        doc = self.nlp.make_doc(text)
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

    def extract_many(self, records: Iterable[PaperRecord], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
        """One Extraction per record, in order (streams with ``nlp.pipe``)."""
        from kg.nlp.resolve import doc_to_extraction

        docs = (self._doc(r.abstract, r.title) for r in records)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield doc_to_extraction(doc)


def load_extractor(*, config: str | Path | None = None, spacy_model: str | None = None,
                   overrides: Mapping[str, Any] | None = None) -> Extractor:
    """The extractor of ``config`` (default: ``kg/nlp/config.cfg``).

    ``spacy_model``: also use the NER of this installed spaCy model (raises
    :class:`~kg.errors.ConfigError` when it is not installed). ``overrides``:
    config values in spaCy's dotted form, e.g.
    ``{"components.paperkg_gazetteer.files": ["my_names.jsonl"]}``.
    """
    from kg.nlp.pipeline import build_pipeline, default_pipeline

    if config is None and not overrides:
        return Extractor(default_pipeline(spacy_model or None))
    return Extractor(build_pipeline(config, spacy_model=spacy_model, overrides=overrides))
