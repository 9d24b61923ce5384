"""Normalised names and stable IRIs.

IRIs are derived from normalised names only, never from counters or random
numbers, so the same input always yields the same IRIs:

* people and organisations: Unicode NFKC, accents removed, case-folded,
  whitespace collapsed (``"LiLiang Ren"`` and ``"Liliang Ren"`` are one person);
* datasets, models and other entities: additionally without spaces, hyphens
  and punctuation, except a dot between digits (``"MATH500"``, ``"MATH-500"``
  and ``"Math-500"`` are one dataset; ``"GPT-4"`` and ``"GPT-4o"`` are two;
  ``"Qwen2.5"`` is not ``"Qwen25"``);
* papers: a hash of the normalised title and first author.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.vocab import ID_BASE

_WS = re.compile(r"\s+")
_SLUG_BAD = re.compile(r"[^a-z0-9]+")
_ENTITY_DROP = re.compile(r"(?<!\d)\.|\.(?!\d)|[^\w.]|_")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def person_key(name: str) -> str:
    """Normal form of a person's or organisation's name."""
    text = unicodedata.normalize("NFKC", name)
    return _WS.sub(" ", strip_accents(text)).strip().casefold()


def entity_key(name: str) -> str:
    """Normal form of a dataset/model/... name: case, spaces, hyphens and punctuation removed."""
    text = strip_accents(unicodedata.normalize("NFKC", name)).casefold()
    return _ENTITY_DROP.sub("", text)


def _digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(key: str) -> str:
    """A readable IRI segment for ``key``; a short hash is added when the slug loses information."""
    s = _SLUG_BAD.sub("-", key).strip("-")
    if not s or s.replace("-", "") != re.sub(r"[\s\-]", "", key):
        s = (s + "-" if s else "") + _digest(key, 8)
    return s


def mint(kind: str, key: str) -> URIRef:
    return URIRef(f"{ID_BASE}{kind}/{slug(key)}")


def person_iri(name: str) -> URIRef:
    return mint("person", person_key(name))


def org_iri(name: str) -> URIRef:
    return mint("org", person_key(name))


def category_iri(code: str) -> URIRef:
    return mint("category", code.casefold())


def entity_iri(kind: str, name: str) -> URIRef:
    """IRI of a dataset, model, method, task or metric (``kind`` is its label)."""
    return mint(kind, entity_key(name))


def paper_key(title: str, first_author: str = "") -> str:
    return _digest(person_key(title) + "\x1f" + person_key(first_author), 16)


def paper_iri(title: str, first_author: str = "") -> URIRef:
    return URIRef(f"{ID_BASE}paper/{paper_key(title, first_author)}")
