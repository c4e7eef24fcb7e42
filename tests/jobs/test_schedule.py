"""The daily schedule: beat and the embedded scheduler run the reminders, once a day."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from celery import current_app
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils.timezone import localdate

from jobs import scheduler
from jobs.models import ScheduledRun
from legal_aid.reminders import send_reminders as send_legal_aid_reminders
from legal_aid.services import decide_protection_order
from petitions import services as petition_services
from petitions.reminders import send_reminders
from tests.factories import AgencyFactory
from tests.legal_aid.factories import make_case, make_order
from tests.petitions.factories import make_petition

TZ = ZoneInfo(settings.TIME_ZONE)


def _at(day: date, hour: int, minute: int = 0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def test_beat_runs_both_reminders_every_morning():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["petition-reminders"]["task"] == "petitions.send_reminders"
    assert schedule["legal-aid-reminders"]["task"] == "legal_aid.send_reminders"
    assert schedule["petition-reminders"]["schedule"] == crontab(hour=7, minute=0)
    current_app.loader.import_default_modules()
    assert schedule["dashboard-warmup"]["task"] == "reporting.warm_dashboards"
    assert {"petitions.send_reminders", "legal_aid.send_reminders", "jobs.run_job", "reporting.warm_dashboards"} <= set(
        current_app.tasks
    )


def test_the_backup_slot_is_empty_until_configured():
    assert "nightly-backup" not in settings.CELERY_BEAT_SCHEDULE


def test_the_embedded_scheduler_runs_each_daily_task_once_a_day_at_its_time(handler_a):
    today = localdate()
    assert scheduler.run_due(_at(today, 2, 59)) == []
    assert scheduler.run_due(_at(today, 6, 29)) == ["job-files-cleanup"]
    assert scheduler.run_due(_at(today, 6, 59)) == ["dashboard-warmup"]
    assert scheduler.run_due(_at(today, 7, 5)) == ["petition-reminders", "legal-aid-reminders"]
    assert scheduler.run_due(_at(today, 9, 0)) == []
    assert ScheduledRun.objects.filter(on=today).count() == 4


def test_a_handler_gets_one_petition_reminder_however_often_the_task_runs(township_a, handler_a):
    handler_a.email = "huang@example.org"
    handler_a.save()
    make_petition(unit=township_a, by=handler_a, handler=handler_a, received_on=localdate() - timedelta(days=10))
    current_app.loader.import_default_modules()
    current_app.tasks["petitions.send_reminders"].apply()
    current_app.tasks["petitions.send_reminders"].apply()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["huang@example.org"]


def test_the_reminder_names_a_referral_whose_agency_is_late(township_a, city, handler_a):
    handler_a.email = "huang@example.org"
    handler_a.save()
    today = localdate()
    petition = make_petition(
        unit=township_a,
        by=handler_a,
        handler=handler_a,
        received_on=today - timedelta(days=20),
        accepted_on=today - timedelta(days=18),
    )
    police = AgencyFactory(org_unit=city, name="南雄市公安局")
    petition_services.refer_to_agency(
        petition=petition,
        by=handler_a,
        on=today - timedelta(days=15),
        agency=police,
        asked="核实",
        reply_due_on=today - timedelta(days=1),
    )
    send_reminders(today=today)
    body = mail.outbox[0].body
    assert "转办单位逾期未回复" in body and petition.reference in body and "南雄市公安局" in body


def test_legal_aid_reminds_of_an_order_near_its_expiry_once_a_day(village_a, handler_a):
    handler_a.email = "huang@example.org"
    handler_a.save()
    today = localdate()
    order = make_order(unit=village_a, by=handler_a, filed=datetime(today.year, 1, 1, 9) - timedelta(days=200))
    start = today - timedelta(days=170)
    decide_protection_order(
        order=order, by=handler_a, on=start, granted=True, ban_violence=True, effective_from=start,
        expires_on=today + timedelta(days=5),
    )  # fmt: skip
    assert send_legal_aid_reminders(today=today).sent == 1
    assert send_legal_aid_reminders(today=today).sent == 0
    assert len(mail.outbox) == 1
    assert "人身安全保护令" in mail.outbox[0].subject and order.court in mail.outbox[0].body


def test_legal_aid_reminds_of_a_case_whose_decision_is_late(village_a, handler_a):
    handler_a.email = "huang@example.org"
    handler_a.save()
    case = make_case(unit=village_a, by=handler_a, applied_on=localdate() - timedelta(days=30))
    send_legal_aid_reminders(today=localdate())
    assert case.reference in mail.outbox[0].body
