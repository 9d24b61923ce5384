"""Time `kg stats` on a store (or a graph file): wall time, CPU time and peak memory of the command.

    python bench/bench_stats.py --store /tmp/stats10k/store [--html /tmp/stats.html] [--runs 3]

Build the store once first, e.g. ``kg build ../shared/data/arxiv-10k.txt -o /tmp/stats10k
--store /tmp/stats10k/store``. The machine's load average is printed with each run: on a
shared machine the wall time grows with the load, the CPU time much less.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(args: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS MB) of ``python -m kg stats ARGS`` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "stats", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", type=Path)
    src.add_argument("--graph", type=Path)
    ap.add_argument("--html", type=Path, default=None, help="also write the page")
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    args = ["--store", str(a.store)] if a.store else ["--graph", str(a.graph)]
    if a.html:
        args += ["--html", str(a.html)]
    for i in range(a.runs):
        wall, cpu, rss = run_once(args)
        load = os.getloadavg()[0]
        print(f"run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {rss} MB (load average {load:.1f})")


if __name__ == "__main__":
    main()
