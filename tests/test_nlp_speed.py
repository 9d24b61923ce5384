"""The fast versions of spaCy steps give exactly what spaCy's own give (made-up text)."""
from __future__ import annotations

import pytest
from spacy.attrs import SENT_START
from spacy.pipeline import Sentencizer

from kg.nlp.pipeline import build_pipeline
from kg.nlp.sentences import ArraySentencizer

TEXTS = [
    "", ".", "Hello", ". . Hi", "Hi.", "A! B? C.\n\nD", "(a.) b", '"Yes." he said. "No!" She left...',
    "x . ) y", "... and", "We use e.g. Flarp-7B. It scores 71.2% (vs. 64.0%). Next?! Done",
    "Zorb, i.e. the X benchmark, fails.\tThen \n it works。 Again！ End",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.mark.parametrize("text", TEXTS)
def test_array_sentencizer_matches_spacy(nlp, text):
    ours, theirs = nlp.make_doc(text), nlp.make_doc(text)
    ArraySentencizer("s")(ours)
    Sentencizer()(theirs)
    assert ours.to_array(SENT_START).tolist() == theirs.to_array(SENT_START).tolist()


def test_array_sentencizer_keeps_marks_set_before(nlp):
    ours, theirs = nlp.make_doc("A b. C d. E f."), nlp.make_doc("A b. C d. E f.")
    for doc in (ours, theirs):
        doc[4].is_sent_start = False
        doc[2].is_sent_start = True
    ArraySentencizer("s")(ours)
    Sentencizer()(theirs)
    assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in theirs]
    assert [t.is_sent_start for t in ours] == [True, False, True, True, False, False, True, False, False]


def test_default_pipeline_uses_it(nlp):
    assert isinstance(nlp.get_pipe("sentencizer"), ArraySentencizer)
