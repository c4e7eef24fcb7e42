from datetime import date, datetime

from legal_aid import deadlines as d


def test_decision_is_due_seven_days_after_the_application():
    assert d.decision_due(date(2025, 3, 3)) == date(2025, 3, 10)


def test_lawyer_is_due_three_days_after_acceptance_across_a_month_end():
    assert d.assignment_due(date(2025, 2, 27)) == date(2025, 3, 2)


def test_clock_is_on_track_then_due_soon_then_overdue():
    due = date(2025, 3, 10)
    assert d.clock_state(due, date(2025, 3, 7)) == "on_track"
    assert d.clock_state(due, date(2025, 3, 8)) == "due_soon"
    assert d.clock_state(due, date(2025, 3, 10)) == "due_soon"
    assert d.clock_state(due, date(2025, 3, 11)) == "overdue"
    assert d.clock_state(due, date(2025, 3, 11), done_on=date(2025, 3, 9)) is None
    assert d.clock_state(None, date(2025, 3, 11)) is None


def test_protection_order_decision_is_due_in_72_hours_or_24_when_urgent():
    filed = datetime(2025, 3, 3, 16, 30)
    assert d.order_decision_due(filed, urgent=False) == datetime(2025, 3, 6, 16, 30)
    assert d.order_decision_due(filed, urgent=True) == datetime(2025, 3, 4, 16, 30)


def test_protection_order_lasts_at_most_six_months():
    assert d.latest_order_expiry(date(2025, 3, 5)) == date(2025, 9, 4)
    assert d.latest_order_expiry(date(2025, 8, 31)) == date(2026, 2, 27)


def test_follow_up_reminder_is_two_weeks_before_expiry():
    assert d.order_reminder_on(date(2025, 9, 4)) == date(2025, 8, 21)


def test_assessor_term_is_five_years():
    assert d.assessor_term_end(date(2021, 5, 1)) == date(2026, 4, 30)
    assert d.assessor_term_end(date(2024, 2, 29)) == date(2029, 2, 27)
