"""Reporting periods: a month, quarter, half-year, year-to-date, year or custom range.

Every app's figures take a `Period`; it knows its same period last year and
the period before it.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str = "custom"

    KINDS = {
        "month": _("Month"),
        "quarter": _("Quarter"),
        "half": _("Half-year"),
        "ytd": _("Year to date"),
        "year": _("Year"),
        "custom": _("Custom range"),
    }

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        first = 1 if half == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5), "half")

    @classmethod
    def year_to(cls, year: int, month: int) -> "Period":
        """到N月份: 1 January to the end of month N."""
        return cls(date(year, 1, 1), _month_end(year, month), "ytd")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def same_period_last_year(self) -> "Period":
        end = _add_years(self.end, -1)
        if self.end == _month_end(self.end.year, self.end.month):
            end = _month_end(end.year, end.month)
        return Period(_add_years(self.start, -1), end, self.kind)

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        if self.kind in ("month", "quarter", "half"):
            months = {"month": 1, "quarter": 3, "half": 6}[self.kind]
            end = self.start - timedelta(days=1)
            first_month = end.month - months + 1
            return Period(date(end.year, first_month, 1), end, self.kind)
        if self.kind in ("ytd", "year"):
            return self.same_period_last_year()
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.kind)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        result, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result
