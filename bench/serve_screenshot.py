"""Screenshot of `kg serve`'s page with a named query's form filled in and its answer (docs/serve.png).

    python bench/serve_screenshot.py [--graph out/graph.ttl] [--out docs/serve.png]

Serves the graph on a free loopback port, opens the page in headless Chromium
(/usr/bin/chromium), picks `papers_on_dataset`, fills in a dataset, runs it, opens
the first paper's description (its facts and the evidence sentences, spans marked) and saves the picture.
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, default=ROOT / "out" / "graph.ttl", help="a graph file or a store folder")
    ap.add_argument("--query", default="papers_on_dataset")
    ap.add_argument("--param", default="dataset=GSM8K")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from kg.query.server import ServerConfig, make_server

    server = make_server(args.graph, "127.0.0.1", 0, ServerConfig(timeout=20))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    name, _, value = args.param.partition("=")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']", state="attached")
            page.select_option("#picker", args.query)
            page.fill(f"#param-{name}", value)
            page.click("#run")
            page.wait_for_selector("#results tr:nth-child(2)")
            page.click("#results a.iri[data-iri*='/paper/']")
            page.wait_for_selector("#describe-body .evidence")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
