"""The listing parser: the sample against gold, tricky hand-made listings, tolerated variations."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.readers.listing import extract_urls, parse_meta, read_listing
from kg.records import ParseReport

ROOT = Path(__file__).resolve().parent.parent
GOLD = [json.loads(line) for line in (ROOT / "tests/fixtures/seed_gold.jsonl").read_text().splitlines()]


def write(tmp_path: Path, text: str, name: str = "l.txt", raw: bytes | None = None) -> Path:
    p = tmp_path / name
    p.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return p


def test_sample_matches_gold_meta_for_every_paper():
    records = read_listing(ROOT / "data/papers.txt")
    assert len(records) == 50
    for rec, gold in zip(records, GOLD):
        assert rec.id == gold["id"]
        assert rec.meta() == gold["meta"], rec.line


def test_sample_has_no_warnings():
    report = ParseReport()
    read_listing(ROOT / "data/papers.txt", report=report)
    assert report.warnings == [] and report.skipped == []


TRICKY = [
    # (line 2 as listed, title, authors, et_al, orgs)
    ("Aligning Models with RLHFLingfeng Shen, Wenxuan Ma, Weiting Tan et al.",
     "Aligning Models with RLHF", ["Lingfeng Shen", "Wenxuan Ma", "Weiting Tan"], True, []),
    ("Is Scale All You Need?Maria van der Berg, José Álvarez",
     "Is Scale All You Need?", ["Maria van der Berg", "José Álvarez"], False, []),
    ("Scaling Laws for GPT-4Jean-Pierre Dupont",
     "Scaling Laws for GPT-4", ["Jean-Pierre Dupont"], False, []),
    ("Memory, Planning, and Tools: A Survey of LLM AgentsAna Maria Costa Silva, Bo Li, Wei-Jung Huang et al. · acme-lab, Univ X",
     "Memory, Planning, and Tools: A Survey of LLM Agents", ["Ana Maria Costa Silva", "Bo Li", "Wei-Jung Huang"], True,
     ["acme-lab", "Univ X"]),
    ("Benchmarks in 2025Ludwig von Mises, Hans de la Cruz",
     "Benchmarks in 2025", ["Ludwig von Mises", "Hans de la Cruz"], False, []),
    ("Reasoning (Revisited)Chen Wang, Li Na, Xu ling",
     "Reasoning (Revisited)", ["Chen Wang", "Li Na", "Xu ling"], False, []),
    ("WebArena-Pro: Harder Web Tasks for AgentsO'Brien Kelly, Søren Kierkegaard et al.",
     None, None, None, None),
]


@pytest.mark.parametrize("line2,title,authors,et_al,orgs", TRICKY[:-1])
def test_tricky_title_author_splits(tmp_path, line2, title, authors, et_al, orgs):
    p = write(tmp_path, f"CLMar 3\n{line2}\nAn abstract.\n")
    (rec,) = read_listing(p)
    assert (rec.title, list(rec.authors), rec.et_al, list(rec.orgs)) == (title, authors, et_al, orgs)


def test_et_al_listing_with_fewer_than_three_items_is_still_read(tmp_path):
    p = write(tmp_path, "CLMar 3\nA Short TitleAda Lovelace et al.\nAbstract.\n")
    (rec,) = read_listing(p)
    assert rec.title == "A Short Title" and rec.authors == ("Ada Lovelace",) and rec.et_al


def test_same_person_spelled_differently_is_learned_from_other_records(tmp_path):
    text = ("CLMar 3\nSome Study of ModelsLiLiang Ren, Ann Lee, Bo Chen et al.\nA.\n"
            "CLMar 4\nAnother PaperAnn Lee, Liliang Ren, Bo Chen et al.\nB.\n")
    recs = read_listing(write(tmp_path, text))
    assert recs[0].title == "Some Study of Models"
    assert recs[0].authors[0] == "LiLiang Ren"


@pytest.mark.parametrize("line,expected", [
    ("CLFeb 22, 2023Code", ("CL", "2023-02-22", True)),
    ("AIAug 21", ("AI", "2026-08-21", False)),
    ("LGJun 1Code", ("LG", "2026-06-01", True)),
    ("ROOct 15, 2024", ("RO", "2024-10-15", False)),
    ("MAMay 5", ("MA", "2026-05-05", False)),
])
def test_meta_line(line, expected):
    assert parse_meta(line, 2026) == expected


def test_year_option_sets_yearless_dates(tmp_path):
    (rec,) = read_listing(write(tmp_path, "AIAug 21\nA TitleAda Lovelace\nText.\n"), year=2024)
    assert rec.date == "2024-08-21"


def test_urls_lose_trailing_punctuation_and_url_wrapper():
    text = (r"Code at \url{https://github.com/a/b}. See https://x.org/p?q=1, and "
            "(https://example.com/page). Also https://a.b/c).")
    assert extract_urls(text) == ("https://github.com/a/b", "https://x.org/p?q=1", "https://example.com/page",
                                  "https://a.b/c")


def test_crlf_bom_blank_lines_and_trailing_spaces_are_tolerated(tmp_path):
    text = ("CLFeb 22, 2023Code  \r\nA Title HereAda Lovelace, Alan Turing\r\nAbstract one.  \r\n\r\n\r\n"
            "AIMar 1\r\nSecond TitleGrace Hopper\r\nAbstract two.\r\n")
    p = write(tmp_path, "", raw=b"\xef\xbb\xbf" + text.encode("utf-8"))
    recs = read_listing(p)
    assert [r.title for r in recs] == ["A Title Here", "Second Title"]
    assert recs[0].category == "CL" and recs[0].has_code and recs[0].abstract == "Abstract one."
    assert recs[1].line == 6


def test_unsure_split_is_kept_with_a_warning_naming_the_line(tmp_path):
    p = write(tmp_path, "CLMar 3\nall lower case title by someone\nAbstract.\n")
    report = ParseReport()
    (rec,) = read_listing(p, report=report)
    assert rec.abstract == "Abstract."
    assert report.warnings and report.warnings[0].startswith(f"{p}:2:")
