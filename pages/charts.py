"""Inline SVG charts (no JavaScript): salary percentiles and employment by year.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says in words what the
chart shows; the page also gives the same numbers as a table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from markupsafe import Markup, escape

from pages import fmt

FONT = 'font-family="inherit"'
STATE_COLOR = "#1d6fa5"
NATION_COLOR = "#5b6b80"
GRID = "#e3e8ee"
MUTED = "#5b6675"


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]: steps of 1, 2, 2.5 or 5 x 10^k."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(target, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    count = round((last - first) / step)
    return [first + i * step for i in range(count + 1)]


def year_spans(years: Iterable[int]) -> str:
    """2016-2019, 2021 (en dashes) for a sorted list of years."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans)


def _pct(value: float) -> str:
    return f"{value:.2f}%"


def salary_chart(blocks: list[dict], chart_id: str) -> Markup | None:
    """One row per geography with percentiles: 10th-90th whisker, 25th-75th box, median.

    Horizontal positions are percentages of the chart's width and text is sized in CSS
    pixels (no viewBox): the chart fills its card at any width and its text never shrinks."""
    rows = [b for b in blocks if b["salary"]["p10"] is not None]
    if not rows:
        return None
    top, row_h, bottom = 4, 96, 30
    height = top + row_h * len(rows) + bottom
    lo = min(b["salary"]["p10"] for b in rows)
    hi = max(b["salary"]["p90"] for b in rows)
    pad = (hi - lo) * 0.05 or hi * 0.1
    ticks = nice_ticks(lo - pad, hi + pad, 6)
    t0, t1 = ticks[0], ticks[-1]
    x_lo, x_hi = 2.0, 98.0  # percent of the width: room for the whiskers' end caps

    def x(value: float) -> float:
        return x_lo + (value - t0) / (t1 - t0) * (x_hi - x_lo)

    def anchored(pos: float) -> str:
        return "start" if pos < 18 else "end" if pos > 82 else "middle"

    parts = []
    axis_y = top + row_h * len(rows)
    for i, tick in enumerate(ticks):
        parts.append(
            f'<line x1="{_pct(x(tick))}" y1="{top}" x2="{_pct(x(tick))}" y2="{axis_y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        # On a phone every other label is hidden (CSS: svg .wide-only), so they never touch.
        edge = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        parts.append(
            f'<text x="{_pct(x(tick))}" y="{axis_y + 20}" text-anchor="{edge}" fill="{MUTED}"'
            + (' class="wide-only"' if i % 2 else "")
            + f">{escape(fmt.axis_money(tick))}</text>"
        )
    described = []
    for i, block in enumerate(rows):
        s = block["salary"]
        color = NATION_COLOR if block["level"] == "nation" else STATE_COLOR
        row_top = top + row_h * i
        cy = row_top + 52
        parts.append(
            f'<text x="0" y="{row_top + 16}" class="label" fill="#1b2430">'
            f"{escape(block['name'])}</text>"
        )
        x10, x25, x50, x75, x90 = (x(s[k]) for k in ("p10", "p25", "p50", "p75", "p90"))
        parts.append(
            f'<line x1="{_pct(x10)}" y1="{cy}" x2="{_pct(x90)}" y2="{cy}" stroke="{color}" '
            f'stroke-width="2"/>'
        )
        for xe in (x10, x90):
            parts.append(
                f'<line x1="{_pct(xe)}" y1="{cy - 8}" x2="{_pct(xe)}" y2="{cy + 8}" '
                f'stroke="{color}" stroke-width="2"/>'
            )
        parts.append(
            f'<rect x="{_pct(x25)}" y="{cy - 11}" width="{_pct(max(x75 - x25, 0.3))}" '
            f'height="22" rx="3" fill="{color}"/>'
        )
        parts.append(
            f'<line x1="{_pct(x50)}" y1="{cy - 11}" x2="{_pct(x50)}" y2="{cy + 11}" '
            f'stroke="#ffffff" stroke-width="3"/>'
        )
        parts.append(
            f'<text x="{_pct(x50)}" y="{cy - 17}" text-anchor="{anchored(x50)}" class="value" '
            f'fill="#1b2430">median {escape(fmt.money(s["p50"]))}</text>'
        )
        label_y = cy + 27
        p10, p90 = fmt.money(s["p10"]), fmt.money(s["p90"])
        if x90 - x10 >= 45:  # far enough apart for two labels, each reading inward
            parts.append(
                f'<text x="{_pct(x10)}" y="{label_y}" text-anchor="start" fill="{MUTED}">'
                f"{escape(p10)}</text>"
            )
            parts.append(
                f'<text x="{_pct(x90)}" y="{label_y}" text-anchor="end" fill="{MUTED}">'
                f"{escape(p90)}</text>"
            )
        else:
            mid = (x10 + x90) / 2
            parts.append(
                f'<text x="{_pct(mid)}" y="{label_y}" text-anchor="{anchored(mid)}" '
                f'fill="{MUTED}">{escape(p10)} \u2013 {escape(p90)}</text>'
            )
        described.append(
            f"{block['name']}: 10th percentile {p10}, 25th "
            f"{fmt.money(s['p25'])}, median {fmt.money(s['p50'])}, 75th {fmt.money(s['p75'])}, "
            f"90th {p90}."
        )
    title = "Salary percentiles" + (" by geography" if len(rows) > 1 else "")
    return _svg(chart_id, height, title, " ".join(described), parts)


def _svg(chart_id: str, height: int, title: str, desc: str, parts: list[str]):
    """A chart as wide as its container and `height` CSS pixels tall, without a viewBox: its
    x coordinates are percentages and its text keeps the page's pixel sizes at any width."""
    return Markup(
        f'<svg width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def employment_chart(
    series: list[dict], years: list[int], chart_id: str, where: str, occupation: str
) -> Markup | None:
    """Jobs by year as a line; suppressed and unreported years are gaps, shaded and labelled.

    As wide as its container (x in percent, see _svg); the y labels sit on their grid lines'
    left ends, so no fixed-width margin is needed. The line is drawn in a nested SVG stretched
    to the plot (vector-effect keeps its stroke width), as polyline points cannot be percent."""
    by_year = {r["year"]: r for r in series}
    known = [
        (y, by_year[y]["jobs"]) for y in years if y in by_year and by_year[y]["jobs"] is not None
    ]
    if not known:
        return None
    ticks = nice_ticks(0, max(j for _, j in known), 4)
    y_max = ticks[-1]
    height, top, bottom = 250, 26, 44
    plot_h = height - top - bottom
    x_lo, x_hi = 6.0, 94.0  # percent: room for the first and last year labels on a phone
    step = (x_hi - x_lo) / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return x_lo + (years.index(year) * step if len(years) > 1 else (x_hi - x_lo) / 2)

    def y(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    parts = []
    suppressed = [yr for yr in years if yr in by_year and by_year[yr]["suppressed"]]
    missing = [yr for yr in years if yr not in by_year]
    for year in suppressed + missing:
        label = "<10" if year in suppressed else "n/a"
        fill = f"url(#{chart_id}-hatch)" if year in suppressed else "#f1f3f6"
        half = min(step / 2, 4.0)
        parts.append(
            f'<rect x="{_pct(x(year) - half)}" y="{top}" width="{_pct(2 * half)}" '
            f'height="{plot_h}" fill="{fill}"/>'
        )
        parts.append(
            f'<text x="{_pct(x(year))}" y="{top + plot_h - 6}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    for tick in ticks:
        parts.append(
            f'<line x1="0" y1="{y(tick):.1f}" x2="100%" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        if tick:
            parts.append(
                f'<text x="0" y="{y(tick) - 4:.1f}" fill="{MUTED}">'
                f"{escape(fmt.axis_number(tick))}</text>"
            )
    every = 1 if len(years) <= 12 else 2
    for i, year in enumerate(years):
        if i % every == 0 or year == years[-1]:
            # On a phone every other year label is hidden (CSS: svg .wide-only).
            narrow_hidden = len(years) > 6 and i % (2 * every) and year != years[-1]
            parts.append(
                f'<text x="{_pct(x(year))}" y="{height - bottom + 20}" text-anchor="middle" '
                f'fill="{MUTED}"'
                + (' class="wide-only"' if narrow_hidden else "")
                + f">{year}</text>"
            )
    # Line segments: runs of consecutive years that have a value.
    segment: list[tuple[int, int]] = []
    segments = []
    for year in years:
        row = by_year.get(year)
        if row is not None and row["jobs"] is not None:
            segment.append((year, row["jobs"]))
        elif segment:
            segments.append(segment)
            segment = []
    if segment:
        segments.append(segment)
    lines = []
    for seg in segments:
        if len(seg) > 1:
            points = " ".join(f"{x(yr) * 10:.1f},{y(j) - top:.1f}" for yr, j in seg)
            lines.append(
                f'<polyline points="{points}" fill="none" stroke="{STATE_COLOR}" '
                f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round" '
                f'vector-effect="non-scaling-stroke"/>'
            )
    if lines:
        parts.append(
            f'<svg x="0" y="{top}" width="100%" height="{plot_h}" viewBox="0 0 1000 {plot_h}" '
            f'preserveAspectRatio="none" overflow="visible">' + "".join(lines) + "</svg>"
        )
    for seg in segments:
        for yr, j in seg:
            parts.append(
                f'<circle cx="{_pct(x(yr))}" cy="{y(j):.1f}" r="3.5" fill="#ffffff" '
                f'stroke="{STATE_COLOR}" stroke-width="2"><title>{yr}: '
                f"{escape(fmt.plural(j, 'job'))}</title></circle>"
            )
    last_year, last_jobs = known[-1]
    parts.append(
        f'<text x="{_pct(x(last_year))}" y="{y(last_jobs) - 10:.1f}" dx="-6" text-anchor="end" '
        f'class="value" fill="#1b2430">{escape(fmt.count(last_jobs))}</text>'
    )
    first_year, first_jobs = known[0]
    desc = [
        f"Jobs in {occupation} occupations in {where}, {years[0]}\u2013{years[-1]}: "
        f"{fmt.count(first_jobs)} in {first_year}"
        + (f", {fmt.count(last_jobs)} in {last_year}." if last_year != first_year else ".")
    ]
    if suppressed:
        desc.append(f"Suppressed by the publisher (fewer than 10 jobs): {year_spans(suppressed)}.")
    if missing:
        desc.append(f"Not reported: {year_spans(missing)}.")
    hatch = (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#f1f3f6"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#d5dbe3" stroke-width="2"/></pattern></defs>'
    )
    return _svg(chart_id, height, f"Employment by year in {where}", " ".join(desc), [hatch, *parts])
