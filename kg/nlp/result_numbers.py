"""Numbers with a result shape, read from a normalised view of an abstract.

:func:`normalise` returns a string of the same length as the abstract (so every
offset stays valid and evidence text is cut from the original) in which LaTeX
is read as text: ``\\%`` is ``%``, ``$...$`` and braces are blanks, ``\\times``
is ``×``, ``\\pm`` is ``±``, ``\\approx`` and ``~`` are blanks; a hyphen
between two numbers ("12-15%") becomes a range dash.

:func:`find_numbers` lists the numbers of one sentence that may be results: a
percentage ("%", "percent"), points ("points", "percentage points", "pp",
"%p"), a factor ("3x", "3×", "3 times faster"), or a decimal after a score cue
("of 0.91", "= -0.5", "> 0.89", "AUROC 0.93"). Numbers in one list or range
("9.8 and 12.9 points", "12-15%", "between 0.89 and 1.00") form a group and
share their unit. Not results: integers without a unit, sizes ("7B",
"600x larger"), quantities of things ("0.3% parameters"), operating points
("at 50% sparsity") and spreads ("± 0.3").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.nlp.text import DATA_DIR, alternation, read_jsonl

DEFAULT_CUES = DATA_DIR / "results.jsonl"

_LATEX = re.compile(r"\\(?:%|times\b|pm\b|approx\b|sim\b|geq?\b|leq?\b|[a-zA-Z]+\{|,|;|!|\s)|\$|[{}~]")
_LATEX_AS = {"\\%": "%", "\\times": "×", "\\pm": "±", "\\approx": "≈", "\\geq": "≥", "\\ge": "≥",
             "\\leq": "≤", "\\le": "≤"}
_DIGIT_DASH = re.compile(r"\d\s*%?\s*-\s*\d")
_RANGE = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)?\s*%?\s*)-(?=\s*\d)")

_NUM = re.compile(
    r"(?<![\w.@^/\-])([+]|(?<=[\s(=≈<>≥≤:])[-−])?(\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(\s*%\s*p\b|\s*%|\s+percent\b|\s*(?:x|×)(?!\w)|\s+(?:percentage\s+|absolute\s+)?points?\b|\s*pp\b|\s*p\.p\.?|"
    r"\s+times(?=\s+(?:faster|higher|more|less|fewer|better|lower|speed\w*|improvement|reduction|increase|gain)))?")
_START = re.compile(r"[+\-−]?\d")
_SEP = re.compile(r"\s*(?:%|points?)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[-–]\s*)")
_SCORE_BEFORE = re.compile(
    r"(?:[(=≈<>≥≤:]\s*|\b(?:of|to|by|at|reach(?:es|ed|ing)?|achiev(?:es|ed|ing)|scor(?:es|ed|ing)|and|between|"
    r"is|was|are|were|only|obtain(?:s|ed|ing)?|yield(?:s|ed|ing)?|with|than|vs\.?|from|around|about|"
    r"approximately|roughly|nearly|over|under|above|below|up to)\s+|,\s+)$", re.I)
_AT_BEFORE = re.compile(r"\b(?:at|under)\s+(?:a\s+|an\s+|the\s+)?(?:[\w\-]+\s+)?$", re.I)
_DIGIT = re.compile(r"\d")
_POWER = re.compile(r"\s*10\s*\^")
_P_VALUE = re.compile(r"\b[pPzt]\s*[<=>≤≥]\s*[+\-−]?$")
_MEASURE = re.compile(r"\s*(?:[KMBT](?![\w\-])|[nmcµk]?m|ms|s|sec|min|h|hrs?|[KMGT]i?B|kg|g|[kMG]?Hz|k?W|J|K|V|dB|fps|"
                      r"[GTP]?FLOPS?|FLOPs)\b")
_NOT_CONJ = r"(?!(?:and|or|but|while|which|that|to|then|with)\s)"
_LETTER = re.compile(r"[A-Za-z]")
_DASH_WORD = re.compile(r"[\-–][A-Za-z]")


@dataclass(frozen=True)
class ResultCues:
    """Cue words read from ``data/results.jsonl`` and the regexes built from them."""

    groups: dict[str, tuple[str, ...]]
    rx: dict[str, re.Pattern[str]]


@lru_cache(maxsize=8)
def load_cues(path: str | Path = DEFAULT_CUES) -> ResultCues:
    """Read (once per path) the cue words of the result finder."""
    groups: dict[str, list[str]] = {}
    for row in read_jsonl(Path(path)):
        groups.setdefault(str(row.get("type")), []).extend(str(v).lower() for v in row.get("values", []))
    g = {k: tuple(v) for k, v in groups.items()}

    def alt(key: str) -> str:
        return alternation(g.get(key, ())) or r"(?!x)x"

    fillers = rf"(?:(?:{alt('by_fillers')})\s+)*"
    rx = {
        "improve_after": re.compile(rf"\s*(?:(?:relative|absolute|average|overall|mean)\s+)?{_NOT_CONJ}(?:[\w\-@]+\s+)?"
                                    rf"(?:{alt('improve_after')})\b", re.I),
        "by_before": re.compile(rf"(?:\bby|\+)\s+{fillers}$", re.I),
        "gain_verb_before": re.compile(rf"\b(?:{alt('gain_verbs')})\s+{fillers}$", re.I),
        "gain_of_before": re.compile(rf"\b(?:{alt('improve_nouns')})\s+(?:of|by|to)\s+{fillers}$", re.I),
        "baseline_before": re.compile(rf"\b(?:{alt('baseline_before')})\s+{fillers}$", re.I),
        "from_before": re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|approximately\s+)?$", re.I),
        "decline_before": re.compile(rf"\b(?:{alt('decline_words')})\s+(?:of\s+|by\s+)?{fillers}$", re.I),
        "decline_to": re.compile(rf"\b(?:{alt('decline_words')})\s+to\s+{fillers}$", re.I),
        "decline_after": re.compile(rf"\s*{_NOT_CONJ}(?:[\w\-]+\s+)?(?:{alt('decline_words')})\b", re.I),
        "count_after": re.compile(rf"\s*(?:{alt('count_nouns')})\b|\s*of\s+(?:the\s+|all\s+|our\s+|its\s+|their\s+)?"
                                  rf"(?:[\w\-]+\s+)?(?:{alt('amount_of')})\b|\s*(?:reduction|decrease|increase|growth|cut)\s+in\s+(?:the\s+)?"
                                  r"(?:parameter|model\s+size|params)", re.I),
        "level_at": re.compile(rf"\b(?:{alt('level_verbs')})\s+(?:only\s+|just\s+)?at\s+$", re.I),
        "size_after_x": re.compile(rf"\s*(?:{alt('size_after_x')})\b", re.I),
        "metric": re.compile(rf"(?<![\w-])(?:{alt('metric_words')})(?![\w-])", re.I),
        "metric_before": re.compile(rf"(?<![\w-])(?:{alt('metric_words')})\s*$", re.I),
        "pronoun": re.compile(rf"\b(?:{alt('pronoun_subject')})\b", re.I),
        "our_kind": re.compile(r"\b(?:our|the)\s+(?:proposed\s+|new\s+)?"
                               r"(metric|dataset|benchmark|model|framework|system|method)\b", re.I),
    }
    return ResultCues(g, rx)


def _latex_sub(m: re.Match[str]) -> str:
    s = m.group(0)
    rep = _LATEX_AS.get(s.rstrip())
    if rep is not None:
        return " " * (len(s) - len(rep)) + rep
    return " " * len(s)


def normalise(text: str) -> str:
    """The abstract with LaTeX read as text and range hyphens as dashes; same length as ``text``."""
    if "\\" in text or "$" in text or "{" in text or "~" in text:
        text = _LATEX.sub(_latex_sub, text)
    if "-" in text and _DIGIT_DASH.search(text):
        text = _RANGE.sub(lambda m: m.group(1) + "–", text)
    return text


@dataclass
class Num:
    """One number of a sentence: offsets in the abstract, value, unit and (later) type."""

    start: int  # of the digits (sign excluded)
    end: int  # after the unit
    value: float
    unit: str | None
    sign: str
    type: str = "absolute"
    group: int = -1


def _unit(raw: str) -> str | None:
    raw = " ".join(raw.lower().split())
    if raw in ("%", "percent"):
        return "%"
    if raw in ("x", "×", "times"):
        return "x"
    return "points"


def find_numbers(view: str, s: int, e: int, cues: ResultCues) -> list[Num]:
    """The numbers of sentence ``view[s:e]`` that may be results, grouped (see the module docstring)."""
    rx = cues.rx
    nums: list[Num] = []
    pos = s
    while True:
        m0 = _START.search(view, pos, e)
        if m0 is None:
            break
        m = _NUM.match(view, m0.start(), e)
        if m is None:
            pos = m0.end()
            continue
        pos = m.end()
        raw_unit, digits = m.group(3), m.group(2)
        after = view[m.end():m.end() + 40]
        if not raw_unit and "." not in digits and not _DIGIT.search(after, 0, 12):
            continue  # an integer without a unit, not in a list: a year or a count
        if _LETTER.match(after) or (not raw_unit and _DASH_WORD.match(after)):
            continue  # 7B, 0.4K, 2K-length
        unit = _unit(raw_unit) if raw_unit else None
        if unit == "x" and (rx["size_after_x"].match(after) or _POWER.match(after)):
            continue  # "600x larger", "7 × 10^-3"
        if _P_VALUE.search(view, max(s, m.start() - 6), m.start()):
            continue  # "p < 0.05", "z = 3.1"
        if not raw_unit and _MEASURE.match(after) and not rx["improve_after"].match(view, m.end() + len(
                _MEASURE.match(after).group(0))):
            head = view[max(s, m.start() - 40):m.start()]
            if not (rx["by_before"].search(head) or rx["decline_before"].search(head)):
                continue  # a measured quantity: "13.5 nm", "2.1 GB of memory"
        if "±" in view[max(s, m.start() - 3):m.start()]:
            continue  # a spread: "± 0.3"
        digits = digits.replace(",", "")
        value = float(digits)
        if m.group(1) in ("-", "−"):
            value = -value
        nums.append(Num(m.start(2), m.end(), value, unit, m.group(1) or ""))
    gid = 0
    for i, n in enumerate(nums):
        prev = nums[i - 1] if i else None
        if prev and _SEP.fullmatch(view, prev.end, n.start - len(n.sign)) and (
                not (prev.unit and n.unit) or prev.unit == n.unit):
            n.group = nums[i - 1].group
        else:
            gid += 1
            n.group = gid
    groups: dict[int, list[Num]] = {}
    for n in nums:
        groups.setdefault(n.group, []).append(n)
    keep: list[Num] = []
    for members in groups.values():
        unit = next((n.unit for n in reversed(members) if n.unit), None)
        for n in members:
            n.unit = n.unit or unit
        first = members[0]
        head = view[max(s, first.start - len(first.sign) - 30):first.start - len(first.sign)]
        if rx["count_after"].match(view, members[-1].end):
            continue  # quantities of things: "0.3% parameters", "1% of the training data"
        if _AT_BEFORE.search(head) and not rx["metric_before"].search(head) and not rx["level_at"].search(head):
            continue  # an operating point: "at 50% sparsity", "at a 5% error rate" (not "stays at 48%")
        for n in members:
            if n.unit is None:
                if "." not in view[n.start:n.end]:
                    continue  # years, counts
                if n is first and not (_SCORE_BEFORE.search(head) or rx["metric_before"].search(head)):
                    continue
            keep.append(n)
    return keep
