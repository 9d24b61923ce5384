"""Fuzzing every reader with a seeded, bounded mutation loop (1,100 damaged files, 100 cut ones and
200 garbage ones: about 1,400 cases in a few seconds).

Each case writes five good records in one format, damages the bytes of one
of them (deletes, inserts, duplicates or overwrites a few bytes, from an
alphabet of quotes, brackets, tags, line breaks, bad UTF-8 and JSON/BibTeX/XML
syntax) and reads the file. The readers must never raise anything but
:class:`~kg.errors.InputFormatError` (strict mode) and, with ``skip_invalid``,
must keep every one of the four untouched records exactly as they read
without damage, and report each problem as ``FILE:LINE: ...``.
A file cut anywhere keeps every record before the cut; a file of random bytes
gives at most a ``FILE:LINE`` :class:`~kg.errors.InputFormatError`.
Cases are reproducible: a failure names the format, case number and bytes.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _formats import EXT, FORMATS, paper, write  # noqa: E402

from kg.errors import InputFormatError  # noqa: E402
from kg.readers import read_papers  # noqa: E402
from kg.records import ParseReport  # noqa: E402

CASES = {"listing": 300, "jsonl": 250, "csv": 250, "bibtex": 150, "atom": 150}  # 1,100 in all
N_RECORDS = 5
TOKENS = [b'"', b"'", b",", b";", b"{", b"}", b"[", b"]", b"<", b">", b"&", b"\n", b"\r", b"\r\n", b"\x00", b"\xff",
          b"\xc3", b"\\", b"@", b"%", b"#", b":", b" ", b"\t", b"NaN", b"1e999", b"\\ud800", b"\\u0000", b"</entry>",
          b"<entry>", b"</feed>", b"<!--", b"]]>", b"&amp;", b"&bogus;", b"<title>", b"@article{x,", b"title = {",
          b"Feb 30", b"CLFeb 22", b"QZMar 3", b" \xc2\xb7 ", b" et al.", b"\xe2\x80\xa8", b"\x0b", b"\x85", b"\xef\xbb\xbf",
          b'"date": "2023-02-30"', b"9" * 5000, b"[" * 3000, b"{" * 50, b"x" * 30_000]
#: the syntax of each format, drawn as often as all of TOKENS together
SYNTAX = {"listing": [b"\n", b"\n\n", b"CLFeb 22\n", b", ", b" et al."],
          "jsonl": [b"}", b"{", b'"', b"\\", b",", b":"],
          "csv": [b',"', b'"', b'""', b'\n"', b",", b"\n"],
          "bibtex": [b"{", b"}", b"@", b'"', b",", b"="],
          "atom": [b"<", b">", b"</entry>", b"&", b"</", b"/>"]}


def _mutate(rng: random.Random, data: bytes, start: int, end: int, syntax: list[bytes]) -> bytes:
    """``data`` with one to three edits inside ``data[start:end]``."""
    for _ in range(rng.randint(1, 3)):
        if end <= start:
            break
        i = rng.randrange(start, end)
        op = rng.randrange(4)
        if op == 0:  # delete
            j = min(end, i + rng.randint(1, 24))
            data, end = data[:i] + data[j:], end - (j - i)
        elif op == 1:  # insert
            tok = rng.choice(TOKENS if rng.random() < 0.5 else syntax)
            data, end = data[:i] + tok + data[i:], end + len(tok)
        elif op == 2:  # duplicate a slice
            j = min(end, i + rng.randint(1, 40))
            data, end = data[:j] + data[i:j] + data[j:], end + (j - i)
        else:  # overwrite one byte
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
    return data


def _key(r) -> tuple:
    return (r.title, r.authors, r.date, r.category, r.has_code, r.abstract, r.et_al, r.orgs, r.urls)


def _spans(fmt: str, data: bytes, lines: list[int]) -> list[tuple[int, int]]:
    """Byte spans of each record's own text (its last line break excluded: it is the boundary)."""
    starts = [0]
    for ln in data.split(b"\n")[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    spans = []
    for k, line in enumerate(lines):
        a = starts[line - 1]
        b = starts[lines[k + 1] - 1] - 1 if k + 1 < len(lines) else len(data) - 1
        if fmt == "atom" and k + 1 == len(lines):
            b = data.rindex(b"</entry>") + len(b"</entry>")
        spans.append((a, b))
    return spans


def _good_file(p: Path, fmt: str) -> tuple[Path, bytes, list[tuple[int, int]], list[tuple]]:
    """A file of N_RECORDS good records at ``p``: its bytes, each record's byte span, and the records' keys."""
    data, lines = write(fmt, [paper(i) for i in range(1, N_RECORDS + 1)])
    p.write_bytes(data)
    clean = [_key(r) for r in read_papers(p)]
    assert len(clean) == N_RECORDS
    return p, data, _spans(fmt, data, lines), clean


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_damaged_record_never_crashes_a_reader_or_loses_another(tmp_path: Path, fmt: str):
    rng = random.Random(f"paperkg-fuzz-{fmt}")
    p, data, spans, clean = _good_file(tmp_path / f"fuzz.{EXT[fmt]}", fmt)
    failures: list[str] = []
    for case in range(CASES[fmt]):
        k = rng.randrange(N_RECORDS)
        damaged = _mutate(rng, data, *spans[k], SYNTAX[fmt])
        p.write_bytes(damaged)
        where = f"{fmt} case {case} (record {k + 1}): {damaged[spans[k][0]:spans[k][1] + 40][:300]!r}"
        report = ParseReport()
        try:
            got = [_key(r) for r in read_papers(p, skip_invalid=True, report=report)]
        except Exception as exc:  # noqa: BLE001 - any exception is the failure being looked for
            failures.append(f"{where}: --skip-invalid raised {type(exc).__name__}: {str(exc)[:200]}")
            continue
        lost = [i + 1 for i, key in enumerate(clean) if i != k and key not in got]
        if lost:
            failures.append(f"{where}: lost good records {lost}; skipped {report.skipped[:3]}")
        if any(not m.startswith(f"{p}:") for m in report.skipped + report.warnings):
            failures.append(f"{where}: a message without FILE:LINE: {report.skipped + report.warnings}")
        if case % 3 == 0:
            try:
                read_papers(p)
            except InputFormatError:
                pass
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{where}: strict mode raised {type(exc).__name__}: {str(exc)[:200]}")
    assert not failures, f"{len(failures)} of {CASES[fmt]} cases failed:\n" + "\n".join(failures[:10])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_cut_anywhere_keeps_every_record_before_the_cut(tmp_path: Path, fmt: str):
    rng = random.Random(f"paperkg-cut-{fmt}")
    p, data, spans, clean = _good_file(tmp_path / f"cut.{EXT[fmt]}", fmt)
    for case in range(20):
        cut = rng.randrange(spans[1][0], len(data))
        p.write_bytes(data[:cut])
        got = [_key(r) for r in read_papers(p, skip_invalid=True)]
        whole = [i for i, (a, b) in enumerate(spans) if b < cut - 1]  # records complete before the cut
        assert all(clean[i] in got for i in whole), (fmt, case, cut)


@pytest.mark.parametrize("fmt", FORMATS)
def test_garbage_files_give_only_input_format_errors(tmp_path: Path, fmt: str):
    rng = random.Random(f"paperkg-garbage-{fmt}")
    p = tmp_path / f"garbage.{EXT[fmt]}"
    for case in range(40):
        n = rng.choice([1, 10, 100, 2000])
        alphabet = bytes(range(256)) if case % 2 else b'<>{}[]",\n@&;:abc=\\ \r\t/!-?'
        p.write_bytes(bytes(rng.choice(alphabet) for _ in range(n)))
        for skip in (False, True):
            try:
                read_papers(p, skip_invalid=skip)
            except InputFormatError as exc:
                assert str(exc).startswith(f"[E001] {p}:"), (fmt, case, str(exc)[:200])
