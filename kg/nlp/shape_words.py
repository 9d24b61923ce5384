"""Words of an abstract as ``paperkg_shapes`` reads them: runs without spaces, brackets or
commas, cleaned of trailing punctuation and cut into name-shaped parts (``Qwen9.5-70B-Instruct``)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from kg.nlp.lists import (
    DATASET_VARIANTS,
    MODEL_VARIANTS,
    NAME_STOP_PARTS,
    T_ALPHA,
    T_IDX,
    T_ISLOWER,
    T_LEN,
    T_NUM,
    T_PUNCT,
    T_SPACE,
    T_SPACY,
    token_table,
)

PIECE_RE = re.compile(r"[^()\[\]{},;:!?\"“”<>]+")  # a word without brackets and punctuation
NAMEY_RE = re.compile(r"[A-Z0-9\u0370-\u03ff]")  # a capital, digit or Greek letter
SIZE_RE = re.compile(r"^(?:\d+(?:\.\d+)?[BbMmTt]|\d+x\d+(?:\.\d+)?[Bb]|A\d+(?:\.\d+)?B)$")
NUMBER_RE = re.compile(r"^[\d.,]+[%xKkMBbTt]?$|^\d+(?:st|nd|rd|th|s)$")
TRAIL = ".'’"

@dataclass(slots=True)
class Part:
    """A name-shaped piece of a word: its text and where it starts in the doc."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def name_words(doc: Doc, text: str) -> Iterator[tuple[str, int]]:
    """Words (runs without spaces, brackets or commas) that hold a capital, digit or Greek letter.

    Found from the token array: a word is a run of tokens with no space
    between them; only runs with a token that is not a lowercase word, a
    number or punctuation are read.
    """
    t = token_table(doc)
    n = len(t)
    if not n:
        return
    # lowercase words, punctuation, spaces and numbers cannot make a word name-shaped
    plain = (t[:, T_ALPHA] & t[:, T_ISLOWER]) | t[:, T_PUNCT] | t[:, T_SPACE] | t[:, T_NUM]
    rows = np.flatnonzero(plain == 0).tolist()
    if not rows:
        return
    # offsets and flags as Python ints in one go (indexing numpy scalars one by one is slow)
    spacy, space = t[:, T_SPACY].tolist(), t[:, T_SPACE].tolist()
    idx, length = t[:, T_IDX].tolist(), t[:, T_LEN].tolist()
    last = -1
    for r in rows:  # the run of tokens without spaces around each token that is not plain, once
        if r <= last:
            continue
        a = b = r
        while a > 0 and not spacy[a - 1] and not space[a - 1]:
            a -= 1
        while b + 1 < n and not spacy[b] and not space[b + 1]:
            b += 1
        last = b
        for m in PIECE_RE.finditer(text, idx[a], idx[b] + length[b]):
            word = m.group()
            if NAMEY_RE.search(word):
                yield word, m.start()


def _clean(text: str, start: int) -> tuple[str, int]:
    """Strip quotes, possessives and final dots from a word."""
    while text and text[0] in "'‘`*":
        text, start = text[1:], start + 1
    changed = True
    while changed and text:
        changed = False
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text, changed = text[: -len(suffix)], True
        if text and text[-1] in TRAIL:
            text, changed = text[:-1], True
    return text, start


def split_word(text: str, start: int) -> list[Part]:
    """The parts of a word joined by ``/`` or an inner ``+`` ("SFT+RL", "AIME30/31")."""
    if "/" not in text and "+" not in text:
        return [Part(text, start)]
    parts: list[Part] = []
    pos = 0
    for m in re.finditer(r"/|\+(?=[A-Za-z0-9])", text):
        parts.append(Part(text[pos:m.start()], start + pos))
        pos = m.end()
    parts.append(Part(text[pos:], start + pos))
    return [p for p in parts if p.text]


def _is_namey(seg: str) -> bool:
    return any(c.isupper() or c.isdigit() or ord(c) > 0x36f for c in seg)


def name_segments(part: Part) -> Part | None:
    """The name inside a hyphenated part: leading lowercase words and trailing ``-based`` etc. removed."""
    segs: list[tuple[int, str]] = []
    pos = 0
    for s in part.text.split("-"):
        segs.append((pos, s))
        pos += len(s) + 1
    i = 0
    while i < len(segs) and not _is_namey(segs[i][1]):
        i += 1
    if i == len(segs):
        return None
    j = i + 1
    while j < len(segs):
        s = segs[j][1]
        low = s.lower()
        if not s or low in NAME_STOP_PARTS or (not _is_namey(s) and low not in MODEL_VARIANTS
                                               and low not in DATASET_VARIANTS):
            break
        j += 1
    first = segs[i][1]
    if not first or NUMBER_RE.match(first) or SIZE_RE.match(first) or not first[0].isalpha() and first[0] not in "$":
        return None
    begin = segs[i][0]
    end = segs[j - 1][0] + len(segs[j - 1][1])
    return Part(part.text[begin:end], part.start + begin)
