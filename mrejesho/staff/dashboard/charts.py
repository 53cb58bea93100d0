"""Charts as inline SVG, drawn on the server: no JavaScript, nothing to download, readable
offline and printable. Pure functions of their numbers, so they are easy to test."""
from __future__ import annotations

from markupsafe import Markup, escape

COLORS = {
    "rest": "#e3e8ec",
    "web": "#0b6e4f", "sms": "#1f77b4", "ussd": "#e08a00", "api": "#7b4ea3",
    "complaint": "#b3261e", "suggestion": "#1f77b4", "enquiry": "#e08a00",
    "compliment": "#0b6e4f", "on_time": "#0b6e4f", "overdue": "#b3261e",
    "open": "#e08a00", "done": "#8fb8a4", "abandoned": "#b3261e",
}
FALLBACK = "#5b6b78"


def color(name: str) -> str:
    """The colour used for a series everywhere: the bars here, the legend's swatches through
    the classes .swatch-<name> in static/staff.css (the same colours, FALLBACK for .swatch;
    tests/test_security_headers.py keeps them equal)."""
    return COLORS.get(name, FALLBACK)


def _nice_max(value: int) -> int:
    """A round axis maximum at or above value (1, 2, 5, 10, 20, 50, ...)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(step * factor, 1)
        step *= 10


def _tick(value: float) -> str:
    return f"{value:g}"


def stacked_bars(labels: list[str], series: list[tuple[str, str, list[int]]], *,
                 title: str, width: int = 800, height: int = 220) -> Markup:
    """Vertical stacked bars: one bar per label; series are (key, display name, values)."""
    top, bottom, left = 10, 24, 34
    plot_h, plot_w = height - top - bottom, width - left - 4
    totals = [sum(values[i] for _k, _n, values in series) for i in range(len(labels))]
    peak = _nice_max(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.75, 1)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img">'
             f'<title>{escape(title)}</title>']
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid"/><text x="{left - 4}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{_tick(peak * fraction)}</text>')
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for key, name, values in series:
            if values[i]:
                h = plot_h * values[i] / peak
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{color(key)}"><title>{escape(label)} - {escape(name)}: '
                    f'{values[i]}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(labels: list[str], series: list[tuple[str, str, list[int]]], *,
                    title: str, width: int = 800, row: int = 18) -> Markup:
    """Horizontal stacked bars, one row per label (a long list of names, such as regions,
    stays readable); series are (key, display name, values); each row ends in its total."""
    left, right = 130, 50
    plot_w = width - left - right
    totals = [sum(values[i] for _k, _n, values in series) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    height = row * len(labels) + 4
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img">'
             f'<title>{escape(title)}</title>']
    for i, label in enumerate(labels):
        y = 2 + row * i
        parts.append(f'<text x="{left - 6}" y="{y + row * 0.7:.1f}" '
                     f'text-anchor="end">{escape(label)}</text>')
        x = float(left)
        for key, name, values in series:
            if values[i]:
                w = plot_w * values[i] / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 4}" '
                    f'fill="{color(key)}"><title>{escape(label)} - {escape(name)}: '
                    f'{values[i]}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + row * 0.7:.1f}">{totals[i]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def split_bar(parts: list[tuple[str, str, int]], *, title: str) -> Markup:
    """One horizontal bar split into parts (key, display name, value), e.g. on time/overdue.

    Drawn on a 0-100 scale that stretches to the page width (it has no text to distort)."""
    total = sum(value for _k, _n, value in parts)
    out = [f'<svg class="chart bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
           f'role="img"><title>{escape(title)}</title>'
           '<rect x="0" y="0" width="100" height="10" fill="#e3e8ec"/>']
    x = 0.0
    for key, name, value in parts:
        w = 100 * value / total if total else 0
        if w:
            tip = f"<title>{escape(name)}: {value}</title>" if name else ""
            out.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="10" '
                       f'fill="{color(key)}">{tip}</rect>')
        x += w
    out.append("</svg>")
    return Markup("".join(out))


def meter(share: float | None, *, title: str) -> Markup:
    """A share from 0 to 1 as a filled bar (the page prints the percentage beside it)."""
    done = round((share or 0) * 100)
    return split_bar([("on_time", title, done), ("rest", "", 100 - done)], title=title)
