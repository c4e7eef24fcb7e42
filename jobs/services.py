"""Starting a job, handing it to a worker, and running it: the one place jobs are written.

Production hands jobs to Celery (Redis broker, `CELERY_BROKER_URL`). The
embedded default (`make run`, no broker) runs each job in a small thread pool
inside the web process, so the request that started it returns at once.
Either way the job is run by `execute(job_id)`, which can be repeated: a job
redelivered after a worker died starts again from the beginning.
"""

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from directory.models import staff_of

from .models import Job

log = logging.getLogger(__name__)

# Update the job's row at most every PROGRESS_EVERY rows and PROGRESS_SECONDS seconds
# (whichever comes later): progress costs one UPDATE per step, and the bar polls every second or two.
PROGRESS_EVERY = 2000
PROGRESS_SECONDS = 1.0
RESULT_DIR = "jobs"


class JobError(Exception):
    """A failure to show the user as it is: the message is already in her language."""


class TransientJobError(Exception):
    """Worth trying again later (the database or the broker went away)."""


def job_runner(func):
    """Mark a function `(job, out, progress) -> filename` as runnable by a job (by its dotted path).

    A runner whose result is a page rather than a file (an import) writes nothing and returns None.
    """
    func.job_runner = True
    return func


def _runner(path: str):
    func = import_string(path)
    if not getattr(func, "job_runner", False):
        raise ValueError(f"{path} is not a job runner")
    return func


def start_job(*, by, kind: str, title: str, runner: Callable, parameters: dict, result_url: str = "") -> Job:
    """Record a job for `by` and hand it to a worker once the transaction commits.

    `result_url` is the page that shows what the job did (the job's page links to it).
    """
    if not getattr(runner, "job_runner", False):
        raise ValueError("not a job runner")
    staff = staff_of(by)
    job = Job(
        owner=by,
        org_unit=staff.org_unit if staff else None,
        kind=kind,
        title=str(title)[:200],
        runner=f"{runner.__module__}.{runner.__qualname__}",
        parameters=parameters,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        result_url=result_url,
    )
    job._history_user = by
    job.save()
    if settings.JOBS_EMBEDDED == "inline" and not settings.CELERY_BROKER_URL:
        dispatch(job.pk)  # the tests: done before the request returns, inside its transaction
    else:
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


_pool: ThreadPoolExecutor | None = None


def _in_thread(job_id: int):
    try:
        execute(job_id)
    finally:
        close_old_connections()


def _mode() -> str:
    return settings.JOBS_EMBEDDED if not settings.CELERY_BROKER_URL else "celery"


def _threads() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=settings.JOBS_THREADS, thread_name_prefix="job")
    return _pool


def wait_for_threads() -> None:
    """Let the job threads finish what they hold, close their connections, and stop them.

    A thread keeps its database connection while it lives; the tests stop them
    so that no connection outlives the test database.
    """
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def dispatch(job_id: int):
    """Send the job to Celery, or, with no broker (the embedded default), to a thread of this process."""
    mode = _mode()
    if mode == "celery":
        # By name (the task lives in jobs.tasks, which imports this module).
        current_app.send_task("jobs.run_job", args=[job_id])
    elif mode == "inline":  # the tests: the job is done when the request returns
        execute(job_id)
    else:
        _threads().submit(_in_thread, job_id)


def _task_in_thread(task, args):
    try:
        task.apply(args=args, throw=True)
    finally:
        close_old_connections()


def run_soon(task_name: str, *args) -> None:
    """Run the Celery task named `task_name` in the background, with JSON-friendly `args`.

    For work with no `Job` row and no page to wait on (the dashboard's figures
    computed afresh): on a Celery worker with a broker, otherwise in this
    process's job threads, and in the tests at once.
    """
    mode = _mode()
    if mode == "celery":
        current_app.send_task(task_name, args=list(args))
        return
    if task_name not in current_app.tasks:  # the apps' tasks modules, imported once
        current_app.loader.import_default_modules()
    task = current_app.tasks[task_name]
    if mode == "inline":
        task.apply(args=args, throw=True)
    else:
        _threads().submit(_task_in_thread, task, args)


