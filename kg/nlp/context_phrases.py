"""Task and metric phrases of the context rules (``paperkg_context``).

* lowercase task names: "... summarization, dialogue response generation, and
  zorbic reasoning tasks", "tasks such as X", "the task of X", task phrases of
  the title;
* metric names next to a change or a number: "higher accuracy and quibble
  recall", "increases user delight scores by 7.5%", "31.2% zorb completion
  accuracy", "in terms of X";
* metric names listed with a measured one ("precision, recall, and F1 of 68.5%, ...") count as measured
  (:func:`listed_metrics`); a metric name inside a hyphenated word ("Cryo-EM", "accuracy-based") is
  none (:func:`drop_glued_metrics`).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.chunks import supported, vague_task
from kg.nlp.firing import fire
from kg.nlp.lists import (GENERIC_NAMES, HEAD_NOUNS, TASK_HEADS, add_candidate, candidates, find_words, set_candidates,
                          word_set)
from kg.nlp.phrases import conjuncts_after, conjuncts_before, metric_phrases, title_tasks

NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
GENERIC_TASK = frozenset("""reasoning generation understanding modeling modelling search control inference completion
    prediction alignment creation matching ranking editing transfer resolution comprehension dialog dialogue
    dialogs dialogues conversation conversations planning coding tracking detection classification extraction
    recognition segmentation estimation verification correction manipulation navigation retrieval recommendation
    translation summarization answering""".split())
# words that start a metric phrase: a comparative ("higher accuracy"), a change ("increases user
# delight scores by 7.5%"), "in terms of", or a percentage ("31.2% zorb completion accuracy")
COMPARATIVES = frozenset("higher lower better improved greater increased reduced faster smaller larger".split())
CHANGES = frozenset(f"{stem}{end}" for stem, ends in (
    ("increase", ("", "s", "d")), ("increasing", ("",)), ("improve", ("", "s", "d")), ("improving", ("",)),
    ("reduce", ("", "s", "d")), ("reducing", ("",)), ("boost", ("", "s", "ed", "ing")),
    ("raise", ("", "s", "d")), ("raising", ("",)), ("lower", ("s", "ed", "ing")),
    ("decrease", ("", "s", "d")), ("decreasing", ("",)), ("enhance", ("", "s", "d")), ("enhancing", ("",)),
    ("halve", ("", "s", "d")), ("halving", ("",)), ("cut", ("s", "ting")))
    for end in ends)
METRIC_TRIGGERS = word_set(COMPARATIVES | CHANGES | {"terms", "%"})
NUMBER_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:%|x|×|points?|pp)\s+$")
TASK_WORDS = word_set(["task", "tasks", "problem", "benchmarks", "domains", "settings", "scenarios", "applications"])
OWN_BEFORE = re.compile(r"\b(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|call(?:s|ed)?|dub(?:s|bed)?|name[sd]?)\s+"
                        r"(?:(?:a|an|the|novel|new)\s+)*$", re.I)
LISTED = ("areas_such_as", "tasks_such_as")  # names in a list of examples: task names, not descriptions
AREAS = frozenset(["benchmarks", "domains", "settings", "scenarios", "applications"])
AREA_INTRO = re.compile(r"\s*,?\s*(?:such as|including|spanning|covering|e\.g\.,?)\s*")
TASK_INTRO = re.compile(r"\s*(?:such as|like|including|e\.g\.,?|:|ranging from)\s*")
METRIC_LEAD_RE = re.compile(r"(?:(?:the|both|its|their|our|overall|average|mean|final)\s+)*", re.I)
# a metric counts where something is measured: a number, a change or "in terms of" next to it
METRIC_CUE_BEFORE = re.compile(r"(?:\d(?:\.\d+)?\s*(?:\\?%|x|×|points?|percent)\$?|\d\.\d+|\b(?:higher|lower|better|"
                               r"worse|improv\w*|increas\w*|reduc\w*|boost\w*|gains?\s+in|in terms of|measured\s+(?:by|"
                               r"with|in)|achiev\w*|reach\w*|of|metrics?,?(?:\s+such\s+as|\s+like|\s+including|\s*:)|"
                               r"evaluated\s+(?:by|with|using)|(?:outperform|surpass)\w*[^.;]{0,60}?\b(?:in|on)|"
                               r"(?:reduction|improvement|increase|decrease|drop|degradation)s?\s+in|attain\w*|"
                               r"(?:evaluated|assessed|compared|measured)\s+(?:based\s+)?(?:on|by|with|using)|"
                               r"superior|competitive|comparable|"
                               r"state-of-the-art|near-perfect|perfect|impressive|excellent|remarkable))\s+"
                               r"(?:[\w-]+(?:'s)?\s+){0,2}$", re.I)
METRIC_CUE_AFTER = re.compile(r"^\s*(?:scores?\b|(?:(?:improvements?|gains?|reductions?|increases?|decreases?|drops?|"
                              r"degradations?)\s+)?(?:of|by|to|from|at|is|was|reaches|reached)\s+(?:up to\s+|about\s+|"
                              r"over\s+|nearly\s+|around\s+|approximately\s+|roughly\s+|almost\s+|only\s+|just\s+|"
                              r"at\s+least\s+|"
                              r"(?:more|less)\s+than\s+)?[-+]?\$?\d|\(\s*\d|[:=]\s*\d)", re.I)

def find_tasks(doc: Doc, text: str, sentence, component: str, c: float) -> None:
    """Lowercase task names: "X, Y and Z tasks", "tasks such as X", "the task of X", title phrases."""
    _drop_inside_words(doc, text)
    for ws, we in find_words(doc, TASK_WORDS):
        s0, s1 = sentence(ws)
        word = text[ws:we].lower()
        if word in AREAS:  # "eight benchmarks, including zorb reasoning and quux generation"
            intro = AREA_INTRO.match(text, we, s1)
            if intro:
                for start, end in conjuncts_after(text, intro.end(), s1, also=("to",)):
                    add_task(doc, text, component, start, end, c, rule="areas_such_as")
            continue
        if word.startswith("task"):
            for start, end in conjuncts_before(text, s0, ws):
                add_task(doc, text, component, start, end, c, rule="before_task_word")
            intro = TASK_INTRO.match(text, we, s1)
            if intro:
                for start, end in conjuncts_after(text, intro.end(), s1, also=("to",)):
                    add_task(doc, text, component, start, end, c, rule="tasks_such_as")
        if text[max(0, ws - 4):ws].lower() == "the " and text[we:we + 4] == " of ":
            for start, end in conjuncts_after(text, we + 4, s1)[:1]:  # "the task of X"
                add_task(doc, text, component, start, end, c, rule="the_task_of")
    # a task the title names too: "Automatic Quibble Diagnosis" ... "in quibble diagnosis"
    title = str(doc.user_data.get("title") or "")
    phrases = title_tasks(title)
    if not phrases:
        return
    low = text.lower()
    own: list[tuple[int, int]] = []  # the paper's own names: "we propose Zorbic Dynamic Planning (ZDP)"
    taken: list[tuple[int, int]] = []
    found: list[str] = []  # title phrases the abstract uses, longest first
    for phrase in sorted(phrases, key=len, reverse=True):
        if any(f.endswith(" " + phrase.lower()) for f in found):  # "SID-based generative recommendation" is
            fire("tasks.title_phrase_shorter", phrase)              # the task, not "generative recommendation"
            continue
        for a, b in _occurrences(low, phrase.lower()):
            if any(x <= a and b <= y for x, y in own) or OWN_BEFORE.search(text, max(0, a - 40), a):
                fire("tasks.drop_title_own_name", text[a:b])
                own.append((a, b))
                continue
            if any(x <= a and b <= y for x, y in taken):
                continue  # "generative recommendation" inside "SID-based generative recommendation"
            if phrase.lower().endswith("search"):
                continue  # a technique as often as a problem ("program search"): the title alone cannot tell
            nxt = NEXT_WORD.match(low, b)
            if nxt is None or nxt.group(1) not in HEAD_NOUNS["MODEL"]:  # not "large reasoning models"
                taken.append((a, b))
                found.append(phrase.lower())
                add_task(doc, text, component, a, b, c, titled_ok=True, rule="title_phrase")


def _occurrences(low: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``low`` as whole words (not inside "x-phrase" or "phrases")."""
    out = []
    i = low.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        before = low[i - 1:i] if i else ""
        after = low[j:j + 1]
        if not (before.isalnum() or before in ("-", "_")) and not (after.isalnum() or after in ("-", "_")):
            out.append((i, j))
        i = low.find(phrase, i + 1)
    return out


