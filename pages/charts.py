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


def _text(x: float, y: float, text: str, **attrs: str | float) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(text)}</text>'


def year_spans(years: Iterable[int]) -> str:
    """2016-2019, 2021 (en dashes) for a sorted list of years."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans)


def salary_chart(blocks: list[dict], chart_id: str) -> Markup | None:
    """One row per geography with percentiles: 10th-90th whisker, 25th-75th box, median."""
    rows = [b for b in blocks if b["salary"]["p10"] is not None]
    if not rows:
        return None
    width, left, right, top, row_h, bottom = 680, 150, 24, 10, 74, 34
    height = top + row_h * len(rows) + bottom
    lo = min(b["salary"]["p10"] for b in rows)
    hi = max(b["salary"]["p90"] for b in rows)
    pad = (hi - lo) * 0.05 or hi * 0.1
    ticks = nice_ticks(lo - pad, hi + pad, 7)
    t0, t1 = ticks[0], ticks[-1]
    plot_w = width - left - right

    def x(value: float) -> float:
        return left + (value - t0) / (t1 - t0) * plot_w

    parts = []
    axis_y = top + row_h * len(rows)
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{axis_y}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            _text(
                x(tick),
                axis_y + 20,
                fmt.axis_money(tick),
                text_anchor="middle",
                font_size=12,
                fill=MUTED,
            )
        )
    described = []
    for i, block in enumerate(rows):
        s = block["salary"]
        color = NATION_COLOR if block["level"] == "nation" else STATE_COLOR
        cy = top + row_h * i + row_h / 2 + 4
        parts.append(
            _text(
                left - 16,
                cy + 5,
                block["name"],
                text_anchor="end",
                font_size=14,
                font_weight=600,
                fill="#1b2430",
            )
        )
        x10, x25, x50, x75, x90 = (x(s[k]) for k in ("p10", "p25", "p50", "p75", "p90"))
        parts.append(
            f'<line x1="{x10:.1f}" y1="{cy}" x2="{x90:.1f}" y2="{cy}" stroke="{color}" '
            f'stroke-width="2"/>'
        )
        for xe in (x10, x90):
            parts.append(
                f'<line x1="{xe:.1f}" y1="{cy - 8}" x2="{xe:.1f}" y2="{cy + 8}" '
                f'stroke="{color}" stroke-width="2"/>'
            )
        parts.append(
            f'<rect x="{x25:.1f}" y="{cy - 11}" width="{max(x75 - x25, 2):.1f}" height="22" '
            f'rx="3" fill="{color}"/>'
        )
        parts.append(
            f'<line x1="{x50:.1f}" y1="{cy - 11}" x2="{x50:.1f}" y2="{cy + 11}" '
            f'stroke="#ffffff" stroke-width="3"/>'
        )
        parts.append(
            _text(
                x50,
                cy - 17,
                f"median {fmt.money(s['p50'])}",
                text_anchor="middle",
                font_size=12.5,
                font_weight=600,
                fill="#1b2430",
            )
        )
        label_y = cy + 27
        if x90 - x10 >= 120:
            parts.append(
                _text(
                    x10,
                    label_y,
                    fmt.money(s["p10"]),
                    text_anchor="middle",
                    font_size=12,
                    fill=MUTED,
                )
            )
            parts.append(
                _text(
                    x90,
                    label_y,
                    fmt.money(s["p90"]),
                    text_anchor="middle",
                    font_size=12,
                    fill=MUTED,
                )
            )
        else:
            mid = (x10 + x90) / 2
            parts.append(
                _text(
                    mid - 6,
                    label_y,
                    fmt.money(s["p10"]),
                    text_anchor="end",
                    font_size=12,
                    fill=MUTED,
                )
            )
            parts.append(
                _text(
                    mid + 6,
                    label_y,
                    fmt.money(s["p90"]),
                    text_anchor="start",
                    font_size=12,
                    fill=MUTED,
                )
            )
        described.append(
            f"{block['name']}: 10th percentile {fmt.money(s['p10'])}, 25th "
            f"{fmt.money(s['p25'])}, median {fmt.money(s['p50'])}, 75th {fmt.money(s['p75'])}, "
            f"90th {fmt.money(s['p90'])}."
        )
    title = "Salary percentiles" + (" by geography" if len(rows) > 1 else "")
    return _svg(chart_id, width, height, title, " ".join(described), parts)


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, parts: list[str]):
    return Markup(
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def employment_chart(
    series: list[dict], years: list[int], chart_id: str, where: str, occupation: str
) -> Markup | None:
    """Jobs by year as a line; suppressed and unreported years are gaps, shaded and labelled."""
    by_year = {r["year"]: r for r in series}
    known = [
        (y, by_year[y]["jobs"]) for y in years if y in by_year and by_year[y]["jobs"] is not None
    ]
    if not known:
        return None
    ticks = nice_ticks(0, max(j for _, j in known), 4)
    y_max = ticks[-1]
    # Room for the longest y label (12px digits are about 7.6px wide).
    left = max(48, round(16 + 7.6 * max(len(fmt.axis_number(t)) for t in ticks)))
    width, height, right, top, bottom = 560 + left - 64, 250, 22, 26, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    parts = []
    suppressed = [yr for yr in years if yr in by_year and by_year[yr]["suppressed"]]
    missing = [yr for yr in years if yr not in by_year]
    for year in suppressed + missing:
        label = "<10" if year in suppressed else "n/a"
        fill = f"url(#{chart_id}-hatch)" if year in suppressed else "#f1f3f6"
        half = min(step / 2, 24)
        parts.append(
            f'<rect x="{x(year) - half:.1f}" y="{top}" width="{2 * half:.1f}" height="{plot_h}" '
            f'fill="{fill}"/>'
        )
        parts.append(
            _text(x(year), top + plot_h - 6, label, text_anchor="middle", font_size=11, fill=MUTED)
        )
    for tick in ticks:
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            _text(
                left - 8,
                y(tick) + 4,
                fmt.axis_number(tick),
                text_anchor="end",
                font_size=12,
                fill=MUTED,
            )
        )
    every = 1 if len(years) <= 12 else 2
    for i, year in enumerate(years):
        if i % every == 0 or year == years[-1]:
            parts.append(
                _text(
                    x(year),
                    height - bottom + 20,
                    str(year),
                    text_anchor="middle",
                    font_size=12,
                    fill=MUTED,
                )
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
    for seg in segments:
        if len(seg) > 1:
            points = " ".join(f"{x(yr):.1f},{y(j):.1f}" for yr, j in seg)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{STATE_COLOR}" '
                f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        for yr, j in seg:
            parts.append(
                f'<circle cx="{x(yr):.1f}" cy="{y(j):.1f}" r="3.5" fill="#ffffff" '
                f'stroke="{STATE_COLOR}" stroke-width="2"><title>{yr}: '
                f"{escape(fmt.plural(j, 'job'))}</title></circle>"
            )
    last_year, last_jobs = known[-1]
    parts.append(
        _text(
            x(last_year) - 6,
            y(last_jobs) - 10,
            fmt.count(last_jobs),
            text_anchor="end",
            font_size=12.5,
            font_weight=600,
            fill="#1b2430",
        )
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
    return _svg(
        chart_id, width, height, f"Employment by year in {where}", " ".join(desc), [hatch, *parts]
    )
