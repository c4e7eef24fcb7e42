"""Background work of the reporting app (`jobs.services.run_soon`)."""

from datetime import date

from celery import shared_task
from django.utils import translation

from directory.models import OrgUnit
from directory.periods import Period

from .summary import refresh_summary


@shared_task(name="reporting.refresh_summary", ignore_result=True)
def refresh_summary_task(unit_id: int, start: str, end: str, kind: str, today: str, language: str):
    """The dashboard's figures computed afresh after a write (`reporting.summary.dashboard_summary`)."""
    unit = OrgUnit.objects.get(pk=unit_id)
    period = Period(date.fromisoformat(start), date.fromisoformat(end), kind)
    with translation.override(language):
        refresh_summary(unit, period, today=date.fromisoformat(today))
