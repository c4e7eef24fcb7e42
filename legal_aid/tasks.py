"""Daily task (settings.DAILY_TASKS): legal-aid reminders."""

from celery import shared_task
from django.utils.timezone import localdate

from .reminders import send_reminders


@shared_task(name="legal_aid.send_reminders", acks_late=True, reject_on_worker_lost=True)
def send_reminders_task():
    """Idempotent: one e-mail a day per staff member however often it runs."""
    result = send_reminders(today=localdate())
    return {"sent": result.sent, "not_sent": result.not_sent}
