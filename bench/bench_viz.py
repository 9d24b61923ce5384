"""How long graph pages take: a 5,000-node page (view, HTML, interactive in headless Chromium), and
with ``--store DIR`` `kg viz` on a big store (a focus view and the overview, wall time and peak memory).

    python bench/bench_viz.py [--papers 1000] [--store DIR --focus GSM8K --depth 1]

Synthetic papers (4 authors from a shared pool, an organisation, 1-2 datasets and a
model each) give about 5 nodes per paper. Prints the timings; nothing is fetched.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def synthetic(n: int, seed: int = 7):
    from kg.graph.triples import build_graph
    from kg.records import Extraction, Mention, PaperRecord, Span

    rnd = random.Random(seed)
    span = Span(0, 1, "s", "bench", 0.9)
    people = [f"Author {i}" for i in range(int(n * 2.9))]
    recs, exts = [], []
    for i in range(n):
        recs.append(PaperRecord(id=i, category="CL", date="2024-01-01", has_code=bool(i % 2),
                                title=f"Paper {i}: a synthetic study", authors=tuple(rnd.sample(people, 4)),
                                et_al=False, orgs=(f"org-{rnd.randrange(n // 20 + 1)}",), abstract="x"))
        ms = [Mention(f"Dataset{rnd.randrange(n // 8 + 1)}", "dataset", span) for _ in range(rnd.randint(1, 2))]
        ms.append(Mention(f"Model{rnd.randrange(n // 8 + 1)}", "model", span))
        exts.append(Extraction(tuple(ms)))
    return build_graph(recs, exts)


def store_run(store: Path, args: list[str]) -> None:
    """`kg viz --store STORE ARGS` in a subprocess: wall time and peak memory."""
    import os
    import resource
    import subprocess
    import sys

    out = Path(tempfile.mkdtemp()) / "viz.html"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "kg", "viz", "--store", str(store), "-o", str(out), *args],
                       env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    last = (r.stderr.strip().splitlines() or ["?"])[-1]
    print(f"kg viz --store {store} {' '.join(args)}: {took:.2f} s, peak {max(peak, before) / 1024:.0f} MB; {last}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from kg.views.graphview import make_view
    from kg.views.viz import write_html

    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--store", type=Path, default=None, help="time `kg viz` on this store")
    ap.add_argument("--focus", default="GSM8K")
    ap.add_argument("--depth", type=int, default=1)
    a = ap.parse_args()
    if a.store is not None:
        for args in (["--focus", a.focus, "--depth", str(a.depth)], []):
            store_run(a.store, args)
    t = time.perf_counter()
    g = synthetic(a.papers)
    print(f"graph: {len(g)} triples in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    view = make_view(g, overview=False)
    t_view = time.perf_counter() - t
    out = Path(tempfile.mkdtemp()) / "bench.html"
    t = time.perf_counter()
    write_html(view, out)
    t_html = time.perf_counter() - t
    print(f"view: {view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges in {t_view:.2f} s; "
          f"layout + HTML ({out.stat().st_size / 1e6:.1f} MB) in {t_html:.2f} s")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        errors: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (blocked.append(r.request.url), r.abort()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        t = time.perf_counter()
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
        t_ready = time.perf_counter() - t
        nodes = page.evaluate("kgNodes.length")
        t = time.perf_counter()
        page.mouse.move(700, 450)
        page.mouse.wheel(0, -300)
        page.evaluate("kgNetwork.redraw()")
        t_redraw = time.perf_counter() - t
        print(f"chromium: {nodes} nodes interactive in {t_ready:.2f} s; zoom + redraw {t_redraw:.2f} s; "
              f"blocked requests {len(blocked)}, page errors {len(errors)}")
        browser.close()


if __name__ == "__main__":
    main()
