"""Write the same paper records in each of the five input formats (for the damage and fuzz tests).

:func:`write` returns the file's bytes and, for each record, the line the reader
reports it at, so a test can damage one record and know where the others are.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from xml.sax.saxutils import escape, quoteattr

FORMATS = ("listing", "jsonl", "csv", "bibtex", "atom")
EXT = {"listing": "txt", "jsonl": "jsonl", "csv": "csv", "bibtex": "bib", "atom": "atom"}
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia", "Ken"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "McCarthy", "Perlman", "Thompson"]
TOPIC = ["Retrieval", "Reasoning", "Translation", "Parsing", "Summarization", "Alignment", "Tokenization"]


def paper(i: int, **over: object) -> dict:
    """A plain record with a distinct title; ``over`` replaces fields."""
    d = _dt.date(2023, 1, 1) + _dt.timedelta(days=i * 7)
    rec = {
        "title": f"Paper {i}: {TOPIC[i % len(TOPIC)]} for Models Number {i}",
        "authors": [f"{FIRST[(i + k) % 10]} {LAST[(i * 3 + k) % 10]}" for k in range(1 + i % 3)],
        "date": d.isoformat(), "category": ["CL", "LG", "AI", "IR"][i % 4], "has_code": i % 2 == 0,
        "abstract": f"We study {TOPIC[i % len(TOPIC)].lower()} in paper {i}. It improves accuracy by {i}.5 points."
                    + (f" Code: https://github.com/lab/p{i}" if i % 2 == 0 else ""),
    }
    rec.update(over)
    return rec


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _ymd(date: str) -> tuple[int, int, int]:
    """``"2023-02-30"`` -> ``(2023, 2, 30)``, without checking the calendar (tests write bad dates too)."""
    y, m, d = (int(x) for x in date.split("-"))
    return y, m, d


def _listing(recs: list[dict]) -> tuple[str, list[int]]:
    out, lines = [], []
    for r in recs:
        y, m, d = _ymd(r["date"])
        lines.append(len(out) + 1)
        out += [f"{r['category']}{MONTHS[m - 1]} {d}, {y}" + ("Code" if r["has_code"] else ""),
                r["title"] + ", ".join(r["authors"]), r["abstract"]]
    return "\n".join(out) + "\n", lines


def _jsonl(recs: list[dict]) -> tuple[str, list[int]]:
    return "".join(json.dumps(r) + "\n" for r in recs), list(range(1, len(recs) + 1))


def _csv(recs: list[dict]) -> tuple[str, list[int]]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["title", "authors", "category", "date", "has_code", "abstract"])
    lines = []
    for r in recs:
        lines.append(buf.getvalue().count("\n") + 1)
        w.writerow([r["title"], "; ".join(r["authors"]), r["category"], r["date"], r["has_code"], r["abstract"]])
    return buf.getvalue(), lines


def _bibtex(recs: list[dict]) -> tuple[str, list[int]]:
    out, lines = [], []
    for i, r in enumerate(recs):
        y, m, d = _ymd(r["date"])
        lines.append(sum(s.count("\n") for s in out) + 1)
        out.append(f"@article{{key{i},\n  title = {{{r['title']}}},\n  author = {{{' and '.join(r['authors'])}}},\n"
                   f"  year = {{{y}}},\n  month = {{{m}}},\n  day = {{{d}}},\n"
                   f"  primaryclass = {{cs.{r['category']}}},\n  abstract = {{{r['abstract']}}}\n}}\n\n")
    return "".join(out), lines


def _atom(recs: list[dict]) -> tuple[str, list[int]]:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
           "  <title>test feed</title>"]
    lines = []
    for i, r in enumerate(recs):
        lines.append(len(out) + 1)
        out += ["  <entry>", f"    <id>http://arxiv.org/abs/2301.{i:05d}v1</id>",
                f"    <published>{r['date']}T00:00:00Z</published>", f"    <title>{escape(r['title'])}</title>",
                f"    <summary>{escape(r['abstract'])}</summary>",
                *[f"    <author><name>{escape(a)}</name></author>" for a in r["authors"]],
                f"    <arxiv:primary_category term={quoteattr('cs.' + r['category'])}/>", "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n", lines


WRITERS = {"listing": _listing, "jsonl": _jsonl, "csv": _csv, "bibtex": _bibtex, "atom": _atom}


def write(fmt: str, recs: list[dict]) -> tuple[bytes, list[int]]:
    """The file of ``recs`` in ``fmt`` and each record's line."""
    text, lines = WRITERS[fmt](recs)
    return text.encode("utf-8"), lines
