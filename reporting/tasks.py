"""Background work of the reporting app (`jobs.services.run_soon`)."""

from datetime import date

from celery import shared_task
from django.utils import translation
from django.utils.timezone import localdate

from directory.models import OrgUnit
from directory.periods import Period

from . import figure_cache
from .dashboard import warm
from .summary import refresh_summary


@shared_task(name="reporting.refresh_summary", ignore_result=True)
def refresh_summary_task(unit_id: int, start: str, end: str, kind: str, today: str, language: str):
    """The dashboard's figures computed afresh after a write (`reporting.summary.dashboard_summary`)."""
    unit = OrgUnit.objects.get(pk=unit_id)
    period = Period(date.fromisoformat(start), date.fromisoformat(end), kind)
    with translation.override(language):
        refresh_summary(unit, period, today=date.fromisoformat(today))


@shared_task(name="reporting.warm_dashboards", ignore_result=True)
def warm_dashboards_task():
    """Daily (settings.DAILY_TASKS), before the office opens: the dashboards of the city and its
    districts, whose figures take longest, computed for the period each opens on today."""
    if not figure_cache.enabled():
        return 0
    return warm(OrgUnit.objects.filter(level__lte=OrgUnit.Level.DISTRICT).order_by("path"), localdate())
