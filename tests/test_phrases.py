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


# -- noun phrases without a tagger (kg/nlp/chunks.py, kg/nlp/context_chunks.py) --------------------------

def test_chunks_stop_at_closed_class_words_verbs_and_punctuation():
    from kg.nlp.chunks import chunks, phrase_before

    text = "We apply best-first search to the zorb problem, which improves quux retrieval accuracy."
    assert [" ".join(w) for _, w in chunks(text)] == ["best-first search", "zorb problem", "quux retrieval accuracy"]
    end = text.index(" to the")
    assert phrase_before(text, 0, end) == (text.index("best"), ["best-first", "search"])
    # a leading adjective is no part of the name
    text = "under conventional supervised fine-tuning"
    assert phrase_before(text, 0, len(text))[1] == ["supervised", "fine-tuning"]


@pytest.mark.parametrize("text, label, name", [
    ("We train the flarp policy using zorb-first search over zorb states.", "method", "zorb-first search"),
    ("Representations are evaluated via flarp probing on frozen quux features.", "method", "flarp probing"),
    ("The agent applies potential-based reward shaping to sparse zorb rewards.", "method",
     "potential-based reward shaping"),
    ("We present a framework for quantum zorb monitoring in flarp networks.", "task", "quantum zorb monitoring"),
    ("Flarp trajectory forecasting remains a core challenge for quux robots.", "task", "flarp trajectory forecasting"),
    ("Our system reaches a zorb detection accuracy of 91.2% on unseen scans.", "metric", "zorb detection accuracy"),
    ("The method significantly improves path smoothness of quux drones.", "metric", "path smoothness"),
])
def test_noun_phrase_methods_tasks_and_metrics(ex, text, label, name):
    assert name in ex.extract_text(text).names(label)


def test_noun_phrases_need_a_context(ex):
    x = ex.extract_text("Zorb-first search and zorb detection accuracy are discussed in the appendix.")
    assert x.names("method") == [] and x.names("metric") == []


def test_acronym_long_form_gives_the_phrase_its_extent(ex):
    x = ex.extract_text("The planner is based on Flarp Quux Tree Search (FQTS) with learned zorb priors.")
    assert x.names("method") == ["Flarp Quux Tree Search"]


