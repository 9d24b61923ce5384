"""Damaged inputs through the CLI: a clear file:line message (exit 2) or acceptance, never a traceback,
never a lost good record; and a killed build leaves the previous graph intact."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "papers.txt"
LINES = SAMPLE.read_bytes().split(b"\n")[:150]  # 50 records of 3 lines


def listing(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def damaged() -> dict[str, tuple[bytes, int | None, int]]:
    """name -> (file content, line of the problem or None if accepted, good records)."""
    bad_date = LINES[:3] + [b"CLFeb 30, 2023"] + LINES[4:]
    missing = LINES[:3] + LINES[4:]  # record 2 loses its meta line
    nonutf8 = LINES[:4] + [LINES[4] + b" \xff\xfe"] + LINES[5:]
    return {
        "crlf and bom": (b"\xef\xbb\xbf" + listing(LINES).replace(b"\n", b"\r\n"), None, 50),
        "blank lines": (b"\n\n" + b"\n\n".join(listing(LINES[i:i + 3]) for i in range(0, 150, 3)), None, 50),
        "unknown category": (listing([b"ZZFeb 22, 2023"] + LINES[1:]), None, 50),
        "empty file": (b"", None, 0),
        "bad date": (listing(bad_date), 4, 49),
        "missing line": (listing(missing), 4, 49),
        "non-utf8 byte": (listing(nonutf8), 5, 49),
        "truncated": (listing(LINES[:149]), 150, 49),
    }


@pytest.mark.parametrize("name", sorted(damaged()))
def test_damaged_listing_through_cli(tmp_path: Path, name: str):
    data, line, good = damaged()[name]
    p = tmp_path / "in.txt"
    p.write_bytes(data)
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path / "out")])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output  # never a traceback
    if line is None:
        assert res.exit_code == 0, res.output
        assert f"{good} papers" in res.output
        return
    assert res.exit_code == 2
    assert f"Error: [E001] {p}:{line}: " in res.output
    assert len(res.output.strip().splitlines()) == 1  # one line, no traceback
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert f"{good} papers" in res.output and f"skipped: {p}:{line}:" in res.output


@pytest.mark.parametrize("ext,content,line", [
    ("jsonl", b'{"title": "A", "date": "2023-01-01"}\n{"title": "B\xff", "date": "2023-01-01"}\n'
              b'{"title": "C", "date": "2023-01-01"}\n', 2),
    ("csv", b"\xef\xbb\xbftitle,date\r\nA,2023-01-01\r\nB\xff,2023-01-01\r\nC,2023-01-01\r\n", 3),
    ("bib", b"@misc{a, title={A}, year=2023}\n@misc{b, title={B\xff}, year=2023}\n@misc{c, title={C}, year=2023}\n", 2),
])
def test_damaged_structured_inputs(tmp_path: Path, ext: str, content: bytes, line: int):
    p = tmp_path / f"in.{ext}"
    p.write_bytes(content)
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2 and f"{p}:{line}: " in res.output and "UTF-8" in res.output
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--skip-invalid"])
    assert res.exit_code == 0, res.output
    kept = 3 if ext == "bib" else 2  # BibTeX replaces the byte and keeps the record
    assert f"{kept} papers" in res.output


def test_empty_structured_files(tmp_path: Path):
    for ext in ("jsonl", "csv", "bib", "atom"):
        p = tmp_path / f"empty.{ext}"
        p.write_bytes(b"")
        res = CliRunner().invoke(main, ["build", str(p), "-o", str(tmp_path / "out")])
        assert res.exit_code == 0 and "0 papers" in res.output, (ext, res.output)


def test_50mb_abstract_is_accepted(tmp_path: Path):
    big = (b"We study scaling. " * 3_000_000)[:50_000_000].rstrip()
    p = tmp_path / "big.txt"
    p.write_bytes(listing(LINES[:2] + [big] + LINES[3:6]))
    out = tmp_path / "big.jsonl"
    res = CliRunner().invoke(main, ["extract", str(p), "--parse-only", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 papers" in res.output


def test_killed_build_leaves_previous_graph_intact(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    out = tmp_path / "out"
    env = {**os.environ, "KG_NO_PROGRESS": "1"}
    subprocess.run([sys.executable, "-m", "kg", "build", str(SAMPLE), "-o", str(out)], check=True, env=env,
                   capture_output=True)
    before = (out / "graph.ttl").read_bytes()
    big = synth.write(tmp_path / "big.txt", 4000, seed=2)
    for delay in (1.0, 2.5):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big), "-o", str(out)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (out / "graph.ttl").read_bytes() == before


# --- issue 12: caps, every problem in one run, recovery, warnings ----------------------------------------

sys.path.insert(0, str(Path(__file__).parent))
from _formats import EXT, FORMATS, paper, write  # noqa: E402

from kg.errors import InputFormatError, NoValidRecordError  # noqa: E402
from kg.readers import read_papers  # noqa: E402
from kg.records import ParseReport  # noqa: E402

HUGE = "We study scaling laws." + " Again." * 200_000  # 1,400,022 characters: spaCy E088 before the cap


def _file(tmp_path: Path, fmt: str, recs: list[dict]) -> tuple[Path, list[int]]:
    data, lines = write(fmt, recs)
    p = tmp_path / f"in.{EXT[fmt]}"
    p.write_bytes(data)
    return p, lines


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_million_character_abstract_is_cut_with_a_warning_and_built(tmp_path: Path, fmt: str):
    p, lines = _file(tmp_path, fmt, [paper(1), paper(2, abstract=HUGE), paper(3)])
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--no-html", "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert "3 papers" in res.output
    assert "abstract of 1,400,022 characters cut to 20,000" in res.output and f"warning: {p}:" in res.output
    rec = read_papers(p)[1]
    assert len(rec.abstract) <= 20_000 and rec.abstract.startswith("We study scaling laws.")


def test_the_extractor_never_gives_spacy_more_than_max_length():
    from kg.nlp import load_extractor

    ex = load_extractor()
    doc = ex._doc("x" * (ex.nlp.max_length + 10))  # one token: fast
    assert len(doc.text) == ex.nlp.max_length


@pytest.mark.parametrize("field,value,cap", [("title", "T" * 2_001, "2,000"), ("authors", ["N" * 501], "500"),
                                             ("orgs", ["o"] * 1_001, "1,000")], ids=["title", "name", "orgs"])
def test_other_fields_over_their_cap_are_a_file_line_problem(tmp_path: Path, field: str, value: object, cap: str):
    recs = [paper(1), paper(2, **{field: value}), paper(3)]
    p = tmp_path / "in.jsonl"
    p.write_bytes(write("jsonl", recs)[0])
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    assert info.value.line == 2 and f"at most {cap}" in str(info.value)
    assert [r.title for r in read_papers(p, skip_invalid=True)] == [recs[0]["title"], recs[2]["title"]]


def test_a_listing_title_line_over_its_cap_is_a_problem_not_a_stall(tmp_path: Path):
    p, _ = _file(tmp_path, "listing", [paper(1), paper(2, title="WordWord" * 20_000), paper(3)])
    t = time.monotonic()
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    assert time.monotonic() - t < 5 and info.value.line == 5 and "at most 3,520 characters" in str(info.value)
    assert len(read_papers(p, skip_invalid=True)) == 2


JSONL_DAMAGE = {
    # name: (line 2 of a 3-line file, words of the message)
    "deep nesting": ("[" * 100_000, ["nested too deep"]),
    "deep nesting in a field": ('{"title": "B", "date": "2023-01-01", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                ["nested too deep"]),
    "integer over 4,300 digits": ('{"title": "B", "date": "2023-01-01", "n": ' + "7" * 5_000 + "}", ["4300 digits"]),
    "lone surrogate": ('{"title": "B\\ud800", "date": "2023-01-01"}', ["lone surrogate", "title"]),
    "lone surrogate in a list": ('{"title": "B", "date": "2023-01-01", "authors": ["A \\udfff"]}', ["surrogate"]),
    "NaN": ('{"title": "B", "date": "2023-01-01", "has_code": NaN}', ["NaN"]),
    "Infinity": ('{"title": "B", "date": "2023-01-01", "x": -Infinity}', ["Infinity"]),
    "a list": ("[1, 2]", ["JSON object"]),
    "a string": ('"title"', ["JSON object"]),
    "null": ("null", ["JSON object"]),
    "nested title": ('{"title": {"a": [[1]]}, "date": "2023-01-01"}', ["text in field 'title'"]),
}


@pytest.mark.parametrize("name", sorted(JSONL_DAMAGE))
def test_damaged_jsonl_line_is_a_file_line_error_and_skip_invalid_keeps_the_rest(tmp_path: Path, name: str):
    line, words = JSONL_DAMAGE[name]
    p = tmp_path / "in.jsonl"
    p.write_text('{"title": "A", "date": "2023-01-01"}\n' + line + '\n{"title": "C", "date": "2023-01-01"}\n',
                 encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(p), "--parse-only", "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert f"Error: [E001] {p}:2: " in res.output and "Traceback" not in res.output
    for w in words:
        assert w in res.output
    res = runner.invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--no-html", "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert "2 papers" in res.output and f"skipped: {p}:2:" in res.output


def test_truncated_atom_keeps_every_complete_entry(tmp_path: Path):
    recs = [paper(i) for i in range(1, 6)]
    data, lines = write("atom", recs)
    text = data.decode()
    cut = text.index("<summary>", text.index("2301.00003"))  # inside entry 4
    p = tmp_path / "in.atom"
    p.write_text(text[:cut], encoding="utf-8")  # entry 4 is cut off mid-way, entry 5 is missing
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--no-html", "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert "3 papers" in res.output and f"skipped: {p}:{lines[3]}: " in res.output and "</entry>" in res.output
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    assert info.value.line == lines[3]


def test_atom_with_a_broken_entry_in_the_middle_keeps_the_others(tmp_path: Path):
    recs = [paper(i) for i in range(1, 6)]
    data, lines = write("atom", recs)
    text = data.decode().replace(f"<title>{recs[1]['title']}</title>", f"<title>{recs[1]['title']}</titel>")
    p = tmp_path / "in.atom"
    p.write_text(text, encoding="utf-8")
    report = ParseReport()
    got = read_papers(p, skip_invalid=True, report=report)
    assert [r.title for r in got] == [r["title"] for i, r in enumerate(recs) if i != 1]
    assert [r.line for r in got] == [x for i, x in enumerate(lines) if i != 1]
    assert len(report.skipped) == 1 and f":{lines[1] + 3}: " in report.skipped[0]  # the line of </titel>


def test_unknown_category_is_kept_with_a_file_line_warning(tmp_path: Path):
    for fmt in FORMATS:
        p, lines = _file(tmp_path, fmt, [paper(1), paper(2, category="QZ"), paper(3, category="ML")])
        report = ParseReport()
        got = read_papers(p, report=report)
        assert [r.category for r in got] == ["LG", "QZ", "ML"], fmt
        unknown = [w for w in report.warnings if "unknown arXiv category" in w]
        assert len(unknown) == 1 and unknown[0].startswith(f"{p}:{lines[1]}: ") and "'QZ'" in unknown[0], fmt
    res = CliRunner().invoke(main, ["extract", str(p), "--parse-only", "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0 and "warning:" in res.output and "'QZ'" in res.output


def test_the_category_list_knows_every_listing_code():
    from kg.readers.categories import is_known

    assert all(is_known(c) for c in ["CL", "LG", "CV", "AI", "IR", "RO", "cs.CL", "stat.ML", "hep-th", "misc", "GA"])
    assert not any(is_known(c) for c in ["QZ", "ZZ", "X", "cs.QZ", "cl"])
    cats = {line[:2] for line in (ROOT / "tests" / "fixtures" / "arxiv-dev100.txt").read_text().splitlines()[::3]}
    assert cats and all(is_known(c) for c in cats)


@pytest.mark.parametrize("fmt", FORMATS)
def test_strict_mode_lists_every_problem_in_one_run(tmp_path: Path, fmt: str):
    recs = [paper(i, date="2023-02-30") if i in (2, 4, 7) else paper(i) for i in range(1, 9)]
    data, lines = write(fmt, recs)
    p = tmp_path / f"in.{EXT[fmt]}"
    p.write_bytes(data)
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--no-html"])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert [ln.split(f"{p}:")[1].split(":")[0] for ln in res.output.splitlines() if f"{p}:" in ln] == [
        str(lines[i]) for i in (1, 3, 6)], res.output  # records 2, 4 and 7, in order
    assert "3 problems in all" in res.output


def test_strict_mode_lists_at_most_twenty_problems_then_the_count(tmp_path: Path):
    p = tmp_path / "in.jsonl"
    p.write_text("".join("{bad\n" if i % 2 else '{"title": "A", "date": "2023-01-01"}\n' for i in range(60)))
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    msg = str(info.value)
    assert msg.count(f"{p}:") == 20 and "and 10 more problems" in msg and "30 problems in all" in msg
    assert [int(m.split(":")[1]) for m in msg.splitlines()[:20]] == list(range(2, 41, 2))


@pytest.mark.parametrize("fmt", FORMATS)
def test_skip_invalid_with_no_valid_record_is_an_error(tmp_path: Path, fmt: str):
    p, _ = _file(tmp_path, fmt, [paper(1, date="2023-02-30"), paper(2, date="2023-02-30")])
    with pytest.raises(NoValidRecordError):
        read_papers(p, skip_invalid=True)
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(tmp_path / "out"), "--no-html", "--skip-invalid"])
    assert res.exit_code == 2, res.output
    assert f"{p}: no valid record" in res.output and not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("where", ["title", "abstract", "authors"])
def test_csv_quote_left_open_mid_file_swallows_no_good_record(tmp_path: Path, where: str):
    recs = [paper(i) for i in range(1, 8)]
    data, lines = write("csv", recs)
    text = data.decode()
    text = text.replace(recs[2][where] if where != "authors" else "; ".join(recs[2]["authors"]),
                        '"' + (recs[2][where] if where != "authors" else "; ".join(recs[2]["authors"])), 1)
    p = tmp_path / "in.csv"
    p.write_text(text, encoding="utf-8")
    report = ParseReport()
    got = read_papers(p, skip_invalid=True, report=report)
    assert [r.title for r in got] == [r["title"] for i, r in enumerate(recs) if i != 2]
    assert [r.line for r in got] == [x for i, x in enumerate(lines) if i != 2]
    assert len(report.skipped) == 1 and f"{p}:{lines[2]}: " in report.skipped[0] and "quote" in report.skipped[0]
    with pytest.raises(InputFormatError) as info:
        read_papers(p)
    assert info.value.line == lines[2] and "1 problem" not in str(info.value)


def test_csv_with_cr_line_ends_still_reads(tmp_path: Path):
    p = tmp_path / "cr.csv"
    p.write_bytes(b'title,date,abstract\rA,2023-01-01,"two\rlines"\rB,2023-01-02,x\r')
    assert [(r.title, r.line) for r in read_papers(p)] == [("A", 2), ("B", 4)]
