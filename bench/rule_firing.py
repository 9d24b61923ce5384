"""How often each extraction rule and each gazetteer file fires, on three collections.

    python bench/rule_firing.py                 # the 10k corpus, dev100 and the sample
    python bench/rule_firing.py --limit 2000 --show 5

Runs the default pipeline with rule counting on (:mod:`kg.nlp.firing`) over
``../shared/data/arxiv-10k.txt`` (10,000 real listings; skipped when absent),
``tests/fixtures/arxiv-dev100.txt`` and the 50-paper sample ``data/papers.txt``,
and prints, per rule, how often it fires per 1,000 abstracts in each. A rule
that fires on the sample but almost never on the corpus (under 1 per 1,000, or
ten times rarer than on the sample) is flagged ``FIT?``: it probably copies a
sample sentence instead of a way papers are written. ``--show N`` also prints N
things each rule found on the sample.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from kg.resources import shared_file  # noqa: E402

CORPUS = shared_file("data/arxiv-10k.txt")
DEV = ROOT / "tests" / "fixtures" / "arxiv-dev100.txt"
SAMPLE = ROOT / "data" / "papers.txt"


def count(path: Path, limit: int = 0, keep_found: bool = False) -> tuple[int, Counter[str], dict[str, list[str]]]:
    """``(abstracts, firings per rule, what each rule found)`` of one listing."""
    from kg.nlp import firing, load_extractor
    from kg.readers import read_papers

    records = read_papers(path, skip_invalid=True)[: limit or None]
    ex = load_extractor()
    firing.start(keep_found)
    for _ in ex.extract_many(records):
        pass
    found = dict(firing.FOUND or {})
    return len(records), firing.stop(), found


def flag(sample_rate: float, corpus_rate: float | None) -> str:
    if corpus_rate is None or sample_rate == 0:
        return ""
    return "FIT?" if corpus_rate < 1.0 or corpus_rate * 10 < sample_rate else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="unlabeled listing (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N corpus abstracts")
    ap.add_argument("--show", type=int, default=0, help="print N things each rule found on the sample")
    args = ap.parse_args(argv)
    cols: list[tuple[str, int, Counter[str]]] = []
    if args.corpus.is_file():
        n, c, _ = count(args.corpus, args.limit)
        cols.append(("corpus", n, c))
    else:
        print(f"{args.corpus} is not here: the corpus column is left out.")
    n, c, _ = count(DEV)
    cols.append(("dev100", n, c))
    n, c, sample_found = count(SAMPLE, keep_found=bool(args.show))
    cols.append(("sample", n, c))
    rules = sorted(set().union(*(c for _, _, c in cols)))
    head = f"{'rule':<40}" + "".join(f"{name + ' /1k':>14}" for name, _, _ in cols)
    print(head + "  flag")
    print("-" * len(head) + "------")
    flagged = []
    for rule in rules:
        rates = [1000 * c[rule] / n for _, n, c in cols]
        corpus = rates[0] if cols[0][0] == "corpus" else None
        mark = flag(rates[-1], corpus)
        if mark:
            flagged.append(rule)
        print(f"{rule:<40}" + "".join(f"{r:14.1f}" for r in rates) + f"  {mark}")
        for item in (sample_found.get(rule) or [])[: args.show]:
            print(f"{'':<42}{item}")
    print(f"({', '.join(f'{name}: {n} abstracts' for name, n, _ in cols)}; "
          f"{len(flagged)} rules flagged: {', '.join(flagged) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
