"""The generated pages in a real headless Chromium, offline: every non-file request is blocked and counted."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_viz_data import XSS, sample_graph

from kg.views.graphview import make_view
from kg.views.viz import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} (Debian chromium) is missing")]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    def __init__(self, browser: object, path: Path):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})  # type: ignore[attr-defined]
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.requests.append(url)
            route.abort()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def whole(browser, tmp_path_factory) -> tuple[Opened, object]:
    view = make_view(sample_graph(xss=True))
    path = write_html(view, tmp_path_factory.mktemp("browser") / "graph.html", title="<b>t</b>")
    opened = Opened(browser, path)
    yield opened, view
    opened.page.close()


def test_whole_graph_loads_offline(whole) -> None:
    opened, view = whole
    page = opened.page
    assert opened.requests == [] and opened.errors == []
    counts = page.evaluate("[kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]")
    assert counts == [view.graph.number_of_nodes(), view.graph.number_of_edges()]
    assert counts[0] > 130
    legend = page.eval_on_selector_all("#kg-legend li[data-type]", "els => els.map(e => e.dataset.type)")
    assert legend == [t for t in ("paper", "person", "organisation", "dataset", "model", "method", "task",
                                  "metric", "result") if view.type_counts()[t]]
    assert page.is_visible("#kg-legend")
    assert page.title() == "<b>t</b>"


def test_injected_markup_stays_text(whole) -> None:
    opened, _ = whole
    page = opened.page
    page.fill("#kg-search", "a test")
    page.press("#kg-search", "Enter")
    details = page.inner_text("#kg-details")
    assert "<script>window.__pwned = 1</script>" in details and "Mallory <b>Evil</b>" in details
    hrefs = page.eval_on_selector_all("#kg-details a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["https://example.org/code"]  # the javascript: URL is shown as text, not a link
    # hover the paper so that vis-network shows its tooltip
    paper = page.evaluate("kgNetwork.getSelectedNodes()[0]")
    xy = page.evaluate(f"kgNetwork.canvasToDOM(kgNetwork.getPosition({paper!r}))")
    assert page.evaluate(f"kgNetwork.getNodeAt({{x: {xy['x']}, y: {xy['y']}}})") == paper
    page.mouse.move(xy["x"] + 1, xy["y"] + 1)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "<script>window.__pwned = 1</script>" in page.inner_text("div.vis-tooltip")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.requests == [] and opened.errors == []


def test_focus_view(browser, tmp_path: Path) -> None:
    view = make_view(sample_graph(), focus="WebArena", depth=2)
    opened = Opened(browser, write_html(view, tmp_path / "focus.html"))
    try:
        counts = opened.page.evaluate("[kgNodes.length, kgEdges.length]")
        assert counts == [view.graph.number_of_nodes(), view.graph.number_of_edges()] and counts[0] >= 5
        assert "WebArena" in opened.page.inner_text("#kg-head")
        assert opened.requests == [] and opened.errors == []
    finally:
        opened.page.close()
