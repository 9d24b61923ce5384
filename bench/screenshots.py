"""Write PNG screenshots of out/graph.html and of a focus view into bench/out/ (for a person to look at).

    python bench/screenshots.py [--graph out/graph.ttl] [--focus WebArena] [--depth 2]

Without a graph file (or when the focus name is not in it) a hand-made extraction
of data/papers.txt is drawn instead. Needs /usr/bin/chromium; nothing is fetched.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def shoot(browser, html: Path, png: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (blocked.append(r.request.url), r.abort()))
    t = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
    ready = time.perf_counter() - t
    page.screenshot(path=str(png))
    print(f"{png}: ready in {ready:.2f} s, blocked requests: {len(blocked)}")
    page.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from kg.errors import QueryError
    from kg.views.graphview import make_view
    from kg.store.sources import load_file
    from kg.views.viz import BUILD_MAX_NODES, write_html

    ap = argparse.ArgumentParser()
    ap.add_argument("--graph", type=Path, default=ROOT / "out" / "graph.ttl")
    ap.add_argument("--focus", default="WebArena")
    ap.add_argument("--depth", type=int, default=2)
    a = ap.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if a.graph.is_file():
        graph = load_file(a.graph).graph
    else:
        from test_viz_data import sample_graph

        print(f"{a.graph} missing: drawing a hand-made extraction of data/papers.txt")
        graph = sample_graph()
    try:
        focus = make_view(graph, focus=a.focus, depth=a.depth)
    except QueryError as exc:
        from test_viz_data import sample_graph

        print(f"{exc}; using a hand-made extraction for the focus view")
        focus = make_view(sample_graph(), focus=a.focus, depth=a.depth)
    pages = [(write_html(make_view(graph, max_nodes=BUILD_MAX_NODES), out / "graph.html"), out / "graph.png"),
             (write_html(focus, out / "focus.html", title=f"paperkg: {a.focus}"), out / "focus.png")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for html, png in pages:
            shoot(browser, html, png)
        browser.close()


if __name__ == "__main__":
    main()
