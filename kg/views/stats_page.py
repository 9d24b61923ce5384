"""The ``kg stats --html`` page: charts (inline SVG, see :mod:`kg.views.charts`) and the report's tables.

Self-contained: no script, stylesheet or font is fetched; every text is escaped.
"""
from __future__ import annotations

import html

from kg.views.analytics import GraphStats, stats_tables


def stats_html(st: GraphStats, title: str = "paperkg statistics") -> str:
    """A self-contained HTML report (every value escaped)."""
    e = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
             "margin:0 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
             "th{background:#f0f0f0}</style></head><body>", f"<h1>{e(title)}</h1>"]
    for name, cols, rows in stats_tables(st):
        parts.append(f"<h2>{e(name)}</h2><table><tr>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
