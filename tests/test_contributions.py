"""paperkg_contributions on abstracts written for these tests (made-up names)."""
from __future__ import annotations

import json

import pytest
import spacy

from kg.errors import ConfigError
from kg.nlp.contributions import find_proposals, load_cues, name_key

from _contrib import contributions_pipeline
from _contrib import proposals as run


@pytest.fixture(scope="module")
def nlp():
    return contributions_pipeline()


@pytest.mark.parametrize("text, expected", [
    ("We present Quillo, a framework for routing questions to tools. Quillo is fast.",
     [("Quillo", "framework")]),
    ("This paper proposes a Brambl-Net system, which reads tables.", [("Brambl-Net", "system")]),
    ("We introduce Sparse Lantern Decoding (SLD), a simple decoding method for long outputs.",
     [("SLD", "method")]),
    ("We introduce VORTA (Very Open Retrieval Toolkit for Agents), a library of retrieval tools.",
     [("VORTA", "system")]),
    ("To study this, we construct a new dataset, called TidalQA, of 5,000 questions.",
     [("TidalQA", "dataset")]),
    ("We also propose an automatic metric, GLINT, for faithfulness.", [("GLINT", "metric")]),
    ("We release a unified model Parrotfish that answers in any language.", [("Parrotfish", "model")]),
    ("We propose two techniques FrostMix and HeatSwap, which stabilise training.",
     [("FrostMix", "method"), ("HeatSwap", "method")]),
    ("We propose a post-training framework called Mirror Policy Search (MPS).", [("MPS", "framework")]),
    ("We propose Orbit Trails -- a benchmarking suite for planning agents.", [("Orbit Trails", "benchmark")]),
    ("We introduce lattice shuffle training: a way to train on permuted inputs.",
     [("lattice shuffle training", "method")]),
])
def test_introduction_sentences(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "We propose a novel method for graph reasoning that beats strong baselines.",
    "In this paper, we present the first study of tool use in web agents.",
    "We propose to combine retrieval with planning.",
    "We introduce a new Grounded Story Writing task that asks for facts.",
    "We build three recipes and evaluate them on five tasks.",
    "Large language models (LLMs) are strong. We study their failures.",
])
def test_unnamed_things_are_not_proposals(nlp, text):
    assert run(nlp, text) == []


def test_title_prefix_names_the_proposal(nlp):
    text = ("Tables are hard for language models. We propose a novel paradigm that teaches "
            "models to read tables row by row.")
    assert run(nlp, text, title="Tabulon: Teaching Models to Read Tables") == [("Tabulon", "method")]


def test_title_prefix_that_is_not_a_name(nlp):
    text = "We revisit web agents in a controlled study."
    assert run(nlp, text, title="The Agent Mirage: Rethinking Web Agents") == []


def test_title_phrase_names_an_unnamed_framework(nlp):
    text = "We propose a mirror critique framework that compares sampled answers."
    assert run(nlp, text, title="Mirror Critique Improves Reasoning") == [("mirror critique", "framework")]


def test_variants_of_a_proposed_name_are_models(nlp):
    text = ("We introduce Kestrel, an open framework for web agents. Using this framework, we "
            "train Kestrel-3B, which reaches high success. Kestrel-Chat targets dialogue.")
    assert run(nlp, text) == [("Kestrel", "framework"), ("Kestrel-3B", "model"), ("Kestrel-Chat", "model")]


def test_our_name_model_phrases(nlp):
    text = "Our Wombat model reads charts. Our largest model with sparse heads, Dingo-Max-Pro, is fastest."
    assert run(nlp, text) == [("Wombat", "model"), ("Dingo-Max-Pro", "model")]


def test_numbered_list_after_an_introduction(nlp):
    text = ("We propose two innovations: 1) Echo Buffer, which stores past states. "
            "2) Quiet Replay, which replays them.")
    assert [n for n, _ in run(nlp, text)] == ["Echo Buffer", "Quiet Replay"]


