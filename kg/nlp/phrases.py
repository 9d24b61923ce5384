"""Phrase helpers of the context rules: long forms of abbreviations, coordinated phrases
("X, Y, and Z"), task phrases of a title and metric phrases. Pure functions over text."""
from __future__ import annotations

import re

from kg.nlp.chunks import HEADS, IRREGULAR_VERBS, VERBS, is_content
from kg.nlp.lists import METRIC_HEADS, TASK_HEADS, TASK_STOP, VAGUE_METRICS

TASK_WORD = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$|^[A-Z][a-z]+(?:-[A-Za-z]+)*$|^[A-Z]{2,5}$")
METRIC_LEAD = frozenset("overall average mean final top best absolute relative the its their our higher lower "
                        "better both high low great greater strong stronger superior exceptional negligible "
                        "excessive shorter longer fast faster almost nearly significant substantial considerable "
                        "remarkable competitive".split())
WORD = re.compile(r"[\w@+'-]+(?:\.[\w@+'-]+)*|[^\w\s]")


def long_form(text: str, paren: int, abbr: str) -> int | None:
    """Start of the long form that ``(abbr)`` at ``paren`` abbreviates (Schwartz & Hearst)."""
    letters = [ch.lower() for ch in abbr.rstrip("s") if ch.isalnum()]
    if not letters:
        return None
    window_start = max(0, paren - 12 * (len(letters) + 3))
    before = text[window_start:paren].rstrip()
    # keep to one clause
    cut = max(before.rfind(ch) for ch in ".;:()")
    if cut >= 0:
        window_start, before = window_start + cut + 1, before[cut + 1:]
    if before.lower().endswith(abbr.lower()):
        return None  # "X (X)"
    i = len(letters) - 1
    j = len(before) - 1
    while i >= 0:
        ch = letters[i]
        while j >= 0 and (before[j].lower() != ch or (i == 0 and j > 0 and before[j - 1].isalnum())
                          or (i == 0 and _word_at(before, j).lower() in LONG_FORM_SKIP)):
            j -= 1
        if j < 0:
            return None
        i -= 1
        j -= 1
    start = j + 1
    while start > 0 and before[start - 1].isalnum():
        start -= 1
    n_words = len(before[start:].split())
    if n_words > min(len(letters) + 5, 2 * len(letters)) or not before[start:].strip():
        return None
    return window_start + start + (len(before[start:]) - len(before[start:].lstrip()))


def _verb(word: str) -> bool:
    """A verb form of abstracts ("handle", "encompass"), which ends a coordinated phrase."""
    low = word.lower()
    return low in VERBS and low not in HEADS


LONG_FORM_SKIP = frozenset("and of the for in on with to a an".split())  # not the first word of a long form


def _word_at(text: str, j: int) -> str:
    m = re.match(r"\w+", text[j:])
    return m.group() if m else ""


def conjuncts_before(text: str, floor: int, end: int) -> list[tuple[int, int]]:
    """Coordinated lowercase phrases that end at ``end``: "summarization, dialogue generation, and X"."""
    out: list[tuple[int, int]] = []
    cur_start = cur_end = None
    for m in reversed(list(WORD.finditer(text, max(floor, end - 200), end))):
        w = m.group()
        if w in (",", "and", "or"):
            if cur_start is not None:
                out.append((cur_start, cur_end))
                cur_start = cur_end = None
            elif w != ",":
                break
            continue
        if TASK_WORD.match(w) and w.lower() not in TASK_STOP and not _verb(w):
            if cur_start is None:
                cur_end = m.end()
            cur_start = m.start()
            continue
        break
    if cur_start is not None:
        out.append((cur_start, cur_end))
    return out


def title_tasks(title: str) -> list[str]:
    """Phrases of the title that end in a task word (2 to 5 words): "Quibble Diagnosis"."""
    words = re.findall(r"[A-Za-z][\w-]*|[^\w\s]", title)
    out = []
    for i, w in enumerate(words):
        if w.split("-")[-1].lower() not in TASK_HEADS:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if nxt[:1].isalpha() and nxt.lower() not in TASK_STOP:
            continue  # "Contextual Reasoning Transcribers": a modifier of the next word
        for n in range(2, 6):
            if i - n + 1 < 0 or words[i - n + 1].lower() in TASK_STOP or not words[i - n + 1][:1].isalpha():
                break
            out.append(" ".join(words[i - n + 1:i + 1]))
    return out


def conjuncts_after(text: str, start: int, limit: int, also: tuple[str, ...] = (),
                    participles: bool = False) -> list[tuple[int, int]]:
    """Coordinated lowercase phrases starting at ``start``: "such as X, Y, and Z" (with ``participles``, a
    past participle inside a phrase does not end it: "user spent time")."""
    out: list[tuple[int, int]] = []
    cur_start = cur_end = None
    for m in WORD.finditer(text, start, limit):
        w = m.group()
        if w in (",", "and", "or") or w in also:
            if cur_start is not None:
                out.append((cur_start, cur_end))
                cur_start = cur_end = None
            continue
        if TASK_WORD.match(w) and w.lower() not in TASK_STOP and (
                not _verb(w) or (participles and cur_start is not None and _participle(w))):
            if cur_start is None:
                cur_start = m.start()
            cur_end = m.end()
            continue
        break
    if cur_start is not None:
        out.append((cur_start, cur_end))
    return out


def metric_phrases(text: str, start: int, limit: int, any_head: bool) -> list[tuple[int, int]]:
    """Metric names starting at ``start``: "accuracy and quibble recall", "grading time"."""
    out: list[tuple[int, int]] = []
    for a, b in conjuncts_after(text, start, limit, participles=True)[:3]:
        words = text[a:b].split()
        while words and (words[0].lower() in METRIC_LEAD or not _metric_word(words[0])):
            a += len(words[0]) + 1  # "the overall accuracy", "raises accuracy": not part of the name
            words = words[1:]
        # a verb ends the name ("accuracy drops"); a participle may be inside it ("user spent time") unless any
        # word may end the name ("runtime compared to")
        stop = next((i for i, w in enumerate(words) if not _metric_word(w) and (any_head or not _participle(w))),
                    len(words))
        if stop < len(words):
            b = a + len(" ".join(words[:stop]))
            words = words[:stop]
        if not words or any(w[:1].isupper() and not w.isupper() for w in words[:3]):
            break
        # the phrase ends at its last metric word: "quibble loss compared ..." -> "quibble loss"
        cut = max((i for i, w in enumerate(words[:3]) if w.lower() in METRIC_HEADS), default=-1)
        if cut < 0 and any_head and not out and len(words) <= 2:
            cut = len(words) - 1
        if cut < 0 or (cut == 0 and words[0].lower() in VAGUE_METRICS):
            break
        words = words[:cut + 1]
        out.append((a, a + len(" ".join(words))))
        if len(text[a:b].split()) > cut + 1:
            break
    return out


def _metric_word(word: str) -> bool:
    """A word that may be part of a metric name (not a verb, adverb or closed-class word)."""
    low = word.lower()
    return low in METRIC_HEADS or low in METRIC_LEAD or is_content(word)


def _participle(word: str) -> bool:
    low = word.lower()
    return low.endswith("ed") or low in IRREGULAR_VERBS

