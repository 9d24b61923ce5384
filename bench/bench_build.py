"""Measure `kg build` against `kg extract`, reading against a bare pyoxigraph load, and `kg validate`.

    python bench/bench_build.py                      # the real 10k listing (if present) and 100k synthetic
    python bench/bench_build.py --sizes 1000 --no-real

Every command runs in a fresh process (so peak memory is that run's own), all in the same run,
because timings on a shared machine vary up to 2x between runs. For each listing it prints:

* `kg extract --format jsonl` and `kg build` wall time and their ratio (the build's overhead
  over extraction: turning triples into a store, graph.ttl and graph.html);
* `kg build --store DIR` (on disk), peak memory and bytes of RSS per triple;
* `kg query papers_on_dataset --graph out/graph.ttl` against a bare pyoxigraph load of the file;
* `kg validate --store DIR`.
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
sys.path.insert(0, str(HERE.parent))
from kg.resources import shared_file  # noqa: E402

REAL = shared_file("data/arxiv-10k.txt")
BARE_LOAD = ("import sys, pyoxigraph as ox; s = ox.Store(); "
             "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE); print(len(s))")


def run(*args: str, module: bool = True) -> dict[str, float | str]:
    """Run ``python -m kg ARGS`` (or ``python ARGS``) in a child process: wall time, peak RSS, stderr."""
    cmd = [sys.executable, *(["-m", "kg"] if module else []), *args]
    env = {**os.environ, "KG_NO_PROGRESS": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return {"wall": wall, "rss": rusage.ru_maxrss * 1024, "err": err}


def mib(r: dict) -> str:
    return f"{r['rss'] / 2**20:6.0f} MiB"


def bench(listing: Path, label: str, work: Path, extract: bool = True, query: bool = True) -> None:
    print(f"{label}: {listing}", flush=True)
    out, store = work / "out", work / "kgstore"
    if extract:
        ex = run("extract", str(listing), "--format", "jsonl", "-o", str(work / "x.jsonl"))
        print(f"  kg extract --format jsonl  {ex['wall']:7.1f} s  peak {mib(ex)}", flush=True)
    b = run("build", str(listing), "-o", str(out))
    m = re.search(r"(\d+) papers, (\d+) triples", str(b["err"]))
    triples = int(m.group(2)) if m else 0
    ratio = f"  = {b['wall'] / ex['wall']:.2f} x kg extract" if extract else ""
    print(f"  kg build (in memory)       {b['wall']:7.1f} s  peak {mib(b)}  {b['rss'] / max(triples, 1):5.0f} B/triple"
          f"  ({triples:,} triples){ratio}", flush=True)
    d = run("build", str(listing), "-o", str(work / "out2"), "--store", str(store), "--no-html")
    print(f"  kg build --store --no-html {d['wall']:7.1f} s  peak {mib(d)}", flush=True)
    if query:
        ttl = out / "graph.ttl"
        bare = run("-c", BARE_LOAD, str(ttl), module=False)
        q = run("query", "papers_on_dataset", "--param", "dataset=GSM8K", "--graph", str(ttl))
        print(f"  bare pyoxigraph load       {bare['wall']:7.1f} s  peak {mib(bare)}", flush=True)
        print(f"  kg query --graph           {q['wall']:7.1f} s  peak {mib(q)}  = {q['wall'] / bare['wall']:.2f} x "
              "the bare load", flush=True)
    v = run("validate", "--store", str(store))
    print(f"  kg validate --store        {v['wall']:7.1f} s  peak {mib(v)}", flush=True)


def main(argv: list[str] | None = None) -> None:
    import synth

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="synthetic listings to build")
    ap.add_argument("--no-real", action="store_true", help="skip the real 10k listing")
    args = ap.parse_args(argv)
    if not args.no_real:
        if REAL.exists():
            with tempfile.TemporaryDirectory() as tmp:
                bench(REAL, "real arXiv 10k listing", Path(tmp))
        else:
            print(f"real listing {REAL} absent: skipped")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = synth.write(Path(tmp) / f"synth-{n}.txt", n, seed=1)
            bench(path, f"synthetic {n:,} papers", Path(tmp), extract=n <= 10_000, query=n <= 10_000)


if __name__ == "__main__":
    main()
