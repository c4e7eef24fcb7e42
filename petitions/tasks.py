"""Daily task (settings.DAILY_TASKS): the handlers' reminders."""

from celery import shared_task
from django.utils.timezone import localdate

from .reminders import send_reminders


@shared_task(name="petitions.send_reminders", acks_late=True, reject_on_worker_lost=True)
def send_reminders_task():
    """Idempotent: a handler gets one reminder a day however often it runs."""
    result = send_reminders(today=localdate())
    return {"sent": result.sent, "already": result.skipped_already_sent, "no_email": result.skipped_no_email}
