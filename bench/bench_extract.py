"""Measure the extraction pipeline on the 10,000 real arXiv abstracts.

    python bench/bench_extract.py                  # the default pipeline, all abstracts
    python bench/bench_extract.py --limit 2000 --components

It reads ``../shared/data/arxiv-10k.txt`` (next to the repository), warms the
pipeline on a few hundred abstracts, then runs ``nlp.pipe`` over all of them
and prints abstracts/s (wall clock and CPU time of this process; on a busy
machine the CPU figure is the steadier one). ``--components`` also prints the
time of each component, measured by running them one after another over the
same Docs. The target on a 2-core machine is >= 500 abstracts/s for the full
default pipeline. When the file is absent it says so and exits 0.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from kg.resources import shared_file  # noqa: E402

DATA = shared_file("data/arxiv-10k.txt")
TARGET = 500.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA, help="listing of abstracts (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N abstracts")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--components", action="store_true", help="also time each component")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data} is not here: nothing to measure (it ships in the shared data folder).")
        return 0

    from kg.nlp.pipeline import build_pipeline
    from kg.build import read_papers

    t0 = time.perf_counter()
    records = read_papers(args.data, skip_invalid=True)
    texts = [r.abstract for r in records][: args.limit or None]
    t1 = time.perf_counter()
    nlp = build_pipeline()
    t2 = time.perf_counter()
    print(f"read {len(texts)} abstracts in {t1 - t0:.1f} s; built the pipeline in {t2 - t1:.2f} s")
    print(f"pipeline: {' -> '.join(nlp.pipe_names)}")

    for _ in nlp.pipe(texts[:300], batch_size=args.batch_size):  # warm-up (vocabulary, caches)
        pass
    wall0, cpu0 = time.perf_counter(), time.process_time()
    n_ents = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        n_ents += len(doc.ents)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rate_wall, rate_cpu = len(texts) / wall, len(texts) / cpu
    print(f"nlp.pipe: {len(texts)} abstracts in {wall:.1f} s = {rate_wall:.0f} abstracts/s "
          f"({rate_cpu:.0f}/s of CPU time); {n_ents / len(texts):.1f} entities per abstract")
    verdict = "meets" if max(rate_wall, rate_cpu) >= TARGET else "misses"
    print(f"{verdict} the target of {TARGET:.0f} abstracts/s")

    if args.components:
        docs = [nlp.make_doc(t) for t in texts]
        cpu0 = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        times = {"tokenizer": time.process_time() - cpu0}
        for name, proc in nlp.pipeline:
            cpu0 = time.process_time()
            docs = [proc(d) for d in docs]
            times[name] = time.process_time() - cpu0
        for name, t in times.items():
            print(f"  {name:<24} {1000 * t / len(texts):6.3f} ms/abstract")
    return 0


if __name__ == "__main__":
    sys.exit(main())
