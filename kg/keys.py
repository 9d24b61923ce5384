"""Normalised names: the keys that stable IRIs and entity resolution are derived from.

IRIs are derived from normalised names only, never from counters or random
numbers, so the same input always yields the same IRIs:

* people and organisations: Unicode NFKC, accents removed, case-folded,
  whitespace collapsed (``"LiLiang Ren"`` and ``"Liliang Ren"`` are one person);
* datasets, models and other entities: additionally without spaces, hyphens
  and punctuation, except a dot between digits (``"MATH500"``, ``"MATH-500"``
  and ``"Math-500"`` are one dataset; ``"GPT-4"`` and ``"GPT-4o"`` are two;
  ``"Qwen2.5"`` is not ``"Qwen25"``); a four-digit year after the letters of a
  name ends as its two digits (``"AIME 2024"`` and ``"AIME24"`` are one benchmark,
  ``"AIME25"`` another);
* papers: a hash of the normalised title and first author.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_WS = re.compile(r"\s+")
_ENTITY_DROP = re.compile(r"(?<!\d)\.|\.(?!\d)|[^\w.]|_")
_YEAR_END = re.compile(r"(?<=[a-z])(?:19|20)(\d\d)$")  # "aime2024" -> "aime24"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)  # pure; names repeat across papers
def person_key(name: str) -> str:
    """Normal form of a person's or organisation's name."""
    text = unicodedata.normalize("NFKC", name)
    return _WS.sub(" ", strip_accents(text)).strip().casefold()


@functools.lru_cache(maxsize=1 << 16)
def entity_key(name: str) -> str:
    """Normal form of a dataset/model/... name: case, spaces, hyphens and punctuation removed."""
    text = strip_accents(unicodedata.normalize("NFKC", name)).casefold()
    return _YEAR_END.sub(r"\1", _ENTITY_DROP.sub("", text))
