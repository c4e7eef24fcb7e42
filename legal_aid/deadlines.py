"""Legal-aid time limits (法律援助法 §43) as pure date arithmetic.

Calendar days counted from the day after the event. The clock states are
the petitions app's (on track / due soon / overdue), with a shorter
"due soon" window because these limits are only days long.
"""

from datetime import date, datetime, timedelta

from petitions.deadlines import ClockState
from petitions.deadlines import clock_state as _petition_clock_state

DECISION_DAYS = 7  # decide within 7 days of the application
ASSIGNMENT_DAYS = 3  # assign a lawyer within 3 days of accepting
DUE_SOON_DAYS = 2  # a short limit: warn two days ahead
PROTECTION_ORDER_HOURS = 72  # 反家庭暴力法 §28
PROTECTION_ORDER_URGENT_HOURS = 24
PROTECTION_ORDER_MAX_MONTHS = 6  # §30
ORDER_REMINDER_DAYS = 14  # follow up this long before an order expires
EXPIRING_WINDOW_DAYS = 30
ASSESSOR_TERM_YEARS = 5
ASSESSOR_YEARLY_HEARINGS = 30

ON_TRACK, DUE_SOON, OVERDUE = ClockState.ON_TRACK, ClockState.DUE_SOON, ClockState.OVERDUE


def add_days(start: date, days: int) -> date:
    """The last day of a limit of `days` calendar days counted from the day after `start`."""
    return start + timedelta(days=days)


def decision_due(applied_on: date) -> date:
    return add_days(applied_on, DECISION_DAYS)


def assignment_due(accepted_on: date) -> date:
    return add_days(accepted_on, ASSIGNMENT_DAYS)


def clock_state(due_on: date | None, today: date, *, done_on: date | None = None) -> ClockState | None:
    """on track / due soon / overdue for an open step; None once the step happened or nothing is due."""
    return _petition_clock_state(due_on, today, closed=done_on is not None, soon_days=DUE_SOON_DAYS)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def order_decision_due(filed_at: datetime, *, urgent: bool) -> datetime:
    return filed_at + timedelta(hours=PROTECTION_ORDER_URGENT_HOURS if urgent else PROTECTION_ORDER_HOURS)


def latest_order_expiry(effective_from: date) -> date:
    """A protection order lasts at most six months."""
    return add_months(effective_from, PROTECTION_ORDER_MAX_MONTHS) - timedelta(days=1)


def order_reminder_on(expires_on: date) -> date:
    return expires_on - timedelta(days=ORDER_REMINDER_DAYS)


def assessor_term_end(appointed_on: date) -> date:
    return add_years(appointed_on, ASSESSOR_TERM_YEARS) - timedelta(days=1)
