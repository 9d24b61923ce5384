"""PNG screenshots of graph pages in headless Chromium, for the docs (and for a person to look at).

    python bench/screenshots.py [--graph out/graph.ttl] [--store DIR] [--focus GSM8K] [--depth 1] [--out docs]

Writes ``graph-sample.png`` (the whole graph of ``--graph``, as ``kg build data/papers.txt``
draws it), and with ``--store`` (a build of a big listing) ``graph-overview.png`` (its
overview) and ``graph-focus.png`` (``--focus`` NAME at ``--depth``, the node selected so that
the details panel shows). Without a graph file a hand-made extraction of data/papers.txt is
drawn. Needs /usr/bin/chromium; nothing is fetched.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def shoot(browser, html: Path, png: Path, select: str | None = None) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (blocked.append(r.request.url), r.abort()))
    t = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
    ready = time.perf_counter() - t
    if select:
        page.evaluate("""name => {
            const hit = kgNodes.get({filter: n => n.label.toLowerCase() === name.toLowerCase()})[0];
            if (hit) { kgShow(hit.id); kgNetwork.fit({animation: false}); kgNetwork.selectNodes([hit.id]); }
        }""", select)
        page.wait_for_timeout(300)
    page.screenshot(path=str(png))
    print(f"{png}: ready in {ready:.2f} s, blocked requests: {len(blocked)}")
    page.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from kg.store.sources import memory_store, open_store
    from kg.views.graphview import make_view
    from kg.views.viz import write_html

    ap = argparse.ArgumentParser()
    ap.add_argument("--graph", type=Path, default=ROOT / "out" / "graph.ttl")
    ap.add_argument("--store", type=Path, default=None, help="a store built from a big listing")
    ap.add_argument("--focus", default="GSM8K")
    ap.add_argument("--depth", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-shots-") as tmp_name:  # removed afterwards, whatever happens
        tmp = Path(tmp_name)
        if a.graph.is_file():
            graph = memory_store(a.graph)
        else:
            from test_viz_data import sample_graph

            print(f"{a.graph} missing: drawing a hand-made extraction of data/papers.txt")
            graph = sample_graph()
        pages = [(write_html(make_view(graph), tmp / "sample.html"), a.out / "graph-sample.png", None)]
        if a.store is not None:
            source = open_store(a.store)
            pages.append((write_html(make_view(source), tmp / "overview.html", title="paperkg graph"),
                          a.out / "graph-overview.png", None))
            focus = make_view(source, focus=a.focus, depth=a.depth)
            pages.append((write_html(focus, tmp / "focus.html", title=f"paperkg: {a.focus}"),
                          a.out / "graph-focus.png", a.focus))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for html, png, select in pages:
                shoot(browser, html, png, select)
            browser.close()


if __name__ == "__main__":
    main()
