"""The contributions component alone, for the proposal tests (test_contributions, test_proposal_titles)."""
from __future__ import annotations

import spacy
from spacy.language import Language

from kg.nlp import contributions as _contributions  # noqa: F401  (registers paperkg_contributions)


def contributions_pipeline() -> Language:
    """A blank English pipeline with the sentencizer and ``paperkg_contributions`` only."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paperkg_contributions")
    return nlp


def proposals(nlp: Language, text: str, title: str = "") -> list[tuple[str, str]]:
    """``(name, kind)`` of each proposal the component finds in ``text`` (with ``title``)."""
    doc = nlp.make_doc(text)
    if title:
        doc.user_data["title"] = title
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [(p.name, p.kind) for p in doc._.proposed]
