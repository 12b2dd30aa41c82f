"""Numbers and dates as a person reads them. One place, so pages, tests and docs agree.

Every function refuses None and NaN: a page never prints a blank or a placeholder number;
where a figure does not exist the page says so in words instead.
"""

from __future__ import annotations

import math
from datetime import date


def _real(value: float | int | None, what: str) -> float:
    if value is None or isinstance(value, bool):
        raise ValueError(f"{what}: no value to format")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return number


def money(value: float | int | None) -> str:
    """$149,840 (whole dollars)."""
    number = _real(value, "money")
    sign = "-" if number < 0 else ""
    return f"{sign}${abs(number):,.0f}"


def signed_money(value: float | int | None) -> str:
    """+$35,500 / -$1,200: a difference of salaries."""
    number = _real(value, "signed_money")
    return ("+" if number >= 0 else "-") + money(abs(number))


def count(value: int | None) -> str:
    """27,644."""
    number = _real(value, "count")
    return f"{int(number):,}"


def pct(value: float | None) -> str:
    """48.91% (two decimals; shares are stored unrounded in percent, 0-100)."""
    return f"{_real(value, 'pct'):.2f}%"


def similarity(value: float | None) -> str:
    """0.94 (cosine similarity, 0-1)."""
    return f"{_real(value, 'similarity'):.2f}"


def long_date(value: date | str) -> str:
    """November 20, 2026."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%B} {day.day}, {day.year}"


def short_date(value: date | str) -> str:
    """Nov 20, 2026."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%b} {day.day}, {day.year}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 posting', '27,644 postings'."""
    return f"{count(n)} {noun if n == 1 else (nouns or noun + 's')}"


def axis_number(value: float) -> str:
    """Axis tick labels: 40,000 / 2.5 (no needless decimals)."""
    number = _real(value, "axis")
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def axis_money(value: float) -> str:
    """Salary axis: $150k."""
    number = _real(value, "axis")
    if abs(number) >= 1000:
        thousands = number / 1000
        text = f"{thousands:,.0f}" if thousands == int(thousands) else f"{thousands:,.1f}"
        return f"${text}k"
    return money(number)
