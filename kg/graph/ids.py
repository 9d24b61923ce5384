"""Stable IRIs, minted from the normalised names of :mod:`kg.keys` (never from counters or random numbers)."""
from __future__ import annotations

import functools
import hashlib
import re

from rdflib import URIRef

from kg.graph.vocab import ID_BASE
from kg.keys import entity_key, person_key, strip_accents

__all__ = ["entity_key", "person_key", "strip_accents", "slug", "mint", "person_iri", "org_iri", "category_iri",
           "entity_iri", "paper_key", "paper_iri"]

_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def _digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(key: str) -> str:
    """A readable IRI segment for ``key``; a short hash is added when the slug loses information."""
    s = _SLUG_BAD.sub("-", key).strip("-")
    if not s or s.replace("-", "") != re.sub(r"[\s\-]", "", key):
        s = (s + "-" if s else "") + _digest(key, 8)
    return s


@functools.lru_cache(maxsize=1 << 16)  # pure; names repeat across papers
def mint(kind: str, key: str) -> URIRef:
    return URIRef(f"{ID_BASE}{kind}/{slug(key)}")


@functools.lru_cache(maxsize=1 << 16)  # pure; names repeat across papers
def person_iri(name: str) -> URIRef:
    return mint("person", person_key(name))


@functools.lru_cache(maxsize=1 << 16)  # pure; names repeat across papers
def org_iri(name: str) -> URIRef:
    return mint("org", person_key(name))


def category_iri(code: str) -> URIRef:
    return mint("category", code.casefold())


@functools.lru_cache(maxsize=1 << 16)  # pure; names repeat across papers
def entity_iri(kind: str, name: str) -> URIRef:
    """IRI of a dataset, model, method, task or metric (``kind`` is its label)."""
    return mint(kind, entity_key(name))


def paper_key(title: str, first_author: str = "") -> str:
    return _digest(person_key(title) + "\x1f" + person_key(first_author), 16)


def paper_iri(title: str, first_author: str = "") -> URIRef:
    return URIRef(f"{ID_BASE}paper/{paper_key(title, first_author)}")
