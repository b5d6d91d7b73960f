"""Plain SVG charts: bars, lines over runs, and a bump chart of ranks. Static markup, no
script and no external resource, so a page of them opens from a file or a mail anywhere.

Every chart has a title, labelled axes with units, and marks of class `mark` (what a test
counts to know the chart was drawn)."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

WIDTH = 660
LEGEND_WIDTH = 210  # the right margin the legend of a line chart takes
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
Series = dict[str, list[float | None]]


def _svg(name: str, title: str, height: int, body: list[str]) -> str:
    head = (
        f'<svg class="chart" data-chart="{escape(name)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        'xmlns="http://www.w3.org/2000/svg">'
    )
    caption = _text(WIDTH / 2, 18, title, "middle", "title")
    return "\n".join([head, f"<title>{escape(title)}</title>", caption, *body, "</svg>"])


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "label") -> str:
    return (
        f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _short(text: str, most: int = 28) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def bars(name: str, title: str, items: list[tuple[str, float]], unit: str) -> str:
    """Horizontal bars, largest first, each labelled with its value; x axis in `unit`."""
    left, right, top, row = 190, 70, 34, 18
    height = top + row * len(items) + 40
    most = max((value for _, value in items), default=0) or 1
    span = WIDTH - left - right
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row
        body.append(_text(left - 6, y + 12, _short(label), "end"))
        width = max(1.0, span * value / most)
        body.append(
            f'<rect class="mark" x="{left}" y="{y + 2}" width="{width:.1f}" '
            f'height="{row - 5}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {value:,.0f}</title></rect>"
        )
        body.append(_text(left + span * value / most + 4, y + 12, f"{value:,.0f}"))
    axis_y = top + row * len(items) + 4
    body.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + span}" y2="{axis_y}"/>')
    body.append(_text(left, axis_y + 14, "0", "middle"))
    body.append(_text(left + span, axis_y + 14, f"{most:,.0f}", "middle"))
    body.append(_text(left + span / 2, axis_y + 30, unit, "middle", "axis-title"))
    return _svg(name, title, height, body)


def lines(name: str, title: str, x_labels: list[str], series: Series, y_unit: str) -> str:
    """One line per series over the runs, on a log scale (downloads span decades)."""
    left, right, top, bottom = 56, LEGEND_WIDTH, 34, 50
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    known = [v for values in series.values() for v in values if v is not None and v > 0]
    low = math.floor(math.log10(min(known))) if known else 0
    high = max(low + 1, math.ceil(math.log10(max(known)))) if known else 1

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (math.log10(max(value, 1)) - low) / (high - low))

    body = _x_axis(x_labels, left, plot_w, top + plot_h) + _log_axis(low, high, left, y_of)
    body.append(_axis_title(14, top + plot_h / 2, y_unit))
    body += _series(series, lambda j: left + _x(j, len(x_labels), plot_w), y_of, top)
    return _svg(name, title, height, body)


def bump(name: str, title: str, x_labels: list[str], ranks: Series, top_n: int) -> str:
    """Rank 1 at the top; one line per model through the runs it ranked in."""
    left, right, top, bottom = 50, LEGEND_WIDTH, 34, 50
    height = 340
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def y_of(rank: float) -> float:
        return top + plot_h * (rank - 1) / max(top_n - 1, 1)

    body = _x_axis(x_labels, left, plot_w, top + plot_h)
    for rank in range(1, top_n + 1):
        body.append(_text(left - 8, y_of(rank) + 4, f"#{rank}", "end"))
    body.append(_axis_title(12, top + plot_h / 2, "rank"))
    body += _series(ranks, lambda j: left + _x(j, len(x_labels), plot_w), y_of, top)
    return _svg(name, title, height, body)


def _series(
    series: Series, x_of: Callable[[int], float], y_of: Callable[[float], float], top: float
) -> list[str]:
    """Each series as a coloured line through its known points, with its legend row."""
    out: list[str] = []
    for i, (label, values) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        points = [(x_of(j), y_of(v)) if v else None for j, v in enumerate(values)]
        out += _polyline(points, color, label)
        out.append(_legend(i, label, color, WIDTH - LEGEND_WIDTH + 12, top))
    return out


def _x(j: int, n: int, plot_w: float) -> float:
    return plot_w * (j / (n - 1) if n > 1 else 0.5)


def _x_axis(labels: list[str], left: float, plot_w: float, y: float) -> list[str]:
    out = [f'<line class="axis" x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}"/>']
    for j, label in enumerate(labels):
        out.append(_text(left + _x(j, len(labels), plot_w), y + 16, label, "middle"))
    out.append(_text(left + plot_w / 2, y + 36, "run (date it started)", "middle", "axis-title"))
    return out


def _log_axis(low: int, high: int, left: float, y_of: Callable[[float], float]) -> list[str]:
    top, bottom = y_of(10**high), y_of(10**low)
    out = [f'<line class="axis" x1="{left}" y1="{top:.1f}" x2="{left}" y2="{bottom:.1f}"/>']
    for power in range(low, high + 1):
        out.append(_text(left - 6, y_of(10**power) + 4, _compact(10**power), "end"))
    return out


def _compact(value: int) -> str:
    """1, 10, 100, 1k, 10k, 100k, 1M ... for axis ticks."""
    for size, suffix in ((10**9, "G"), (10**6, "M"), (10**3, "k")):
        if value >= size:
            return f"{value // size:,}{suffix}"
    return str(value)


def _axis_title(x: float, y: float, text: str) -> str:
    """A vertical axis title, read bottom to top."""
    return (
        f'<text class="axis-title" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 {x:.1f} {y:.1f})">{escape(text)}</text>'
    )


def _polyline(points: list[tuple[float, float] | None], color: str, label: str) -> list[str]:
    """The line through consecutive known points (a gap breaks it), and a dot on each."""
    path, pen_down, dots = [], False, []
    for point in points:
        if point is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{point[0]:.1f},{point[1]:.1f}")
        dots.append(f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="3" fill="{color}"/>')
        pen_down = True
    line = (
        f'<path class="mark" d="{" ".join(path)}" fill="none" stroke="{color}" '
        f'stroke-width="2"><title>{escape(label)}</title></path>'
    )
    return [line, *dots] if path else []


LEGEND_ROWS = 15


def _legend(i: int, label: str, color: str, x: float, top: float) -> str:
    """One legend row; past LEGEND_ROWS the lines keep their tooltips but no row."""
    if i >= LEGEND_ROWS:
        return ""
    y = top + 8 + i * 18
    return f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{color}"/>' + _text(
        x + 16, y, _short(label, 30)
    )
