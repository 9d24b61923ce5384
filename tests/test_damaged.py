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
