"""paperkg: build and query a knowledge graph of research papers.

The query API is imported lazily, so ``import kg`` stays cheap:
:func:`load_graph`, :func:`run_query`, :func:`sparql`, :func:`list_queries` (see :mod:`kg.api`).
"""
from __future__ import annotations

from typing import Any

_API = ("load_graph", "run_query", "sparql", "list_queries")
__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
