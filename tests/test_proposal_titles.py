"""Proposals read from titles and named parts of the proposed system (made-up abstracts and names)."""
from __future__ import annotations

import pytest

from kg.nlp import contributions as _contributions  # noqa: F401  (registers paperkg_contributions)
from kg.nlp import load_extractor
from kg.schema import datasets

from _contrib import contributions_pipeline
from _contrib import proposals as run


@pytest.fixture(scope="module")
def nlp():
    return contributions_pipeline()


def test_name_glued_to_the_title_colon(nlp):
    text = "We steep tea with a learned kettle controller. It is fast."
    assert [n for n, _ in run(nlp, text, "BREWNET:Brewing Tea with Learned Kettles")] == ["BREWNET"]
    assert run(nlp, text, "Re:thinking Tea") == []  # a lower-case rest is no title name


@pytest.mark.parametrize("title, kind", [
    ("Teaset: A Benchmark Dataset for Tea Tasting in Low-Resource Kitchens", "dataset"),
    ("Kettlebench: An Open Benchmark of Boiling Tasks", "benchmark"),
    ("Brewline: A Lightweight Framework for Steeping", "framework"),
])
def test_kind_from_the_title_apposition(nlp, title, kind):
    text = "We introduce a novel resource of 3,000 tea reviews annotated by experts. It is useful."
    assert run(nlp, text, title) == [(title.split(":")[0], kind)]


def test_own_dataset_named_only_in_the_title_is_a_dataset():
    ex = load_extractor()
    text = "We introduce a novel dataset of 3,000 tea reviews annotated by tasters. We evaluate on TeaQA-Mini."
    got = ex.extract_text(text, "Teaset: A Benchmark Dataset for Tea Tasting")
    assert [(p.name, p.kind) for p in got.proposed] == [("Teaset", "dataset")]
    assert "Teaset" in datasets(got) and "Teaset" not in got.names("dataset")
    # a title-only method is not a dataset
    got = ex.extract_text("We steep tea faster than before.", "Brewline: A Lightweight Framework for Steeping")
    assert datasets(got) == []


def test_title_case_parts_ending_in_a_part_noun(nlp):
    text = ("We propose Brew, a tea framework. The Leaf Gating Mechanism selects leaves, while Steep Residual "
            "Blocks keep the heat. A Transformer Encoder reads labels and a Kettle Module Substitution step "
            "swaps kettles.")
    names = [n for n, _ in run(nlp, text)]
    assert names == ["Brew", "Leaf Gating Mechanism", "Steep Residual Blocks"]


def test_part_nouns_need_a_proposal_and_a_name_of_their_own(nlp):
    assert run(nlp, "Earlier kettles used the Leaf Gating Mechanism to select leaves.") == []
    text = "We propose BPKE (Bi-Positional Kettle Encoder), a tea model. BPKE uses a Bi-Positional Kettle Encoder."
    assert [n for n, _ in run(nlp, text)] == ["BPKE"]


@pytest.mark.parametrize("title, text, expected", [
    ("Zero-Shot Tea Tasting with Kettles", "We propose a zero-shot framework for tea tasting.", []),
    ("Open-Source Kettles for Tea", "This paper presents an open-source system for kettles.", []),
    ("Self-Infusion Improves Tea Tasting", "We propose a self-infusion framework for tasting.",
     [("self-infusion", "framework")]),
])
def test_one_word_title_modifier(nlp, title, text, expected):
    assert run(nlp, text, title) == expected


@pytest.mark.parametrize("text, expected", [
    # a name after "called the" or in a LaTeX wrapper
    (r"We propose a new metric called the \textbf{Kettle Score}. The Kettle Score ranks teas.",
     [("Kettle Score", "metric")]),
    (r"We steep better. Our models, \textsc{BrewTalk}, rival larger kettles.", [("BrewTalk", "model")]),
    # a passive with an adverb; a known technique used or an object of a preposition is not proposed
    ("We propose Brew, a tea framework. A Leaf-Focused Attractor (LFA) is further developed to steep.",
     [("Brew", "framework"), ("LFA", "method")]),
    ("A reinforcement learning (RL) framework is introduced for steeping tea.", []),
    ("A new approach to the Kettle Network Quantization (KNQ) strategy is then proposed.", []),
])
def test_called_wrapped_and_passive_names(nlp, text, expected):
    assert run(nlp, text) == expected


def test_a_gain_over_a_name_is_over_a_baseline_not_a_dataset():
    ex = load_extractor()
    got = ex.extract_text("Experiments show that Brew yields up to 22% improvement over KettLo and large gains over "
                          "SteePa on TeaQA.")
    assert got.names("dataset") == ["TeaQA"]
    got = ex.extract_text("We evaluate Brew on KettLo and SteePa, where it improves accuracy.")
    assert got.names("dataset") == ["KettLo", "SteePa"]


def test_a_task_acronym_before_a_dataset_noun_is_no_dataset():
    ex = load_extractor()
    got = ex.extract_text("Multi-kettle steam tracking (MKST) is hard. Experiments on three MKST benchmarks and on "
                          "TeaQA show gains.")
    assert got.names("dataset") == ["TeaQA"]
    got = ex.extract_text("We release the Multi Kettle Steam (MKS) corpus. Experiments on three MKS benchmarks show gains.")
    assert got.names("dataset") == ["MKS"]  # a long form that is no task


@pytest.mark.parametrize("text, title, expected", [
    # a generic term, an input's acronym, a problem or a source named after the cue is not a proposal
    ("We propose a framework that uses large language models (LLMs) to grade tea.", "", []),
    ("We propose a framework that fuses kettle ultrasound (KUS) images with notes.", "", []),
    ("We study three cases: (1) tea routing, and (2) the kettle-correspondence problem (KCP).", "", []),
    ("We build a corpus of 5,000 samples from the World Tea Survey (WTS) by filtering answers.", "", []),
    ("We introduce a suite and the Oracle Steep Gap (OSG) metric that scores teas.", "",
     [("OSG", "metric")]),
    # an adjective before a kind noun, a known term of the title, a common word as the title's name
    ("We build a web UI-integrated tool for tasting.", "", []),
    ("We propose a robust deep learning framework for tea.", "Tea Grading with Deep Learning", []),
])
def test_unnamed_or_known_things_are_not_proposals(nlp, text, title, expected):
    assert run(nlp, text, title) == expected


def test_plain_capitalised_words_after_across_are_no_datasets():
    ex = load_extractor()
    got = ex.extract_text("We evaluate Brew across Supervised, Few Shot and Zero Shot settings and report accuracy.")
    assert got.names("dataset") == []
    got = ex.extract_text("Experiments on the Steepset benchmark and on TeaQA show that Brew improves accuracy.")
    assert got.names("dataset") == ["Steepset", "TeaQA"]
