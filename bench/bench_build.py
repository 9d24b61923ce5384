"""Measure `kg build` on synthetic listings (and the real 10k arXiv listing if present).

    python bench/bench_build.py                 # 1k, 10k, 100k papers
    python bench/bench_build.py --sizes 1000 10000 --no-dask

For each input it runs, each in a fresh process (so peak memory is that
run's own): one process (`--engine auto`: rdflib below 5,000 papers,
pyoxigraph streaming from there on), `--n-process 2`, and `--dask local`
(2 worker processes). It prints throughput (papers/s), peak resident memory,
memory and Turtle bytes per triple, and the speedups over one process.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REAL = HERE.parent.parent / "shared" / "data" / "arxiv-10k.txt"


def run(listing: Path, out: Path, *extra: str) -> dict[str, float]:
    """Run one `kg build` in a child process; wall time, peak RSS, triples, output size."""
    cmd = [sys.executable, "-m", "kg", "build", str(listing), "-o", str(out), *extra]
    env = {**os.environ, "KG_NO_PROGRESS": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, _, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    m = re.search(r"(\d+) papers, (\d+) triples", err)
    if not m:
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{err[-2000:]}")
    ttl = out / "graph.ttl"
    return {"wall": wall, "rss": rusage.ru_maxrss * 1024, "papers": int(m.group(1)), "triples": int(m.group(2)),
            "bytes": ttl.stat().st_size if ttl.exists() else 0}


def line(label: str, r: dict[str, float], base: dict[str, float] | None = None) -> str:
    speed = "" if base is None else f"  speedup x{base['wall'] / r['wall']:.2f}"
    return (f"  {label:<14} {r['wall']:7.1f} s  {r['papers'] / r['wall']:8.0f} papers/s  "
            f"peak {r['rss'] / 2**20:7.0f} MiB  {r['rss'] / r['triples']:6.0f} B RSS/triple  "
            f"{r['bytes'] / r['triples']:5.0f} B Turtle/triple  ({r['triples']:,} triples){speed}")


def bench(listing: Path, label: str, dask: bool, nproc: bool) -> None:
    print(f"{label}: {listing}")
    with tempfile.TemporaryDirectory() as tmp:
        base = run(listing, Path(tmp) / "one")
        print(line("1 process", base), flush=True)
        if nproc:
            print(line("n_process=2", run(listing, Path(tmp) / "np2", "--n-process", "2"), base), flush=True)
        if dask:
            print(line("dask local x2", run(listing, Path(tmp) / "dask", "--dask", "local"), base), flush=True)


def main(argv: list[str] | None = None) -> None:
    import synth

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-nproc", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = synth.write(Path(tmp) / f"synth-{n}.txt", n, seed=1)
            bench(path, f"synthetic {n:,} papers", not args.no_dask, not args.no_nproc)
    if REAL.exists():
        bench(REAL, "real arXiv 10k listing", not args.no_dask, not args.no_nproc)
    else:
        print(f"real listing {REAL} absent: skipped")


if __name__ == "__main__":
    main()
