from datetime import date
from decimal import Decimal

from directory.figures import Rate, ratio
from directory.periods import Period


def test_year_to_september_runs_from_1_january_to_30_september():
    period = Period.year_to(2025, 9)
    assert (period.start, period.end) == (date(2025, 1, 1), date(2025, 9, 30))
    assert period.same_period_last_year() == Period(date(2024, 1, 1), date(2024, 9, 30), "ytd")


def test_february_last_year_ends_on_its_own_last_day():
    assert Period.month(2025, 2).same_period_last_year().end == date(2024, 2, 29)


def test_previous_quarter_and_month():
    assert Period.quarter(2025, 1).previous() == Period(date(2024, 10, 1), date(2024, 12, 31), "quarter")
    assert Period.month(2025, 3).previous() == Period.month(2025, 2)


def test_months_of_a_half_year():
    assert Period.half(2025, 2).months() == [(2025, m) for m in range(7, 13)]


def test_forty_three_of_forty_five_is_95_6_percent():
    assert ratio(43, 45) == Decimal("95.6")
    assert str(Rate(43, 45)) == "95.6%"
    assert ratio(0, 0) is None and str(Rate(0, 0)) == "—"
