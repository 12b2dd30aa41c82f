from datetime import date

import pytest

from core.periods import period_ends


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
