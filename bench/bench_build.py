"""Measure `kg build` against `kg extract`, reading against a bare pyoxigraph load, and `kg validate`.

    python bench/bench_build.py                      # the real 10k listing (if present) and 100k synthetic
    python bench/bench_build.py --sizes 1000 --no-real
    python bench/bench_build.py --scale 100000       # one `kg build` (and one `kg build --store`) of 100k
                                                     # synthetic papers (bench/synth_corpus.py): wall time,
                                                     # peak RSS of the process tree, triples/s

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
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from kg.resources import shared_file  # noqa: E402

REAL = shared_file("data/arxiv-10k.txt")
BARE_LOAD = ("import sys, pyoxigraph as ox; s = ox.Store(); "
             "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE); print(len(s))")


def tree_rss(pid: int) -> int:
    """Bytes of resident memory of process ``pid`` and all its descendants now (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                total += next((int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


class Sampler(threading.Thread):
    """Polls the RSS of a process tree every ``every`` seconds: the peak, and a timeline."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.timeline = pid, every, 0, []
        self.done = threading.Event()
        self.t0 = time.perf_counter()

    def run(self) -> None:
        while not self.done.wait(self.every):
            rss = tree_rss(self.pid)
            self.peak = max(self.peak, rss)
            self.timeline.append((time.perf_counter() - self.t0, rss))


def run(*args: str, module: bool = True, progress: bool = False, ok: tuple[int, ...] = (0, 1)) -> dict:
    """Run ``python -m kg ARGS`` (or ``python ARGS``) in a child process: wall time, peak RSS
    (the larger of the process' own ``ru_maxrss`` and the sampled RSS of its whole tree), stderr."""
    cmd = [sys.executable, *(["-m", "kg"] if module else []), *args]
    env = {**os.environ, **({} if progress else {"KG_NO_PROGRESS": "1"})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()  # read stderr while the child runs, so a full pipe never blocks it
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.done.set()
    reader.join()
    err = b"".join(err_chunks).decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return {"wall": wall, "rss": max(rusage.ru_maxrss * 1024, sampler.peak), "err": err,
            "timeline": sampler.timeline}


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


def triples_of(err: str) -> int:
    m = re.search(r"(\d+) papers, (\d+) triples", err)
    return int(m.group(2)) if m else 0


def timeline(r: dict, step: float = 30.0) -> str:
    """The RSS every ``step`` seconds (the peak of each interval), in MiB."""
    marks: dict[int, int] = {}
    for t, rss in r["timeline"]:
        marks[int(t // step)] = max(marks.get(int(t // step), 0), rss)
    return " ".join(f"{int(k * step)}s:{v / 2**20:.0f}" for k, v in sorted(marks.items()))


def scale(n: int, seed: int = 1, store: bool = True, show_timeline: bool = False) -> None:
    """One ``kg build`` (and one ``kg build --store``) of ``n`` synthetic papers."""
    import synth_corpus

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        listing = synth_corpus.write(work / f"synth-{n}.txt", n, seed=seed)
        print(f"synthetic {n:,} papers from {synth_corpus.corpus_path()} (seed {seed}): "
              f"{listing.stat().st_size / 2**20:.0f} MiB, written in {time.perf_counter() - t0:.0f} s", flush=True)
        commands = [("build", str(listing), "--out", str(work / "out"))]
        if store:
            commands.append(("build", str(listing), "--out", str(work / "out2"), "--store", str(work / "kgstore")))
        for args in commands:
            r = run(*args, ok=(0,))
            triples = triples_of(r["err"])
            print(f"  kg {' '.join(a.replace(tmp, '$TMP') for a in args)}\n"
                  f"    {r['wall']:7.1f} s  peak {mib(r)} (process tree)  {triples:,} triples  "
                  f"{triples / r['wall']:,.0f} triples/s", flush=True)
            print(f"    last line: {r['err'].strip().splitlines()[-1] if r['err'].strip() else '(none)'}", flush=True)
            if show_timeline:
                print(f"    RSS MiB by time: {timeline(r)}", flush=True)


def main(argv: list[str] | None = None) -> None:
    import synth

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="synthetic listings to build")
    ap.add_argument("--no-real", action="store_true", help="skip the real 10k listing")
    ap.add_argument("--scale", type=int, default=None, metavar="N",
                    help="only: one `kg build` and one `kg build --store` of N synthetic papers from the corpus")
    ap.add_argument("--no-store", action="store_true", help="with --scale: skip the `--store` build")
    ap.add_argument("--timeline", action="store_true", help="with --scale: print the RSS every 30 s")
    args = ap.parse_args(argv)
    if args.scale:
        scale(args.scale, store=not args.no_store, show_timeline=args.timeline)
        return
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
