"""Small self-contained SVG charts (no script, no network): stacked bars, horizontal bars, a dot plot.

Every text that goes into the SVG is escaped; every bar and point carries a ``<title>``
(the browser shows it on hover) and ``data-*`` attributes (tests count them). Colours are
the Okabe-Ito palette, which people with any common colour-vision deficiency can tell
apart; the dot plot also gives each series its own marker shape.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: Okabe & Ito (2008), without black; grey is the "other" colour
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER = "#999999"
SHAPES = ("circle", "triangle", "square", "diamond")
FONT = 12
CHAR_W = 6.6  # average width of a character at FONT px (for layout only)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def fmt_num(v: float) -> str:
    """A number as people write it: no trailing ``.0``, at most 2 decimals, thousands separated."""
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v)):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[: max(n - 1, 1)].rstrip() + "\u2026"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``lo``..``hi`` (about ``count`` of them)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < hi - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _svg(width: float, height: float, label: str, body: list[str], cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" aria-label="{esc(label)}" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'font-family="sans-serif" font-size="{FONT}">' + "".join(body) + "</svg>")


def _legend(entries: Sequence[tuple[str, str, str]], x: float, y: float, max_w: float) -> tuple[list[str], float]:
    """Legend items (label, colour, shape) left to right, wrapping at ``max_w``; returns (svg, height)."""
    out: list[str] = []
    cx, cy = x, y
    for label, colour, shape in entries:
        w = 18 + len(label) * CHAR_W + 14
        if cx + w > x + max_w and cx > x:
            cx, cy = x, cy + 18
        out.append(f'<g class="legend-item">{_marker(shape, cx + 6, cy - 4, 5, colour)}'
                   f'<text x="{cx + 16:.1f}" y="{cy:.1f}">{esc(label)}</text></g>')
        cx += w
    return out, (cy - y) + 18 if entries else 0


def _marker(shape: str, x: float, y: float, r: float, colour: str, extra: str = "", title: str = "") -> str:
    t = f"<title>{esc(title)}</title>" if title else ""
    fill = f'fill="{colour}" stroke="#222" stroke-width="0.6"'
    if shape == "rect":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {fill}{extra}>{t}</rect>'
    if shape == "square":
        r *= 0.9
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {fill}{extra}>{t}</rect>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - r * 1.15:.1f} {x + r:.1f},{y + r * 0.75:.1f} {x - r:.1f},{y + r * 0.75:.1f}"
        return f'<polygon points="{pts}" {fill}{extra}>{t}</polygon>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - r * 1.2:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r * 1.2:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{pts}" {fill}{extra}>{t}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {fill}{extra}>{t}</circle>'


# ----------------------------------------------------------------- stacked bars
@dataclass(frozen=True)
class Series:
    """One stacked series: a label, its colour and a value per slot."""

    label: str
    colour: str
    values: Sequence[float]
    title: str = ""  # the long name shown on hover (default: label)


def stacked_bars(slots: Sequence[str], series: Sequence[Series], label: str, unit: str = "papers",
                 width: float = 960, height: float = 300,
                 ticks: Sequence[tuple[int, str]] | None = None) -> str:
    """Vertical bars, one per slot (a month, say), stacked by series; empty cells draw nothing.

    ``ticks`` are the (slot index, text) labels under the axis (default: every slot's name).
    """
    legend, lh = _legend([(s.label, s.colour, "rect") for s in series], 50, 16, width - 60)
    top, left, right, bottom = 20 + lh, 50, 10, 40
    pw, ph = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(slots))]
    yticks = nice_ticks(0, max(totals, default=0) or 1)
    ymax = yticks[-1]
    body = list(legend)
    for t in yticks:
        y = top + ph - t / ymax * ph
        body.append(f'<line x1="{left}" x2="{left + pw:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{esc(fmt_num(t))}</text>')
    n = max(len(slots), 1)
    slot_w = pw / n
    bar_w = max(slot_w * 0.8, 1.0)
    for i, slot in enumerate(slots):
        x = left + i * slot_w + (slot_w - bar_w) / 2
        base = top + ph
        for s in series:
            v = s.values[i]
            if v <= 0:
                continue
            h = v / ymax * ph
            base -= h
            tip = f"{s.title or s.label}, {slot}: {fmt_num(v)} {unit}"
            body.append(f'<rect class="bar" data-slot="{esc(slot)}" data-series="{esc(s.label)}" '
                        f'data-value="{esc(fmt_num(v))}" x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" '
                        f'height="{h:.1f}" fill="{s.colour}"><title>{esc(tip)}</title></rect>')
    for i, text in (ticks if ticks is not None else list(enumerate(slots))):
        x = left + i * slot_w + slot_w / 2
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + ph:.1f}" y2="{top + ph + 4:.1f}" stroke="#444"/>'
                    f'<text x="{x:.1f}" y="{top + ph + 17:.1f}" text-anchor="middle" fill="#444">{esc(text)}</text>')
    body.append(f'<line x1="{left}" x2="{left + pw:.1f}" y1="{top + ph:.1f}" y2="{top + ph:.1f}" stroke="#444"/>')
    return _svg(width, height, label, body, "stacked")


# ----------------------------------------------------------------- horizontal bars
def hbars(items: Sequence[tuple[str, float]], label: str, colour: str = PALETTE[0], unit: str = "papers",
          width: float = 420, bar_h: float = 18, max_label: int = 26) -> str:
    """Horizontal bars, largest first as given, with the name left and the value at the bar's end."""
    names = [shorten(name, max_label) for name, _ in items]
    left = min(max((len(n) for n in names), default=4) * CHAR_W + 12, width * 0.5)
    right = 40
    pw = width - left - right
    vmax = max((v for _, v in items), default=0) or 1
    gap = 6
    height = 8 + len(items) * (bar_h + gap) + 4
    body = []
    for i, ((name, v), short) in enumerate(zip(items, names)):
        y = 8 + i * (bar_h + gap)
        w = max(v / vmax * pw, 1.0)
        tip = f"{name}: {fmt_num(v)} {unit}"
        body.append(f'<text x="{left - 6:.1f}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{esc(short)}</text>'
                    f'<rect class="bar" data-name="{esc(name)}" data-value="{esc(fmt_num(v))}" x="{left:.1f}" '
                    f'y="{y:.1f}" width="{w:.1f}" height="{bar_h}" fill="{colour}"><title>{esc(tip)}</title></rect>'
                    f'<text x="{left + w + 4:.1f}" y="{y + bar_h * 0.7:.1f}" fill="#444">{esc(fmt_num(v))}</text>')
    return _svg(width, max(height, 30), label, body, "hbars")


# ----------------------------------------------------------------- dot plot
@dataclass(frozen=True)
class Dot:
    """One point: a date (``YYYY-MM-DD``), a value, its series (colour and shape) and a hover text."""

    day: str
    value: float
    series: str
    title: str


def _ordinal(day: str) -> int | None:
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def dot_plot(dots: Sequence[Dot], series_order: Sequence[str], label: str, y_label: str,
             width: float = 460, height: float = 260) -> str:
    """Values (y) by date (x), a colour and marker shape per series; dots of one date spread sideways."""
    styles = {s: (PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)]) for i, s in enumerate(series_order)}
    present = [s for s in series_order if any(d.series == s for d in dots)]
    legend, lh = _legend([(s or "(no type)", *styles[s]) for s in present], 56, 16, width - 66)
    top, left, right, bottom = 24 + lh, 56, 16, 36
    pw, ph = width - left - right, height - top - bottom
    placed = [(d, _ordinal(d.day)) for d in dots]
    days = [o for _, o in placed if o is not None]
    lo_d, hi_d = (min(days), max(days)) if days else (date.today().toordinal(),) * 2
    pad = max((hi_d - lo_d) * 0.06, 20)
    lo_d, hi_d = lo_d - pad, hi_d + pad
    values = [d.value for d in dots]
    vlo, vhi = (min(values), max(values)) if values else (0.0, 1.0)
    span = (vhi - vlo) or max(abs(vhi), 1.0)
    lo = vlo - span * 0.05
    ticks = nice_ticks(max(lo, 0.0) if vlo >= 0 else lo, vhi + span * 0.02, 5)
    y0, y1 = ticks[0], ticks[-1]
    body = list(legend)
    for t in ticks:
        y = top + ph - (t - y0) / (y1 - y0) * ph
        body.append(f'<line x1="{left}" x2="{left + pw:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{esc(fmt_num(t))}</text>')
    body.append(f'<text x="14" y="{top + ph / 2:.1f}" text-anchor="middle" fill="#444" '
                f'transform="rotate(-90 14 {top + ph / 2:.1f})">{esc(y_label)}</text>')
    # x axis: the first day of each year (or of some months when the span is short)
    first, last = date.fromordinal(int(lo_d) + 1), date.fromordinal(int(hi_d))
    marks = _date_marks(first, last)
    right_edge = -1e9
    for m, text in marks:
        x = left + (m.toordinal() - lo_d) / (hi_d - lo_d) * pw
        half = len(text) * CHAR_W / 2
        anchor = "end" if x + half > width - 2 else "start" if x - half < left - 20 else "middle"
        x0 = {"end": x - 2 * half, "start": x, "middle": x - half}[anchor]
        if x0 < right_edge + 6:
            continue  # would overlap the previous label
        right_edge = x0 + 2 * half
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + ph:.1f}" stroke="#f0f0f0"/>'
                    f'<text x="{x:.1f}" y="{top + ph + 16:.1f}" text-anchor="{anchor}" fill="#444">{esc(text)}</text>')
    body.append(f'<line x1="{left}" x2="{left + pw:.1f}" y1="{top + ph:.1f}" y2="{top + ph:.1f}" stroke="#444"/>')
    seen: dict[int, int] = {}
    same_day = {o: sum(1 for _, p in placed if p == o) for o in set(days)}
    for d, o in placed:
        if o is None:
            continue
        k = seen.get(o, 0)
        seen[o] = k + 1
        x = left + (o - lo_d) / (hi_d - lo_d) * pw + (k - (same_day[o] - 1) / 2) * 9
        y = top + ph - (d.value - y0) / (y1 - y0) * ph
        colour, shape = styles.get(d.series, (OTHER, "circle"))
        extra = (f' class="point" data-series="{esc(d.series)}" data-value="{esc(fmt_num(d.value))}" '
                 f'data-day="{esc(d.day)}"')
        body.append(_marker(shape, x, y, 5, colour, extra, d.title))
    return _svg(width, height, label, body, "dots")


def _date_marks(first: date, last: date) -> list[tuple[date, str]]:
    years = list(range(first.year + (first.month > 1 or first.day > 1), last.year + 1))
    if len(years) >= 2:
        step = max(1, math.ceil(len(years) / 6))
        return [(date(y, 1, 1), str(y)) for y in years[::step]]
    months = []
    y, m = first.year, first.month + (first.day > 1)
    while (y, m) <= (last.year, last.month):
        if m > 12:
            y, m = y + 1, 1
            continue
        months.append(date(y, m, 1))
        m += 1
    step = max(1, math.ceil(len(months) / 5))
    return [(d, d.strftime("%Y-%m")) for d in months[::step]]
