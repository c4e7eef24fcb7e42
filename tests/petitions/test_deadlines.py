from datetime import date

from petitions.deadlines import ClockState, WorkingCalendar, add_days, add_working_days, clock_state
from petitions.models import CalendarDay, CalendarYear, calendar_from_db

PACKAGE = WorkingCalendar()


def test_a_decision_deadline_landing_in_the_spring_festival_moves_to_the_first_working_day_after_it():
    # Received 20 January 2025: 15 days later is 4 February, the last day of the holiday.
    assert add_days(date(2025, 1, 20), 15, PACKAGE).on == date(2025, 2, 5)


def test_a_make_up_working_saturday_is_a_working_day():
    # 8 February 2025 is a Saturday worked in exchange for the Spring Festival (调休).
    deadline = add_days(date(2025, 1, 24), 15, PACKAGE)
    assert deadline.on == date(2025, 2, 8)
    assert not deadline.estimated


def test_five_working_days_count_the_make_up_sunday_and_skip_the_holiday():
    # Fri 24 Jan → Sun 26 (worked), Mon 27, then the holiday to 4 Feb, then 5, 6, 7 Feb.
    assert add_working_days(date(2025, 1, 24), 5, PACKAGE).on == date(2025, 2, 7)


def test_sixty_days_from_acceptance_landing_on_labour_day_holiday_moves_after_it():
    # Accepted 3 March 2025: 2 May is in the 1–5 May holiday.
    due = add_days(date(2025, 3, 3), 60, PACKAGE)
    assert due.on == date(2025, 5, 6)
    # The one extension of 30 days counts from that deadline.
    assert add_days(due.on, 30, PACKAGE).on == date(2025, 6, 5)


def test_a_year_the_package_does_not_cover_falls_back_to_weekdays_and_is_flagged():
    deadline = add_days(date(2030, 3, 1), 15, PACKAGE)
    assert deadline.on == date(2030, 3, 18)  # 16 March is a Saturday
    assert deadline.estimated


def test_a_year_entered_in_the_table_is_not_flagged_and_its_holidays_count(db):
    CalendarYear.objects.create(year=2030, note="国务院办公厅通知")
    CalendarDay.objects.create(day=date(2030, 3, 18), is_working=False, note="本地调整")
    deadline = add_days(date(2030, 3, 1), 15, calendar_from_db())
    assert deadline == deadline.__class__(date(2030, 3, 19), False)


def test_a_local_change_overrides_the_package(db):
    CalendarDay.objects.create(day=date(2025, 2, 5), is_working=False, note="本地调休")
    assert add_days(date(2025, 1, 20), 15, calendar_from_db()).on == date(2025, 2, 6)


def test_clock_states():
    today = date(2025, 6, 10)
    assert clock_state(date(2025, 6, 9), today, closed=False) == ClockState.OVERDUE
    assert clock_state(date(2025, 6, 10), today, closed=False) == ClockState.DUE_SOON
    assert clock_state(date(2025, 6, 17), today, closed=False) == ClockState.DUE_SOON
    assert clock_state(date(2025, 6, 18), today, closed=False) == ClockState.ON_TRACK
    assert clock_state(date(2025, 6, 1), today, closed=True) is None
    assert clock_state(None, today, closed=False) is None


def test_with_a_shared_cache_the_calendar_is_read_once_and_a_change_is_seen_at_once(
    db, tmp_path, settings, django_assert_num_queries
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    assert add_days(date(2025, 1, 20), 15, calendar_from_db()).on == date(2025, 2, 5)
    with django_assert_num_queries(0):  # every server process reads it from the cache
        assert add_days(date(2025, 1, 20), 15, calendar_from_db()).on == date(2025, 2, 5)
    day = CalendarDay.objects.create(day=date(2025, 2, 5), is_working=False, note="本地调休")
    assert add_days(date(2025, 1, 20), 15, calendar_from_db()).on == date(2025, 2, 6)
    day.delete()
    assert add_days(date(2025, 1, 20), 15, calendar_from_db()).on == date(2025, 2, 5)
    CalendarYear.objects.create(year=2030, note="国务院办公厅通知")
    assert not add_days(date(2030, 3, 1), 15, calendar_from_db()).estimated
