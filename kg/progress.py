"""Progress on a terminal (bars and stage lines), silence in pipes and CI."""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("KG_NO_PROGRESS")


def progress(items: Iterable[T], total: int | None = None, desc: str = "", unit: str = "paper") -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar when stderr is a terminal."""
    if not enabled():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit=unit, unit_scale=unit != "paper", file=sys.stderr,
                    leave=False, mininterval=0.5)


@contextlib.contextmanager
def stage(desc: str) -> Iterator[None]:
    """On a terminal, ``desc ...`` while the block runs (a step that shows no bar), cleared when it ends."""
    if not enabled():
        yield
        return
    sys.stderr.write(f"{desc} ...")
    sys.stderr.flush()
    try:
        yield
    finally:
        sys.stderr.write("\r\x1b[K")  # the line is cleared: the summary (or an error) follows
        sys.stderr.flush()
