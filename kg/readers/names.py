"""Split the glued "title + first author" text of a listing's second line.

Listings glue the title to the first author (``...PromptingZekun Li, B, C et al.``).
The split is found by a general rule, not a list of titles: every position where
an upper-case letter follows a non-space character is a candidate boundary, and
each candidate is scored by the shape of the name it leaves (capitalised tokens,
particles such as "van der"), the shape of the title word it leaves, and by a
:class:`NameLexicon` of names and title words seen *unambiguously* elsewhere in
the same input (authors 2 and 3 are never glued, so they teach given names).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

PARTICLES = frozenset(
    "van der den de la le du da das dos do di del della dei von zu ten ter bin binti "
    "ibn al el y e af lo st".split()
)
# words that occur in titles but never inside a person's name
FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from how in into is it its of on or over the to "
    "under via vs what when where which who why with without".split()
)
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "II", "III", "IV"})
_INITIAL = re.compile(r"^(?:[A-Z]\.)+(?:-[A-Z]\.)?$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_CAMEL_TAIL = re.compile(r"[a-z]([A-Z][a-z]+)$")
_PIECES = re.compile(r"[A-Z][a-z]+")
_STRIP = ".,:;!?()[]\"'"


def fold(text: str) -> str:
    """Case- and Unicode-normalised form used for comparing names."""
    return unicodedata.normalize("NFKC", text).casefold()


def is_name_token(tok: str) -> bool:
    """True when ``tok`` can be part of a person's name as listings write it."""
    if not tok:
        return False
    if tok in PARTICLES or tok in _SUFFIXES:
        return True
    first = tok[0]
    if first.isupper() or first in "\"'(":
        return True
    if first.isalpha() and not first.isascii():
        return True  # scripts without case
    # lower-case surnames ("Xu ling", "Il hong Suh") but never title function words
    return tok.isalpha() and tok not in FUNCTION_WORDS


def looks_like_name(text: str) -> bool:
    """A comma-free author item: 1-7 name tokens, at least one capitalised."""
    toks = text.split()
    if not 1 <= len(toks) <= 7:
        return False
    if not all(is_name_token(t) for t in toks):
        return False
    return any(t[0].isupper() or not t[0].isascii() for t in toks)


@dataclass
class NameLexicon:
    """Evidence gathered from a whole input file before splitting."""

    names: Counter[str] = field(default_factory=Counter)
    given: Counter[str] = field(default_factory=Counter)
    title_words: Counter[str] = field(default_factory=Counter)

    def add_author(self, name: str) -> None:
        self.names[fold(name)] += 1
        toks = name.split()
        if toks:
            self.given[fold(toks[0])] += 1

    def add_title_words(self, head: str) -> None:
        # all but the last three tokens, which may hold the glued first author
        for tok in head.split()[:-3]:
            self.title_words[fold(tok.strip(_STRIP))] += 1

    def is_given(self, tok: str) -> bool:
        return self.given.get(fold(tok), 0) > 0

    def is_title_word(self, tok: str) -> bool:
        core = fold(tok.strip(_STRIP))
        return bool(core) and self.title_words.get(core, 0) > 0


@dataclass(frozen=True)
class Split:
    title: str
    first_author: str
    score: float
    confident: bool


def name_score(name: str, lex: NameLexicon) -> float:
    """How much ``name`` looks like one person's name as written in listings."""
    toks = name.split()
    if not toks:
        return -9.0
    score = {1: -1.0, 2: 0.5, 3: 0.2, 4: -0.3}.get(len(toks), -1.0)
    if lex.names.get(fold(name), 0) > 0:
        score += 2.0
    for i, tok in enumerate(toks):
        if _CAMEL.search(tok):
            pieces = _PIECES.findall(tok)
            if lex.is_given(tok) or (len(pieces) >= 2 and all(lex.is_given(p) for p in pieces)):
                continue  # "JungMin", "LiLiang"
            score -= 1.5 if i == 0 else 2.5  # a title word glued to a name
    return score


def _split_score(head: str, p: int, lex: NameLexicon) -> float:
    name, left = head[p:], head[:p]
    nf = name.split()[0]
    lw = left.split()[-1] if left.split() else ""
    score = name_score(name, lex)
    if lex.is_given(nf):
        score += 1.5
    parts = [x for x in re.split(r"[-']", nf) if x]
    if len(nf) > 1 and all(len(x) > 1 and x[1:].islower() for x in parts):
        score += 1.0  # "Zekun", "Jean-Pierre"
    elif _INITIAL.match(nf):
        score += 0.5
    elif len(nf) > 1 and not _CAMEL.search(nf):
        score -= 0.5  # "NVIDIA", "GPT"
    prev = left[-1]
    if prev in "-'’" or (prev == "." and len(left) >= 2 and left[-2].isupper()):
        score -= 3.0  # inside "Ching-En" or "M.L."
    if prev.isupper() and (len(nf) == 1 or not nf[1].islower()):
        score -= 2.0  # cuts an acronym in two ("CA|N", "A|I")
    tail = _CAMEL_TAIL.search(lw)
    if tail:
        stem = lw[: tail.start() + 1]
        score -= 2.0 if lex.is_title_word(stem) else 1.0  # "Answering|Jung" + "Min"
    if lex.is_title_word(lw):
        score += 1.0
    return score


def candidates(head: str) -> list[int]:
    """Positions in ``head`` where a glued first author may start."""
    out = []
    for p in range(1, len(head)):
        ch = head[p]
        if head[p - 1] == " " or not (ch.isupper() or (ch.isalpha() and not ch.isascii() and not ch.islower())):
            continue
        if looks_like_name(head[p:]) and head[:p].strip():
            out.append(p)
    return out


def split_title_author(head: str, lex: NameLexicon) -> Split:
    """Split ``head`` (title glued to the first author) into its two parts."""
    cands = candidates(head)
    if not cands:
        toks = head.rsplit(" ", 2)
        if len(toks) == 3:
            return Split(toks[0], " ".join(toks[1:]), -9.0, False)
        return Split(head, "", -9.0, False)
    scored = sorted(((_split_score(head, p, lex), -p, p) for p in cands), reverse=True)
    best, p = scored[0][0], scored[0][2]
    margin = best - scored[1][0] if len(scored) > 1 else 9.0
    return Split(head[:p].rstrip(), head[p:], best, margin >= 0.5 and best > 0)