def _drop_inside_words(doc: Doc, text: str) -> None:
    """Known task names matched inside a hyphenated word: "cross-domain generalization" is not "domain
    generalization"."""
    group = candidates(doc)
    keep = [s for s in group if not (s.label_ == "TASK" and s.start_char > 0 and text[s.start_char - 1] == "-")]
    if len(keep) != len(group):
        fire("tasks.drop_inside_word")
        set_candidates(doc, keep)


def add_task(doc: Doc, text: str, component: str, start: int, end: int, conf: float,
             titled_ok: bool = False, rule: str = "") -> None:
    """A task candidate at ``text[start:end]`` when it ends in a task word."""
    words = text[start:end].split()
    while words and words[0] in GENERIC_NAMES:  # "LLM reasoning" -> "reasoning"
        start += len(words[0]) + 1
        words = words[1:]
    if not words or len(words) > 5:
        return
    head = words[-1].split("-")[-1].lower()
    if head not in TASK_HEADS or (len(words) == 1 and head in GENERIC_TASK and "-" not in words[0]):
        return
    titled = [w[:1].isupper() for w in words]
    if any(titled) and not (all(titled) and len(words) >= 2) and not all(w.isupper() for w in words) \
            and not titled_ok:
        return
    if rule not in LISTED and vague_task(words) and not supported(text[start:end], text, str(doc.user_data.get("title") or "")):
        fire("tasks.drop_vague", text[start:end])
        return
    span = doc.char_span(start, end, alignment_mode="strict")
    if span is not None:
        fire("tasks." + rule, text[start:end])
        add_candidate(doc, Span(doc, span.start, span.end, label="TASK"), component, conf,
                      name=text[start:end].lower() if any(titled) and not words[0].isupper() else None)

