from datetime import date

import pytest

from core.errors import CareersError
from core.periods import parse_date, period_ends


def test_month_ends_inclusive_and_leap_years():
    assert period_ends(date(2028, 1, 31), date(2028, 3, 30)) == [
        date(2028, 1, 31),
        date(2028, 2, 29),
    ]


def test_sundays():
    assert period_ends(date(2026, 11, 1), date(2026, 11, 15), "week") == [
        date(2026, 11, 1),
        date(2026, 11, 8),
        date(2026, 11, 15),
    ]


def test_days_and_errors():
    assert len(period_ends(date(2026, 2, 27), date(2026, 3, 2), "day")) == 4
    with pytest.raises(ValueError):
        period_ends(date(2026, 2, 2), date(2026, 2, 1))
    assert period_ends(date(2026, 2, 2), date(2026, 2, 3), "week") == []


def test_parse_date_names_the_flag():
    assert parse_date(None) is None
    assert parse_date(" 2026-01-31 ", "--end") == date(2026, 1, 31)
    with pytest.raises(CareersError, match=r"^--start must be a date YYYY-MM-DD, got '31/01'$"):
        parse_date("31/01", "--start")
