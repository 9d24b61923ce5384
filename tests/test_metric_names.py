"""Metric names on made-up abstracts: the gazetteer of well-known metrics, metric phrases listed after a
cue, metrics in a list with a measured one, eponyms, and the metric a result number is reported in."""
from __future__ import annotations

import pytest

from kg.nlp import load_extractor


@pytest.fixture(scope="module")
def ex():
    return load_extractor()


def metrics(ex, text: str) -> list[str]:
    return ex.extract_text(text).names("metric")


@pytest.mark.parametrize("text, names", [
    ("Zorbex cuts TTFT and TPOT while keeping 41% MFU on quux clusters.", ["TTFT", "TPOT", "MFU"]),
    ("On the flarp scans it reaches a Dice score of 0.91 and 55.1 mIoU.", ["Dice score", "mIoU"]),
    ("The quux portfolio attains a Sharpe ratio of 1.4 with a lower maximum drawdown.",
     ["Sharpe ratio", "maximum drawdown"]),
])
def test_well_known_metrics(ex, text, names):
    assert metrics(ex, text) == names


def test_metrics_listed_after_a_cue(ex):
    text = "Zorbex outperforms prior flarp baselines in overall quality, claim-level precision, and quux recall."
    assert metrics(ex, text) == ["claim-level precision", "quux recall"]
    text = "We observe improved diversity, coverage, and set-level calibration scores over quux baselines."
    assert metrics(ex, text) == ["set-level calibration score"]


def test_plain_metrics_in_a_list_with_a_measured_one(ex):
    text = "Zorbex reaches zorb values in precision, recall, and F1-scores of 61.5%, 60.1%, and 60.8%."
    assert metrics(ex, text) == ["precision", "recall", "F1-score"]
    # named where nothing is measured: not metrics
    assert metrics(ex, "We discuss the trade-off between precision and recall in quux systems.") == []


def test_metric_cues(ex):
    assert metrics(ex, "Flarp delivers an average Gini fairness improvement of over 20% on quux data.") \
        == ["Gini fairness"]
    assert metrics(ex, "We introduce zorb conformance as an evaluation metric for quux agents.") \
        == ["zorb conformance"]
    assert metrics(ex, "It gives a 12.5% reduction in flarp error rate and $64\\%$ link utilisation.") \
        == ["flarp error rate", "link utilisation"]
    assert metrics(ex, "We compare quux planners on practical metrics, such as latency and memory.") == ["latency"]
    assert metrics(ex, "We achieve a 2.1x speedup over the zorb kernel.") == ["speedup"]


def test_capitalised_words_are_not_lowercase_metrics(ex):
    assert metrics(ex, "We call this protocol the Quux Sensitivity Test (QST).") == []


def test_metric_phrase_starts(ex):
    assert metrics(ex, "Quux models achieve high accuracy on zorb tasks.") == ["accuracy"]
    # "BLEU scores" is the BLEU metric; "F1 score" is a name of its own
    assert metrics(ex, "Zorbex gains 29% in ROUGE scores, 2 points in F1 score and a BLEU score of 30.1.") \
        == ["ROUGE", "F1 score", "BLEU"]
    assert metrics(ex, "Quux prompts regress, with accuracy drops by more than 20%.") == ["accuracy"]


def test_clustering_and_at_k_metrics(ex):
    assert metrics(ex, "Flarp sampling improves pass@k and Recall@K, with 96% AMI, 95% ARI, and 99% V-measure.") \
        == ["pass@k", "Recall@K", "AMI", "ARI", "V-measure"]


def result_metrics(ex, text: str) -> list[tuple[float, str | None]]:
    return [(r.value, r.metric) for r in ex.extract_text(text).results]


def test_the_metric_a_number_is_reported_in(ex):
    text = "Zorbex reaches 45.2 pass@1 and 30.1 MRR@10, and a Recall@5 of 0.8 and ROUGE-L of 41.2."
    assert result_metrics(ex, text) == [(45.2, "pass@1"), (30.1, "MRR@10"), (0.8, "Recall@5"), (41.2, "ROUGE-L")]
    # a metric after the number is not its metric unless next to it
    assert result_metrics(ex, "Flarp reduces the token consumption of quux agents by 29.5% without hurting "
                              "their success rate.") == [(29.5, "token consumption")]


def test_lists_of_values_and_metrics_pair_in_order(ex):
    assert result_metrics(ex, "Zorbex improves quux captions (15.9% and 34.5% relative gains in recall and "
                              "precision).") == [(15.9, "recall"), (34.5, "precision")]
    got = result_metrics(ex, "Zorbex reaches precision, recall, and F1 of 61.5%, 60.1%, and 60.8%, respectively.")
    assert got == [(61.5, "precision"), (60.1, "recall"), (60.8, "F1")]


@pytest.mark.parametrize("text, names", [
    ("Zorbex halves calibration error and lowers false-positive rates by 12% on quux.",
     ["calibration error", "false-positive rate"]),
    ("It raises overall accuracy by 3% and cuts flarp latency by 40%.", ["accuracy", "flarp latency"]),
    ("Quux users report 20% greater satisfaction and reduced review time.", ["satisfaction", "review time"]),
    ("Zorbex, a high-fidelity simulator, achieves a x100 speedup over flarp.", ["speedup"]),
    ("Zorbex cuts the quux error of EM-Flarp and Cryo-EM maps by 12%.", ["quux error"]),
])
def test_metric_names_without_verbs_and_grading_words(ex, text, names):
    assert metrics(ex, text) == names


