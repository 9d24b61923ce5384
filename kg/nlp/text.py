"""Text helpers shared by the paperkg components: cached sentence spans, whole-word search,
name keys, cue-file reading and regex alternations."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.nlp.lists import T_IDX, doc_text, token_table

DATA_DIR = Path(__file__).parent / "data"
#: one token of a name: starts with a capital or digit ("GPT-4o", "T5", "X")
TOK = r"(?:[A-Z0-9][\w+\-.]*[\w+]|[A-Z])"

__all__ = ["DATA_DIR", "TOK", "alternation", "doc_text", "find_word", "name_key", "read_jsonl", "sentence_spans"]


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL cue file; a clear ConfigError naming the file and line when it is broken."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read cue file {path}: {exc.strerror}; check the path in the pipeline config") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not valid JSON ({exc.msg}); each line must be one JSON object") from exc
    return rows


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` that prefers the longest word, written as a prefix tree.

    ``(?:a(?:lign(?:ment)?|rena)|b...)`` matches what ``alignment|align|arena|...`` (longest
    first) matches, but the regex engine tries a few first letters instead of every word at
    every position. Words with capitals or non-ASCII letters are written as the plain
    alternation (under ``re.I`` two branches of a tree could match one text).
    """
    words = set(words)
    if not all(w.isascii() and w == w.lower() for w in words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return _prefix_tree(words)


def _prefix_tree(words: set[str]) -> str:
    """The alternation of ``words`` (suffixes; "" ends a word here) as nested groups, longer words first."""
    by_first: dict[str, set[str]] = {}
    for w in words:
        if w:
            by_first.setdefault(w[0], set()).add(w[1:])
    branches = [re.escape(c) + _prefix_tree(rest) for c, rest in sorted(by_first.items())]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in words:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if "" in words else ")")


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the doc's sentences (a regex split when no sentencizer ran).

    Computed once per doc (kept in ``doc.user_data``) for all paperkg components.
    """
    cached = doc.user_data.get(_SENTS_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    text = doc_text(doc)
    marks = doc.to_array(SENT_START) if len(doc) else None
    if marks is not None and (len(marks) == 1 or (marks[1:] != 0).any()):  # has_annotation is slow
        starts = np.flatnonzero(marks == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        table = token_table(doc)
        if len(table) == len(doc):  # offsets from the shared token table (no Token objects)
            bounds = table[starts, T_IDX].tolist() + [len(text)]
        else:
            bounds = [doc[i].idx for i in starts] + [len(text)]
        spans = [(bounds[k], len(text[bounds[k]:bounds[k + 1]].rstrip()) + bounds[k])
                 for k in range(len(starts))]
    else:
        spans, start = [], 0
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])", text):
            spans.append((start, m.start()))
            start = m.end()
        if start < len(text):
            spans.append((start, len(text)))
    doc.user_data[_SENTS_KEY] = (len(doc), spans)
    return spans


_SENTS_KEY = ("paperkg", "sentence_spans")


def find_word(haystack: str, needle: str, after_block: str = "") -> Iterator[int]:
    """Start offsets of ``needle`` in ``haystack`` as a whole word (not inside "x-needle-y").

    Plain ``str.find`` instead of one compiled regex per name keeps the regex cache warm.
    """
    if not needle:
        return
    n, size = len(needle), len(haystack)
    i = haystack.find(needle)
    while i >= 0:
        j = i + n
        if (i == 0 or not (haystack[i - 1].isalnum() or haystack[i - 1] in "_-")) and (
                j >= size or not (haystack[j].isalnum() or haystack[j] in "_-" + after_block)):
            yield i
        i = haystack.find(needle, i + 1)


def name_key(name: str) -> str:
    """The comparison key of a name: case folded, without spaces, hyphens and punctuation."""
    return re.sub(r"[\W_]+", "", name.casefold())
