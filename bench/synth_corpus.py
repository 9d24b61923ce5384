"""Write a synthetic listing of any size from a real corpus: realistic abstracts with varied names.

    python bench/synth_corpus.py 100000 -o /tmp/synth-100k.txt --seed 1

Each synthetic paper takes most sentences of one real abstract (of
``../shared/data/arxiv-10k.txt``, else ``data/papers.txt``) and one or two
sentences of others; the names in it (tokens with an inner capital or digit,
such as ``MMedReport`` or ``G-CARL``) that are rare in the corpus (a paper's
own) are renamed in most papers to one of a few variants (``NeoMMedReport``,
``G-CARL-3``), the same way throughout the paper, while common ones (``GSM8K``,
``LLaMA-2``) stay shared between papers; decimal numbers are perturbed; authors are
recombined from the corpus' first and last names. So entities, results and
authors vary and a 100k graph has about the shape of ten real 10k graphs.
Deterministic for a seed and corpus. Output is written with
:mod:`kg.readers.listing_writer`, so ``kg build`` reads every record.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from kg.resources import shared_file  # noqa: E402
from synth import save  # noqa: E402  (bench/ is on the path: the script's folder)

CORPUS = shared_file("data/arxiv-10k.txt")
SAMPLE = HERE.parent / "data" / "papers.txt"
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
#: a word that may be a name: capitalised, with hyphenated parts (a name if another capital or digit follows)
WORD = re.compile(r"\b[A-Z][\w]*(?:-[\w]+)*\b")
#: names in at most this many corpus abstracts are a paper's own (renamed); the others stay shared
OWN_MAX = 5
DECIMAL = re.compile(r"\b\d{1,3}\.\d{1,2}\b")
PREFIXES = ("Neo", "Meta", "Omni", "Hyper", "Uni", "Poly", "Deep", "Open", "Auto", "Proto", "Multi", "Micro")
MAX_ABSTRACT = 3000


def corpus_path() -> Path:
    return CORPUS if CORPUS.exists() else SAMPLE


def _load(path: Path) -> tuple[list, list[str], list[str], list[list[str]], set[str]]:
    from kg.readers import read_papers
    from kg.records import ParseReport

    recs = read_papers(path, "listing", skip_invalid=True, report=ParseReport())
    firsts: dict[str, None] = {}
    lasts: dict[str, None] = {}
    for r in recs:
        for a in r.authors:
            parts = a.split()
            if len(parts) >= 2:
                firsts.setdefault(parts[0])
                lasts.setdefault(parts[-1])
    sents = [SENT_SPLIT.split(r.abstract) for r in recs]
    df: Counter[str] = Counter()
    for r in recs:
        df.update(set(_names(r.title + " " + r.abstract)))
    return recs, list(firsts), list(lasts), sents, {n for n, c in df.items() if c <= OWN_MAX}


def _names(text: str) -> list[str]:
    words = (m.group(0) for m in WORD.finditer(text))
    return [w for w in words if any(c.isupper() or c.isdigit() for c in w[1:])]


def _variant(rng: random.Random, name: str) -> str:
    k = rng.randrange(len(PREFIXES) + 8)
    return f"{PREFIXES[k]}{name}" if k < len(PREFIXES) else f"{name}-{k - len(PREFIXES) + 2}"


def _rename(rng: random.Random, text_parts: list[str], own: set[str]) -> list[str]:
    """The parts with the paper's own names renamed consistently (most of the time) and decimals perturbed."""
    names = sorted({n for t in text_parts for n in _names(t) if n in own})
    mapping = {n: (n if rng.random() < 0.15 else _variant(rng, n)) for n in names}

    def num(m: re.Match) -> str:
        whole, _, frac = m.group(0).partition(".")
        value = float(m.group(0)) * rng.uniform(0.85, 1.15)
        return f"{min(value, 999.0):.{len(frac)}f}"

    return [DECIMAL.sub(num, WORD.sub(lambda m: mapping.get(m.group(0), m.group(0)), t)) for t in text_parts]


def records(n: int, seed: int = 0, corpus: Path | None = None) -> Iterator[str]:
    """The listing text of ``n`` synthetic papers, one 3-line record at a time."""
    from kg.readers.listing_writer import format_record

    recs, firsts, lasts, sents, own = _load(corpus or corpus_path())
    rng = random.Random(seed)
    for i in range(n):
        b = rng.randrange(len(recs))
        base = recs[b]
        body = list(sents[b])
        for _ in range(rng.choice((0, 1, 1, 2))):
            other = sents[rng.randrange(len(sents))]
            body.insert(rng.randrange(1, len(body) + 1), other[rng.randrange(len(other))])
        title, *body = _rename(rng, [base.title, *body], own)
        abstract = " ".join(body)[:MAX_ABSTRACT].rstrip() or base.abstract
        k = rng.choice((1, 2, 3, 3, 3))
        authors = tuple(f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(k)) if firsts else base.authors
        year = rng.choice((2023, 2024, 2025, 2026))
        date = f"{year}{base.date[4:]}"
        if date.endswith("02-29"):
            date = date[:-2] + "28"
        rec = replace(base, id=i, title=title, authors=authors, et_al=k == 3 and rng.random() < 0.6,
                      abstract=abstract, date=date, has_code="http" in abstract)
        yield format_record(rec)


def write(path: str | Path, n: int, seed: int = 0, corpus: Path | None = None) -> Path:
    return save(path, records(n, seed, corpus))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("-o", "--out", default="-", help="output file (default: stdout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=None, help="listing to recombine (default: the 10k corpus)")
    args = ap.parse_args(argv)
    save(args.out, records(args.n, args.seed, args.corpus))


if __name__ == "__main__":
    main()
