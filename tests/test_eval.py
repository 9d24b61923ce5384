"""``kg eval`` and kg.eval: scores of hand-made records whose counts are worked out by hand."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputFormatError
from kg.eval import evaluate, format_table, name_key, read_gold, result_matches
from kg.records import Extraction, Mention, Proposal, Result, Span

ROOT = Path(__file__).resolve().parent.parent

GOLD = [
    {"id": 1, "meta": {"title": "Zorb"}, "proposed": [{"name": "Zorb-Net", "kind": "model"}],
     "datasets": ["MATH-500", "ZorbQA"], "models": ["GPT-4", "Qwen2.5-7B"], "methods": ["RLHF"],
     "tasks": ["question answering"], "metrics": ["accuracy"],
     "results": [{"subject": "Zorb-Net", "dataset": "ZorbQA", "metric": "accuracy", "value": 71.5, "unit": "%",
                  "type": "absolute", "text": "71.5%"},
                 {"subject": None, "dataset": None, "metric": None, "value": 3.0, "unit": "points",
                  "type": "improvement", "text": "3 points"}]},
    {"id": 2, "meta": {"title": "Flim"}, "proposed": [], "datasets": ["Flimset"], "models": [], "methods": [],
     "tasks": [], "metrics": [], "results": []},
]
PRED = [
    # datasets: Math500 = MATH-500 (case, hyphen), ZorbQA missed, GSM8K extra -> tp 1 fp 1 fn 1
    # models: "gpt 4" = GPT-4, Qwen2.5-7B = "Qwen2.5 7B" (spaces/punctuation) -> tp 2
    # proposed: "zorb net" = Zorb-Net -> tp 1; methods: [] -> fn 1; tasks: extra "summarization" -> tp 1 fp 1
    # results: 71.5 on zorbqa by zorb net matches; 3.0 with dataset "X" does not (null != X); 9.9 extra
    {"id": 1, "proposed": [{"name": "zorb net", "kind": "method"}], "datasets": ["Math500", "GSM8K"],
     "models": ["gpt 4", "Qwen2.5 7B"], "methods": [], "tasks": ["Question Answering", "summarization"],
     "metrics": ["Accuracy"],
     "results": [{"subject": "zorb net", "dataset": "zorbqa", "value": 71.5},
                 {"subject": None, "dataset": "X", "value": 3.0},
                 {"subject": "Zorb-Net", "dataset": None, "value": 9.9}]},
    # paper 2: Flimset found, plus one false alarm model
    {"id": 2, "proposed": [], "datasets": ["flimset"], "models": ["Blarg-7B"], "methods": [], "tasks": [],
     "metrics": [], "results": []},
    # paper 9 has no gold record: not scored, listed
    {"id": 9, "datasets": ["Nope"]},
]
EXPECTED = {  # (tp, fp, fn) per field
    "datasets": (2, 1, 1), "models": (2, 1, 0), "proposed": (1, 0, 0), "methods": (0, 0, 1),
    "tasks": (1, 1, 0), "metrics": (1, 0, 0), "results": (1, 2, 1),
}


def test_counts_per_field_and_micro():
    report = evaluate(PRED, GOLD)
    for f, (tp, fp, fn) in EXPECTED.items():
        c = report.fields[f]
        assert (c.tp, c.fp, c.fn) == (tp, fp, fn), f
    micro = report.micro
    assert (micro.tp, micro.fp, micro.fn) == (8, 5, 3)
    assert micro.precision == pytest.approx(8 / 13)
    assert micro.recall == pytest.approx(8 / 11)
    assert micro.f1 == pytest.approx(16 / 24)
    assert report.n_papers == 2 and report.unscored == [9]


def test_per_paper_misses_and_false_alarms():
    papers = {p.id: p for p in evaluate(PRED, GOLD).papers}
    assert papers[1].misses["datasets"] == ["ZorbQA"]
    assert papers[1].false_alarms["datasets"] == ["GSM8K"]
    assert papers[1].misses["methods"] == ["RLHF"]
    assert papers[1].misses["results"] == ["3.0 points"]
    assert papers[1].false_alarms["results"] == ["3.0 on X", "9.9 by Zorb-Net"]
    assert papers[2].false_alarms == {"models": ["Blarg-7B"]} and papers[2].misses == {}


def test_missing_paper_counts_every_gold_item_as_missed():
    report = evaluate([], GOLD)
    assert report.fields["datasets"].fn == 3 and report.fields["datasets"].tp == 0
    assert report.micro.f1 == 0.0


def test_name_key_and_result_rule():
    assert name_key("MATH-500") == name_key("math500") == name_key("Math 500")
    assert name_key("GPT-4") != name_key("GPT-4o")
    gold = {"subject": None, "dataset": None, "value": 2}
    assert result_matches({"subject": "Anything", "dataset": None, "value": 2.0}, gold)
    assert not result_matches({"subject": None, "dataset": "D", "value": 2.0}, gold)
    assert not result_matches({"subject": "A", "dataset": "D", "value": 2.0},
                              {"subject": "B", "dataset": "D", "value": 2})


def test_bad_gold_line_names_its_line(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text('{"id": 1}\n\nnot json\n')
    with pytest.raises(InputFormatError, match=r"g.jsonl:3"):
        read_gold(p)


# ------------------------------------------------------------------ the command
LISTING = """CLFeb 2, 2025
Zorb: Better Question AnsweringAda Lovelace, Alan Turing
We present Zorb. It reaches 71.5% accuracy on ZorbQA.
CLFeb 3, 2025
Flim Benchmarks RevisitedGrace Hopper
We study Flimset.
"""


def _mention(text: str, label: str) -> Mention:
    return Mention(text, label, Span(0, 1, "s", "test", 1.0))


class FixedExtractor:
    """Stands in for the pipeline: the extraction of each paper is fixed, so the scores are known."""

    def extract_many(self, records):
        fixed = {
            1: Extraction(mentions=(_mention("Math500", "dataset"), _mention("GSM8K", "dataset"),
                                    _mention("gpt 4", "model"), _mention("Qwen2.5 7B", "model"),
                                    _mention("question answering", "task"), _mention("summarization", "task"),
                                    _mention("accuracy", "metric")),
                          proposed=(Proposal("zorb net", "method"),),
                          results=(Result(71.5, "%", "absolute", "71.5%", subject="zorb net", dataset="zorbqa"),
                                   Result(3.0, "points", "improvement", "3", dataset="X"),
                                   Result(9.9, None, "absolute", "9.9", subject="Zorb-Net"))),
            2: Extraction(mentions=(_mention("flimset", "dataset"), _mention("Blarg-7B", "model"))),
        }
        for r in records:
            yield fixed[r.id]


@pytest.fixture()
def files(tmp_path, monkeypatch):
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "load_extractor", lambda **kw: FixedExtractor())
    listing = tmp_path / "l.txt"
    listing.write_text(LISTING)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in GOLD))
    return listing, gold


def test_eval_json_numbers_match_the_hand_count(files):
    listing, gold = files
    res = CliRunner().invoke(main, ["eval", str(listing), "--gold", str(gold), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["papers"] == 2
    for f, (tp, fp, fn) in EXPECTED.items():
        assert (out["fields"][f]["tp"], out["fields"][f]["fp"], out["fields"][f]["fn"]) == (tp, fp, fn), f
    assert out["fields"]["datasets"]["precision"] == round(2 / 3, 4)
    assert out["fields"]["datasets"]["f1"] == round(4 / 6, 4)
    assert out["micro"] == {"tp": 8, "fp": 5, "fn": 3, "precision": round(8 / 13, 4),
                            "recall": round(8 / 11, 4), "f1": round(16 / 24, 4)}
    assert "details" not in out


def test_eval_table_and_details(files):
    listing, gold = files
    res = CliRunner().invoke(main, ["eval", str(listing), "--gold", str(gold), "--details"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split() == ["field", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[1].split() == ["datasets", "0.667", "0.667", "0.667", "2", "1", "1"]
    assert next(ln for ln in lines if ln.startswith("micro")).split()[1:] == ["0.615", "0.727", "0.667", "8", "5",
                                                                              "3"]
    assert "#1 Zorb" in res.output and "datasets  missed: ZorbQA" in res.output
    assert "models    extra:  Blarg-7B" in res.output


def test_eval_details_in_json(files):
    listing, gold = files
    res = CliRunner().invoke(main, ["eval", str(listing), "--gold", str(gold), "--format", "json", "--details"])
    details = {d["id"]: d for d in json.loads(res.output)["details"]}
    assert details[2] == {"id": 2, "title": "Flim", "misses": {}, "false_alarms": {"models": ["Blarg-7B"]}}


def test_eval_missing_gold_file_is_a_clean_error(tmp_path):
    listing = tmp_path / "l.txt"
    listing.write_text(LISTING)
    res = CliRunner().invoke(main, ["eval", str(listing), "--gold", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 2 and "none.jsonl" in res.output


def test_eval_runs_the_real_pipeline_on_the_sample():
    res = CliRunner().invoke(main, ["eval", str(ROOT / "data" / "papers.txt"), "--gold",
                                    str(ROOT / "tests" / "fixtures" / "seed_gold.jsonl"), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["papers"] == 50 and out["micro"]["f1"] > 0.5


def test_results_with_type_and_unit_is_a_stricter_row_outside_micro():
    gold = [{"id": 1, "results": [
        {"subject": "Zorb", "dataset": "ZorbQA", "value": 4.0, "unit": "points", "type": "improvement"},
        {"subject": "Zorb", "dataset": None, "value": 71.5, "unit": "%", "type": "absolute"},
        {"subject": None, "dataset": None, "value": 2.0, "unit": "x", "type": "improvement"}]}]
    pred = [{"id": 1, "results": [
        {"subject": "Zorb", "dataset": "ZorbQA", "value": 4.0, "unit": "%", "type": "improvement"},  # unit wrong
        {"subject": "Zorb", "dataset": None, "value": 71.5, "unit": "%", "type": "baseline"},  # type wrong
        {"subject": "Other", "dataset": None, "value": 2.0, "unit": "x", "type": "improvement"}]}]
    report = evaluate(pred, gold)
    r, t = report.fields["results"], report.fields["results+type"]
    assert (r.tp, r.fp, r.fn) == (3, 0, 0)
    assert (t.tp, t.fp, t.fn) == (1, 2, 2)
    assert report.micro.tp == 3 and report.micro.fp == 0
    assert "results+type" in format_table(report)
