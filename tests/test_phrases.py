"""Issue 10 capabilities on made-up abstracts: entity resolution of years, morphology priors, proposals,
long forms named as first written, noun-phrase methods, tasks and metrics."""
from __future__ import annotations

import pytest

from kg.graph.ids import entity_iri
from kg.keys import entity_key
from kg.nlp import load_extractor


@pytest.fixture(scope="module")
def ex():
    return load_extractor()


def test_two_and_four_digit_years_are_one_benchmark():
    assert entity_key("AIME24") == entity_key("AIME 2024") == entity_key("AIME-2024")
    assert entity_key("AIME25") == entity_key("AIME 2025") != entity_key("AIME24")
    assert entity_iri("dataset", "Zorb 2031") == entity_iri("dataset", "Zorb31")
    assert entity_key("GPT-4") != entity_key("GPT-4o")
    assert entity_key("MATH500") == entity_key("MATH-500") != entity_key("MATH5")


def test_aime_spellings_are_one_dataset(ex):
    x = ex.extract_text("We evaluate Blarg-7B on AIME 2024 and AIME 2025. On AIME24 it reaches 41.0%.")
    assert x.names("dataset") == ["AIME 2024", "AIME 2025"]


def test_morphology_priors_type_unknown_names(ex):
    x = ex.extract_text("We report results of ZorbNet and ChemBERT against FlarpBench, Quux-QA and MedEval.")
    assert x.names("model") == ["ZorbNet", "ChemBERT"]
    assert x.names("dataset") == ["FlarpBench", "Quux-QA", "MedEval"]


def test_long_form_with_acronym_is_named_as_first_written(ex):
    x = ex.extract_text("We use zebra reinforcement learning (ZRL). ZRL is stable.")
    assert x.names("method") == ["zebra reinforcement learning"]
    x = ex.extract_text("ZRL is popular. We use zebra reinforcement learning (ZRL).")
    assert x.names("method") == ["ZRL"]


@pytest.mark.parametrize("text, name", [
    ("We propose a gradient-aware flarp learning (GFL) strategy that clusters quux samples.", "GFL"),
    ("Furthermore, a Dynamic Zorb Adjustment (DZA) mechanism is designed to reduce drift.", "DZA"),
    ("We present a post-training framework called Zorb Learning via Self-Play (ZLSP).", "ZLSP"),
    ("Experiments show that our proposed QuuxFormer model is fast.", "QuuxFormer"),
    ("We built FlarpSuite, a new public benchmark for solar zorb prediction.", "FlarpSuite"),
    ("We introduce “Zorb Arena”, a testbed for agents.", "Zorb Arena"),
])
def test_proposals(ex, text, name):
    assert name in [p.name for p in ex.extract_text(text).proposed]


def test_acronyms_in_a_parenthesised_list_are_not_proposals(ex):
    x = ex.extract_text("We show that common recipes (e.g., SFT, RLHF) are brittle for quux tasks.")
    assert x.proposed == ()
