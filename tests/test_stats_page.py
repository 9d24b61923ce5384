"""The ``kg stats --html`` page in a real headless Chromium, offline: its charts against known answers."""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef
from browser_pages import CHROMIUM, MISSING, Opened, launch
from test_viz_data import XSS

from kg.graph.vocab import PKG, RDFS
from kg.readers.listing import read_listing
from kg.views.analytics import CoauthorStats, GraphStats, Leaderboard, Ranked, graph_stats
from kg.views.stats_page import stats_html
from kg.views.stats_queries import MonthCount, ResultPoint

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "papers.txt"

@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch()


@pytest.fixture(scope="module")
def sample_stats(sample_graph) -> GraphStats:
    return graph_stats(sample_graph)


@pytest.fixture(scope="module")
def opened(browser, sample_stats, tmp_path_factory) -> Iterator[Opened]:
    path = tmp_path_factory.mktemp("stats") / "stats.html"
    path.write_text(stats_html(sample_stats), encoding="utf-8")
    o = Opened(browser, path, (1300, 900))
    o.stats = sample_stats  # type: ignore[attr-defined]
    yield o
    o.page.close()


# ----------------------------------------------------------------- without a browser
def test_page_is_self_contained(sample_stats) -> None:
    page = stats_html(sample_stats)
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page.replace(">https://w3id.org/", ">")  # no fetched resource
    assert page.count("<svg") == 1 + 3 + len(sample_stats.leaderboards)


def test_every_text_is_escaped() -> None:
    evil = XSS
    point = ResultPoint(1.5, evil, evil, evil, evil, "p", evil, "2024-01-02", evil)
    st = GraphStats(1, {"paper": 1}, [Ranked(evil, "i", 1)], [Ranked(evil, "j", 2)], [Ranked(evil, "k", 1)], [],
                    CoauthorStats(), [], [Ranked(evil, "m", 3)], [MonthCount("2024-01", evil, evil, 1)],
                    [Leaderboard(evil, "d", evil, evil, [point, point])])
    page = stats_html(st, title=evil)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page


