"""Known arXiv categories (``kg/readers/data/arxiv_categories.txt``): an unknown one is kept with a warning."""
from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).with_name("data") / "arxiv_categories.txt"


@functools.lru_cache(maxsize=1)
def known_categories() -> frozenset[str]:
    """Every category id of the taxonomy file, and the subject class after its dot (``cs.CL`` and ``CL``)."""
    ids = [s.strip() for s in DATA.read_text(encoding="utf-8").splitlines()]
    ids = [s for s in ids if s and not s.startswith("#")]
    return frozenset(ids) | frozenset(s.rsplit(".", 1)[1] for s in ids if "." in s)


def is_known(category: str) -> bool:
    return category in known_categories()


def unknown_warning(where: str, category: str) -> str:
    return (f"{where}: unknown arXiv category {category!r} (kept); expected a category of arXiv's "
            "taxonomy like 'CL' or 'cs.CL' (see kg/readers/data/arxiv_categories.txt)")
