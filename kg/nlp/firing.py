"""Counting which rules fire (for ``bench/rule_firing.py``); off unless :func:`start` was called.

A rule calls :func:`fire` with its name (``"chunks.task.for"``) when it adds a
candidate; counting costs one global lookup when it is off.
"""
from __future__ import annotations

from collections import Counter

COUNTS: Counter[str] | None = None
#: what each firing found, when :func:`start` asked for it: rule -> [(text, label)]
FOUND: dict[str, list[str]] | None = None


def start(keep_found: bool = False) -> None:
    """Start counting (again, from zero)."""
    global COUNTS, FOUND
    COUNTS = Counter()
    FOUND = {} if keep_found else None


def stop() -> Counter[str]:
    """Stop counting; the counts so far."""
    global COUNTS, FOUND
    counts, COUNTS, FOUND = COUNTS or Counter(), None, None
    return counts


def fire(rule: str, found: str = "") -> None:
    if COUNTS is not None:
        COUNTS[rule] += 1
        if FOUND is not None and found:
            FOUND.setdefault(rule, []).append(found)
