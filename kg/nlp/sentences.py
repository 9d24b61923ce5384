"""``paperkg_sentencizer``: spaCy's rule-based sentencizer, computed on token arrays.

It sets the same sentence starts as spaCy's ``sentencizer`` (a sentence starts at
the first token after a ``.``, ``!``, ``?`` or other sentence-final character
that is neither punctuation nor such a character; tokens already marked keep
their mark), but from the token table the paperkg components share (one Python step
per punctuation token instead of one per token). The default config names it
``sentencizer``.
"""
from __future__ import annotations

import unicodedata

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string
from spacy.tokens import Doc

from kg.nlp.lists import T_LOWER, T_PUNCT, token_table


class ArraySentencizer:
    """Sentence starts from the token table (:func:`kg.nlp.lists.token_table`) of a Doc."""

    def __init__(self, name: str, punct_chars: list[str] | None = None):
        self.name = name
        self.punct_chars = set(punct_chars or Sentencizer.default_punct_chars)
        # a final character is one token of its own whose lowercase form is itself
        self._finals = frozenset(hash_string(c) for c in self.punct_chars)
        self._all_punct = all(unicodedata.category(c).startswith("P") for c in self.punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        t = token_table(doc)
        punct = t[:, T_PUNCT].tolist()
        # final characters are punctuation (spaCy's are): only punctuation tokens need a look
        rows = np.flatnonzero(t[:, T_PUNCT]) if self._all_punct else np.arange(n)
        finals = self._finals
        marks = np.full(n, NOT_START, dtype=np.uint64)
        marks[0] = 1
        last = 0
        for i, low in zip(rows.tolist(), t[rows, T_LOWER].tolist()):
            if i < last or low not in finals:
                continue
            j = i + 1
            while j < n and punct[j]:  # the sentence goes on to the first word after it
                j += 1
            if j < n:
                marks[j] = 1
            last = j
        old = doc.to_array(SENT_START)
        keep = old != 0  # tokens another component marked already (spaCy's overwrite=False)
        if keep.any():
            marks[keep] = old[keep]
        doc.from_array([SENT_START], marks)
        return doc


NOT_START = np.iinfo(np.uint64).max  # -1 as the uint64 of doc.from_array


@Language.factory("paperkg_sentencizer", default_config={"punct_chars": None}, assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None) -> ArraySentencizer:
    """Sentence boundaries as spaCy's ``sentencizer`` sets them (``punct_chars``: its characters)."""
    return ArraySentencizer(name, punct_chars)
