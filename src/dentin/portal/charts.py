"""Charts drawn on the server as inline SVG: no script, no library, a few hundred bytes each.

Every chart carries a text title and description, so a screen reader gets the numbers too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class DayPoint:
    label: str  # yyyy-MM-dd
    requests: int
    errors: int

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


def sparkline(
    values: Sequence[int], *, width: int = 120, height: int = 24, label: str = ""
) -> Markup:
    """A tiny line of requests per day for a table cell."""
    if not values:
        values = [0]
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    total = sum(values)
    title = escape(label or f"{total} requests in {len(values)} days, at most {max(values)} a day")
    # Every interpolated text is escaped above; the rest are numbers we formatted.
    return Markup(  # noqa: S704
        f'<svg class="spark" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{title}"><title>{title}</title>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/></svg>'
    )


def usage_chart(
    points: Sequence[DayPoint], *, title: str, width: int = 640, height: int = 200
) -> Markup:
    """Bars for requests per day, a line for the error rate (right-hand axis, 0-100%)."""
    left, right, top, bottom = 44, 44, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(points))
    peak = max((p.requests for p in points), default=0) or 1
    bar_w = plot_w / n
    parts: list[str] = []
    total = sum(p.requests for p in points)
    errors = sum(p.errors for p in points)
    desc = escape(
        f"{total} requests and {errors} errors over {len(points)} days; "
        f"busiest day {peak if total else 0} requests."
    )
    safe_title = escape(title)
    parts.append(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-label="{safe_title}: {desc}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{safe_title}</title><desc>{desc}</desc>"
    )
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h - frac * plot_h
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{round(peak * frac) if total else 0}</text>"
            f'<text class="axis err" x="{left + plot_w + 6}" y="{y + 4:.1f}">'
            f"{int(frac * 100)}%</text>"
        )
    line: list[str] = []
    for i, p in enumerate(points):
        h = (p.requests / peak) * plot_h if total else 0
        x = left + i * bar_w
        parts.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{max(1.0, bar_w - 2):.1f}" height="{h:.1f}">'
            f"<title>{escape(p.label)}: {p.requests} requests, {p.errors} errors</title></rect>"
        )
        line.append(f"{x + bar_w / 2:.1f},{top + plot_h - p.error_rate * plot_h:.1f}")
        if i in (0, len(points) - 1) or (len(points) > 10 and i == len(points) // 2):
            anchor = "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
            parts.append(
                f'<text class="axis" x="{x + bar_w / 2:.1f}" y="{height - 8}" '
                f'text-anchor="{anchor}">{escape(p.label[5:])}</text>'
            )
    if line:
        parts.append(f'<polyline class="errline" fill="none" points="{" ".join(line)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - texts escaped, the rest numbers
