"""Statutory time limits on the Chinese working calendar, and clock states.

Other apps reuse this module (legal aid's 7-day decision and 3-day
assignment limits):

- `clock_state(due_on, today, closed)` → `ClockState` or None, pure;
- `WorkingCalendar` answers "is this a working day?" from the
  `chinese_calendar` package (official holidays and make-up working weekends,
  调休), overridden by the admin-editable `CalendarDay` table, and extended to
  later years by `CalendarYear`; a year neither covers falls back to
  Monday–Friday and every result computed with it is flagged `estimated`;
- `add_days(start, n, cal)`: n calendar days counted from the day after
  `start`, moved to the next working day when it lands on a rest day
  (信访工作条例 counts calendar days);
- `add_working_days(start, n, cal)`: n working days after `start`.

`petitions.models.calendar_from_db()` loads the overrides; the arithmetic
here never touches the database (and this module imports no models).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

DUE_SOON_DAYS = 7

# 信访工作条例 (2022)
DECISION_DAYS = 15  # §22–23: accept or not, and tell the petitioner in writing
HANDLING_DAYS = 60  # §34: conclude within 60 days of acceptance
MAX_EXTENSION_DAYS = 30  # §34: one extension, approved by the head
REVIEW_REQUEST_DAYS = 30  # §35: ask for review within 30 days of the reply
REVIEW_DECISION_DAYS = 30  # §35–36: review / re-review decided within 30 days
OBJECTION_WORKING_DAYS = 5  # a misrouted assignment is objected to within 5 working days


class ClockState(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


CLOCK_BADGES = {ClockState.ON_TRACK: "ok", ClockState.DUE_SOON: "soon", ClockState.OVERDUE: "late"}


def clock_state(due_on: date | None, today: date, closed: bool, soon_days: int = DUE_SOON_DAYS) -> ClockState | None:
    """On track, due soon (within `soon_days`), overdue; None when closed or nothing is due."""
    if closed or due_on is None:
        return None
    if due_on < today:
        return ClockState.OVERDUE
    if (due_on - today).days <= soon_days:
        return ClockState.DUE_SOON
    return ClockState.ON_TRACK


@dataclass(frozen=True)
class Deadline:
    on: date
    estimated: bool = False  # computed over a year no calendar covers (weekdays assumed)


@dataclass
class WorkingCalendar:
    overrides: dict = field(default_factory=dict)  # date -> is_working
    extra_years: frozenset = frozenset()  # years entered in full in the table

    def covers(self, year: int) -> bool:
        return year in self.extra_years or _package_covers(year)

    def is_working_day(self, day: date) -> tuple[bool, bool]:
        """(is it a working day, was it estimated)."""
        if day in self.overrides:
            return self.overrides[day], False
        if day.year in self.extra_years:
            return day.weekday() < 5, False
        if _package_covers(day.year):
            import chinese_calendar

            return chinese_calendar.is_workday(day), False
        return day.weekday() < 5, True

    def next_working_day(self, day: date) -> Deadline:
        """`day` itself when it is a working day, else the first working day after it."""
        estimated = False
        while True:
            working, guessed = self.is_working_day(day)
            estimated |= guessed
            if working:
                return Deadline(day, estimated)
            day += timedelta(days=1)


def _package_covers(year: int) -> bool:
    import chinese_calendar

    years = {d.year for d in (min(chinese_calendar.holidays), max(chinese_calendar.holidays))}
    return min(years) <= year <= max(years)


def add_days(start: date, days: int, cal: WorkingCalendar) -> Deadline:
    """`days` calendar days after `start`; a rest day moves it to the next working day."""
    return cal.next_working_day(start + timedelta(days=days))


def add_working_days(start: date, days: int, cal: WorkingCalendar) -> Deadline:
    """The `days`-th working day after `start`."""
    day, counted, estimated = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        working, guessed = cal.is_working_day(day)
        estimated |= guessed
        counted += working
    return Deadline(day, estimated)
