"""The ``kg stats --html`` page: charts (inline SVG from :mod:`kg.views.charts`) above the report's tables.

Self-contained: no script, stylesheet, font or image is fetched, nothing runs; every text is escaped.
Hovering a bar or a point shows its figure (an SVG ``<title>``).
"""
from __future__ import annotations

import html
from collections import defaultdict

from kg.views.analytics import GraphStats, Leaderboard, stats_tables
from kg.views.charts import OTHER, PALETTE, Dot, Series, dot_plot, fmt_num, hbars, stacked_bars
from kg.views.stats_queries import MonthCount, ResultPoint

#: categories drawn in their own colour (the rest are "other")
MAX_CATEGORIES = 6
#: above this many months, papers are counted per year
MAX_MONTHS = 180
RESULT_TYPES = ("absolute", "improvement", "baseline")

CSS = """
body{font-family:sans-serif;margin:1.5em 2em;color:#222;max-width:1400px}
h1{margin:0 0 .2em}h2{margin:1.4em 0 .4em;font-size:1.25em}h3{margin:.2em 0 .3em;font-size:1em}
.summary{color:#444;margin:0 0 1em}.summary b{color:#222}
.grid{display:flex;flex-wrap:wrap;gap:18px 28px}.card{flex:0 0 auto}
.note{color:#555;font-size:.85em;margin:.2em 0 0;max-width:460px}
svg.chart .bar:hover,svg.chart .point:hover{stroke:#000;stroke-width:2}
svg.chart text{dominant-baseline:auto}
table{border-collapse:collapse;margin:0 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;max-width:34em}
th{background:#f0f0f0}
"""


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _valid_month(m: str) -> bool:
    return len(m) == 7 and m[:4].isdigit() and m[4] == "-" and m[5:].isdigit() and 1 <= int(m[5:]) <= 12


