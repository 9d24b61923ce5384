"""Query latency: rdflib in memory vs an on-disk pyoxigraph store, on synthetic graphs.

    python bench/bench_query.py            # 10,000 and 100,000 papers
    python bench/bench_query.py 5000 --repeat 3

For each size: write a synthetic graph (bench/synth_graph.py), parse it with
rdflib, bulk-load it into an on-disk store, close the store, delete the source
file and reopen the store (opening reads the store's own files: nothing is
re-parsed), then time three named queries on both (median of --repeat runs
after a warm-up) and print the ratio.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_graph

import kg
from rdflib import Graph

from kg.store.sources import MemorySource, open_store, write_store

QUERIES = [
    ("papers on one dataset", "papers_on_dataset", {"dataset": "webarena"}),
    ("co-authors of one author", "coauthors", {"author": synth_graph.FOCUS_AUTHOR}),
    ("datasets by number of papers", "datasets_by_papers", {}),
]


def timed(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the answer)
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), result


def bench(n: int, repeat: int, workdir: Path) -> None:
    print(f"\n== {n:,} papers")
    t = time.perf_counter()
    nt, triples = synth_graph.write(workdir / f"synth-{n}.nt", n, seed=1)
    print(f"generate N-Triples: {triples:,} triples in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    mem = MemorySource(Graph().parse(nt, format="nt"), str(nt))
    t_parse = time.perf_counter() - t
    print(f"rdflib parse into memory: {t_parse:.1f} s")

    store_dir = workdir / f"store-{n}"
    t = time.perf_counter()
    src = write_store(nt, store_dir)
    print(f"pyoxigraph bulk load into {store_dir.name}: {time.perf_counter() - t:.1f} s")
    del src
    nt.unlink()  # the store must not need the source file any more
    t = time.perf_counter()
    store = open_store(store_dir)
    t_open = time.perf_counter() - t
    print(f"reopen existing store (source file deleted): {t_open * 1000:.0f} ms "
          f"({len(store.store):,} quads; rdflib needed {t_parse:.1f} s to parse) -> {t_parse / t_open:,.0f}x")

    print(f"{'query':32} {'rows':>6} {'rdflib ms':>10} {'store ms':>10} {'ratio':>7}")
    for label, name, params in QUERIES:
        reps = repeat if n <= 20_000 or name != "datasets_by_papers" else max(1, repeat // 2)
        t_mem, rows_mem = timed(lambda n=name, p=params: kg.run_query(mem, n, **p), reps)
        t_st, rows_st = timed(lambda n=name, p=params: kg.run_query(store, n, **p), repeat)
        same = "" if rows_mem == rows_st else "  (ANSWERS DIFFER!)"
        print(f"{label:32} {len(rows_mem):>6} {t_mem * 1000:>10.1f} {t_st * 1000:>10.1f} "
              f"{t_mem / t_st:>6.1f}x{same}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as d:
        for n in args.sizes:
            bench(n, args.repeat, Path(d))


if __name__ == "__main__":
    main()