def test_spans_point_into_the_text(nlp):
    text = "Models fail at maps. We present Atlasia, a system for map reading."
    doc = nlp(text)
    (p,) = doc._.proposed
    assert text[p.span.start:p.span.end] == "Atlasia"
    assert p.span.sentence == "We present Atlasia, a system for map reading."
    assert p.span.component == "paperkg_contributions"
    assert 0 < p.span.confidence <= 1


def test_without_sentencizer_and_without_title():
    nlp = spacy.blank("en")
    nlp.add_pipe("paperkg_contributions")
    doc = nlp("Parsing is hard. We introduce Gannet, a parser. It is fast.")
    assert [(p.name, p.kind) for p in doc._.proposed] == [("Gannet", "method")]


def test_find_proposals_function():
    got = find_proposals("We introduce Ferrule, a benchmark of repair tasks.")
    assert [(p.name, p.kind) for p in got] == [("Ferrule", "benchmark")]


def test_name_key():
    assert name_key("Z-Code++") == name_key("z code") == "zcode"


def test_bad_cue_file_is_a_config_error(tmp_path):
    bad = tmp_path / "cues.jsonl"
    bad.write_text('{"type": "kind_noun", "kind": "gadget", "values": ["x"]}\n')
    with pytest.raises(ConfigError, match="gadget"):
        load_cues(str(bad))
    bad.write_text("{not json\n")
    with pytest.raises(ConfigError, match="1"):
        load_cues(str(bad))  # errors are not cached
    with pytest.raises(ConfigError, match="cannot read"):
        load_cues(str(tmp_path / "missing.jsonl"))


def test_cue_file_is_valid_jsonl():
    from kg.nlp.contributions import DEFAULT_CUES

    for line in DEFAULT_CUES.read_text().splitlines():
        row = json.loads(line)
        assert row["type"] and row["values"]


def test_lowercase_descriptions_are_not_proposals():
    from kg.nlp.contributions import plausible_lowercase_name

    found = find_proposals("In this paper we release ProofCouncil, which we release as open source to the community. "
                           "We present a multi-agent framework for routing.", title="ProofCouncil: Multi-Agent Proofs")
    assert [p.name for p in found] == ["ProofCouncil"]
    assert not any(plausible_lowercase_name(n) for n in ["multi-agent", "data-driven", "position", "as open source"])
    assert all(plausible_lowercase_name(n) for n in ["self-endorsement", "collaborative routing", "Quillo"])


@pytest.mark.parametrize("text, expected", [
    # named parts introduced with "a" and a kind noun
    ("We propose Quorra, a planner for kitchens. By employing a Heat-Aware Spoon Routing mechanism, "
     "Quorra avoids collisions.", [("Quorra", "method"), ("Heat-Aware Spoon Routing", "method")]),
    ("We present Mossel, a tutor. It learns through a novel \"Patient Uncle\" network.",
     [("Mossel", "method"), ("Patient Uncle", "model")]),
    # known or generic title-case terms are not new
    ("We present Mossel, a tutor. It is trained with a Monte Carlo method and a Bidirectional GRU model.",
     [("Mossel", "method")]),
])
def test_titled_parts(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # a task or a phenomenon is not a proposal
    "We introduce Spoon Counting Under Fog (SCUF), a novel multimodal task that asks models to count spoons.",
    "In this paper, we introduce kettle drift, a novel phenomenon where agents forget kettles.",
    # an acronym that is what the new thing is for
    "We present a lightweight captioning framework for gerbil fur analysis (GFA).",
    # "we study X (X), where": a problem, unless the title names it
    "We study Interval-Bound Spoon Search (IBSS), where each spoon has a range.",
])
def test_problems_and_objects_are_not_proposals(nlp, text):
    assert run(nlp, text) == []


