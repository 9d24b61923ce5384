"""The entity components on abstracts written for these tests, with made-up names.

Each made-up name (ZorbQA, Flimset, Blarg-7B, ...) is in no gazetteer, so the
tests show that the shape and context rules generalise beyond the lists.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kg.errors import ConfigError
from kg.nlp import load_extractor
from kg.nlp.gazetteer import alias_case_sensitive, load_gazetteer
from kg.nlp.pipeline import build_pipeline
from kg.records import Proposal

ROOT = Path(__file__).resolve().parent.parent
ARXIV = ROOT.parent / "shared" / "data" / "arxiv-10k.txt"


@pytest.fixture(scope="module")
def ex():
    return load_extractor()


def ents(ex, text: str, title: str = "") -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in ex.process(text, title).ents}


def names(ex, text: str, label: str) -> list[str]:
    return ex.extract_text(text).names(label)


# ------------------------------------------------------------------ the gazetteer
def test_made_up_names_are_in_no_gazetteer():
    gaz = load_gazetteer()
    for made_up in ("ZorbQA", "Flimset", "Blarg-7B", "Quuxworld", "Zindle", "Snorf", "Frobnicate"):
        assert gaz.lookup(made_up) is None


def test_gazetteer_finds_known_names_with_their_types(ex):
    found = ents(ex, "We fine-tune with LoRA and evaluate on GSM8K and MMLU with exact match and F1 "
                     "scores of 71.2 and 80.4, for question answering.")
    assert {("LoRA", "METHOD"), ("GSM8K", "DATASET"), ("MMLU", "DATASET"),
            ("question answering", "TASK")} <= found
    assert ("F1 scores", "METRIC") in found  # the metric as written (GUIDE: "F1 score", not "F1")


def test_case_rules_keep_acronyms_and_camel_case_exact(ex):
    assert ("RL", "METHOD") in ents(ex, "We train the agent with RL in a maze.")
    # lowercase English words are not the acronym or the CamelCase dataset
    assert not ents(ex, "We record every rl step and drop the minimax loss.")
    e = load_gazetteer().lookup("chain-of-thought")
    assert not alias_case_sensitive("chain-of-thought", e)
    assert alias_case_sensitive("ReCoRD", load_gazetteer().lookup("ReCoRD"))


def test_gazetteer_file_from_config_override(tmp_path):
    gz = tmp_path / "extra.jsonl"
    gz.write_text(json.dumps({"id": "dataset:wibblebench", "label": "WibbleBench", "type": "dataset",
                              "aliases": ["WibbleBench", "Wibble Bench"]}) + "\n")
    ex = load_extractor(overrides={"components.paperkg_gazetteer.files": [str(gz)]})
    assert names(ex, "Our scores improve on the Wibble Bench.", "dataset") == ["Wibble Bench"]


def test_bad_gazetteer_record_is_a_config_error(tmp_path):
    gz = tmp_path / "bad.jsonl"
    gz.write_text('{"id": "x", "label": "X", "type": "planet", "aliases": ["X"]}\n')
    with pytest.raises(ConfigError, match=r"bad.jsonl:1"):
        load_extractor(overrides={"components.paperkg_gazetteer.files": [str(gz)]})


def test_missing_gazetteer_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_extractor(overrides={"components.paperkg_gazetteer.files": [str(tmp_path / "nope.jsonl")]})


# ------------------------------------------------------------------ name shapes
@pytest.mark.parametrize("text, name", [
    ("We compare against Blarg-7B on our data.", "Blarg-7B"),
    ("Starting from Qwen9.5-Zeta-13B-Instruct, we train a policy.", "Qwen9.5-Zeta-13B-Instruct"),
    ("We distill from a GPT-7o-powered teacher into a small student.", "GPT-7o"),
    ("Our student is Llama-9-70b-chat.", "Llama-9-70b-chat"),
    ("We use Phi-9-Mini as the backbone.", "Phi-9-Mini"),
    ("We prompt Claude 9.1 Sonnet and Gemini 7 Pro.", "Claude 9.1 Sonnet"),
    ("It beats Snorfle-8x22B by a wide margin.", "Snorfle-8x22B"),
    ("We test GPT-7o mini on our data.", "GPT-7o mini"),
])
def test_model_names_by_shape(ex, text, name):
    assert name in names(ex, text, "model")


def test_bare_family_without_version_is_not_a_model(ex):
    assert names(ex, "A GPT style model and a Phi function.", "model") == []


def test_longer_forms_and_siblings_of_known_datasets(ex):
    found = names(ex, "We report pass@1 on Hyper-GSM8K, HumanEval Pro and AIME 2031.", "dataset")
    assert found == ["Hyper-GSM8K", "HumanEval Pro", "AIME 2031"]


def test_slash_siblings(ex):
    assert names(ex, "We report gains on ZorbMath30/31.", "dataset") == ["ZorbMath30", "ZorbMath31"]
    assert names(ex, "We report pass@1 on Hyper-GSM8K.", "metric") == ["pass@1"]


def test_organisation_and_acronym_is_no_model_by_itself(ex):
    # the rule "organisation + acronym = model" fired on hardware and SDKs in the 10k corpus (NVIDIA DGX,
    # Apple M5, OpenAI SDK) and on one sample sentence; it is gone (bench/rule_firing.py)
    assert names(ex, "We train on an NVIDIA DGX node and call the OpenAI SDK.", "model") == []


# ------------------------------------------------------------------ context
def test_dataset_by_head_noun_and_evaluation_context(ex):
    text = ("We evaluate on ZorbQA and the Flimset benchmark. Our method reaches 67.5% accuracy on Vortex-Hard "
            "and improves results on Quibbleton.")
    assert names(ex, text, "dataset") == ["ZorbQA", "Flimset", "Vortex-Hard", "Quibbleton"]


def test_dataset_in_lists_after_a_head_noun(ex):
    text = "Experiments on two synthetic benchmarks (Quuxworld and Zindle) and one realistic benchmark (Mopland)."
    assert names(ex, text, "dataset") == ["Quuxworld", "Zindle", "Mopland"]


def test_list_members_inherit_a_typed_members_type(ex):
    assert names(ex, "Results on GSM8K, Grumblemath, and Fizzbank show gains.", "dataset") == [
        "GSM8K", "Grumblemath", "Fizzbank"]


def test_models_and_methods_from_the_head_noun_before_a_list(ex):
    text = ("Our approach outperforms strong baselines such as Blorptron and ZapNet, and state-of-the-art "
            "methods - Frobnicate, Wibble-Search, and SnapTune.")
    assert names(ex, text, "model") == ["Blorptron", "ZapNet"]
    assert names(ex, text, "method") == ["Frobnicate", "Wibble-Search", "SnapTune"]


def test_a_versioned_or_camelcase_name_before_a_model_noun_is_a_model(ex):
    text = ("Our tutor pairs a 0.3B-parameter SpoonViT visual encoder with the Kettle-7X2 language decoder and "
            "ships FP16 models. The GRUMBLE ocean model is slow.")
    assert names(ex, text, "model") == ["SpoonViT", "Kettle-7X2"]


def test_dataset_introduced_by_name_and_subset(ex):
    text = "We build a new dataset, called QuuxSet, and train on the 2k Grumble subset."
    assert names(ex, text, "dataset") == ["QuuxSet", "Grumble"]


def test_context_does_not_type_plain_words(ex):
    text = "On top of Flarp we build a planner. Based on Glorb, the agent acts in a Markov Decision Process."
    assert names(ex, text, "dataset") == []


def test_abbreviations_share_a_type_and_one_name(ex):
    lower = names(ex, "We use gradient zebra reinforcement learning (GZRL). GZRL is stable.", "method")
    assert lower == ["gradient zebra reinforcement learning"]  # GUIDE: as the abstract first writes it
    assert names(ex, "GZRL is stable. We use gradient zebra reinforcement learning (GZRL).", "method") == ["GZRL"]
    titled = names(ex, "We use Tree of Thoughts (ToT). ToT is slow.", "method")
    assert titled == ["Tree of Thoughts"]  # a Title Case long form is a name
    assert names(ex, "We study dialogue state tracking (DST). DST models help.", "task") == [
        "dialogue state tracking"]


def test_abbreviation_in_brackets_is_not_a_list_member(ex):
    assert names(ex, "It optimises a Snarkle Model (SM) with PPO.", "model") == []


def test_tasks_from_phrases_before_tasks(ex):
    text = "We assess our model across zorbic summarization, quibble detection, and flim question answering tasks."
    assert names(ex, text, "task") == ["zorbic summarization", "quibble detection", "flim question answering"]


def test_tasks_after_such_as_and_in_the_title(ex):
    assert names(ex, "It solves three hard tasks such as snorf generation.", "task") == ["snorf generation"]
    x = ex.extract_text("We improve accuracy in automatic quibble diagnosis.", title="Automatic Quibble Diagnosis")
    assert x.names("task") == ["automatic quibble diagnosis"]


def test_generic_task_words_are_not_tasks(ex):
    assert names(ex, "It helps on complex reasoning tasks and many downstream tasks.", "task") == []


def test_metric_phrases_next_to_changes_and_numbers(ex):
    text = ("The agent achieves higher flim accuracy and quibble recall. It reduces grading time by 20% and "
            "reaches 24.5% overall zorb completion accuracy, with 12.1% higher task throughput.")
    assert names(ex, text, "metric") == ["flim accuracy", "quibble recall", "grading time",
                                         "zorb completion accuracy", "task throughput"]


def test_metrics_only_where_something_is_measured(ex):
    assert names(ex, "The correlation between accuracy and confidence is important.", "metric") == []
    assert names(ex, "It improves accuracy by 3.1 points.", "metric") == ["accuracy"]


def test_plural_metric_names_are_singular(ex):
    assert names(ex, "It achieves higher quibble scores and win rates.", "metric") == ["quibble score", "win rate"]
    text = "It reaches high zorb success rates (ZSRs), and ZSRs drop by 5% without it."
    assert names(ex, text, "metric") == ["zorb success rate"]


# ------------------------------------------------------------------ names of entities
def test_one_entry_per_thing_first_seen_form(ex):
    x = ex.extract_text("We tune LLaMA models and compare GPT-4 with GPT-4o. Llama models are cheap.")
    assert x.names("model") == ["LLaMA", "GPT-4", "GPT-4o"]


def test_short_name_of_a_model_is_the_same_model(ex):
    text = "We distill DeepSeek-R9 into a student that matches R9 while using fewer tokens than R9."
    assert names(ex, text, "model") == ["DeepSeek-R9"]


def test_one_type_per_name_in_an_abstract(ex):
    doc = ex.process("We evaluate on Zindle and Quuxworld. Results show that Zindle is hard.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Zindle", "DATASET"), ("Quuxworld", "DATASET"),
                                                      ("Zindle", "DATASET")]


def test_mention_spans_point_into_the_abstract(ex):
    text = "We evaluate Blarg-7B on the ZorbQA benchmark. It beats GPT-4 by 3 points in accuracy."
    x = ex.extract_text(text)
    assert x.mentions
    for m in x.mentions:
        assert text[m.span.start:m.span.end] in m.span.sentence
        assert m.span.component.startswith("paperkg_") and 0 < m.span.confidence <= 1


def test_provenance_on_spans(ex):
    doc = ex.process("We evaluate on the Flimset benchmark with GSM8K.")
    prov = {e.text: (e._.component, e._.confidence) for e in doc.ents}
    assert prov["GSM8K"] == ("paperkg_gazetteer", pytest.approx(0.9))
    assert prov["Flimset"][0] == "paperkg_context"


# ------------------------------------------------------------------ the paper's own things
@Language.factory("test_fixed_proposals")
def _fixed_proposals(nlp, name):
    def component(doc):
        doc._.proposed = [Proposal("Zorblex", "model"), Proposal("ZorbBench", "benchmark"),
                          Proposal("ZMET", "metric")]
        return doc

    return component


def test_reconcile_drops_own_models_and_adds_own_datasets():
    nlp = build_pipeline(overrides={"components.paperkg_contributions.factory": "test_fixed_proposals"})
    ex = type(load_extractor())(nlp)
    text = ("We train Zorblex and Zorblex-7B and compare with Blarg-7B. We release ZorbBench and the ZMET metric; "
            "Zorblex reaches 80% on ZorbBench.")
    x = ex.extract_text(text)
    assert x.names("model") == ["Blarg-7B"]
    assert x.names("dataset") == ["ZorbBench"]
    assert "ZMET" in x.names("metric")


# ------------------------------------------------------------------ assembly and settings
def test_default_pipeline_components():
    nlp = build_pipeline()
    assert nlp.pipe_names[:5] == ["sentencizer", "paperkg_gazetteer", "paperkg_shapes", "paperkg_context",
                                  "paperkg_entities"]
    assert nlp.pipe_names[-1] == "paperkg_reconcile"


def test_optional_components_are_left_out_when_missing(monkeypatch):
    import kg.nlp.pipeline as pipeline

    monkeypatch.setitem(pipeline.OPTIONAL_FACTORIES, "paperkg_results", "kg.nlp.no_such_module")
    nlp = pipeline.build_pipeline()
    assert "paperkg_results" not in nlp.pipe_names
    assert "paperkg_reconcile" in nlp.pipe_names


def test_missing_config_and_unknown_component_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        build_pipeline(tmp_path / "none.cfg")
    cfg = tmp_path / "bad.cfg"
    cfg.write_text('[nlp]\nlang = "en"\npipeline = ["nope"]\n\n[components]\n\n[components.nope]\n'
                   'factory = "paperkg_nope"\n')
    with pytest.raises(ConfigError, match="cannot build"):
        build_pipeline(cfg)


def test_uninstalled_spacy_model_is_a_config_error():
    with pytest.raises(ConfigError, match="not installed"):
        load_extractor(spacy_model="en_paperkg_no_such_model")


def test_spacy_model_ner_adds_names(tmp_path):
    model = spacy.blank("en")
    model.add_pipe("entity_ruler").add_patterns([{"label": "PRODUCT", "pattern": "kabloom"}])
    model.to_disk(tmp_path / "m")
    text = "Experiments on kabloom show large gains."
    assert names(load_extractor(), text, "dataset") == []
    assert names(load_extractor(spacy_model=str(tmp_path / "m")), text, "dataset") == ["kabloom"]


def test_extract_many_is_extract_in_order(ex):
    from kg.build import read_papers

    records = read_papers(ROOT / "data" / "papers.txt")[:8]
    assert list(ex.extract_many(records, batch_size=3)) == [ex.extract(r) for r in records]


def test_architecture_classes_and_fields_are_not_methods(ex):
    # GUIDE.md: generic architecture classes are neither models nor methods; a field of study is no method
    text = ("Deep Learning techniques are popular. We encode the spoon stream with an LSTM and a GNN, "
            "trained with contrastive learning.")
    assert names(ex, text, "method") == ["contrastive learning"]


def test_a_method_named_again_by_its_head_is_one_method(ex):
    text = ("We compress Blarg-7B with knowledge distillation and low-rank adaptation. "
            "After distillation, the student keeps 95% of its accuracy.")
    assert names(ex, text, "method") == ["knowledge distillation", "low-rank adaptation"]


@pytest.mark.skipif(not ARXIV.is_file(), reason="../shared/data/arxiv-10k.txt is not here")
def test_real_abstracts_run_and_spans_are_consistent(ex):
    from kg.build import read_papers

    records = read_papers(ARXIV, skip_invalid=True)[:300]
    for rec, x in zip(records, ex.extract_many(records)):
        for m in x.mentions:
            assert 0 <= m.span.start < m.span.end <= len(rec.abstract)
            assert rec.abstract[m.span.start:m.span.end] in m.span.sentence


# ------------------------------------------------------------------ the sample against its gold
# tasks: the GUIDE's conventions (no background tasks of other work, one entry per task) cost the sample's older
# gold a little; issue 10 allows the sample 0.05 below its 0.687
TARGETS = {"datasets": 0.90, "models": 0.85, "methods": 0.65, "tasks": 0.637, "metrics": 0.65}


def test_sample_meets_entity_targets(ex):
    from kg.eval import evaluate_listing

    report = evaluate_listing(ROOT / "data" / "papers.txt", ROOT / "tests" / "fixtures" / "seed_gold.jsonl",
                              extractor=ex)
    got = {f: round(report.fields[f].f1, 3) for f in TARGETS}
    assert all(got[f] >= t for f, t in TARGETS.items()), got


def test_extract_many_in_two_processes_is_the_same(ex):
    from kg.build import read_papers

    records = read_papers(ROOT / "data" / "papers.txt")[:6]
    assert list(ex.extract_many(records, n_process=2)) == list(ex.extract_many(records))


def test_a_users_span_ruler_adds_candidates():
    nlp = build_pipeline()
    ruler = nlp.add_pipe("span_ruler", before="paperkg_context", config={"spans_key": "paperkg_candidates", "overwrite": False})
    ruler.add_patterns([{"label": "DATASET", "pattern": "wibble corpus"}])
    doc = nlp("We release the wibble corpus and test GPT-4 on it.")
    assert [(e.text, e.label_) for e in doc.ents] == [("wibble corpus", "DATASET"), ("GPT-4", "MODEL")]


@pytest.mark.parametrize("text", ["", "   ", "(", "We.", "\n\n", "$", "A/B+C-D"])
def test_degenerate_abstracts(ex, text):
    doc = ex.process(text)
    assert doc.text == text
    ex.extract_text(text)


def test_models_the_paper_compares_with_are_marked_and_linked_in_the_graph():
    from kg.graph.triples import build_graph
    from kg.graph.ids import entity_iri
    from kg.nlp import load_extractor
    from kg.records import PaperRecord
    from kg.graph.vocab import PKG

    abstract = ("We present Quillo, a planner for spreadsheet agents. We fine-tune Zorp-13B with LoRA. "
                "Quillo outperforms Blarg-7B and Flimflam-3.5 on ZorbQA, and is compared with Snork-2 as a baseline.")
    rec = PaperRecord(id=1, category="CL", date="2026-01-01", has_code=False, title="Quillo: Planning",
                      authors=("Ada Lovelace",), et_al=False, orgs=(), abstract=abstract)
    ext = load_extractor().extract(rec)
    compared = {m.text for m in ext.mentions if m.compared}
    assert compared == {"Blarg-7B", "Flimflam-3.5", "Snork-2"}
    g = build_graph([rec], [ext])
    paper = next(g.subjects(PKG.comparesWith, entity_iri("model", "Blarg-7B")))
    assert (paper, PKG.usesModel, entity_iri("model", "Zorp-13B")) in g
    assert (paper, PKG.comparesWith, entity_iri("model", "Zorp-13B")) not in g


# ------------------------------------------------------------------ wider lists and acronyms of other meanings
def test_well_known_names_across_fields(ex):
    text = ("We pretrain a ConvNeXt backbone and compare it with DenseNet and PatchTST on ETTh1, "
            "Tiny-ImageNet and MovieLens-1M, and report results on SWE-bench Pro and HMMT 2025.")
    assert set(names(ex, text, "dataset")) >= {"ETTh1", "Tiny-ImageNet", "MovieLens-1M", "SWE-bench Pro",
                                                "HMMT 2025"}
    assert set(names(ex, text, "model")) >= {"ConvNeXt", "DenseNet", "PatchTST"}


def test_a_known_acronym_defined_as_something_else_is_not_that_entry(ex):
    other = "We study Sharpness-Aware Minimization (SAM) and find that SAM flattens the loss of a Zorbnet."
    assert "SAM" not in names(ex, other, "model")
    same = "We prompt the Segment Anything Model (SAM) with boxes, and SAM returns masks for each Zorb."
    assert "Segment Anything Model" in names(ex, same, "model") or "SAM" in names(ex, same, "model")
    assert "MMLU" in names(ex, "On the Massive Multitask Language Understanding (MMLU) benchmark, Zorb scores "
                               "71.2%.", "dataset") or "Massive Multitask Language Understanding" in names(
        ex, "On the Massive Multitask Language Understanding (MMLU) benchmark, Zorb scores 71.2%.", "dataset")


def test_a_model_family_named_after_its_maker_in_a_list_of_companies_is_the_company(ex):
    text = ("We survey Zorbnet deployments built on model families from OpenAI, Anthropic, Google, Mistral and "
            "DeepSeek. We then fine-tune Llama, Mistral and Qwen models on Flimset.")
    found = names(ex, text, "model")
    assert "DeepSeek" not in found
    assert {"Llama", "Mistral", "Qwen"} <= set(found)  # a list of models, no company in it


def test_platform_and_company_names_are_not_datasets(ex):
    assert not names(ex, "We deploy Zorbnet on LinkedIn's support traffic and on TikTok.", "dataset")


def test_latex_spaces_and_slashed_versions(ex):
    found = ex.extract_text("We drive Zorbtool with Opus~4.5/4.6 and Qwen~2.5 on AIME~2024.")
    assert {"Opus 4.5", "Opus 4.6", "Qwen 2.5"} <= set(found.names("model"))
    assert found.names("dataset") == ["AIME 2024"]


def test_a_known_long_form_with_its_acronym_is_that_model(ex):
    found = ex.extract_text("Generative Pre-trained Transformers (GPTs) now write much of Zorbcorp's text.")
    assert found.names("model") == ["Generative Pre-trained Transformers"]


def test_morphology_of_environments_sets_and_vision_language_models(ex):
    found = ex.extract_text("Our Quuxplanner is tested in FlarpWorld and on QuuxSet, and it is compared with "
                            "Blarg-VL. It stays robust in Real-World settings.")
    assert found.names("dataset") == ["FlarpWorld", "QuuxSet"]
    assert found.names("model") == ["Blarg-VL"]
