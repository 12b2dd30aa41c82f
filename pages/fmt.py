"""Numbers and dates as a person reads them. One place, so pages, tests and docs agree.

Every function refuses None and NaN: a page never prints a blank or a placeholder number;
where a figure does not exist the page says so in words instead.

Money. The published tables keep salaries unrounded (DOUBLE), so an interpolated percentile can
carry float noise (`100149.99999999996`). Everything a reader sees rounds money to cents first
(`cents`: half up, from the value's shortest decimal text, so the noise never decides a digit):
the page document, `careers query` output and the page, whose whole dollars are the cents
rounded half up again (`money`), so the page and its document never disagree.

Shares. How many decimals a share deserves depends on how many postings it is a share of
(`share`): whole percent when the denominator is under 100 (one posting is a step of at least
1%: "67%" of 3, never "66.67%"), one decimal from 100 postings on. A share that is not 0 never
prints as 0 ("<1%", "<0.1%"), and one short of all never as 100 (">99%", ">99.9%"). The page
shows the count beside each share, so a reader sees "100%" is 2 postings of 2.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SMALL_DENOMINATOR = 100  # shares of fewer postings than this are shown in whole percent


def _real(value: float | int | None, what: str) -> float:
    if value is None or isinstance(value, bool):
        raise ValueError(f"{what}: no value to format")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return number


def _decimal(value: float | int) -> Decimal:
    # repr is the shortest text that reads back as the same double: 100149.99999999996
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def cents(value: float | int | None) -> float | None:
    """Money rounded to cents, half up (None stays None): 100149.99999999996 -> 100150.0."""
    if value is None:
        return None
    number = _real(value, "cents")
    return float(_decimal(number).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def money(value: float | int | None) -> str:
    """$149,840 (whole dollars: the value rounded to cents, then to dollars, half up)."""
    rounded = _decimal(cents(_real(value, "money")))
    dollars = abs(rounded).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 and dollars else ""
    return f"{sign}${dollars:,.0f}"


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


def share_decimals(denominator: int) -> int:
    """0 decimals for a share of fewer than SMALL_DENOMINATOR postings, else 1."""
    return 0 if denominator < SMALL_DENOMINATOR else 1


def share(value: float | None, denominator: int | None) -> str:
    """A share in percent (0-100) of `denominator` postings, with the decimals it deserves:
    67% (of 3), 48.9% (of 27,644); <1% / <0.1% for a share above 0 that would print as 0,
    >99% / >99.9% for one below 100 that would print as 100."""
    number = _real(value, "share")
    total = int(_real(denominator, "share denominator"))
    places = share_decimals(total)
    step = 10.0**-places
    text = f"{number:.{places}f}"
    if 0 < number < step / 2 or (number > 0 and float(text) == 0):
        return f"<{step:g}%"
    if 100 - step / 2 < number < 100 - 1e-9 or (number < 100 - 1e-9 and float(text) >= 100):
        return f">{100 - step:g}%"
    return f"{text}%"


def lift(value: float | None) -> str:
    """4.7×: how many times as common as in all postings (one decimal; 12× from 10 up)."""
    number = _real(value, "lift")
    return f"{number:,.0f}×" if number >= 10 else f"{number:.1f}×"


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
