"""Celery tasks: a job is run by `run_job(job_id)`; the message is acknowledged only after it ran."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from directory.backup import make_backup

from . import services

MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="jobs.run_job",
    # Acknowledge after the work, and put the message back if the worker dies mid-job:
    # a job survives a worker restart (it is redone from the start).
    acks_late=True,
    reject_on_worker_lost=True,
    # A database that went away is worth waiting for; a job's own error is not retried.
    autoretry_for=(OperationalError, InterfaceError, services.TransientJobError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=MAX_RETRIES,
)
def run_job(self, job_id: int):
    services.execute(job_id, may_retry=self.request.retries < MAX_RETRIES)


@shared_task(name="jobs.remove_old_files", acks_late=True)
def remove_old_files():
    """Daily (settings.DAILY_TASKS): finished files are kept JOBS_KEEP_DAYS days."""
    return services.remove_old_files(before=timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS))


@shared_task(name="ops.backup", acks_late=True)
def nightly_backup():
    """Nightly when BACKUP_AT is set (settings.DAILY_TASKS): one archive in BACKUP_DIR, the newest BACKUP_KEEP kept."""
    return str(make_backup(keep=settings.BACKUP_KEEP))
