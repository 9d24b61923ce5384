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


TOKEN_TEXTS = [
    "We propose Flarp-7B (see https://x.org/a.b.), e.g. for U.S. data; cf. Zorb et al. It's 71.2% vs. 64.0%.",
    "GPT-4-powered SFT+RL on AIME24/25 with pass@1 and Qwen2.5-1.5B. Next: e.g.,x and al.5 and No. 3",
    "two  spaces", " leading", "trailing ", "tab\there", "new\nline", "nb\u00a0sp", "", ".", "e.g.", "a", "Ph.D.s",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_cached_pieces_give_the_tokens_of_the_regex(nlp, text):
    tok = nlp.tokenizer
    words, spaces = tok._split(text)
    for _ in range(2):  # once to fill the cache, once from it
        doc = tok(text)
        assert [t.text for t in doc] == words
        assert [bool(t.whitespace_) for t in doc] == spaces
        assert doc.text == text


def test_tokenizer_inside_a_memory_zone(nlp):
    text = "Snorfblat-9Q beats Quuxel and Snorfblat-9Q."
    with nlp.memory_zone():
        assert [t.text for t in nlp(text)][:3] == ["Snorfblat", "-", "9Q"]
    assert "Snorfblat" not in nlp.tokenizer._cache  # ids made in a zone are not kept
    assert [t.text for t in nlp(text)][-2:] == ["9Q", "."]
