"""Property tests of the readers: random titles, names, punctuation and Unicode survive round trips."""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.readers import read_papers
from kg.readers.listing import META_RE, read_listing
from kg.readers.listing_writer import write_listing
from kg.records import PaperRecord, ParseReport

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LETTERS = st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="\x85")
WORD = st.text(LETTERS, min_size=1, max_size=9)
PUNCT = st.sampled_from(["", ":", "-", "?", "!", "'s", ",", " (LLMs)", " 2.0", "&", "…", "—"])
TITLE = st.lists(st.tuples(WORD, PUNCT), min_size=1, max_size=8).map(
    lambda ws: " ".join(w + p for w, p in ws).strip())
NAME = st.tuples(WORD, WORD).map(lambda t: f"{t[0][:1].upper()}{t[0][1:]} {t[1][:1].upper()}{t[1][1:]}")
ORG = st.text(st.characters(categories=["Ll", "Nd"], include_characters="-"), min_size=1, max_size=12)
DATE = st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2030, 12, 31))
SAFE_TEXT = st.text(st.characters(categories=["L", "N", "P", "Zs", "S"], exclude_characters="\x85\u2028\u2029\xa0"),
                    min_size=1, max_size=200).map(str.strip).filter(bool)


@st.composite
def listing_record(draw) -> tuple[str, dict]:
    cat = draw(st.sampled_from(["CL", "AI", "LG", "cs.CV", "hep-th", "X"]))
    d = draw(DATE)
    code = draw(st.booleans())
    title = draw(TITLE)
    authors = draw(st.lists(NAME, min_size=1, max_size=3))
    et_al = len(authors) == 3 and draw(st.booleans())
    orgs = draw(st.lists(ORG, max_size=2))
    abstract = draw(SAFE_TEXT)
    meta = f"{cat}{d.strftime('%b')} {d.day}, {d.year}" + ("Code" if code else "")
    people = title + ", ".join(authors) + (" et al." if et_al else "") + (" · " + ", ".join(orgs) if orgs else "")
    return f"{meta}\n{people}\n{abstract}\n", {"category": cat, "date": d.isoformat(), "has_code": code,
                                                "abstract": abstract, "et_al": et_al, "orgs": orgs}


def parse_text(text: str, **kw) -> list[PaperRecord]:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "l.txt"
        p.write_text(text, encoding="utf-8")
        return [r for r in read_listing(p, **kw)]


def same(a: list[PaperRecord], b: list[PaperRecord]) -> None:
    key = lambda r: (r.id, r.meta(), r.abstract, r.line)  # noqa: E731
    assert [key(r) for r in a] == [key(r) for r in b]


@SETTINGS
@given(st.lists(listing_record(), min_size=1, max_size=6))
def test_listing_parse_write_parse(recs):
    text = "".join(t for t, _ in recs)
    for t, _ in recs:
        _, line2, line3 = t.rstrip("\n").split("\n")
        assume(not META_RE.match(line2) and not META_RE.match(line3))
    first = parse_text(text, skip_invalid=True, report=ParseReport())
    assert len(first) == len(recs)  # every well-formed record is kept
    for r, (_, want) in zip(first, recs):
        assert (r.category, r.date, r.has_code, r.abstract, r.et_al, list(r.orgs)) == (
            want["category"], want["date"], want["has_code"], want["abstract"], want["et_al"], want["orgs"])
    again = parse_text(write_listing(first))
    same(again, first)


RECORD = st.builds(
    lambda i, cat, d, code, title, authors, et_al, orgs, abstract: PaperRecord(
        id=i, category=cat, date=d.isoformat(), has_code=code, title=title, authors=tuple(authors), et_al=et_al,
        orgs=tuple(orgs), abstract=abstract, urls=()),
    st.just(1), st.sampled_from(["CL", "AI", "hep-th"]), DATE, st.booleans(), TITLE,
    st.lists(NAME, max_size=4), st.booleans(), st.lists(ORG, max_size=2), SAFE_TEXT.filter(lambda s: "http" not in s))


@SETTINGS
@given(st.lists(RECORD, min_size=1, max_size=5), st.sampled_from(["jsonl", "csv"]))
def test_structured_round_trip(recs, fmt):
    recs = [PaperRecord(**{**{f: getattr(r, f) for f in r.__slots__}, "id": i}) for i, r in enumerate(recs, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"x.{fmt}"
        if fmt == "jsonl":
            p.write_text("".join(json.dumps({**r.meta(), "abstract": r.abstract}, ensure_ascii=False) + "\n"
                                 for r in recs), encoding="utf-8")
        else:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["title", "authors", "et_al", "orgs", "category", "date", "has_code", "abstract"])
            for r in recs:
                w.writerow([r.title, "; ".join(r.authors), r.et_al, "; ".join(r.orgs), r.category, r.date,
                            r.has_code, r.abstract])
            p.write_text(buf.getvalue(), encoding="utf-8")
        back = read_papers(p)
    assert [(r.id, r.meta(), r.abstract) for r in back] == [(r.id, r.meta(), r.abstract) for r in recs]
