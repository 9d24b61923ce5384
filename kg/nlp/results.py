"""``paperkg_results``: the numbers an abstract states as results.

The abstract is first read through :func:`kg.nlp.result_numbers.normalise`
(LaTeX as text, range hyphens as dashes; offsets unchanged) and each
sentence's numbers with a result shape are found by
:func:`~kg.nlp.result_numbers.find_numbers`. For each number the component
decides

* the ``type``: ``improvement`` after "by"/"+", after "a gain/reduction of", or
  before "gain", "higher", "faster", ...; a drop stated as a finding ("lose 11%",
  "a 12% drop") is an improvement too, "drops to 19%" is the level reached;
  ``baseline`` after "from" in "from A to B", after "compared to"/"than"/"vs.",
  and for a compared model's own score ("OtherModel (38.1)", or a model's score
  in a sentence that also scores the paper's own system); otherwise ``absolute``.
  Numbers in one list or range share unit and type;
* the ``subject`` and ``dataset``: see :mod:`kg.nlp.result_attribution`;
* ``text``: a short verbatim piece of the abstract around the number.

Cue words live in ``kg/nlp/data/results.jsonl``.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import extensions as _extensions  # noqa: F401  (registers Doc._.results)
from kg.nlp.result_attribution import DATA_KINDS, Attributor, Mention, is_proposal, key, metric_of, pair_metrics
from kg.nlp.result_numbers import DEFAULT_CUES, Num, ResultCues, find_numbers, load_cues, normalise
from kg.nlp.text import TOK, doc_text, find_word, sentence_spans
from kg.records import Proposal, Result, Span

__all__ = ["COMPONENT", "DEFAULT_CUES", "ResultCues", "ResultFinder", "ResultsComponent", "find_results", "load_cues"]

COMPONENT = "paperkg_results"
_CLAUSE = re.compile(r";\s|,\s+and\s+(?=[a-z])|,?\s+(?:while|whereas|but|although)\s")
_SUBJECT_CLAUSE = re.compile(r",\s+(?=(?:our|we|it|they)\s)")  # "While A got 75, our model ...": a new subject
_AND_BEFORE = re.compile(r"(?:,\s*)?\band\s+(?:by\s+)?$")
_PHRASE = rf"{TOK}(?:\s+{TOK}){{0,2}}"
_ON_LIST = re.compile(
    rf"\b(?:[Oo]n|in|across)\s+(?:the\s+)?({_PHRASE}(?:(?:\s*,\s*{_PHRASE}){{0,4}}\s*,?\s+and\s+{_PHRASE})?)")
_LIST_SPLIT = re.compile(rf"{TOK}(?:\s+{TOK})*")
_DATASET_SHAPE = re.compile(r"^(?=.*[A-Z].*[A-Z]|.*\d)[A-Za-z]")
_LABEL_VALUE = re.compile(rf"({TOK}):\s+\d")
_DATA_HEAD = re.compile(r"\s+(?:dataset|datasets|benchmark|benchmarks|corpus|suite|test set|split)\b")
_DATA_TAIL = re.compile(r"(?:[ \-][A-Z][\w\-]*){1,4}(?=\s+(?:dataset|benchmark|corpus)\b)")
_DATA_HEAD_WORD = re.compile(r"\b(?:dataset|benchmark|corpus|suite|test set|split)")
_ARROW = re.compile(r"\s*(?:->|→|=>|⟶)\s*")
_TO_NEXT = re.compile(r"[^.;,\d]{0,30}?\bto\s+")
_DIGIT = re.compile(r"\d")
_NO_DATASET_LABEL = re.compile(r"\b[a-z][\w\-]*:\s*$")


class ResultFinder:
    """Finds results in one abstract; see the module docstring for the rules."""

    def __init__(self, cues: ResultCues):
        self.cues = cues
        self.rx = cues.rx

    def find(self, text: str, sents: list[tuple[int, int]], mentions: list[Mention],
             proposals: list[Proposal], title: str = "") -> list[Result]:
        if not _DIGIT.search(text):
            return []
        view = normalise(text)
        att: Attributor | None = None  # built at the first sentence with a result
        out: list[Result] = []
        for s, e in sents:
            if not _DIGIT.search(text, s, e):
                continue
            nums = find_numbers(view, s, e, self.cues)
            if nums:
                if att is None:
                    att = Attributor(view, self.cues, mentions, _proposal_mentions(text, proposals), proposals,
                                     _datasets(text, proposals, mentions), title)
                out.extend(self._sentence_results(text, view, s, e, nums, att, mentions))
        return out

    def _sentence_results(self, text, view, s, e, nums, att: Attributor, mentions) -> list[Result]:
        sent_ds = att.sentence_datasets(s, e)
        clauses = [s] + [s + m.end() for m in _CLAUSE.finditer(view[s:e])] + [e]
        sub_clauses = [m.end() for m in _SUBJECT_CLAUSE.finditer(view, s, e)]
        self._assign_types(view, s, nums)
        ds_for = att.pair_datasets(nums, sent_ds)
        paired = att.pair_subjects(s, e, nums)
        metric_for = pair_metrics(view, nums, [x for x in mentions if x.label == "METRIC" and s <= x.start < e])
        rows = []
        for n in nums:
            c0 = max(c for c in clauses if c <= n.start)
            c1 = min(c for c in clauses if c > n.start)
            ds = ds_for.get(id(n))
            if ds is None and not _NO_DATASET_LABEL.search(view, max(s, n.start - 25), n.start):
                ds = att.nearest_dataset(n, sent_ds, s, c0, c1)
            sc0 = max([c0] + [c for c in sub_clauses if c <= n.start])
            subject, how = att.subject(s, e, sc0, c1, n, paired)
            rows.append((n, subject, how, ds, c0, c1))
        own_scored = any(how == "own" or (subj and is_proposal(subj, att.prop_mentions))
                         for _, subj, how, *_ in rows)
        out = []
        for n, subject, how, ds, c0, c1 in rows:
            foreign = subject is not None and how in ("pair", "clause") and not is_proposal(subject, att.prop_mentions)
            if foreign and n.type == "absolute" and own_scored:
                n.type = "baseline"  # a compared system's own score
            if how in ("pair", "clause", "own") and n.type != "baseline":
                att.carried = subject
            t0, t1 = _text_span(text, n, c0, c1)
            out.append(Result(
                value=n.value, unit=n.unit, type=n.type, text=text[t0:t1], subject=subject,
                dataset=ds.text if ds else None, metric=self._metric(view, n, mentions, c0, c1, metric_for),
                span=Span(n.start, n.end, text[s:e], COMPONENT, 0.7)))
        return out

    def _assign_types(self, view: str, s: int, nums: list[Num]) -> None:
        rx = self.rx
        groups: dict[int, list[Num]] = {}
        for n in nums:
            groups.setdefault(n.group, []).append(n)
        prev: list[Num] | None = None
        order = list(groups.values())
        skip: set[int] = set()
        for members in order:
            first, last = members[0], members[-1]
            if id(first) in skip:
                prev = members
                continue
            if prev and _AND_BEFORE.search(view, max(prev[-1].end, first.start - 8), first.start - len(first.sign)) \
                    and first.start - prev[-1].end <= 80 and not rx["improve_after"].match(view, last.end):
                for n in members:  # "lose 11-13% under X, and 16-17% across Y": the same kind
                    n.type = prev[0].type
                prev = members
                continue
            prev = members
            lead = first.start - len(first.sign)
            before = view[max(s, lead - 45):lead]
            after = view[last.end:last.end + 40]
            if rx["from_before"].search(before) and len(members) == 2 and " to " in view[first.end:last.start + 1]:
                first.type, last.type = "baseline", "absolute"
                continue
            nxt = next((g for g in order if g[0].start > last.end), None)
            gap = (last.end, nxt[0].start - len(nxt[0].sign)) if nxt else (0, 0)
            if len(members) == 1 and nxt and len(nxt) == 1 and (
                    (rx["from_before"].search(before) and _TO_NEXT.fullmatch(view, *gap))
                    or _ARROW.fullmatch(view, *gap)):
                first.type = "baseline"  # "from 69.4% at R1 to 41.9% at R6", "58% -> 2.8%"
                nxt[0].type = "absolute"
                skip.add(id(nxt[0]))
                continue
            if rx["decline_to"].search(before):
                kind = "absolute"
            elif (first.sign == "+" or rx["by_before"].search(before) or rx["gain_of_before"].search(before)
                  or rx["gain_verb_before"].search(before)
                  or rx["improve_after"].match(after) or rx["decline_before"].search(before)
                  or rx["decline_after"].match(after) or (first.unit == "x" and last.unit == "x")):
                kind = "improvement"
            elif rx["baseline_before"].search(before):
                kind = "baseline"
            else:
                kind = "absolute"
            for n in members:
                n.type = kind

    def _metric(self, view, n: Num, mentions, c0, c1, paired=None) -> str | None:
        m = (paired or {}).get(id(n)) or metric_of(view, n, [x for x in mentions if x.label == "METRIC"], c0, c1)
        if m is not None:
            return m.text
        best = None
        for m in self.rx["metric"].finditer(view, c0, c1):
            if best is None or abs(m.start() - n.start) < abs(best.start() - n.start):
                best = m
        return best.group(0) if best else None


def _proposal_mentions(text: str, proposals: list[Proposal]) -> list[Mention]:
    taken: list[tuple[int, int]] = []
    out = []
    lower = text.lower()
    for p in sorted(proposals, key=lambda p: -len(p.name)):
        for at in find_word(lower, p.name.lower(), after_block="+"):
            end = at + len(p.name)
            if any(a < end and at < b for a, b in taken):
                continue
            taken.append((at, end))
            out.append(Mention(p.name, at, end, p.kind))
    return sorted(out, key=lambda m: m.start)


def _datasets(text: str, proposals: list[Proposal], mentions: list[Mention]) -> list[Mention]:
    """Typed datasets; without any entity (no entity component ran) dataset-shaped names after "on"/"in".

    A candidate that covers a shorter DATASET entity replaces it ("Live-Mind2Web"
    over "Mind2Web"); one that overlaps another entity is dropped.
    """
    not_data = {key(p.name) for p in proposals if p.kind not in DATA_KINDS}
    out = []
    for x in mentions:
        if x.label != "DATASET" or key(x.text) in not_data:
            continue
        m = _DATA_TAIL.match(text, x.end)  # "DataCo Smart Supply Chain dataset": the whole name
        if m and not any(x.end <= y.start < m.end() for y in mentions):
            x = Mention(text[x.start:m.end()], x.start, m.end(), "DATASET")
        out.append(x)
    cands: list[Mention] = []
    if mentions:  # only near a typed dataset (to extend it) or a head noun ("the X dataset")
        spots = [x.start for x in out] + [m.start() for m in _DATA_HEAD_WORD.finditer(text)]
        if not spots:
            return out
        windows = _merge([(max(0, p - 90), p + 60) for p in sorted(spots)])
    else:
        windows = [(0, len(text))]
    for m in (m for lo, hi in windows for m in _ON_LIST.finditer(text, lo, hi)):
        for part in _LIST_SPLIT.finditer(m.group(1)):
            name = part.group(0)
            if not _DATASET_SHAPE.search(name) or any(key(w) in not_data for w in re.split(r"[\s\-]+", name)):
                continue
            if re.match(r"\s+model", text[m.start(1) + part.end():]) or re.search(r"-\d+(?:\.\d+)?[BM]\b", name):
                continue
            cands.append(Mention(name, m.start(1) + part.start(), m.start(1) + part.end(), "DATASET"))
    for m in (m for lo, hi in windows for m in _LABEL_VALUE.finditer(text, lo, hi)):
        if _DATASET_SHAPE.search(m.group(1)) and key(m.group(1)) not in not_data:
            cands.append(Mention(m.group(1), m.start(1), m.end(1), "DATASET"))
    for c in cands:
        overlap = [x for x in mentions if x.start < c.end and c.start < x.end]
        if mentions and not overlap and not _DATA_HEAD.match(text, c.end):
            continue  # with typed entities, a new name needs a head noun ("the X dataset")
        if any(x.label != "DATASET" for x in overlap):
            continue
        if any(not (c.start <= x.start and x.end <= c.end) for x in overlap):
            continue
        out = [x for x in out if x not in overlap] + [c]
    return sorted(set(out), key=lambda d: d.start)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in windows:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _text_span(text: str, n: Num, c0: int, c1: int) -> tuple[int, int]:
    start = n.start - 1 if n.start and text[n.start - 1] in "+-−" else n.start
    left = text[max(c0, start - 60):start]
    cut = max(left.rfind(ch) for ch in ",;:(")
    if cut >= 0:
        left = left[cut + 1:]
    words = list(re.finditer(r"\S+", left))
    t0 = start - len(left) + (words[-4].start() if len(words) >= 4 else words[0].start() if words else len(left))
    right = re.match(r"(?:\s+[^\s,;:()]+){0,3}", text[n.end:min(c1, n.end + 50)])
    t1 = n.end + (len(right.group(0).rstrip(",.;:)")) if right else 0)
    while t1 > n.end and text[t1 - 1] in ",.;:)":
        t1 -= 1
    return t0, t1


def find_results(text: str, proposals: list[Proposal] | None = None,
                 mentions: list[tuple[str, int, int, str]] | None = None,
                 sents: list[tuple[int, int]] | None = None, cues: ResultCues | None = None) -> list[Result]:
    """Results in ``text``; ``mentions`` are ``(text, start, end, LABEL)`` entity spans."""
    if sents is None:
        import spacy

        sents = sentence_spans(spacy.blank("en").make_doc(text))
    ms = [Mention(*m) for m in mentions or []]
    return ResultFinder(cues or load_cues()).find(text, sents, ms, list(proposals or []))


@Language.factory(COMPONENT, default_config={"cues_path": None})
def make_results(nlp: Language, name: str, cues_path: str | None) -> "ResultsComponent":
    return ResultsComponent(load_cues(cues_path or DEFAULT_CUES))


class ResultsComponent:
    """Sets ``doc._.results`` from the text, ``doc.ents`` and ``doc._.proposed``."""

    def __init__(self, cues: ResultCues):
        self.finder = ResultFinder(cues)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        mentions = [Mention(e._.name or text[e.start_char:e.end_char], e.start_char, e.end_char, e.label_)
                    for e in doc.ents]
        doc._.results = self.finder.find(text, sentence_spans(doc), mentions, list(doc._.proposed),
                                         str(doc.user_data.get("title") or ""))
        return doc
