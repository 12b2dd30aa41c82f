"""Snapshot dates: period ends between two dates for backfills, and the window of one date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.errors import CareersError


class Every(StrEnum):
    month = "month"
    week = "week"
    day = "day"


def parse_date(value: str | None, flag: str = "--as-of") -> date | None:
    """A date given as YYYY-MM-DD (surrounding blanks ignored), None for None; anything else is
    a CareersError naming `flag`."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CareersError(f"{flag} must be a date YYYY-MM-DD, got {value!r}") from None


def period_ends(start: date, end: date, every: Every | str = Every.month) -> list[date]:
    """Month ends (default), Sundays (`week`) or every day (`day`) from `start` to `end`."""
    every = Every(every)
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    if every is Every.day:
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if every is Every.week:
        first = start + timedelta(days=(6 - start.weekday()) % 7)  # weekday() 6 = Sunday
        return (
            [first + timedelta(weeks=i) for i in range((end - first).days // 7 + 1)]
            if (first <= end)
            else []
        )
    ends, year, month = [], start.year, start.month
    while True:
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last > end:
            return ends
        if last >= start:
            ends.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass(frozen=True)
class Window:
    """The year a snapshot covers: postings with `start <= POSTED <= end`, `end` = `as_of`.

    Made once per snapshot (`Window.ending`) and passed down; the SQL reads `as_of` and
    `window_start` as session variables bound from it once per snapshot."""

    as_of: date
    start: date
    end: date

    @classmethod
    def ending(cls, as_of: date) -> Window:
        """The contract's window of `as_of`: `as_of - INTERVAL 1 YEAR < POSTED <= as_of`. A
        year before Feb 29 is Feb 28, as in DuckDB's date arithmetic."""
        day = min(as_of.day, calendar.monthrange(as_of.year - 1, as_of.month)[1])
        return cls(as_of, as_of.replace(year=as_of.year - 1, day=day) + timedelta(days=1), as_of)
