"""The daily tasks without Celery beat: a thread of `runserver` (or `manage.py run_scheduler`).

With a broker, beat reads CELERY_BEAT_SCHEDULE and this stays off. Without
one (`make run`), nobody would run the reminders, so the serving process runs
each task of DAILY_TASKS once a day, at or after its time. A `ScheduledRun`
row per task and day makes that once even with several processes or a restart;
the tasks are idempotent themselves as well.
"""

import logging
import os
import sys
import threading
import time as clock

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import Job, ScheduledRun

log = logging.getLogger(__name__)
TICK_SECONDS = 60


def run_due(now=None) -> list[str]:
    """Run every daily task whose time has come today and that has not run today; their names."""
    now = timezone.localtime(now)
    ran = []
    for name, (task_name, at) in settings.DAILY_TASKS.items():
        if now.time() < at:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=name, on=now.date())
        except IntegrityError:
            continue  # already run today
        current_app.loader.import_default_modules()
        try:
            current_app.tasks[task_name].apply(throw=True)
        except Exception:
            log.exception("daily task %s failed", name)
        ran.append(name)
    return ran


def resume_jobs() -> int:
    """Hand unfinished jobs to the thread pool again: the process that ran them was stopped."""
    from .services import dispatch

    waiting = list(Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).values_list("pk", flat=True))
    for pk in waiting:
        dispatch(pk)
    return len(waiting)


def loop(*, resume: bool = True):
    clock.sleep(5)  # let the server finish starting
    if resume:
        try:
            resume_jobs()
        except Exception:
            log.exception("could not resume jobs")
    while True:
        try:
            run_due()
        except Exception:
            log.exception("scheduler tick failed")
        finally:
            close_old_connections()
        clock.sleep(TICK_SECONDS)


def start_if_serving():
    """Start the scheduler thread in runserver's serving process (not its file watcher), embedded only."""
    if not settings.JOBS_SCHEDULER or settings.CELERY_BROKER_URL:
        return
    if "runserver" not in sys.argv[1:2] or os.environ.get("RUN_MAIN") != "true" and "--noreload" not in sys.argv:
        return
    threading.Thread(target=loop, name="daily-scheduler", daemon=True).start()