# ----------------------------------------------------------------- in Chromium
@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=MISSING)
def test_page_loads_offline_without_errors(opened) -> None:
    assert opened.requests == [] and opened.errors == []
    assert opened.page.title() == "paperkg statistics"
    n = opened.page.eval_on_selector_all("svg.chart", "els => els.length")
    assert n == 1 + 3 + len(opened.stats.leaderboards) and len(opened.stats.leaderboards) >= 3


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=MISSING)
def test_month_bars_match_the_listing(opened) -> None:
    """One bar segment per (month, category) with papers, as counted from the listing itself."""
    recs = read_listing(SAMPLE)
    cells = Counter((r.date[:7], r.category) for r in recs)
    page = opened.page
    bars = page.eval_on_selector_all(
        "#chart-months rect.bar",
        "els => els.map(e => [e.dataset.slot, e.dataset.series.split(' ')[0], +e.dataset.value])")
    assert {(m, c): v for m, c, v in bars} == dict(cells) and len(bars) == len(cells)
    assert sum(v for _, _, v in bars) == len(recs) == 50
    heights = page.eval_on_selector_all("#chart-months rect.bar", "els => els.map(e => e.getBBox().height)")
    assert min(heights) > 0
    # the legend names every category, largest first
    legend = page.eval_on_selector_all("#chart-months .legend-item text", "els => els.map(e => e.textContent)")
    order = [c for c, _ in Counter(r.category for r in recs).most_common()]
    assert [t.split(" ")[0] for t in legend] == sorted(order, key=lambda c: (-Counter(r.category for r in recs)[c], c))
    title = page.eval_on_selector("#chart-months rect.bar title", "e => e.textContent")
    assert title.endswith("papers") and ": " in title


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=MISSING)
def test_top_bars_match_the_tables(opened, sample_stats) -> None:
    page = opened.page
    for key, items in (("datasets", sample_stats.top_datasets), ("models", sample_stats.top_models),
                       ("methods", sample_stats.top_methods)):
        bars = page.eval_on_selector_all(f"#top-{key} rect.bar", "els => els.map(e => [e.dataset.name, "
                                         "+e.dataset.value, e.getBBox().width, e.querySelector('title').textContent])")
        assert [(n, v) for n, v, _, _ in bars] == [(r.name, r.value) for r in items] and len(bars) == 10
        widths = [w for _, _, w, _ in bars]
        assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]  # longest bar first
        assert bars[0][3] == f"{items[0].name}: {int(items[0].value)} papers"


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=MISSING)
def test_one_leaderboard_per_popular_dataset(opened, sample_stats, sample_graph) -> None:
    """Points per chart = the graph's results on that dataset in the chart's metric and unit (walked in rdflib)."""
    page = opened.page
    charts = page.eval_on_selector_all("#leaderboards .card", "els => els.map(e => e.dataset.dataset)")
    assert charts == [lb.dataset for lb in sample_stats.leaderboards] and len(charts) >= 3
    for i, lb in enumerate(sample_stats.leaderboards):
        points = page.eval_on_selector_all(f"#leaderboard-{i} .point",
                                           "els => els.map(e => [+e.dataset.value, e.dataset.series])")
        expected = []
        for r in sample_graph.subjects(PKG.dataset, URIRef(lb.iri)):
            metric = next(sample_graph.objects(r, PKG.metric), None)
            label = str(next(sample_graph.objects(metric, RDFS.label), "")) if metric is not None else ""
            unit = str(next(sample_graph.objects(r, PKG.unit), ""))
            value = next(sample_graph.objects(r, PKG.value), None)
            if value is not None and (label, unit) == (lb.metric, lb.unit):
                expected.append((float(value), str(next(sample_graph.objects(r, PKG.resultType), ""))))
        assert sorted(map(tuple, points)) == sorted(expected) and len(points) >= 2
        legend = page.eval_on_selector_all(f"#leaderboard-{i} .legend-item text", "els => els.map(e => e.textContent)")
        assert set(legend) == {t for _, t in expected}
    # hovering a point names its value, subject, paper and sentence
    lb = sample_stats.leaderboards[0]
    title = page.eval_on_selector("#leaderboard-0 .point title", "e => e.textContent")
    assert lb.points[0].title in title and f"\u201c{lb.points[0].text}\u201d" in title


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=MISSING)
def test_injected_names_stay_text(browser, tmp_path) -> None:
    point = ResultPoint(1.5, "%", XSS, "absolute", XSS, "p", XSS, "2024-01-02", XSS)
    st = GraphStats(1, {"paper": 1}, [Ranked(XSS, "i", 1)], [], [], [], CoauthorStats(), [],
                    [], [MonthCount("2024-01", XSS, XSS, 1)], [Leaderboard(XSS, "d", XSS, "%", [point, point])])
    path = tmp_path / "evil.html"
    path.write_text(stats_html(st, title=XSS), encoding="utf-8")
    o = Opened(browser, path, (1300, 900))
    try:
        assert o.page.evaluate("window.__pwned === undefined") and o.errors == [] and o.requests == []
        assert o.page.eval_on_selector("#top-datasets rect.bar", "e => e.dataset.name") == XSS
        assert o.page.title() == XSS
    finally:
        o.page.close()


# ----------------------------------------------------------------- chart pieces
def test_chart_helpers() -> None:
    from kg.views.charts import Dot, dot_plot, fmt_num, nice_ticks

    assert nice_ticks(0, 4) == [0, 1, 2, 3, 4] and nice_ticks(0, 630)[-1] >= 630
    assert nice_ticks(36.5, 46.2)[0] <= 36.5 and nice_ticks(36.5, 46.2)[-1] >= 46.2
    assert [fmt_num(v) for v in (3.0, 86.54, 12345, 0.125)] == ["3", "86.54", "12,345", "0.12"]
    undated = dot_plot([Dot("unknown", 1.0, "absolute", "t")], ["absolute"], "x", "y")  # no crash, no point
    assert 'class="point"' not in undated
    same_day = dot_plot([Dot("2024-05-01", 1.0, "absolute", "a"), Dot("2024-05-01", 1.0, "baseline", "b")],
                        ["absolute", "baseline"], "x", "y")
    xs = [float(x.split('"')[1]) for x in same_day.split('cx=')[1:]]
    assert same_day.count('class="point"') == 2 and len(set(xs)) == len(xs)  # spread sideways, not on top


def test_long_spans_are_counted_per_year() -> None:
    from kg.views.stats_page import month_chart

    rows = [MonthCount("1990-03", "CL", "Computation and Language", 2), MonthCount("2024-11", "CL", "x", 5),
            MonthCount("2024-02", "AI", "Artificial Intelligence", 1), MonthCount("bad", "AI", "y", 9)]
    svg = month_chart(rows)
    assert "Papers per year" in svg and svg.count('class="bar"') == 3
    assert 'data-slot="2024" data-series="CL Computation and Language" data-value="5"' in svg
    assert month_chart([]).startswith("<p")
