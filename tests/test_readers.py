"""The Atom, BibTeX, JSON Lines and CSV readers: known records, line-numbered errors, CLI dispatch."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.graph.triples import paper_iri
from kg.cli import main
from kg.errors import ConfigError, InputFormatError
from kg.readers import format_of, read_papers
from kg.records import ParseReport

FIX = Path(__file__).parent / "fixtures"
GUIDING = "Guiding Large Language Models via Directional Stimulus Prompting"
DSP_URL = "https://github.com/Leezekun/Directional-Stimulus-Prompting"


@pytest.mark.parametrize("ext", ["atom", "bib", "jsonl", "csv"])
def test_first_paper_is_the_same_in_every_format(ext: str):
    recs = read_papers(FIX / f"papers.{ext}")
    assert len(recs) == 3
    r = recs[0]
    assert (r.id, r.title, r.category, r.date, r.has_code) == (1, GUIDING, "CL", "2023-02-22", True)
    assert r.authors == ("Zekun Li", "Baolin Peng", "Pengcheng He")
    assert r.urls == (DSP_URL,)
    assert r.arxiv_id == "2302.11520"
    assert paper_iri(r) == paper_iri(read_papers("data/papers.txt")[0])
    assert [x.id for x in recs] == [1, 2, 3]


def test_atom_fields():
    recs = read_papers(FIX / "papers.atom")
    assert recs[1].title == "Chameleon: Plug-and-Play Compositional Reasoning with Large Language Models"
    assert recs[1].abstract.startswith("Large language models (LLMs) have achieved remarkable progress. The project is")
    assert recs[1].urls == ("https://chameleon-llm.github.io",)
    assert (recs[1].arxiv_id, recs[1].et_al, recs[1].orgs, recs[1].has_code) == ("2304.09842", False, (), False)
    assert [r.line for r in recs] == [8, 34, 53]


def test_bibtex_fields():
    recs = read_papers(FIX / "papers.bib")
    cham, instr = recs[1], recs[2]
    assert cham.title == "Chameleon: Plug-and-Play Compositional Reasoning with Large Language Models"
    assert cham.authors == ("Pan Lu", "Baolin Peng", "Jörg Müller") and cham.et_al  # "and others"
    assert (cham.date, cham.category) == ("2023-04-01", "misc")
    assert (instr.title, instr.date, instr.category, instr.abstract, instr.et_al) == (
        "Instruction Tuning with GPT-4", "2023-04-01", "CL", "", False)
    assert [r.line for r in recs] == [4, 19, 28]


def test_jsonl_and_csv_fields():
    j = read_papers(FIX / "papers.jsonl")
    c = read_papers(FIX / "papers.csv")
    assert j[1].orgs == c[1].orgs == ("microsoft-research", "stanford")
    assert j[1].et_al and c[1].et_al and not c[2].et_al
    assert j[2].authors == c[2].authors == ("Baolin Peng", "Chunyuan Li", "Pengcheng He")
    assert j[2].date == "2023-04-06" and j[2].category == "CL"
    assert '"quoted", and\na line break' in c[1].abstract
    assert [r.line for r in j] == [1, 3, 4] and [r.line for r in c] == [2, 3, 6]


def test_format_by_extension_and_option():
    assert [format_of(p) for p in ("a.txt", "a.atom", "a.xml", "a.bib", "a.jsonl", "a.csv", "a")] == [
        "listing", "atom", "atom", "bibtex", "jsonl", "csv", "listing"]
    assert format_of("a.txt", "jsonl") == "jsonl"
    with pytest.raises(ConfigError):
        format_of("a.txt", "yaml")


BAD = {
    # name: (file name, content, line, words in the message)
    "jsonl not json": ("b.jsonl", '{"title": "A", "date": "2023-01-01"}\n{"title": "B", \n', 2, ["JSON"]),
    "jsonl bad date": ("b.jsonl", '{"title": "A", "date": "2023-01-01"}\n\n{"title": "B", "date": "2023-02-30"}\n',
                       3, ["date", "2023-02-30"]),
    "jsonl no title": ("b.jsonl", '{"date": "2023-01-01"}\n', 1, ["title"]),
    "jsonl list": ("b.jsonl", '[1, 2]\n', 1, ["JSON object"]),
    "csv bad bool": ("b.csv", "title,date,has_code\nX,2023-01-01,maybe\nA,2023-01-01,1\n", 2, ["has_code"]),
    "csv no date column": ("b.csv", "title,abstract\nA,x\n", 1, ["date"]),
    "csv short row": ("b.csv", "title,date,abstract\nA,2023-01-01,x\nB,2023-01-02\n", 3, ["3 fields"]),
    "bib no year": ("b.bib", "@article{a, title={A}, year={2023}}\n\n@article{b,\n title={B}}\n", 3, ["date"]),
    "bib broken": ("b.bib", "@article{a, title={A}, year={2023}}\n@article{b,\n title = {B\n", 2, ["BibTeX"]),
    "atom broken": ("b.atom", (FIX / "papers.atom").read_text().replace("</title>\n    <summary>", "\n    <summary>", 1),
                    33, ["XML"]),  # where the parser finds the unclosed <title>
    "bad category": ("b.jsonl", '{"title": "A", "date": "2023-01-01", "category": "c s/CL"}\n', 1, ["category"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_record_names_file_and_line(tmp_path: Path, name: str):
    fname, content, line, words = BAD[name]
    p = tmp_path / fname
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"[E001] {p}:{line}: ")
    for w in words:
        assert w in str(info.value)


@pytest.mark.parametrize("name", ["jsonl not json", "jsonl bad date", "csv bad bool", "csv short row", "bib no year"])
def test_skip_invalid_keeps_the_good_records(tmp_path: Path, name: str):
    fname, content, line, _ = BAD[name]
    p = tmp_path / fname
    p.write_text(content, encoding="utf-8")
    report = ParseReport()
    recs = read_papers(p, skip_invalid=True, report=report)
    assert [r.title for r in recs] == ["A"]
    assert len(report.skipped) == 1 and f":{line}:" in report.skipped[0]


def test_jsonl_reads_back_what_kg_extract_writes(tmp_path: Path):
    recs = read_papers("data/papers.txt")
    out = tmp_path / "x.jsonl"
    out.write_text("".join(json.dumps({**r.meta(), "abstract": r.abstract}) + "\n" for r in recs), encoding="utf-8")
    back = read_papers(out)
    strip = lambda rs: [(r.id, r.meta(), r.abstract) for r in rs]  # noqa: E731
    assert strip(back) == strip(recs)


@pytest.mark.parametrize("ext", ["atom", "bib", "jsonl", "csv"])
def test_cli_builds_every_format(tmp_path: Path, ext: str):
    res = CliRunner().invoke(main, ["build", str(FIX / f"papers.{ext}"), "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "3 papers" in res.output
    assert GUIDING in (tmp_path / "graph.ttl").read_text(encoding="utf-8")


def test_cli_format_option_overrides_extension(tmp_path: Path):
    p = tmp_path / "papers.txt"
    p.write_bytes((FIX / "papers.jsonl").read_bytes())
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(p), "-o", str(tmp_path)]).exit_code == 2  # read as a listing
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path), "--format", "jsonl"])
    assert res.exit_code == 0 and "3 papers" in res.output


def test_a_file_read_in_the_wrong_format_is_an_error_not_zero_papers(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    res = CliRunner().invoke(main, ["build", str(FIX.parent.parent / "data/papers.txt"), "--format", "bibtex",
                                    "-o", str(tmp_path / "o"), "--no-html"])
    assert res.exit_code == 2
    assert "papers.txt:1:" in res.output and "--format" in res.output
    assert not (tmp_path / "o" / "graph.ttl").exists()