class Progress:
    """Called by a runner as rows are written; saves the count every PROGRESS_EVERY rows, at most once a second."""

    def __init__(self, job: Job):
        self.job = job
        self.last_saved = 0
        self.saved_at = -PROGRESS_SECONDS  # the first step is saved at once

    def total(self, n: int):
        self.job.rows_total = n
        Job.objects.filter(pk=self.job.pk).update(rows_total=n)

    def __call__(self, done: int):
        self.job.rows_done = done
        if done - self.last_saved >= PROGRESS_EVERY and time.monotonic() - self.saved_at >= PROGRESS_SECONDS:
            self.save()

    def save(self):
        self.last_saved = self.job.rows_done
        self.saved_at = time.monotonic()
        Job.objects.filter(pk=self.job.pk).update(rows_done=self.job.rows_done)


def result_dir(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / RESULT_DIR / str(job.pk)


def _set(job: Job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


TRANSIENT = (TransientJobError, OperationalError, InterfaceError)


def execute(job_id: int, *, may_retry: bool = False):
    """Run a job to its end: the file written under a temporary name and renamed only when complete.

    With `may_retry` (a Celery worker with retries left) a transient error puts the job
    back in the queue and is raised for the task to retry; otherwise it fails the job.
    """
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return  # delivered twice (a retry after the work was done): nothing to do
    _set(job, status=Job.Status.RUNNING, started_at=timezone.now(), rows_done=0, attempts=job.attempts + 1)
    folder = result_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    # Same folder as the result, so the rename is atomic; ".part" files are never offered.
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".part", delete=False)  # noqa: SIM115
    progress = Progress(job)
    try:
        with translation.override(job.language), handle:
            filename = _runner(job.runner)(job, handle, progress)
    except TRANSIENT:
        if may_retry:
            os.unlink(handle.name)
            close_old_connections()
            Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
            raise
        os.unlink(handle.name)
        log.exception("job %s failed", job.pk)
        with translation.override(job.language):
            message = _("The file could not be made. Please try again; if it fails again, tell your administrator.")
        _set(job, status=Job.Status.FAILED, finished_at=timezone.now(), error=message)
        return
    except Exception as error:
        os.unlink(handle.name)
        if isinstance(error, JobError):
            message = str(error)
        else:
            log.exception("job %s failed", job.pk)
            with translation.override(job.language):
                message = _("The file could not be made. Please try again; if it fails again, tell your administrator.")
        _set(job, status=Job.Status.FAILED, finished_at=timezone.now(), error=message)
        return
    progress.save()
    if not filename:  # the result is a page (result_url), not a file
        os.unlink(handle.name)
        _set(
            job,
            status=Job.Status.DONE,
            finished_at=timezone.now(),
            rows_total=job.rows_total if job.rows_total is not None else job.rows_done,
            error="",
        )
        return
    final = folder / Path(filename).name
    os.replace(handle.name, final)
    _set(
        job,
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        result_path=str(final.relative_to(settings.MEDIA_ROOT)),
        result_name=filename,
        result_size=final.stat().st_size,
        rows_total=job.rows_total if job.rows_total is not None else job.rows_done,
        error="",
    )


def result_file(job: Job) -> Path | None:
    """The finished file on disk, or None while the job runs (its half-written file has another name)."""
    if job.status != Job.Status.DONE or not job.result_path:
        return None
    path = Path(settings.MEDIA_ROOT) / job.result_path
    return path if path.is_file() else None


def remove_old_files(*, before) -> int:
    """Remove the files of jobs finished before `before` (exports hold identifiable rows); how many."""
    old = Job.objects.filter(status=Job.Status.DONE, finished_at__lt=before).exclude(result_name="")
    n = 0
    for job in old:
        shutil.rmtree(result_dir(job), ignore_errors=True)
        _set(job, status=Job.Status.EXPIRED, result_path="")
        n += 1
    return n
