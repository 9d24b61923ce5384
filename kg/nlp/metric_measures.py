"""Metric phrases named by what a paper measures, whatever their head word (``paperkg_context``).

The head-word rules (:mod:`kg.nlp.context_chunks`, :mod:`kg.nlp.context_phrases`) find metrics that end
in a metric head ("accuracy", "rate", "score"). A measure can end in any noun when the sentence says that
it is measured:

* the measure a number changes: "improves X by 18%", "cuts X by 2.1x", "an 18% improvement in/to X",
  "a 3x reduction of X", "18% faster X", "X improves from 41.2 to 47.9", "X is reduced by 30%";
* a list after a comparison cue: "outperforms prior work in X, Y, and Z", "in terms of X and Y",
  "improving both X and Y", "measured by X".

The phrase is a lower-case noun phrase of one to four words; it is not a task, a method or a thing
("a 5% gain in math reasoning", "improves the baseline by 3 points"), nor a word too vague to name a
measure ("improves performance by 5%"). One word is a measure only when it is a metric head, an acronym
("RMSE") or, in a list, a noun of quality ("consistency", "diversity").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.context_chunks import METRIC_TRIM, MODEL_WORDS, after_mid_trim
from kg.nlp.chunks import ALL_METRIC_HEADS, ALL_TASK_HEADS, CLOSED, METHOD_HEADS, VERBS
from kg.nlp.firing import fire
from kg.nlp.phrases import METRIC_LEAD
from kg.nlp.lists import HEAD_NOUNS, VAGUE_METRICS, add_candidate, candidates, find_words, word_set

NUMBER = r"[-+]?\$?\d[\d,]*(?:\.\d+)?"
UNIT = r"(?:\s*(?:\\?%|percent|pp|points?|x|×|\$?\\times\$?|times|-?fold))?"
# "by 18%", "by an average of 185.9%", "by up to 3x"
BY_NUMBER = re.compile(r"by\s+(?:(?:up\s+to|about|over|nearly|around|approximately|roughly|almost|only|"
                       r"as\s+much\s+as|(?:more|less)\s+than|an\s+average\s+of|a\s+factor\s+of|on\s+average)\s+)*"
                       + NUMBER, re.I)
FROM_TO = re.compile(r"from\s+" + NUMBER + UNIT + r"\s+to\s+" + NUMBER, re.I)
# a number right before a change noun or a comparative: "an 18% improvement", "743 percent", "3x faster"
NUMBER_BEFORE = re.compile(r"\d" + UNIT + r"\$?\s+(?:(?:relative|absolute|average|overall|mean|net)\s+)?$", re.I)
CHANGE_STEMS = ("improv", "increas", "reduc", "boost", "enhanc", "decreas", "rais", "halv", "shorten", "lift",
                "elevat", "lowers", "lowered", "lowering", "cuts", "cutting", "doubl", "tripl")
CHANGE_NOUNS = frozenset(f"{w}{s}" for w in """improvement gain reduction increase decrease drop boost speedup
    acceleration decline rise uplift enhancement""".split() for s in ("", "s"))
COMPARATIVES = frozenset("faster higher lower better shorter smaller greater larger reduced improved increased".split())
# verbs whose subject is the measure: "X is reduced by 30%", "X rises from A to B"
SUBJECT_STEMS = CHANGE_STEMS + ("rise", "rises", "rose", "rising", "fall", "fell", "drop", "grow", "grew", "declin",
                                "jump", "climb", "shrink", "shrank")
AUXILIARIES = frozenset("is are was were been".split())
# comparison cues that a list of measures follows: "outperforms X in A, B and C", "in terms of A and B",
# "improving both A and B", "measured by A"
OUTPERFORM = frozenset(f"{b}{s}" for b in ("outperform", "surpass", "exceed", "beat")
                       for s in ("", "s", "es", "ed", "ing") if not (b == "surpass") or s != "s")
OUTPERFORM_IN = re.compile(r"[^.;,()]{0,60}?\s(?:in\s+terms\s+of|in)\s+(?:both\s+)?", re.I)
TERMS_OF = re.compile(r"\s+of\s+(?:both\s+)?", re.I)
MEASURED_BY = re.compile(r"\s+by\s+(?:both\s+)?", re.I)
ANCHORS = word_set(["by", "from", "terms", "both", "measured"] + list(CHANGE_NOUNS) + list(COMPARATIVES)
                   + list(OUTPERFORM))
LEAD = re.compile(r"(?:(?:the|its|their|our|both|overall|average|mean|total|relative)\s+)*", re.I)
IN_TO_OF = re.compile(r"\s+(?:in|to|of)\s+", re.I)
LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)")
# what may follow a list of measures: the clause goes on or ends ("in X and Y, offering ...", "in X compared to")
LIST_END = re.compile(r"\s*(?:[.,;:)]|$|(?:while|compared|relative|across|over|on|with|than|by|for|and|at|"
                      r"under|without|among|against|versus|vs|when|whereas|respectively|simultaneously|"
                      r"all|alike)\b)", re.I)
WORD = re.compile(r"[A-Za-z0-9][\w'-]*")
SPACED = re.compile(r"\S+")
SPACES = re.compile(r"\s+")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9@-]{1,6}$")
# nouns of quality that name a measure alone in a list: "consistency", "diversity", "coherence", "fluency"
QUALITY = re.compile(r"^[a-z]{4,}(?:ity|ness|ency|ancy|ence|acy)$")
# heads that are things, settings or capabilities, not measures: "improves the baseline by 3 points", "gains in
# math benchmarks", "outperforms X in few-shot setups", "improves performance by 5%"
THINGS = frozenset("""
    model models method methods baseline baselines approach approaches system systems framework frameworks agent
    agents task tasks benchmark benchmarks dataset datasets data version versions variant variants counterpart
    counterparts competitor competitors work works technique techniques algorithm algorithms policy policies
    setting settings scenario scenarios domain domains setup setups condition conditions regime regimes case cases
    configuration configurations environment environments evaluation evaluations experiment experiments study
    studies comparison comparisons judgment judgments judgement judgements protocol protocols
    parameter parameters metric metrics measure measures criterion criteria aspect aspects dimension dimensions
    sota state-of-the-art art one ones others number amount size factor margin average times points point percent
    percentage fold way ways level levels
    performance results result generalization generalisation capability capabilities ability abilities behavior
    behaviour behaviors behaviours output outputs response responses progress gain gains improvement improvements
    """.split()) | HEAD_NOUNS["MODEL"] | HEAD_NOUNS["DATASET"]
# words that a measure does not contain: counts ("four key engagement metrics") and model sizes ("parameter
# count": GUIDE.md, not results)
NOT_IN_MEASURE = frozenset("""one two three four five six seven eight nine ten dozens hundreds thousands parameter
    parameters params""".split())
LEAD_WORDS = frozenset("the its their our both overall average averaged mean total relative".split())
# nouns that are also verbs of abstracts and often end a measure ("faster training speeds")
NOUN_VERBS = frozenset("speed speeds".split())


def find_measures(doc: Doc, text: str, sentence, component: str, conf: float) -> set[tuple[int, int]]:
    """Metric phrases that a number changes or that a comparison lists; returns their spans."""
    anchors = find_words(doc, ANCHORS)
    if not anchors:
        return set()
    found: dict[tuple[int, int], str] = {}
    for ws, we in anchors:
        word = text[ws:we].lower()
        if word == "by" or word == "from":
            if (BY_NUMBER if word == "by" else FROM_TO).match(text, ws):
                _changed(found, text, sentence(ws)[0], ws, word)
        elif word in CHANGE_NOUNS or word in COMPARATIVES:
            s0, s1 = sentence(ws)
            if not NUMBER_BEFORE.search(text, max(s0, ws - 30), ws):
                continue
            pos = we + 1
            if word in CHANGE_NOUNS:  # "an 18% improvement in X"
                m = IN_TO_OF.match(text, we)
                if m is None:
                    continue
                pos = m.end()
            pos = LEAD.match(text, pos).end()
            b = _phrase_end(text, pos, min(s1, pos + 80))
            _keep(found, text, pos, b, "metrics.measure.number_change")
        else:
            m = _list_cue(text, ws, we, word)
            if m is not None:
                for a, b in _listed(text, m, sentence(ws)[1]):
                    _keep(found, text, a, b, "metrics.measure.listed_after_cue", listed=True)
    out: set[tuple[int, int]] = set()
    if not found:
        return out
    known = [(s.start_char, s.end_char) for s in candidates(doc) if s.label_ == "METRIC"]
    blocked = [(s.start_char, s.end_char) for s in candidates(doc) if s.label_ in ("MODEL", "DATASET")]
    for (a, b), rule in found.items():
        if any(x < b and a < y for x, y in blocked):
            continue  # a model or dataset: "improves GPT-4 by 3 points"
        overlap = [(x, y) for x, y in known if x < b and a < y]
        out.update(overlap)  # a metric the other rules found is measured here
        if any(x < a or b < y for x, y in overlap):
            continue  # ... and it is the longer name
        span = doc.char_span(a, b, alignment_mode="strict")
        if span is None:
            continue
        fire(rule, text[a:b])
        add_candidate(doc, Span(doc, span.start, span.end, label="METRIC"), component, conf)
        out.add((a, b))
    return out


def _changed(found: dict[tuple[int, int], str], text: str, s0: int, at: int, word: str) -> None:
    """The measure that "by N" or "from A to B" at ``at`` changes: "improves X by 18%" (the words between
    the change verb and "by"), "X improves from 41.2 to 47.9", "X is reduced by 30%" (the phrase before the
    verb)."""
    words = [(m.start(), m.end()) for m in SPACED.finditer(text, max(s0, at - 90), at)][-8:]
    if not words:
        return
    if _change_verb(text, *words[-1], SUBJECT_STEMS):  # "X (is) reduced by 30%", "X rises from A to B"
        end = words[-1][0]
        if len(words) > 1 and text[words[-2][0]:words[-2][1]].lower() in AUXILIARIES:
            end = words[-2][0]
        end = len(text[:end].rstrip())
        start = _phrase_start(text, max(s0, end - 80), end)
        if start < end:
            _keep(found, text, start, end, "metrics.measure.subject_change")
        return
    if word != "by":
        return
    for i in range(len(words) - 2, -1, -1):  # "improves [the] X by": the verb before X
        if _change_verb(text, *words[i]) or (i > 0 and text[words[i][0]:words[i][1]] == "and" and any(
                c.isdigit() for c in text[words[i - 1][0]:words[i - 1][1]])):  # "cuts X by 40% and Y by 3x"
            start, end = words[i + 1][0], words[-1][1]
            start = LEAD.match(text, start, end).end()
            if _phrase_end(text, start, end) == end:
                _keep(found, text, start, end, "metrics.measure.change_by")
            return


def _change_verb(text: str, a: int, b: int, stems: tuple[str, ...] = ()) -> bool:
    return text[a:b].lower().startswith(stems or CHANGE_STEMS)


def _phrase_start(text: str, floor: int, end: int) -> int:
    """Where the noun phrase that ends at ``end`` starts (at most four words back)."""
    start = end
    for w in list(WORD.finditer(text, floor, end))[::-1][:4]:
        if text[w.end():start].strip() or not _phrase_word(w.group()):
            break
        start = w.start()
    return start


def _list_cue(text: str, ws: int, we: int, word: str) -> int | None:
    """Where the list after a comparison cue starts, or None."""
    if word in OUTPERFORM:
        m = OUTPERFORM_IN.match(text, we)
    elif word == "terms":
        m = TERMS_OF.match(text, we) if text[max(0, ws - 3):ws].lower() == "in " else None
    elif word == "both":
        before = text[max(0, ws - 20):ws].split()
        m = SPACES.match(text, we) if before and before[-1].lower().startswith(("improv", "enhanc", "boost")) else None
    elif word == "measured":
        m = MEASURED_BY.match(text, we)
    else:
        m = None
    return m.end() if m is not None else None


def _phrase_end(text: str, start: int, end: int) -> int:
    """Where a phrase read after a cue ends: at the first word that cannot be in a noun phrase."""
    pos = start
    last = start
    for w in WORD.finditer(text, start, end):
        word = w.group()
        if text[pos:w.start()].strip() or not _phrase_word(word):
            break
        if pos > start and word.endswith("ed") and "-" not in word and word.lower() not in NOUN_VERBS:
            break  # a participle after the measure: "response length averaged over ..." ("balanced accuracy" starts)
        last = pos = w.end()
    return last


def _phrase_word(word: str) -> bool:
    low = word.lower()
    if low in NOUN_VERBS:
        return True
    if low in CLOSED or (low.endswith("ly") and len(low) > 4):
        return False
    return low not in VERBS or low.endswith("ing") or low in ALL_METRIC_HEADS or low in ALL_TASK_HEADS


def _keep(found: dict[tuple[int, int], str], text: str, a: int, b: int, rule: str, listed: bool = False) -> None:
    """Record ``text[a:b]`` as a metric when it reads as a measure."""
    words = text[a:b].split()
    owner = max((i for i, w in enumerate(words) if "'" in w), default=-1)
    if owner >= 0:  # "GPT-4's accuracy", "the classifiers' AUC": the measure follows its owner
        a += sum(len(w) + 1 for w in words[:owner + 1])
        words = words[owner + 1:]
    while words and (words[0].lower() in LEAD_WORDS or words[0] in MODEL_WORDS or (
            len(words) > 1 and (words[0].lower() in METRIC_TRIM or words[0].lower() in METRIC_LEAD))):
        a += len(words[0]) + 1
        words = words[1:]
    a, words = after_mid_trim(text, a, words)  # "six-task average completion time" -> "completion time"
    if not words or len(words) > 4 or any(not _phrase_word(w) or w.lower() in NOT_IN_MEASURE for w in words):
        return
    if len(words) > 2 and words[0].lower() in VERBS:
        return  # "in capturing long-range dependencies": an activity and its object ("training speed" is a measure)
    if any(w[:1].isupper() and not ACRONYM.match(w) for w in words):
        return  # a name, not a measure
    head = words[-1].lower()
    if not _measure_head(head):
        return  # "improves the baseline by 3 points", "a 5% gain in math reasoning", "improves training by 5%"
    if len(words) == 1:
        if head in VAGUE_METRICS:
            return
        if not ((ACRONYM.match(words[0]) and not listed) or head in ALL_METRIC_HEADS or (listed and QUALITY.match(head))):
            return
    found.setdefault((a, b), rule)


def _listed(text: str, start: int, limit: int) -> list[tuple[int, int]]:
    """The phrases of a list of measures at ``start``: "X, Y, and Z" ending where the clause goes on; none
    when the list is not one of measures ("in math and code benchmarks", "in handling noisy data")."""
    items: list[tuple[int, int]] = []
    pos, joined = start, True
    for _ in range(6):
        end = _phrase_end(text, pos, min(limit, pos + 80))
        if end == pos or not _measure_head(text[pos:end].split()[-1].lower()):
            if items and not joined:
                return items  # "in X, Y, and Z, offering ...": the list ended at its comma
            return []  # a list of tasks, methods or things, not of measures ("in math and code benchmarks")
        items.append((pos, end))
        sep = LIST_SEP.match(text, end, limit)
        if sep is None:
            break
        pos, joined = sep.end(), any(w in text[sep.start():sep.end()] for w in ("and", "or", "as well"))
    else:
        return []
    if not LIST_END.match(text, items[-1][1], limit) and items[-1][1] < limit:
        return []
    return items


def _measure_head(head: str) -> bool:
    """Whether a phrase ending in ``head`` may name a measure (not a thing, a method, a task or an activity)."""
    if head.endswith("'s") or head in THINGS or head in METHOD_HEADS:
        return False
    if head in ALL_METRIC_HEADS:
        return True
    return head not in ALL_TASK_HEADS and not head.endswith("ing")
