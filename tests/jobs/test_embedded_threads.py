"""With no broker, a job runs in a thread of the web process once the request's transaction commits."""

import time

import pytest
from django.db import transaction

from jobs.models import Job
from jobs.services import start_job, wait_for_threads
from tests.jobs import runners


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_job_runs_in_a_thread_after_the_request_commits(settings, handler_a):
    settings.JOBS_EMBEDDED = "thread"
    with transaction.atomic():
        job = start_job(by=handler_a, kind="export", title="Lines", runner=runners.count_lines, parameters={"n": 3})
    deadline = time.monotonic() + 30
    while Job.objects.get(pk=job.pk).status != "done" and time.monotonic() < deadline:
        time.sleep(0.1)
    wait_for_threads()  # its connection closed before the test database is flushed or dropped
    job.refresh_from_db()
    assert (job.status, job.rows_done) == ("done", 3)