@pytest.mark.parametrize("text, names", [
    ("We maximize the Flarp Skill Score (FSS) of the quux model and tune its learning rate (LR).",
     ["Flarp Skill Score"]),
    ("Zorbex attains state-of-the-art accuracy on the quux suite.", ["accuracy"]),
    ("Quux planners were evaluated based on accuracy, cost, and response quality.", ["accuracy"]),
])
def test_metric_long_forms_and_claims(ex, text, names):
    assert metrics(ex, text) == names


@pytest.mark.parametrize("text, names", [
    # the measure a number changes, whatever its head word
    ("Zorbex improves quux efficiency by an average of 41.5% over flarp baselines.", ["quux efficiency"]),
    ("The planner gives a 212 percent improvement to blorp search time on our quux arm.", ["blorp search time"]),
    ("Zorbex achieves up to 17% faster flarp training speeds than prior quux schedules.", ["flarp training speed"]),
    ("It reduces wrangle storage costs by 3.2x while keeping quux outputs unchanged.", ["wrangle storage cost"]),
    ("With Zorbex, blorp cycle latency drops from 41 ms to 12 ms on the quux board.", ["blorp cycle latency"]),
    ("Zorbex yields an 8% reduction in flarp hop count over quux routing.", ["flarp hop count"]),
])
def test_the_measure_a_number_changes(ex, text, names):
    assert metrics(ex, text) == names


@pytest.mark.parametrize("text", [
    "Zorbex improves performance by 12% over quux baselines.",  # too vague to name a measure
    "Zorbex improves the flarp baseline by 3 points.",  # a thing, not a measure
    "It gives a 5% gain in quux question answering.",  # a task
    "Zorbex improves training by 9% on quux data.",  # an activity
    "Pruning gives a 7.5% reduction in parameter count for quux models.",  # a model size (GUIDE.md)
])
def test_what_a_number_changes_that_is_no_measure(ex, text):
    assert metrics(ex, text) == []


def test_measures_listed_after_a_comparison(ex):
    text = "Zorbex outperforms prior quux approaches in coherence, flarpness, and persona relevance, offering more."
    assert metrics(ex, text) == ["coherence", "flarpness", "persona relevance"]
    assert metrics(ex, "We compare quux agents in terms of plan validity and blorp coverage.") \
        == ["plan validity", "blorp coverage"]
    # plain "accuracy" counts where a comparison lists it ("improving both X and accuracy")
    assert metrics(ex, "Zorbex routes quux queries adaptively, improving both efficiency and accuracy.") \
        == ["accuracy"]
    # a list of tasks or settings after the cue is not one of measures
    assert metrics(ex, "Zorbex outperforms quux baselines in flarp detection and blorp summarization.") == []
    assert metrics(ex, "Zorbex outperforms quux baselines in capturing long-range flarp dependencies.") == []
    assert metrics(ex, "Zorbex outperforms quux models in few-shot flarp setups.") == []


def test_an_acronym_the_abstract_spells_out_as_something_else(ex):
    # MOS is the gazetteer's "mean opinion score"; here it is a task, so neither form is a metric
    text = "Moving Orbit Segmentation (MOS) is crucial for quux rovers. Our MOS model reaches a Dice score of 0.8."
    assert metrics(ex, text) == ["Dice score"]
    assert metrics(ex, "Zorbex reaches a mean opinion score (MOS) of 4.2 on flarp speech.") == ["mean opinion score"]


def test_plural_measure_nouns_are_written_singular(ex):
    assert metrics(ex, "Zorbex cuts flarp latencies by 40% and quux costs by 3x.") == ["flarp latency", "quux cost"]
    assert metrics(ex, "It raises risk-adjusted returns by 12% over quux portfolios.") == ["risk-adjusted returns"]


def test_results_carry_the_listed_metric_name(ex):
    text = "Zorbex raises quux success rates by 12.5% on FlarpBench."
    assert metrics(ex, text) == ["quux success rate"]
    assert result_metrics(ex, text) == [(12.5, "quux success rate")]
    text = "It gives a 74 percent improvement to flarp search time and 41 percent improvement to flarp cost."
    assert result_metrics(ex, text) == [(74.0, "flarp search time"), (41.0, "flarp cost")]


@pytest.mark.parametrize("text, names", [
    ("With Zorbex the flarp standard deviation is reduced by 12% on quux scans.", ["flarp standard deviation"]),
    ("On quux, blorp acceptance ratio rises from 0.41 to 0.67 with Zorbex.", ["blorp acceptance ratio"]),
    ("Zorbex cuts flarp latency by 30% and quux memory footprint by 2x.", ["flarp latency", "quux memory footprint"]),
])
def test_the_measure_a_number_changes_as_subject(ex, text, names):
    assert metrics(ex, text) == names


def test_a_metric_drops_a_listed_task_qualifier(ex):
    text = ("We study zorb classification and blorp summarization tasks. Zorbex improves zorb classification "
            "accuracy by 4.1% on FlarpBench.")
    x = ex.extract_text(text)
    assert "zorb classification" in x.names("task")
    assert x.names("metric") == ["accuracy"]
    assert [(r.value, r.metric) for r in x.results] == [(4.1, "accuracy")]
    # without the task listed the qualifier stays
    assert metrics(ex, "Zorbex improves zorb classification accuracy by 4.1% on FlarpBench.") \
        == ["zorb classification accuracy"]
