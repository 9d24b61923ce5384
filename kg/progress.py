"""Progress bars on a terminal, silence in pipes and CI."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("KG_NO_PROGRESS")


def progress(items: Iterable[T], total: int | None = None, desc: str = "") -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar when stderr is a terminal."""
    if not enabled():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit="paper", file=sys.stderr, leave=False)
