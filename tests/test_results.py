"""paperkg_results on abstracts written for these tests (made-up names), plus the sample targets."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span as SpacySpan

import kg.nlp.contributions  # noqa: F401  (registers paperkg_contributions)
from kg.nlp.results import find_results
from kg.records import Proposal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paperkg_contributions")
    nlp.add_pipe("paperkg_results")
    return nlp


def run(nlp, text: str, ents: dict[str, str] | None = None, title: str = ""):
    """Run the pipeline; ``ents`` maps entity texts to labels (stands in for the entity components)."""
    doc = nlp.make_doc(text)
    if title:
        doc.user_data["title"] = title
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "sentencizer" and ents:
            spans = []
            for surface, label in ents.items():
                for m in re.finditer(re.escape(surface), text):
                    spans.append(doc.char_span(m.start(), m.end(), label=label))
            doc.ents = [s for s in spans if s is not None]
    return [(r.value, r.unit, r.type, r.dataset, r.subject, r.text) for r in doc._.results], doc


QUILLO = ("We present Quillo, a framework for tool routing. Quillo improves accuracy on ZorbQA by "
          "4.2 points over Blarg-7B, reaching 71.3%.")


def test_improvement_and_absolute(nlp):
    got, doc = run(nlp, QUILLO, {"ZorbQA": "DATASET", "Blarg-7B": "MODEL"})
    assert [g[:5] for g in got] == [
        (4.2, "points", "improvement", "ZorbQA", "Quillo"),
        (71.3, "%", "absolute", "ZorbQA", "Quillo"),
    ]
    assert [(r.text, QUILLO[r.span.start:r.span.end], r.metric) for r in doc._.results] == [
        ("accuracy on ZorbQA by 4.2 points over Blarg-7B", "4.2 points", "accuracy"),
        ("reaching 71.3%", "71.3%", "accuracy"),
    ]
    assert all(r.span.component == "paperkg_results" for r in doc._.results)


def test_without_entities_the_dataset_comes_from_the_shape(nlp):
    got, _ = run(nlp, QUILLO)
    assert [g[:5] for g in got] == [
        (4.2, "points", "improvement", "ZorbQA", "Quillo"),
        (71.3, "%", "absolute", "ZorbQA", "Quillo"),
    ]


def test_respectively_pairs_values_with_datasets(nlp):
    text = ("We introduce Heron, a method for planning. On FooArena and BarVoyage, Heron raises "
            "task success by up to 8.1 and 11.4 points over the baseline, respectively.")
    got, _ = run(nlp, text, {"FooArena": "DATASET", "BarVoyage": "DATASET"})
    assert [g[:5] for g in got] == [
        (8.1, "points", "improvement", "FooArena", "Heron"),
        (11.4, "points", "improvement", "BarVoyage", "Heron"),
    ]
    assert "8.1" in got[0][5] and "11.4" in got[1][5]


def test_list_of_values_after_a_pronoun_subject(nlp):
    text = ("We present Lumen, an open framework. Lumen-Web trains a small agent. It achieves "
            "70.2%, 61.5%, and 55.0% success rates on AlphaWeb, BetaShop, and GammaMail, respectively.")
    got, _ = run(nlp, text)
    assert [g[:5] for g in got] == [
        (70.2, "%", "absolute", "AlphaWeb", "Lumen-Web"),
        (61.5, "%", "absolute", "BetaShop", "Lumen-Web"),
        (55.0, "%", "absolute", "GammaMail", "Lumen-Web"),
    ]


def test_from_to_gives_baseline_and_absolute(nlp):
    text = ("We propose Sprig, a tuning method. Applied to the base model Tako-2-7B, Sprig lifts "
            "accuracy on NumBench from 40.5% to 62.25% (21.75% improvement).")
    got, _ = run(nlp, text, {"NumBench": "DATASET", "Tako-2-7B": "MODEL"})
    assert [g[:5] for g in got] == [
        (40.5, "%", "baseline", "NumBench", "Tako-2-7B"),
        (62.25, "%", "absolute", "NumBench", "Sprig"),
        (21.75, "%", "improvement", "NumBench", "Sprig"),
    ]
    assert got[1][5] == "NumBench from 40.5% to 62.25%"
    assert got[2][5] == "21.75% improvement"


def test_baseline_in_parentheses_and_compared_to(nlp):
    text = ("We propose Pika, a grounding method. Pika-7B surpasses Moro-70B (31.5) on ClickSet, "
            "achieving 35.25 with a small backbone. It reaches 22.5% compared to 18.75% for the "
            "best prior method.")
    got, _ = run(nlp, text, {"ClickSet": "DATASET"})
    assert [g[:5] for g in got] == [
        (31.5, None, "baseline", "ClickSet", "Moro-70B"),
        (35.25, None, "absolute", "ClickSet", "Pika-7B"),
        (22.5, "%", "absolute", None, "Pika-7B"),
        (18.75, "%", "baseline", None, None),
    ]


def test_not_results(nlp):
    text = ("In 2024 we collected 80 dialogues and 1,200 questions from 5 domains (Section 3). "
            "Our Gizmo-7B model has 0.4K trajectories, 2K-length prompts and adds 0.3% parameters; "
            "it is 600x larger than Tiny-1B and trained on GPT-4 outputs with pass@3 checks.")
    got, _ = run(nlp, text)
    assert got == []


def test_improvement_words_and_x_unit(nlp):
    text = ("We introduce Rook, a decoding method. Rook gives up to 3x higher throughput and "
            "12.5% fewer errors, and it reduces latency by 7.5%; it also gains +2.5% in recall.")
    got, _ = run(nlp, text)
    assert [(v, u, t, s) for v, u, t, _, s, _ in got] == [
        (3.0, "x", "improvement", "Rook"),
        (12.5, "%", "improvement", "Rook"),
        (7.5, "%", "improvement", "Rook"),
        (2.5, "%", "improvement", "Rook"),
    ]


def test_no_proposal_means_no_subject(nlp):
    # GUIDE "Conventions for hard cases": a drop stated as a finding is an improvement
    text = "Existing models fall short, dropping 6% to 20% on hard questions compared to easy ones."
    got, _ = run(nlp, text)
    assert [(v, t, s) for v, _, t, _, s, _ in got] == [(6.0, "improvement", None), (20.0, "improvement", None)]


def test_our_metric_points_to_the_proposed_metric(nlp):
    text = ("We build a new dataset, called PlumSet. We propose an automatic metric, ZEST, for "
            "factuality. Our Otter model is strong. Results show a good correlation (55.25) "
            "between our proposed metric and humans.")
    got, _ = run(nlp, text)
    assert [(v, u, t, s) for v, u, t, _, s, _ in got] == [(55.25, None, "absolute", "ZEST")]


def test_a_proposed_benchmark_is_not_a_subject(nlp):
    text = ("We introduce TrapBench, a benchmark of poisoned tool manuals. Frontier models "
            "reach only 41.5% accuracy on TrapBench.")
    got, _ = run(nlp, text)
    assert [g[:5] for g in got] == [(41.5, "%", "absolute", "TrapBench", None)]


def test_text_is_verbatim(nlp):
    got, _ = run(nlp, QUILLO)
    for *_, text in got:
        assert text and text in QUILLO


def test_find_results_function():
    text = "Our system Vole reaches 88.5% accuracy on KiteQA."
    got = find_results(text, proposals=[Proposal("Vole", "system")], mentions=[("KiteQA", 40, 46, "DATASET")])
    assert [(r.value, r.unit, r.type, r.dataset, r.subject) for r in got] == [
        (88.5, "%", "absolute", "KiteQA", "Vole")]


# ------------------------------------------------------------------ the sample against its gold
def _key(s):
    return re.sub(r"[\W_]+", "", (s or "").casefold())


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_sample_meets_quality_targets():
    from kg.nlp import load_extractor
    from kg.build import read_papers

    extractor = load_extractor()
    records = read_papers(ROOT / "data" / "papers.txt")
    extractions = list(extractor.extract_many(records))
    if not any(x.proposed for x in extractions):
        pytest.skip("the extractor is still the placeholder")
    gold = {json.loads(line)["id"]: json.loads(line)
            for line in (ROOT / "tests" / "fixtures" / "seed_gold.jsonl").read_text().splitlines()}
    p = [0, 0, 0]
    r = [0, 0, 0]
    for rec, x in zip(records, extractions):
        g = gold[rec.id]
        gp = {_key(q["name"]) for q in g["proposed"]}
        xp = {_key(q.name) for q in x.proposed}
        p[0] += len(gp & xp)
        p[1] += len(xp - gp)
        p[2] += len(gp - xp)
        left = list(g["results"])
        for res in x.results:
            hit = next((y for y in left if abs(float(y["value"]) - res.value) < 1e-9
                        and _key(y["dataset"]) == _key(res.dataset)
                        and (y["subject"] is None or _key(y["subject"]) == _key(res.subject))), None)
            if hit is None:
                r[1] += 1
            else:
                left.remove(hit)
                r[0] += 1
        r[2] += len(left)
    assert _f1(*p) >= 0.85, f"proposed F1 {_f1(*p):.3f} (tp, fp, fn = {p})"
    assert _f1(*r) >= 0.80, f"results F1 {_f1(*r):.3f} (tp, fp, fn = {r})"


def test_spacy_span_extensions_untouched(nlp):
    # the components must not need doc.ents; Span extensions exist for the entity components
    assert SpacySpan.has_extension("component") and SpacySpan.has_extension("confidence")


# ------------------------------------------------------------------ capabilities (made-up abstracts)
def test_ranges_give_one_result_per_number(nlp):
    text = ("We present Tamber, a retrieval method. Tamber gains 12-15% in recall on KelpQA, and "
            "accuracy falls from 41.2 to 37.9 without it; scores lie between 0.81 and 0.86.")
    got, _ = run(nlp, text, {"KelpQA": "DATASET"})
    assert [g[:4] for g in got] == [
        (12.0, "%", "improvement", "KelpQA"), (15.0, "%", "improvement", "KelpQA"),
        (41.2, None, "baseline", None), (37.9, None, "absolute", None),
        (0.81, None, "absolute", None), (0.86, None, "absolute", None)]


def test_latex_is_read_as_text(nlp):
    text = (r"We introduce Vireo, a sparse kernel. Vireo reaches $45.1\%$ accuracy and a 3.2$\times$ "
            r"speedup, with a 2.5 pp gain, +1.5 \%p in recall and r $= -0.42$ against latency.")
    got, _ = run(nlp, text)
    assert [(v, u, t) for v, u, t, *_ in got] == [
        (45.1, "%", "absolute"), (3.2, "x", "improvement"), (2.5, "points", "improvement"),
        (1.5, "points", "improvement"), (-0.42, None, "absolute")]
    assert all(s == "Vireo" for *_, s, _ in got)
    assert all(t in text for *_, t in got)


def test_respectively_pairs_values_with_systems(nlp):
    text = ("We study code repair with three assistants. Brisk-7B and Lomo-13B solve 31.5% and "
            "44.25% of the hard split, respectively.")
    got, _ = run(nlp, text, {"Brisk-7B": "MODEL", "Lomo-13B": "MODEL"})
    assert [(v, s) for v, _, _, _, s, _ in got] == [(31.5, "Brisk-7B"), (44.25, "Lomo-13B")]


def test_subject_carried_across_sentences(nlp):
    text = ("We audit Marlo-3, an open chat model, on medical questions. Marlo-3 answers 62.5% of "
            "the triage items correctly. On dosage questions, accuracy is only 38.5%.")
    got, _ = run(nlp, text, {"Marlo-3": "MODEL"})
    assert [(v, t, s) for v, _, t, _, s, _ in got] == [(62.5, "absolute", "Marlo-3"), (38.5, "absolute", "Marlo-3")]


def test_pre_existing_models_are_subjects_in_an_analysis_paper(nlp):
    text = ("We evaluate how chat models handle sarcasm. Orca-Nova reaches 71.5% accuracy on "
            "SnarkSet, while Pelican-2 stays at 48.5%; fine-tuning Pelican-2 on our notes yields 55.5%.")
    got, _ = run(nlp, text, {"Orca-Nova": "MODEL", "Pelican-2": "MODEL", "SnarkSet": "DATASET"})
    assert [(v, t, d, s) for v, _, t, d, s, _ in got] == [
        (71.5, "absolute", "SnarkSet", "Orca-Nova"), (48.5, "absolute", None, "Pelican-2"),
        (55.5, "absolute", None, "Pelican-2")]


def test_by_n_over_x_is_a_baseline_not_a_dataset(nlp):
    text = ("We propose Cobble, a pruning method. On TinyStack, Cobble improves accuracy by 2.5 points "
            "over Sparrow, the strongest baseline (61.5%).")
    got, _ = run(nlp, text, {"TinyStack": "DATASET", "Sparrow": "DATASET"})
    assert [g[:5] for g in got] == [
        (2.5, "points", "improvement", "TinyStack", "Cobble"), (61.5, "%", "absolute", "TinyStack", "Cobble")]


def test_compared_model_scores_are_baselines(nlp):
    text = ("We introduce Wren, a small planner. Wren scores 81.5 on MazeLab, while Gull-70B scores "
            "only 74.5 there.")
    got, _ = run(nlp, text, {"Gull-70B": "MODEL", "MazeLab": "DATASET"})
    assert [(v, t, s) for v, _, t, _, s, _ in got] == [(81.5, "absolute", "Wren"), (74.5, "baseline", "Gull-70B")]


def test_types_units_and_non_results(nlp):
    text = ("We present Fennel, a caching layer. Fennel cuts latency by 35% and runs 4x faster at 50% "
            "sparsity; memory drops by 2.5 GB, a 7.5% reduction in parameter count, and token use falls 18.5%. The error rate drops to 3.5% "
            "with 0.5% of the training data, and it stays at 91.5% recall.")
    got, _ = run(nlp, text)
    assert [(v, u, t) for v, u, t, *_ in got] == [
        (35.0, "%", "improvement"), (4.0, "x", "improvement"), (2.5, None, "improvement"),
        (18.5, "%", "improvement"), (3.5, "%", "absolute"), (91.5, "%", "absolute")]


def test_our_method_and_it_are_the_papers_system(nlp):
    text = ("Quail is a new prompting scheme. Compared with Heron-8B, our method gains 6.5 points on "
            "ArcSet. It also keeps 92.5% of the speed.")
    got, _ = run(nlp, text, {"Heron-8B": "MODEL", "ArcSet": "DATASET"}, title="Quail: Prompting Made Plain")
    assert [(v, s) for v, _, _, _, s, _ in got][:1] == [(6.5, "Quail")]


def test_leaderboard_has_type_unit_sentence_and_filters():
    import kg
    from kg.graph.triples import build_graph
    from kg.records import Extraction, PaperRecord, Result, Span

    sent = "Finch reaches 70.5% on Dunes, 3.5 points over Robin (67.0%)."
    span = Span(14, 19, sent, "paperkg_results", 0.7)
    recs = [PaperRecord(1, "CL", "2025-01-02", False, "Finch", ("Ann Lee",), False, (), sent, ())]
    ext = [Extraction(results=(
        Result(70.5, "%", "absolute", "70.5% on Dunes", "Finch", "Dunes", "accuracy", span),
        Result(70.5, "%", "absolute", "70.5% on Dunes", "Finch", "Dunes", "accuracy", span),
        Result(3.5, "points", "improvement", "3.5 points", "Finch", "Dunes", "accuracy", span),
        Result(67.0, "%", "baseline", "Robin (67.0%)", "Robin", "Dunes", None, span)))]
    g = build_graph(recs, ext)
    rows = kg.run_query(g, "leaderboard", dataset="dunes")
    assert [(float(r["value"]), r["unit"], r["type"], r["metric"], r["subject"]) for r in rows] == [
        (70.5, "%", "absolute", "accuracy", "Finch"), (67.0, "%", "baseline", "", "Robin"),
        (3.5, "points", "improvement", "accuracy", "Finch")]
    assert all(r["sentence"] == sent for r in rows)
    assert [float(r["value"]) for r in kg.run_query(g, "leaderboard", dataset="Dunes", type="Improvement")] == [3.5]
    assert [float(r["value"]) for r in kg.run_query(g, "leaderboard", dataset="Dunes", metric="ACCURACY",
                                                    type="absolute")] == [70.5]


def test_our_framework_is_the_titled_system_and_it_the_last_named(nlp):
    text = ("We present Tilda, a framework with two agents, Tilda-Web and Tilda-Code. Tilda-Code "
            "repairs programs. It reaches 61.5% on BugPile. Overall, the framework reaches 70.5% on MazeLab.")
    got, _ = run(nlp, text, {"BugPile": "DATASET", "MazeLab": "DATASET"}, title="Tilda: Agents That Share")
    assert [(v, d, s) for v, _, _, d, s, _ in got] == [(61.5, "BugPile", "Tilda-Code"), (70.5, "MazeLab", "Tilda")]


def test_scientific_notation_and_p_values_are_not_results(nlp):
    text = ("We present Bram, a solver. Bram keeps the error near $7 \\times 10^{-3}$ (p < 0.05, z = 3.1) on "
            "13.5 nm masks ($0.8$B weights, a 5% threshold) and reaches 88.5% recall, a gain of 2.5 p.p.")
    got, _ = run(nlp, text)
    assert [(v, u, t) for v, u, t, *_ in got] == [(88.5, "%", "absolute"), (2.5, "points", "improvement")]


def test_from_a_at_x_to_b_and_arrows(nlp):
    text = ("We present Kestrel, a defence. Attack success falls from 58.5% at step one to 2.5% at step "
            "ten, and recall goes 40.5% -> 61.5% on SpamSet.")
    got, _ = run(nlp, text, {"SpamSet": "DATASET"})
    assert [(v, t) for v, _, t, *_ in got] == [(58.5, "baseline"), (2.5, "absolute"), (40.5, "baseline"),
                                               (61.5, "absolute")]
