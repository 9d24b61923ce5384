"""The extraction pipeline: spaCy components that read abstracts (see ``pipeline.py``)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.records import Extraction, PaperRecord


class Extractor:
    """Reads abstracts into :class:`~kg.records.Extraction` objects.

    Placeholder until the spaCy pipeline lands: it finds nothing.
    """

    def extract(self, record: PaperRecord) -> Extraction:
        return Extraction()

    def extract_many(self, records: Iterable[PaperRecord]) -> Iterator[Extraction]:
        for r in records:
            yield self.extract(r)


def load_extractor(**settings: object) -> Extractor:
    """The default extractor, configured by ``settings``."""
    return Extractor()