def test_studied_name_in_the_title_is_kept(nlp):
    text = "We explore Spoon Alignment, where a model learns from its own spoons."
    assert run(nlp, text, title="Spoon Alignment: Learning From Spoons") == [("Spoon Alignment", "method")]


def test_method_of_an_acronym_is_proposed(nlp):
    text = "We propose a method of Gerbil-Level Fur Quantification (GLFQ), which counts hairs."
    assert run(nlp, text) == [("GLFQ", "method")]


@pytest.mark.parametrize("text, expected", [
    ("Kettles boil. We read them using a method we call steam parsing. It works.", [("steam parsing", "method")]),
    ("We present Bramble, a benchmark. We term this evaluation paradigm the Kettle Steam Test (KST).",
     [("Bramble", "benchmark"), ("KST", "metric" if False else None)]),
    ("This paper introduces a simple strategy, we call it Spoon Pooling, which keeps features.",
     [("Spoon Pooling", "method")]),
    # a phenomenon or a setting is named, not proposed
    ("Agents copy each other, a phenomenon we term Kettle Drift.", []),
    ("We call this setting kettle change, and study it.", []),
])
def test_we_call(nlp, text, expected):
    got = run(nlp, text)
    assert [n for n, _ in got] == [n for n, _ in expected]


@pytest.mark.parametrize("text, expected", [
    (r"Here we propose \textbf{KettleReplay}, a stateful reasoning approach.", [("KettleReplay", "method")]),
    (r"We introduce \emph{Talk to a Kettle}, a new capability that turns boiling into dialogue.",
     [("Talk to a Kettle", "method")]),
    (r"We propose a \emph{Bi-level Kettle Gradient} (BKG) framework with guarantees.", [("BKG", "framework")]),
    (r"We propose \textbf{Discrete Kettle Reasoning}~(DKR), a method.", [("DKR", "method")]),
])
def test_latex_emphasised_names(nlp, text, expected):
    assert run(nlp, text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("Kettle Whistle 2: Louder and Faster", "We scale our tea model further. It boils water.", [("Kettle Whistle 2", "method")]),
    ("Talk to a Kettle: An Interactive Co-Scientist for Tea", "Talk to a Kettle answers questions about tea.",
     [("Talk to a Kettle", "method")]),
    # a survey, a study, a year or a lead verb is not a system
    ("Kettle Boiling Methods: A Comprehensive Survey", "Kettle Boiling Methods are reviewed here.", []),
    ("Kettle Summit 2025: Results", "We summarise the summit.", []),
    ("Rethinking Kettle Design: A New View", "Rethinking Kettle Design is needed.", []),
])
def test_title_phrase_prefix(nlp, title, text, expected):
    assert run(nlp, text, title=title) == expected


def test_titled_name_after_an_introduction_verb(nlp):
    text = "We propose Brew, a tea system. We also introduce a Stateful Kettle Encoder, which keeps heat."
    assert run(nlp, text) == [("Brew", "system"), ("Stateful Kettle Encoder", "model")]


def test_named_parts_after_a_leading_clause(nlp):
    text = ("We propose Brew, a tea framework. During steeping, it adopts a timer and introduces Leaf Heat "
            "Calibration for strong tea. We present a collaborative agent framework, comprising PourAgent, "
            "SipAgent, and JudgeAgent for serving. It leverages Large Language Models to talk.")
    assert [n for n, _ in run(nlp, text)] == ["Brew", "Leaf Heat Calibration", "PourAgent", "SipAgent", "JudgeAgent"]


@pytest.mark.parametrize("title, expected", [
    ("Kettle-OCR Technical Report", [("Kettle-OCR", "model")]),
    ("Brew Agent 1.0 Tech Report: Steeping at Scale", [("Brew Agent 1.0", "method")]),
    ("Tea Summit Challenge Technical Report", []),
])
def test_technical_report_title(nlp, title, expected):
    text = "Kettle-OCR is an efficient compact multimodal model for reading kettles. It is fast."
    assert run(nlp, text, title=title) == expected
