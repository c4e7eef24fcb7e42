"""Job runners the tests start (a runner is found again by its dotted path, as in a worker)."""

import os

from django.utils.translation import gettext as _

from jobs.services import JobError, job_runner, result_dir

SEEN = {}


@job_runner
def count_lines(job, out, progress):
    n = job.parameters["n"]
    progress.total(n)
    for i in range(n):
        out.write(f"line {i}\n".encode())
        progress(i + 1)
        if i == n // 2:
            # Half-way: what the folder holds, and what the job's row says.
            SEEN["files"] = sorted(os.listdir(result_dir(job)))
            job.refresh_from_db()
            SEEN["rows_done"] = job.rows_done
    return "lines.txt"


@job_runner
def refuse(job, out, progress):
    raise JobError(_("The unit no longer exists."))


@job_runner
def crash(job, out, progress):
    out.write(b"half a file")
    raise RuntimeError("disk on fire")


def not_a_runner(job, out, progress):
    return "x.txt"


@job_runner
def no_file(job, out, progress):
    """A job whose result is a page, not a file (as a ledger import)."""
    progress.total(3)
    progress(3)
    return None
