"""Snapshot dates for backfills: period ends between two dates, inclusive."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum


class Every(StrEnum):
    month = "month"
    week = "week"
    day = "day"


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
