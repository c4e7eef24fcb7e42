"""Legal-aid time limits (法律援助法 §43) as pure date arithmetic.

Calendar days counted from the day after the event, as for petitions. The
clock states mirror the petitions app's (on track / due soon / overdue) so
they can be swapped for a shared implementation later.
"""

from datetime import date, datetime, timedelta

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

ON_TRACK, DUE_SOON, OVERDUE, DONE = "on_track", "due_soon", "overdue", "done"


def add_days(start: date, days: int) -> date:
    """The last day of a limit of `days` calendar days counted from the day after `start`."""
    return start + timedelta(days=days)


def decision_due(applied_on: date) -> date:
    return add_days(applied_on, DECISION_DAYS)


def assignment_due(accepted_on: date) -> date:
    return add_days(accepted_on, ASSIGNMENT_DAYS)


def clock_state(due_on: date | None, today: date, *, done_on: date | None = None) -> str | None:
    """on track / due soon / overdue for an open step; done once the step happened."""
    if due_on is None:
        return None
    if done_on is not None:
        return DONE
    if today > due_on:
        return OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return ON_TRACK


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
