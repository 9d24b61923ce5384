"""``paperkg_results``: the numbers an abstract states as results.

For each number with a result shape (a percentage, "N points", "Nx", or a
decimal score) the component decides

* the ``type``: ``baseline`` after "from"/"compared to"/"than" or in
  "OtherModel (38.1)"; ``improvement`` after "by"/"+" or before "gain",
  "higher", ...; otherwise ``absolute``; numbers in one list ("9.8 and 12.9
  points", "8% to 11%") share unit and type;
* the ``dataset``: lists of values and of datasets of the same length are
  paired in order ("on A and B ... by 9.8 and 12.9 points"), otherwise the
  nearest dataset after the number in its clause, else before it;
* the ``subject``: a proposed name in the sentence, "our proposed metric"
  (the proposal of that kind), "it"/"our method" (the last proposal named
  before), a named model as the sentence subject, else the paper's proposal;
* ``text``: a short verbatim piece of the abstract around the number.

Numbers that are not results are skipped: integers without a unit (years,
counts), sizes ("7B", "0.4K", "600x larger"), numbers inside names ("GPT-4",
"Qwen2.5") and quantities of things ("0.3% parameters").
Cue words live in ``kg/nlp/data/results.jsonl``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import extensions as _extensions  # noqa: F401  (registers Doc._.results)
from kg.nlp.text import DATA_DIR, TOK, alternation, doc_text, find_word, name_key, read_jsonl, sentence_spans
from kg.records import Proposal, Result, Span

COMPONENT = "paperkg_results"
DEFAULT_CUES = DATA_DIR / "results.jsonl"

_NUM = re.compile(
    r"(?<![\w.@^/$\-])([+]|(?<=[\s(])[-−])?(\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(\s*%|\s*(?:x|×)(?![\w])|\s+(?:percentage\s+)?points?\b|\s*pp\b|\s+times(?=\s+(?:faster|higher|more|less|fewer|better|lower|speed)))?")
_SEP = re.compile(r"^\s*(?:%|points?)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[-–]\s*)$")
_CLAUSE = re.compile(r";\s|,\s+and\s+(?=[a-z])|,\s+(?:while|whereas|but|although)\s")
_PHRASE = rf"{TOK}(?:\s+{TOK}){{0,2}}"
_ON_LIST = re.compile(
    rf"\b(?:[Oo]n|in|across)\s+(?:the\s+)?({_PHRASE}(?:(?:\s*,\s*{_PHRASE}){{0,4}}\s*,?\s+and\s+{_PHRASE})?)")
_LIST_SPLIT = re.compile(rf"{TOK}(?:\s+{TOK})*")
_DATASET_SHAPE = re.compile(r"^(?=.*[A-Z].*[A-Z]|.*\d)[A-Za-z]")
_SIZED_NAME = re.compile(r"(?<![\w\-])[A-Z][\w.\-]*-\d+(?:\.\d+)?[BM](?:-[\w\-]*\w)?(?![\w\-])")
_PAREN_NAME = re.compile(rf"({TOK})\s*\(\s*$")
_LABEL_VALUE = re.compile(rf"({TOK}):\s+\d")
_DATA_KINDS = frozenset({"dataset", "benchmark"})
_DIGIT = re.compile(r"\d")
_DS_SEP = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+|,?\s+as well as\s+)$")


@dataclass(frozen=True)
class ResultCues:
    """Cue words read from ``data/results.jsonl``."""

    groups: dict[str, tuple[str, ...]]
    rx: dict[str, re.Pattern[str]]


@lru_cache(maxsize=8)
def load_cues(path: str | Path = DEFAULT_CUES) -> ResultCues:
    """Read (once per path) the cue words of the result finder."""
    groups: dict[str, list[str]] = {}
    for row in read_jsonl(Path(path)):
        groups.setdefault(str(row.get("type")), []).extend(str(v).lower() for v in row.get("values", []))
    g = {k: tuple(v) for k, v in groups.items()}
    rx = {
        "improve_after": re.compile(rf"^\s*(?:[\w\-]+\s+)?(?:{alternation(g.get('improve_after', ()))})\b", re.I),
        "by_before": re.compile(rf"(?:\bby|\+)\s+(?:(?:{alternation(g.get('by_fillers', ()))})\s+)*$", re.I),
        "baseline_before": re.compile(rf"\b(?:{alternation(g.get('baseline_before', ()))})\s+(?:(?:{alternation(g.get('by_fillers', ()))})\s+)*$", re.I),
        "from_before": re.compile(r"\bfrom\s+(?:about\s+|around\s+)?$", re.I),
        "decline": re.compile(rf"\b(?:{alternation(g.get('decline_words', ()))})\b", re.I),
        "count_after": re.compile(rf"^\s*(?:{alternation(g.get('count_nouns', ()))})\b", re.I),
        "size_after_x": re.compile(rf"^\s*(?:{alternation(g.get('size_after_x', ()))})\b", re.I),
        "metric": re.compile(rf"(?<![\w-])(?:{alternation(g.get('metric_words', ()))})(?![\w-])", re.I),
        "pronoun": re.compile(rf"\b(?:{alternation(g.get('pronoun_subject', ()))})\b", re.I),
        "improve_verb": re.compile(rf"\b(?:{alternation(g.get('improve_verbs', ()))})\b", re.I),
        "our_kind": re.compile(r"\b(?:our|the)\s+(?:proposed\s+|new\s+)?(metric|dataset|benchmark|model|framework|system|method)\b", re.I),
    }
    return ResultCues(g, rx)


@dataclass
class _Num:
    start: int  # of the digits (sign excluded)
    end: int  # after the unit
    value: float
    unit: str | None
    sign: str
    type: str = "absolute"
    group: int = -1


@dataclass(frozen=True)
class _Mention:
    text: str
    start: int
    end: int
    label: str


class ResultFinder:
    """Finds results in one abstract; see the module docstring for the rules."""

    def __init__(self, cues: ResultCues):
        self.cues = cues
        self.rx = cues.rx

    def find(self, text: str, sents: list[tuple[int, int]], mentions: list[_Mention],
             proposals: list[Proposal]) -> list[Result]:
        if not _DIGIT.search(text):
            return []
        prop_mentions = self._proposal_mentions(text, proposals)
        datasets = self._fallback_datasets(text, proposals, mentions)
        out: list[Result] = []
        for s, e in sents:
            if not _DIGIT.search(text, s, e):
                continue
            nums = self._numbers(text, s, e)
            if nums:
                out.extend(self._sentence_results(text, s, e, nums, datasets, mentions, prop_mentions, proposals))
        return out

    # -- numbers
    def _numbers(self, text: str, s: int, e: int) -> list[_Num]:
        sent = text[s:e]
        nums: list[_Num] = []
        for m in _NUM.finditer(sent):
            digits, unit_raw = m.group(2), (m.group(3) or "").strip().lower()
            after = sent[m.end():]
            if re.match(r"[A-Za-z]", after) or (not unit_raw and re.match(r"[\-–][A-Za-z]", after)):
                continue  # 7B, 0.4K, 2K-length
            unit = None
            if unit_raw:
                unit = "%" if unit_raw == "%" else "x" if unit_raw in ("x", "×", "times") else "points"
            if unit == "x" and self.rx["size_after_x"].match(after):
                continue
            if self.rx["count_after"].match(after):
                continue
            value = float(digits.replace(",", ""))
            nums.append(_Num(s + m.start(2), s + m.end(), value, unit, m.group(1) or ""))
        # lists: "9.8 and 12.9 points", "74.1%, 67.0%, and 64.0%", "8% to 11%"
        gid = 0
        for i, n in enumerate(nums):
            if i and _SEP.match(text[nums[i - 1].end:n.start - len(n.sign)]):
                n.group = nums[i - 1].group
            else:
                gid += 1
                n.group = gid
        groups: dict[int, list[_Num]] = {}
        for n in nums:
            groups.setdefault(n.group, []).append(n)
        keep: list[_Num] = []
        for members in groups.values():
            unit = members[-1].unit
            for n in members:
                n.unit = n.unit or unit
            for n in members:
                if n.unit is None and (n.value.is_integer() and "." not in text[n.start:n.end]):
                    continue
                if n.unit is None and not self._score_context(text, s, n):
                    continue
                keep.append(n)
        return keep

    def _score_context(self, text: str, s: int, n: _Num) -> bool:
        before = text[max(s, n.start - 30):n.start]
        return bool(re.search(r"(?:\(\s*|\b(?:of|to|by|at|reach(?:es|ing)?|achiev(?:es|ing)|scores?|and|,)\s+)$", before))

    # -- per sentence
    def _sentence_results(self, text, s, e, nums, datasets, mentions, prop_mentions, proposals):
        sent_ds = [d for d in datasets if s <= d.start < e]
        clauses = [s] + [s + m.end() for m in _CLAUSE.finditer(text[s:e])] + [e]
        self._assign_types(text, s, nums, prop_mentions)
        ds_for = self._pair_datasets(text, nums, sent_ds)
        out = []
        for n in nums:
            c0 = max(c for c in clauses if c <= n.start)
            c1 = min(c for c in clauses if c > n.start)
            ds = ds_for.get(id(n))
            if ds is None and re.search(r"\b[a-z][\w\-]*:\s*$", text[max(s, n.start - 25):n.start]):
                pass
            elif ds is None:
                ds = self._nearest_dataset(text, n, sent_ds, c0, c1)
            subject = self._subject(text, s, e, c0, n, mentions, prop_mentions, proposals)
            metric = self._metric(text, n, mentions, c0, c1)
            t0, t1 = self._text_span(text, n, c0, c1)
            out.append(Result(
                value=n.value, unit=n.unit, type=n.type, text=text[t0:t1], subject=subject,
                dataset=ds.text if ds else None, metric=metric,
                span=Span(n.start, n.end, text[s:e], COMPONENT, 0.7)))
        return out

    def _assign_types(self, text: str, s: int, nums: list[_Num], prop_mentions: list[_Mention]) -> None:
        rx = self.rx
        by_group: dict[int, list[_Num]] = {}
        for n in nums:
            by_group.setdefault(n.group, []).append(n)
        for members in by_group.values():
            first, last = members[0], members[-1]
            before = text[max(s, first.start - len(first.sign) - 60):first.start - len(first.sign)]
            after = text[last.end:last.end + 40]
            paren_name = _PAREN_NAME.search(before)
            if rx["from_before"].search(before) and len(members) == 2:
                first.type, last.type = "baseline", "absolute"
                continue
            if first.sign == "+" or rx["by_before"].search(before) or rx["improve_after"].match(after):
                kind = "improvement"
            elif rx["baseline_before"].search(before):
                kind = "baseline"
            elif paren_name and not self._is_proposal(paren_name.group(1), prop_mentions):
                kind = "baseline"
            elif rx["decline"].search(text[max(s, first.start - 25):first.start]):
                kind = "baseline"
            else:
                kind = "absolute"
            for n in members:
                n.type = kind

    @staticmethod
    def _is_proposal(name: str, prop_mentions: list[_Mention]) -> bool:
        k = name_key(name)
        return any(name_key(p.text) == k for p in prop_mentions)

    # -- datasets
    def _pair_datasets(self, text: str, nums: list[_Num], sent_ds: list[_Mention]) -> dict[int, _Mention]:
        """Pairs lists of values with lists of datasets of the same length, in order."""
        out: dict[int, _Mention] = {}
        if len(sent_ds) < 2:
            return out
        lists: list[list[_Mention]] = [[sent_ds[0]]]
        for d in sent_ds[1:]:
            if _DS_SEP.match(text[lists[-1][-1].end:d.start]):
                lists[-1].append(d)
            else:
                lists.append([d])
        groups: dict[int, list[_Num]] = {}
        for n in nums:
            groups.setdefault(n.group, []).append(n)
        for members in groups.values():
            if len(members) < 2:
                continue
            same = [l for l in lists if len(l) == len(members)]
            if same:
                best = min(same, key=lambda l: abs(l[0].start - members[0].start))
                for n, d in zip(members, best):
                    out[id(n)] = d
        return out

    @staticmethod
    def _nearest_dataset(text, n: _Num, sent_ds, c0, c1) -> _Mention | None:
        after = [d for d in sent_ds if n.end <= d.start < c1 and d.start - n.end <= 120]
        if after:
            return min(after, key=lambda d: d.start)
        before = [d for d in sent_ds if c0 <= d.start and d.end <= n.start]
        if before:
            return max(before, key=lambda d: d.start)
        return None

    def _fallback_datasets(self, text: str, proposals: list[Proposal], mentions: list[_Mention]) -> list[_Mention]:
        """Dataset-like names in "on Name", "on A and B", "Name: 71.3%" not covered by an entity.

        A candidate that covers a shorter DATASET entity replaces it ("Live-Mind2Web"
        over "Mind2Web"); one that overlaps another entity is dropped.
        """
        props = {name_key(p.name) for p in proposals if p.kind not in _DATA_KINDS}
        cands: list[_Mention] = []
        for m in _ON_LIST.finditer(text):
            for part in _LIST_SPLIT.finditer(m.group(1)):
                name = part.group(0)
                if not _DATASET_SHAPE.search(name) or any(name_key(w) in props for w in re.split(r"[\s\-]+", name)):
                    continue
                if re.match(r"\s+model", text[m.start(1) + part.end():]) or re.search(r"-\d+(?:\.\d+)?[BM]\b", name):
                    continue
                cands.append(_Mention(name, m.start(1) + part.start(), m.start(1) + part.end(), "DATASET"))
        for m in _LABEL_VALUE.finditer(text):
            if _DATASET_SHAPE.search(m.group(1)) and name_key(m.group(1)) not in props:
                cands.append(_Mention(m.group(1), m.start(1), m.end(1), "DATASET"))
        not_data = {name_key(p.name) for p in proposals if p.kind not in ("dataset", "benchmark")}
        out = [x for x in mentions if x.label == "DATASET" and name_key(x.text) not in not_data]
        for c in cands:
            overlap = [x for x in mentions if x.start < c.end and c.start < x.end]
            if any(x.label != "DATASET" for x in overlap):
                continue
            if any(not (c.start <= x.start and x.end <= c.end) for x in overlap):
                continue
            out = [x for x in out if x not in overlap] + [c]
        return sorted(set(out), key=lambda d: d.start)

    # -- subjects
    def _proposal_mentions(self, text: str, proposals: list[Proposal]) -> list[_Mention]:
        taken: list[tuple[int, int]] = []
        out = []
        lower = text.lower()
        for p in sorted(proposals, key=lambda p: -len(p.name)):
            for at in find_word(lower, p.name.lower(), after_block="+"):
                end = at + len(p.name)
                if any(a < end and at < b for a, b in taken):
                    continue
                taken.append((at, end))
                out.append(_Mention(p.name, at, end, p.kind))
        return sorted(out, key=lambda m: m.start)

    def _subject(self, text, s, e, c0, n: _Num, mentions, prop_mentions, proposals) -> str | None:
        before = text[s:n.start]
        if n.type == "baseline":
            m = _PAREN_NAME.search(before)
            if m and not self._is_proposal(m.group(1), prop_mentions):
                return m.group(1)
            if self.rx["from_before"].search(before[-40:]):
                models = [x.text for x in mentions if x.label == "MODEL" and s <= x.start < n.start
                          and not self._is_proposal(x.text, prop_mentions)]
                if not models:  # no entity component: a name with a size, like "Foo-2-7B"
                    models = [m.group(0) for m in _SIZED_NAME.finditer(before)
                              if not self._is_proposal(m.group(0), prop_mentions)]
                return models[-1] if models else None
            if not proposals:
                return None
            if self.rx["baseline_before"].search(before[-40:]):
                return None
        # a proposed dataset or benchmark is where results are measured, not who obtains them
        in_sent = [p for p in prop_mentions if s <= p.start < e and p.label not in _DATA_KINDS]
        preceding = [p for p in in_sent if p.start < n.start]
        if preceding:
            return preceding[-1].text
        if in_sent:
            return in_sent[0].text
        ok = self.rx["our_kind"].search(text, s, e)
        if ok:
            kind = ok.group(1).lower()
            same = [p for p in proposals if p.kind == kind]
            if len(same) == 1:
                return same[0].name
        if proposals and (self.rx["pronoun"].search(before) or (ok and ok.start() < n.start)):
            return self._last_proposal(s, prop_mentions, proposals)
        subj = self._named_subject(text, s, n, mentions)
        if subj:
            return subj
        if proposals:
            return self._last_proposal(s, prop_mentions, proposals)
        return None

    def _named_subject(self, text, s, n: _Num, mentions) -> str | None:
        """A named model before the number that is not an object of comparison."""
        for x in mentions:
            if not (s <= x.start < n.start) or re.search(r"\bwe\b", text[x.end:n.start], re.I):
                continue  # "Applying X to Model-7B, we ...": the subject is "we"
            sentence_initial = re.match(r"\s*(?:[A-Z]\w*(?:\s+\w+)?,\s*)?$", text[s:x.start])
            if x.label == "MODEL" or (x.label == "METHOD" and sentence_initial):
                lead = text[max(s, x.start - 30):x.start]
                if re.search(r"\b(?:than|over|outperform\w*|surpass\w*|compared (?:to|with)|vs\.?|to|from|with|of|using|on)\s+(?:the\s+|a\s+|an\s+)?$", lead, re.I):
                    continue
                return x.text
        return None

    @staticmethod
    def _last_proposal(s: int, prop_mentions, proposals) -> str | None:
        earlier = [p for p in prop_mentions if p.start < s and p.label not in _DATA_KINDS]
        if earlier:
            return earlier[-1].text
        doers = [p for p in proposals if p.kind not in _DATA_KINDS]
        return doers[0].name if doers else None

    def _metric(self, text, n: _Num, mentions, c0, c1) -> str | None:
        ms = [x for x in mentions if x.label == "METRIC" and c0 <= x.start < c1]
        if ms:
            return min(ms, key=lambda x: abs(x.start - n.start)).text
        best = None
        for m in self.rx["metric"].finditer(text, c0, c1):
            if best is None or abs(m.start() - n.start) < abs(best.start() - n.start):
                best = m
        return best.group(0) if best else None

    @staticmethod
    def _text_span(text: str, n: _Num, c0: int, c1: int) -> tuple[int, int]:
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
    ms = [_Mention(*m) for m in mentions or []]
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
        mentions = [_Mention(e._.name or text[e.start_char:e.end_char], e.start_char, e.end_char, e.label_)
                    for e in doc.ents]
        doc._.results = self.finder.find(text, sentence_spans(doc), mentions, list(doc._.proposed))
        return doc