def test_mining_script_without_the_corpus_keeps_the_shipped_lexicons(tmp_path, capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "mine_lexicons.py"
    spec = importlib.util.spec_from_file_location("mine_lexicons", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--corpus", str(tmp_path / "absent.txt"), "--out", str(tmp_path / "out")]) == 0
    assert "shipped lexicons" in capsys.readouterr().out and not (tmp_path / "out").exists()


def test_mining_finds_acronyms_terms_and_name_heads(tmp_path):
    import importlib.util
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "mine_lexicons.py"
    spec = importlib.util.spec_from_file_location("mine_lexicons", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    texts = ["We use zorb tree search (ZTS) on the FlarpSet benchmark."] * 3
    assert {"abbr": "ZTS", "long": "zorb tree search", "count": 3, "label": ""} in mod.mine_acronyms(texts, 2)
    assert {"term": "zorb tree search", "head": "search", "count": 3} in mod.mine_terms(texts, 3)
    assert mod.mine_names(texts, 2) == [{"name": "FlarpSet", "label": "DATASET", "count": 3}]
    assert json.loads(json.dumps(mod.mine_terms(texts, 3)))  # JSON-ready rows


@pytest.mark.parametrize("text, title, names", [
    # named parts of the paper's system
    ("We propose Zorbix, a framework for flarp ranking. Zorbix employs Quux Anchor Calibration and a "
     "Flarp Re-weighting module.", "", ["Zorbix", "Quux Anchor Calibration", "Flarp Re-weighting"]),
    ("We present Zorbix, a multi-agent framework comprising PlanAgent, ToolAgent, and JudgeAgent.", "",
     ["Zorbix", "PlanAgent", "ToolAgent", "JudgeAgent"]),
    # the short form the abstract defines wins
    ("We introduce the FlarpThoughts-Agent (FT-Agent) project for quux agents.", "", ["FT-Agent"]),
    # "we ... and propose"
    ("We analyse the causes of zorb drift in TP-sharded quux kernels and propose Flarp Invariant Kernels (FIK), "
     "a set of kernels.", "", ["FIK"]),
    # a name only in the title is used only when the abstract names nothing
    ("We introduce Zorb Flarp Optimization, a critic-free method for quux assignment.", "ZFO: Zorb Flarp Optimization",
     ["Zorb Flarp Optimization"]),
])
def test_more_proposals(ex, text, title, names):
    assert [p.name for p in ex.extract_text(text, title).proposed] == names


def test_a_known_technique_with_its_acronym_is_used_not_proposed(ex):
    x = ex.extract_text("We introduce the Zorbix family of models, trained via reinforcement learning (RL) on quux data.")
    assert [p.name for p in x.proposed] == ["Zorbix"]


def test_joined_model_names_are_split(ex):
    x = ex.extract_text("We compare Gemini 9 Flash and Pro with Opus 7.1 on zorb questions.")
    assert x.names("model") == ["Gemini 9 Flash", "Gemini 9 Pro", "Opus 7.1"]


@pytest.mark.parametrize("text, name", [
    ("Evaluated on the real-world ZorbCo Smart Flarp Chain dataset, our method wins.", "ZorbCo Smart Flarp Chain"),
    ("On ZorbBench FlarpMaze-Stitch, our planner reaches 99.1% success.", "ZorbBench FlarpMaze-Stitch"),
])
def test_dataset_names_in_several_words(ex, text, name):
    assert ex.extract_text(text).names("dataset") == [name]


def test_rule_firing_counts_rules_and_gazetteer_files(ex):
    from kg.nlp import firing

    firing.start(keep_found=True)
    try:
        ex.extract_text("We fine-tune Blarg-7B on GSM8K using zorb-first search.")
        found = dict(firing.FOUND or {})
    finally:
        counts = firing.stop()
    assert counts["gazetteer:datasets.jsonl"] >= 1 and counts["chunks.method.use_before"] == 1
    assert found["chunks.method.use_before"] == ["zorb-first search"]
    assert firing.COUNTS is None  # off again: rules count nothing


def test_one_word_task_inside_a_longer_one_is_one_task(ex):
    x = ex.extract_text("We study generative zorb recommendation. Our method improves recommendation for quux users "
                        "and targets generative zorb recommendation tasks.")
    assert "recommendation" not in x.names("task")


def test_tasks_of_other_work_are_background(ex):
    x = ex.extract_text("Existing methods treat this as a tabular zorb classification task. We propose Quuxor "
                        "for flarp trajectory forecasting.")
    assert x.names("task") == ["flarp trajectory forecasting"]


def test_an_acronym_the_corpus_defines_is_a_technique_in_use(ex):
    # "UCB" is defined in many abstracts of the 10k corpus (kg/nlp/data/mined/acronyms.jsonl)
    x = ex.extract_text("The planner picks zorb arms with an Upper Confidence Bound (UCB) rule over flarp values.")
    assert x.names("method") == ["Upper Confidence Bound"]
    x = ex.extract_text("Sensors form an Internet of Things (IoT) mesh for quux monitoring.")
    assert x.names("method") == []


def test_adjective_and_general_task_head_needs_support(ex):
    # once, in a "tasks" phrase: a description, not a task
    x = ex.extract_text("Small zorbs trained on synthetic classification tasks show quux effects.")
    assert "synthetic classification" not in x.names("task")
    # named again (or in the title): kept
    x = ex.extract_text("We study zorbic classification. Zorbic classification tasks are hard for quux models.")
    assert "zorbic classification" in x.names("task")


def test_title_phrases_are_not_modifiers_or_own_names(ex):
    x = ex.extract_text("Flarp agents rely on zorbic reasoning over quux logs.",
                        title="Zorbic Reasoning Transcribers for Flarp Agents")
    assert "zorbic reasoning" not in x.names("task")
    x = ex.extract_text("We propose Quux-Guided Flarp Planning (QGFP), a framework for zorb games.",
                        title="Quux-Guided Flarp Planning for Zorb Games")
    assert "quux-guided flarp planning" not in x.names("task") and "flarp planning" not in x.names("task")


def test_negated_methods_and_loss_terms_are_not_methods(ex):
    x = ex.extract_text("Zorbnet reaches 71.2% on QuuxQA without any reinforcement learning.")
    assert "reinforcement learning" not in x.names("method")
    x = ex.extract_text("The gain of Zorbnet comes from the policy gradient loss on flarp rollouts.")
    assert "policy gradient" not in x.names("method")
    x = ex.extract_text("We train Zorbnet with reinforcement learning on flarp rollouts.")
    assert x.names("method") == ["reinforcement learning"]


def test_a_method_the_paper_designs_is_not_a_pre_existing_method(ex):
    x = ex.extract_text("Additionally, we design Flarp Quux Tuning to improve zorb calibration.")
    assert "Flarp Quux Tuning" not in x.names("method")


def test_language_names_may_start_a_task(ex):
    x = ex.extract_text("This study fine-tunes zorb models for Swahili legal text generation.")
    assert "swahili legal text generation" in x.names("task")


def test_tasks_listed_after_benchmarks(ex):
    x = ex.extract_text("Experiments across six benchmarks, including zorbic reasoning and quux generation, show gains.")
    assert {"zorbic reasoning", "quux generation"} <= set(x.names("task"))


def test_known_task_inside_a_hyphenated_word_is_not_that_task(ex):
    x = ex.extract_text("Zorbnet keeps its quux performance and cross-domain generalization remains hard.")
    assert "domain generalization" not in x.names("task")