def find_metrics(doc: Doc, text: str, sentence, component: str, c: float) -> set[tuple[int, int]]:
    """Metric phrases next to a change, a comparative, a percentage or "in terms of"."""
    found: list[tuple[int, int]] = []
    for ws, we in find_words(doc, METRIC_TRIGGERS):
        _, s1 = sentence(ws)
        word = text[ws:we].lower()
        if word in COMPARATIVES:  # "higher accuracy", "12% higher zorb throughput"
            number = NUMBER_BEFORE.search(text, max(0, ws - 24), ws)
            got = metric_phrases(text, we + 1, s1, any_head=number is not None)
            for a, b in got:
                fire("metrics.after_comparative", text[a:b])
            found.extend(got)
            continue
        if word == "terms" and not (text[max(0, ws - 3):ws].lower() == "in " and text[we:we + 4] == " of "):
            continue  # only "in terms of X"
        if word == "%" and not text[we:we + 2].startswith(" "):
            continue
        start = we + 4 if word == "terms" else we + 1
        lead = METRIC_LEAD_RE.match(text, start)
        got = metric_phrases(text, lead.end(), s1, any_head=False)
        rule = "in_terms_of" if word == "terms" else "after_percent" if word == "%" else "after_change"
        for a, b in got:
            fire("metrics." + rule, text[a:b])
        found.extend(got)
    for start, end in found:
        span = doc.char_span(start, end, alignment_mode="strict")
        if span is not None:
            add_candidate(doc, Span(doc, span.start, span.end, label="METRIC"), component, c)
    return set(found)


METRIC_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)")


def listed_metrics(doc: Doc, text: str, sentence, measured: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Metric names in one list with a measured metric: "precision, recall, and F1 of 68.5%, 69.1%, and
    68.5%" (only F1 has its number next to it)."""
    spans = sorted({(s.start_char, s.end_char) for s in candidates(doc) if s.label_ == "METRIC"} | measured)
    if len(spans) < 2:
        return set()
    spans = [a for a in spans if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)]  # longest
    out = set(measured)
    for a, b in spans:
        s0, s1 = sentence(a)
        if METRIC_CUE_BEFORE.search(text[max(s0, a - 60):a]) or METRIC_CUE_AFTER.match(text[b:min(s1, b + 30)]):
            out.add((a, b))
    links = [(a, b) for a, b in zip(spans, spans[1:]) if a[1] <= b[0] and METRIC_LIST_SEP.fullmatch(text, a[1], b[0])]
    for _ in range(3):  # along the list both ways: "precision, recall, and F1 of ..."
        grew = False
        for a, b in links:
            if (a in out) != (b in out):
                new = b if a in out else a
                fire("metrics.listed_with_measured", text[new[0]:new[1]])
                out.add(new)
                grew = True
        if not grew:
            break
    return out


def drop_glued_metrics(doc: Doc, text: str) -> None:
    """A metric name that is part of a hyphenated word is not a metric: "Cryo-EM", "EM-ReSeleCT",
    "accuracy-based", "latency-aware" ("ROUGE-L", "macro-F1" are metric names of their own)."""
    group = candidates(doc)
    keep = [s for s in group if s.label_ != "METRIC" or not _glued(text, s.start_char, s.end_char)]
    if len(keep) != len(group):
        fire("metrics.drop.glued", "")
        set_candidates(doc, keep)


def _glued(text: str, start: int, end: int) -> bool:
    return (text[end:end + 1] == "-" and text[end + 1:end + 2].isalnum()) or (
        start > 1 and text[start - 1] == "-" and text[start - 2].isalnum())

