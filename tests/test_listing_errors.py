"""Damaged listings: each damage stops the build with file:line, what was found and expected."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputFormatError
from kg.readers.listing import read_listing
from kg.records import ParseReport

GOOD = ["CLFeb 22, 2023Code", "A Good TitleAda Lovelace, Alan Turing", "A good abstract."]
GOOD2 = ["AIMar 1", "Another Good TitleGrace Hopper", "Another abstract."]


def listing(*records: list[str]) -> bytes:
    return ("\n".join(line for rec in records for line in rec) + "\n").encode("utf-8")


DAMAGES = {
    # name: (bytes, line of the first problem, words the message must contain)
    "missing abstract": (listing(GOOD[:2], GOOD2), 3, ["abstract line", "record starting at line 1"]),
    "unknown meta format": (listing(["Feb 22 2023 CL"] + GOOD[1:], GOOD2), 1, ["meta line"]),
    "bad date": (listing(GOOD, ["CLFeb 30, 2023"] + GOOD[1:], GOOD2), 4, ["valid calendar date", "Feb 30"]),
    "undecodable bytes": (listing(GOOD) + b"CLMar 1\nBad \xff\xfe TitleAda Lovelace\nAbs.\n" + listing(GOOD2), 5,
                          ["UTF-8"]),
    "truncated file": (listing(GOOD, GOOD2[:2]), 6, ["end of file", "abstract line"]),
}


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_library_raises_with_line(tmp_path: Path, name: str):
    data, line, words = DAMAGES[name]
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputFormatError) as info:
        read_listing(p)
    assert info.value.line == line
    msg = str(info.value)
    assert f"{p}:{line}:" in msg
    for w in words:
        assert w in msg


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_cli_build_stops_with_exit_2_and_writes_nothing(tmp_path: Path, name: str):
    data, line, _ = DAMAGES[name]
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert f"bad.txt:{line}:" in res.output
    assert "Traceback" not in res.output
    assert not (out / "graph.ttl").exists()


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_skip_invalid_keeps_every_good_record(tmp_path: Path, name: str):
    data, line, _ = DAMAGES[name]
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    report = ParseReport()
    recs = read_listing(p, skip_invalid=True, report=report)
    titles = {r.title for r in recs}
    assert report.skipped and f":{line}:" in report.skipped[0]
    # every record that was not damaged survives
    if name in ("missing abstract", "unknown meta format"):
        assert titles == {"Another Good Title"}
    elif name == "truncated file":
        assert titles == {"A Good Title"}
    else:
        assert titles == {"A Good Title", "Another Good Title"}


def test_cli_skip_invalid_reports_and_exits_0(tmp_path: Path):
    p = tmp_path / "bad.txt"
    p.write_bytes(DAMAGES["bad date"][0])
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(p), "-o", str(out), "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert "skipped:" in res.output and "bad.txt:4:" in res.output
    assert (out / "graph.ttl").is_file()


def test_empty_file_gives_no_papers(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert read_listing(p) == []


def test_missing_file_is_a_clear_error(tmp_path: Path):
    res = CliRunner().invoke(main, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "nope.txt" in res.output and "Traceback" not in res.output
