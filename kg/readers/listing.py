"""Parse the 3-line paper listing format into :class:`~kg.records.PaperRecord`.

Each record is three lines::

    CLFeb 22, 2023Code
    <title><first author>, <author 2>, <author 3> et al. · org1, org2
    <abstract>

Tolerated: CRLF line ends, a UTF-8 BOM, blank lines between records, trailing
spaces. Anything else that is malformed is a problem naming the file and line:
strict mode lists every problem of the file in one
:class:`~kg.errors.InputFormatError`; with ``skip_invalid=True`` each is
reported in a :class:`~kg.records.ParseReport` while every good record is kept.
Fields over the caps of :mod:`kg.readers.limits` are problems too, except a
long abstract, which is cut with a warning; an unknown category is kept with
a warning.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputProblem, InputProblems
from kg.readers import limits
from kg.readers.categories import is_known, unknown_warning
from kg.readers.lines import UNDECODABLE, bad_bytes, decoded_lines
from kg.readers.names import NameLexicon, Split, looks_like_name, name_score, split_title_author
from kg.records import PaperRecord, ParseReport

DEFAULT_YEAR = 2026
MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
META_RE = re.compile(
    r"^(?P<cat>[A-Za-z][A-Za-z.\-]{0,15}?)"
    r"(?P<mon>" + "|".join(MONTHS) + r")\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?P<code>\s*Code)?$"
)
META_EXPECTED = "a meta line like 'CLFeb 22, 2023Code' (category, month day[, year][Code])"
URL_RE = re.compile(r"\\url\{([^}]*)\}|(https?://[^\s<>\"{}\\]+)")
_URL_TRAIL = ".,;:!?'\""
ORG_SEP = " · "
ET_AL = " et al."


def extract_urls(abstract: str) -> tuple[str, ...]:
    """Every URL in ``abstract``, without trailing punctuation or a ``\\url{}`` wrapper."""
    urls: list[str] = []
    for m in URL_RE.finditer(abstract):
        url = (m.group(1) or m.group(2)).strip()
        while url and (url[-1] in _URL_TRAIL or (url[-1] in ")]" and url.count(url[-1]) > url.count("([" [")]".index(url[-1])]))):
            url = url[:-1]
        if url.startswith(("http://", "https://", "www.")) and url not in urls:
            urls.append(url)
    return tuple(urls)


def parse_meta(line: str, year: int) -> tuple[str, str, bool] | str:
    """Return ``(category, iso_date, has_code)`` or a reason why ``line`` is not a meta line."""
    m = META_RE.match(line)
    if not m:
        return META_EXPECTED
    y = int(m.group("year") or year)
    try:
        date = _dt.date(y, MONTHS[m.group("mon")], int(m.group("day")))
    except ValueError:
        return f"a valid calendar date (got {m.group('mon')} {m.group('day')}, {y})"
    return m.group("cat"), date.isoformat(), bool(m.group("code"))


def _split_people(line: str) -> tuple[str, list[str], bool, list[str]]:
    """Split line 2 into (title+first author, authors 2.., et_al, orgs)."""
    orgs: list[str] = []
    body = line
    if ORG_SEP in line:
        body, org_text = line.rsplit(ORG_SEP, 1)
        orgs = [o.strip() for o in org_text.split(",") if o.strip()]
    et_al = body.endswith(ET_AL)
    if et_al:
        body = body[: -len(ET_AL)]
    return body, [], et_al, orgs


def _resolve(body: str, et_al: bool, lex: NameLexicon) -> tuple[Split, list[str]]:
    """Choose how many listed authors there are and where the title ends.

    With "et al." a listing shows exactly three authors; without it one to
    three. Each choice is scored by how name-like its authors are and how
    well its title/first-author split scores; the best one wins.
    """
    items = body.split(", ")
    best: tuple[float, Split, list[str]] | None = None
    for k in ((3,) if et_al else (3, 2, 1)):
        if len(items) < k:
            continue
        tail = items[len(items) - k + 1:]
        if not all(looks_like_name(t) for t in tail):
            continue
        split = split_title_author(", ".join(items[: len(items) - k + 1]), lex)
        total = split.score + sum(name_score(t, lex) for t in tail) + 0.3 * k
        if best is None or total > best[0]:
            best = (total, split, tail)
    if best is None:
        k = min(3 if et_al else 1, len(items))
        tail = items[len(items) - k + 1:]
        split = split_title_author(", ".join(items[: len(items) - k + 1]), lex)
        return Split(split.title, split.first_author, split.score, False), tail
    return best[1], best[2]


class _Raw:
    __slots__ = ("line", "meta", "people", "abstract", "head", "tail", "et_al", "orgs")

    def __init__(self, line: int, meta: tuple[str, str, bool], people: str, abstract: str):
        self.line, self.meta, self.people, self.abstract = line, meta, people, abstract
        self.head, self.tail, self.et_al, self.orgs = _split_people(people)


def _lines(path: Path) -> Iterator[tuple[int, str | None, str]]:
    """Yield ``(lineno, text or None if undecodable, the bad bytes)`` with CR and trailing space removed."""
    for n, raw, text in decoded_lines(path):
        yield (n, None, bad_bytes(raw)) if text is None else (n, text.rstrip("\r\n").rstrip(), "")


def _raw_records(lines: Iterable[tuple[int, str | None, str]], source: str, year: int,
                 problems: list[InputProblem]) -> Iterator[_Raw]:
    """Group lines into raw records, recording a problem for each bad one."""
    state: list[tuple[int, str]] = []  # lines of the record being read
    meta: tuple[str, str, bool] | None = None
    resync = False

    def bad(n: int, found: str, expected: str) -> None:
        problems.append(InputProblem(source, n, found, expected))

    for n, text, raw in lines:
        if text is None:
            bad(n, raw, UNDECODABLE)
            state, meta, resync = [], None, True
            continue
        if not text.strip():
            if state:
                # blank line inside a record
                bad(n, "", "the " + ("title/author line" if len(state) == 1 else "abstract line")
                    + f" of the record starting at line {state[0][0]}")
                state, meta, resync = [], None, True
            continue
        as_meta = parse_meta(text, year)
        if not state:
            if isinstance(as_meta, tuple):
                state, meta, resync = [(n, text)], as_meta, False
            elif not resync:
                bad(n, text, as_meta)
                resync = True
            continue
        if META_RE.match(text):
            what = "title/author line" if len(state) == 1 else "abstract line"
            bad(n, text, f"the {what} of the record starting at line {state[0][0]}")
            if isinstance(as_meta, tuple):
                state, meta, resync = [(n, text)], as_meta, False
            else:
                bad(n, text, as_meta)
                state, meta, resync = [], None, True
            continue
        state.append((n, text))
        if len(state) == 3:
            assert meta is not None
            yield _Raw(state[0][0], meta, state[1][1], state[2][1])
            state, meta = [], None
    if state:
        what = "title/author line" if len(state) == 1 else "abstract line"
        bad(state[-1][0] + 1, "end of file", f"the {what} of the record starting at line {state[0][0]}")


def read_listing(path: str | Path, *, year: int = DEFAULT_YEAR, skip_invalid: bool = False,
                 report: ParseReport | None = None) -> list[PaperRecord]:
    """Read a listing file into records (see module docs for error handling).

    Strict: every problem of the file is listed in one :class:`~kg.errors.InputProblems`.
    """
    path = Path(path)
    source = str(path)
    problems: list[InputProblem] = []
    report = report if report is not None else ParseReport()
    raws = list(_raw_records(_lines(path), source, year, problems))
    records = list(records_from_raw(raws, source, report, problems))
    problems.sort(key=lambda p: p.line)
    if problems and not skip_invalid:
        raise InputProblems(problems, limits.MAX_LISTED_PROBLEMS)
    report.skipped.extend(p.message() for p in problems)
    report.problems.extend(problems)
    return records


def _checked(raws: list[_Raw], source: str, problems: list[InputProblem]) -> list[_Raw]:
    """The raw records whose fields are within the caps of :mod:`kg.readers.limits`; a problem for each other."""
    out = []
    for r in raws:
        long = [o for o in r.orgs if len(o) > limits.MAX_NAME]
        if len(r.head) > limits.MAX_TITLE_AUTHORS:
            problems.append(InputProblem(source, r.line + 1, f"{r.head[:40]}... ({len(r.head):,} characters)",
                                         f"a title and its authors in at most {limits.MAX_TITLE_AUTHORS:,} "
                                         "characters (the limit)"))
        elif long or len(r.orgs) > limits.MAX_ORGS:
            problems.append(InputProblem(source, r.line + 1, (long or r.orgs)[0][:80],
                                         f"at most {limits.MAX_ORGS:,} organisations of at most "
                                         f"{limits.MAX_NAME:,} characters each (the limit)"))
        else:
            out.append(r)
    return out


def records_from_raw(raws: list[_Raw], source: str, report: ParseReport,
                     problems: list[InputProblem] | None = None) -> Iterator[PaperRecord]:
    problems = problems if problems is not None else []
    raws = _checked(raws, source, problems)
    lex = NameLexicon()
    for r in raws:
        items = r.head.split(", ")
        for name in items[-2:] if r.et_al else items[1:]:
            if looks_like_name(name):
                lex.add_author(name)
        lex.add_title_words(items[0])
    n = 0
    for r in raws:
        split, tail = _resolve(r.head, r.et_al, lex)
        authors = tuple(a for a in (split.first_author, *tail) if a)
        if len(split.title) > limits.MAX_TITLE or any(len(a) > limits.MAX_NAME for a in authors):
            problems.append(InputProblem(source, r.line + 1, f"{split.title[:40]}... ({len(split.title):,} characters)",
                                         f"a title of at most {limits.MAX_TITLE:,} characters and names of at "
                                         f"most {limits.MAX_NAME:,} (the limit)"))
            continue
        if not split.confident:
            report.warnings.append(
                f"{source}:{r.line + 1}: unsure where the title ends and the first author "
                f"begins; read title {split.title!r}, first author {split.first_author!r}")
        cat, date, code = r.meta
        if not is_known(cat):
            report.warnings.append(unknown_warning(f"{source}:{r.line}", cat))
        abstract, length = limits.cut_abstract(r.abstract)
        if length is not None:
            report.warnings.append(limits.cut_warning(f"{source}:{r.line + 2}", length))
        n += 1
        yield PaperRecord(
            id=n, category=cat, date=date, has_code=code, title=split.title,
            authors=authors, et_al=r.et_al, orgs=tuple(r.orgs), abstract=abstract,
            urls=tuple(u for u in extract_urls(abstract) if len(u) <= limits.MAX_URL)[:limits.MAX_URLS],
            source=source, line=r.line,
        )