def month_chart(rows: list[MonthCount]) -> str:
    """Papers per month (per year when the span is long), stacked by category."""
    rows = [r for r in rows if _valid_month(r.month)]
    if not rows:
        return "<p class=\"note\">No paper has a date and a category.</p>"
    slots = _months(min(r.month for r in rows), max(r.month for r in rows))
    per_year = len(slots) > MAX_MONTHS
    key = (lambda m: m[:4]) if per_year else (lambda m: m)
    if per_year:
        slots = sorted({key(s) for s in slots})
        slots = [str(y) for y in range(int(slots[0]), int(slots[-1]) + 1)]
    index = {s: i for i, s in enumerate(slots)}
    totals: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for r in rows:
        totals[r.category] += r.papers
        names.setdefault(r.category, r.name)
    order = sorted(totals, key=lambda c: (-totals[c], c))
    shown = order if len(order) <= MAX_CATEGORIES + 1 else order[:MAX_CATEGORIES]
    values: dict[str, list[float]] = {c: [0.0] * len(slots) for c in shown}
    other = [0.0] * len(slots)
    for r in rows:
        target = values[r.category] if r.category in values else other
        target[index[key(r.month)]] += r.papers
    series = [Series(f"{c} {names[c]}" if names[c] != c else c, PALETTE[i % len(PALETTE)], values[c], names[c])
              for i, c in enumerate(shown)]
    if any(other):
        series.append(Series("other categories", OTHER, other))
    if per_year:
        ticks = [(i, s) for i, s in enumerate(slots)]
    elif len(slots) <= 36:  # every quarter, or every month of a short span
        step = 1 if len(slots) <= 12 else 3
        ticks = [(i, s) for i, s in enumerate(slots) if (int(s[5:]) - 1) % step == 0]
    else:
        years = [(i, s[:4]) for i, s in enumerate(slots) if s.endswith("-01")]
        ticks = years[:: max(1, len(years) // 12)]
    unit = "papers"
    return stacked_bars(slots, series, f"Papers per {'year' if per_year else 'month'} by category", unit,
                        width=1180, ticks=ticks)


def _axis_label(lb: Leaderboard) -> str:
    if lb.metric and lb.unit:
        return f"{lb.metric} ({lb.unit})"
    return lb.metric or (f"value ({lb.unit})" if lb.unit else "value")


def _dot_title(p: ResultPoint, unit: str) -> str:
    value = fmt_num(p.value) + (unit if unit in ("%", "") else f" {unit}")
    lines = [f"{value} {p.metric}".strip() + f" — {p.subject or 'unnamed subject'} ({p.type or 'no type'})",
             f"{p.title} ({p.date})" if p.date else p.title]
    if p.text:
        lines.append(f"\u201c{p.text}\u201d")
    return "\n".join(lines)


def leaderboard_chart(lb: Leaderboard) -> str:
    kinds = list(RESULT_TYPES) + sorted({p.type for p in lb.points} - set(RESULT_TYPES))
    dots = [Dot(p.date, p.value, p.type, _dot_title(p, lb.unit)) for p in lb.points]
    return dot_plot(dots, kinds, f"Results on {lb.dataset}: {_axis_label(lb)}", _axis_label(lb), width=390)


def _card(title: str, chart: str, note: str = "", attrs: str = "") -> str:
    e = html.escape
    n = f'<p class="note">{e(note)}</p>' if note else ""
    return f'<div class="card"{attrs}><h3>{e(title)}</h3>{chart}{n}</div>'


def stats_html(st: GraphStats, title: str = "paperkg statistics") -> str:
    """A self-contained HTML page: charts, then every table of the report (all values escaped)."""
    e = html.escape
    c = st.counts
    co = st.coauthorship
    summary = (f"<b>{c.get('paper', 0):,}</b> papers, <b>{c.get('person', 0):,}</b> authors, "
               f"<b>{c.get('dataset', 0):,}</b> datasets, <b>{c.get('model', 0):,}</b> models, "
               f"<b>{c.get('method', 0):,}</b> methods, <b>{c.get('result', 0):,}</b> results; "
               f"<b>{st.triples:,}</b> triples.")
    if st.most_connected_author is not None:
        a = st.most_connected_author
        summary += (f" Most connected author: <b>{e(a.name)}</b> ({a.degree} co-authors, {a.papers} papers;"
                    f" {co.components:,} groups of co-authors).")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{e(title)}</title>"
             f"<style>{CSS}</style></head><body data-ready=\"1\">",
             f"<h1>{e(title)}</h1>", f'<p class="summary">{summary}</p>',
             '<h2>Papers over time</h2><div id="chart-months">', month_chart(st.papers_per_month), "</div>",
             '<h2>Most used</h2><div class="grid" id="chart-tops">']
    for key, name, items, colour in (("datasets", "Datasets", st.top_datasets, PALETTE[0]),
                                     ("models", "Models", st.top_models, PALETTE[1]),
                                     ("methods", "Methods", st.top_methods, PALETTE[2])):
        chart = hbars([(r.name, r.value) for r in items], f"Top {name.lower()} by papers", colour, width=380) if items else \
            '<p class="note">None found.</p>'
        parts.append(_card(f"{name} (by papers)", chart, attrs=f' id="top-{key}"'))
    parts.append("</div>")
    if st.leaderboards:
        parts.append('<h2>Leaderboards</h2><p class="note">Reported values on the datasets with the most '
                     "results, one metric and unit per chart, by the paper's date; colour and shape give the "
                     "result type. Hover a point for the paper and the sentence.</p>"
                     '<div class="grid" id="leaderboards">')
        for i, lb in enumerate(st.leaderboards):
            note = f"{len(lb.points)} results"
            if lb.others:
                note += f"; {lb.others} more in other metrics or units, not drawn"
            parts.append(_card(f"{lb.dataset}: {_axis_label(lb)}", leaderboard_chart(lb), note,
                               f' id="leaderboard-{i}" data-dataset="{e(lb.dataset)}"'))
        parts.append("</div>")
    parts.append('<h2>Tables</h2><div class="grid" id="tables">')
    for name, cols, rows in stats_tables(st):
        parts.append(f'<div class="card"><h3>{e(name)}</h3><table><tr>'
                     + "".join(f"<th>{e(col)}</th>" for col in cols) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
        parts.append("</table></div>")
    parts.append("</div>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
