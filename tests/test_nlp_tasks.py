"""Task names (issue #10): which phrases the context makes tasks, and which it keeps out (made-up abstracts)."""
from __future__ import annotations

import pytest

from kg.nlp import load_extractor


@pytest.fixture(scope="module")
def ex():
    return load_extractor()


def tasks(ex, text: str, title: str = "") -> list[str]:
    return ex.extract_text(text, title=title).names("task")


# ------------------------------------------------------------------ the subject that opens the abstract
def test_task_that_opens_the_abstract_with_a_verb_of_challenge(ex):
    text = ("Cross-lingual zorb transcription presents challenges for low-resource speech. "
            "We propose Flimmer, a two-stage model.")
    assert tasks(ex, text) == ["cross-lingual zorb transcription"]


def test_same_subject_later_in_the_abstract_is_no_task(ex):
    text = ("We propose Flimmer, a two-stage model for speech. "
            "Cross-lingual zorb transcription presents challenges for it.")
    assert tasks(ex, text) == []


# ------------------------------------------------------------------ the second of two tasks after "for"
def test_second_task_after_for_x_and(ex):
    text = "We propose Quorble, a planner for snarfle obstacle avoidance and gribble path repair planning."
    assert tasks(ex, text) == ["snarfle obstacle avoidance", "gribble path repair planning"]


def test_applications_after_essential_for_are_no_tasks(ex):
    text = "Zorb imaging is essential for flim tumour diagnosis and gribble treatment planning."
    assert "gribble treatment planning" not in tasks(ex, text)


# ------------------------------------------------------------------ tasks the paper evaluates on benchmarks
def test_task_before_benchmarks_is_evaluated(ex):
    text = "We propose Quorble. Experiments on four open-domain question answering benchmarks show large gains."
    assert tasks(ex, text) == ["open-domain question answering"]


def test_task_before_data_is_training_material(ex):
    assert tasks(ex, "We pretrain Quorble on open-domain question answering data.") == []


# ------------------------------------------------------------------ one entry per task
def test_spellings_of_one_task_are_one_entry(ex):
    text = "We propose Quorble for zorbic question answering. We also study zorbic QA in depth."
    assert tasks(ex, text) == ["zorbic question answering"]
    text = "Zorbic dialog generation remains hard. We propose Quorble for zorbic dialogue generation."
    assert tasks(ex, text) == ["zorbic dialog generation"]


# ------------------------------------------------------------------ tasks the paper does not address
def test_listed_capabilities_of_other_systems_are_background(ex):
    text = ("Zorbic language models have shown remarkable capabilities in flim summarization, quibble detection "
            "and snarf translation. We propose Quorble for gribble path planning.")
    assert tasks(ex, text) == ["gribble path planning"]


def test_listed_capabilities_of_the_paper_later_on_are_tasks(ex):
    text = ("We propose Quorble for gribble path planning. It is trained on zorb logs. In experiments, Quorble "
            "shows remarkable performance in flim summarization, quibble detection and snarf translation.")
    assert "flim summarization" in tasks(ex, text)


def test_application_after_crucial_for_is_no_task(ex):
    text = "Zorbic segmentation is crucial for snarfle autonomous driving. We propose Quorble for zorbic segmentation."
    assert tasks(ex, text) == ["zorbic segmentation"]


def test_title_wording_that_a_longer_title_wording_ends_in_is_one_task(ex):
    text = ("Zorb-based quibble recommendation has recently drawn attention. We propose Flimmer for "
            "zorb-based quibble recommendation, where quibble recommendation is hard.")
    assert tasks(ex, text, title="Flimmer: Fair Zorb-Based Quibble Recommendation") == [
        "zorb-based quibble recommendation"]


def test_what_something_is_needed_for_is_no_task(ex):
    text = "We propose Quorble. Its zorb cache is needed for flim quibble parsing at scale."
    assert tasks(ex, text) == []
    assert tasks(ex, "We propose Quorble for flim quibble parsing at scale.") == ["flim quibble parsing"]


def test_hyphenated_adjectives_ending_in_a_head_are_no_tasks(ex):
    assert tasks(ex, "We propose Quorble for next-generation zorb networks and high-resolution flim maps.") == []


def test_example_tasks_of_other_systems_are_background(ex):
    text = ("Zorbic models handle flim inputs for various tasks such as quibble detection, snarf translation, "
            "and gribble summarization. We propose Quorble for flim path planning.")
    assert tasks(ex, text) == ["flim path planning"]
    text = ("We evaluate Quorble on tasks such as quibble detection, snarf translation, and gribble "
            "summarization.")
    assert "gribble summarization" in tasks(ex, text)
