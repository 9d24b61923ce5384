"""Mixed load on `kg serve` over loopback: cheap queries must not wait behind expensive ones.

    python -m kg build ../shared/data/arxiv-10k.txt -o /tmp/srv10k --store /tmp/srv10k/store   # once, ~1 min
    python bench/bench_serve.py /tmp/srv10k/store                    # 3,000 requests, 32 threads, 20% expensive
    python bench/bench_serve.py /tmp/srv10k/store --requests 600     # a shorter run

Starts `kg serve --store STORE` in a subprocess, times each cheap query alone, then sends
REQUESTS requests from THREADS threads; every fifth is expensive (a cartesian product, a
regex over every literal, a property path over the whole graph, a cartesian CONSTRUCT; each
text different, so nothing is remembered) and is ended by the server's time limit.
Prints and checks the targets of issue 12: zero errors on cheap queries, cheap p95 <= 100 ms,
server memory (the server and its workers) <= 2x its start, CPU back to idle within 2 s of
the last answer. Exit status 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PKG = "PREFIX pkg: <https://w3id.org/paperkg/> PREFIX dcterms: <http://purl.org/dc/terms/> " \
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "


def expensive(i: int) -> str:
    shapes = [
        f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ ?a ?b ?c . ?d ?e ?f }}",
        f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(REGEX(STR(?o), 'z{i}q+x', 'i')) }}",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a (<urn:x:{i}>|!<urn:x:{i}>)* ?b }}",
        f"CONSTRUCT {{ ?a ?b ?d }} WHERE {{ ?a ?b ?c . ?d ?e ?f FILTER(?c != {i}) }}",
    ]
    return shapes[i % len(shapes)]


def tree(pid: int) -> list[int]:
    out = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for child in (task / "children").read_text().split():
                out += tree(int(child))
        except OSError:
            pass
    return out


def rss_mib(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int, alone: bool = False) -> float:
    total = 0.0
    for p in [pid] if alone else tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_bytes().rsplit(b")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            pass
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=32)
    ap.add_argument("--every", type=int, default=5, help="every Nth request is expensive (5: 20%%)")
    ap.add_argument("--timeout", type=float, default=1.0, help="the server's time limit, seconds")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()

    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", args.port))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(args.store), "--port", str(port),
                             "--timeout", str(args.timeout)], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/sparql"
    try:
        return run(args, proc, base)
    finally:
        proc.terminate()
        proc.wait(10)


def ask(base: str, query: str) -> tuple[int, float]:
    req = urllib.request.Request(f"{base}?{urllib.parse.urlencode({'query': query})}",
                                 headers={"Accept": "application/sparql-results+json, text/turtle"})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    except OSError:
        status = -1
    return status, time.perf_counter() - t


def cheap_queries(base: str) -> list[str]:
    from kg.query.named import bind_params, get_query
    from kg.query.sparql_text import inject_values

    req = urllib.request.Request(f"{base}?" + urllib.parse.urlencode(
        {"query": PKG + "SELECT ?p WHERE { ?p a pkg:Paper } LIMIT 40"}))
    with urllib.request.urlopen(req, timeout=60) as r:
        papers = [b["p"]["value"] for b in json.loads(r.read())["results"]["bindings"]]
    out = ["ASK {}"]
    out += [f"SELECT ?p ?o WHERE {{ <{p}> ?p ?o }}" for p in papers[:20]]
    out += [PKG + f"SELECT ?name WHERE {{ <{p}> dcterms:creator/foaf:name ?name }}" for p in papers[20:]]
    for name, params in (("papers_on_dataset", {"dataset": "WebArena"}), ("papers_on_dataset", {"dataset": "GSM8K"}),
                         ("coauthors", {"author": "Baolin Peng"})):
        q = get_query(name)
        out.append(inject_values(q.text, bind_params(q, params)))
    return out


def run(args: argparse.Namespace, proc: subprocess.Popen, base: str) -> int:
    end = time.monotonic() + 120
    while True:
        try:
            if ask(base, "ASK {}")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > end:
            print(proc.stderr.read() if proc.stderr else "", file=sys.stderr)
            raise SystemExit("the server did not start")
        time.sleep(0.2)
    cheap = cheap_queries(base)
    alone = []
    for q in cheap:
        ask(base, q)
        alone.append(min(ask(base, q)[1] for _ in range(3)))
    slow_alone = max(alone)
    print(f"cheap queries alone: {len(cheap)} kinds, median {statistics.median(alone) * 1000:.1f} ms, "
          f"slowest {slow_alone * 1000:.1f} ms")
    mem0 = rss_mib(proc.pid)
    peak = [mem0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mib(proc.pid))
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()

    def one(i: int) -> tuple[bool, int, float]:
        if i % args.every == args.every - 1:
            return (True, *ask(base, expensive(i)))
        return (False, *ask(base, cheap[i % len(cheap)]))

    import resource

    cpu_parent0, cpu_all0 = cpu_seconds(proc.pid, alone=True), cpu_seconds(proc.pid)
    cpu_client0 = resource.getrusage(resource.RUSAGE_SELF)
    load0 = os.getloadavg()[0]
    t0 = time.monotonic()
    with ThreadPoolExecutor(args.threads) as pool:
        results = list(pool.map(one, range(args.requests)))
    wall = time.monotonic() - t0
    done.set()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    cpu_client = ru.ru_utime + ru.ru_stime - cpu_client0.ru_utime - cpu_client0.ru_stime
    cpu_parent = cpu_seconds(proc.pid, alone=True) - cpu_parent0
    cpu_workers = cpu_seconds(proc.pid) - cpu_all0 - cpu_parent
    # CPU back to idle: the first 0.25 s window after the last answer with < 5% of a core used
    t_last = time.monotonic()
    idle_after = None
    c = cpu_seconds(proc.pid)
    while time.monotonic() - t_last < 10:
        time.sleep(0.25)
        c2 = cpu_seconds(proc.pid)
        if c2 - c < 0.25 * 0.05:
            idle_after = time.monotonic() - t_last
            break
        c = c2
    cheap_r = [(s, t) for e, s, t in results if not e]
    exp_r = [(s, t) for e, s, t in results if e]
    errors = sum(1 for s, _ in cheap_r if s != 200)
    lat = sorted(t for _, t in cheap_r)
    p50, p95 = lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.95)] * 1000
    codes: dict[int, int] = {}
    for s, _ in exp_r:
        codes[s] = codes.get(s, 0) + 1
    mem = rss_mib(proc.pid)
    print(f"{args.requests} requests from {args.threads} threads in {wall:.1f} s; "
          f"{len(exp_r)} expensive (time limit {args.timeout:g} s): {codes}")
    print(f"cheap: {len(cheap_r)} requests, {errors} errors, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {lat[-1] * 1000:.0f} ms")
    print(f"server memory (with workers): start {mem0:.0f} MiB, peak {peak[0]:.0f} MiB "
          f"({peak[0] / mem0:.2f}x), end {mem:.0f} MiB")
    print(f"CPU seconds during the run: server {cpu_parent:.1f}, its workers {cpu_workers:.1f}, this client "
          f"{cpu_client:.1f} (machine load average {load0:.1f} at the start, {os.cpu_count()} CPUs)")
    print(f"CPU idle {idle_after:.2f} s after the last answer" if idle_after is not None else
          "CPU not idle within 10 s of the last answer")
    ok = errors == 0 and p95 <= 100 and peak[0] <= 2 * mem0 and idle_after is not None and idle_after <= 2
    print("targets (0 cheap errors, p95 <= 100 ms, memory <= 2x, idle <= 2 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
