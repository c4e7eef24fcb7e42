"""Benchmark: a whole-register export as a background job — time, rows per second, peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_db \\
        .venv/bin/python tools/export_bench.py --user nx_handler --format csv [--tracemalloc]

Runs the petitions export job in this process (as a worker would run it) for
`--user` with the optional filter `--query` (a list's query string), and prints
the rows, the seconds, rows per second, the file size and the peak memory: the
process's resident high-water mark before and after (`ru_maxrss`), and with
`--tracemalloc` the peak of Python allocations during the job (slower). Run
one format per invocation, so that each peak is its own. Load data first
(`manage.py generate_data`, or any set of petitions).
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import translation  # noqa: E402

from jobs.exports import run_export  # noqa: E402
from jobs.models import Job  # noqa: E402
from jobs.services import result_file, start_job  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", required=True)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--query", default="")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the file (the job and its history stay anyway)")
    args = parser.parse_args()
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_EMBEDDED = "inline"
    user = get_user_model().objects.get(username=args.user)
    before = rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    with translation.override(settings.LANGUAGE_CODE):
        job = start_job(
            by=user,
            kind=Job.Kind.EXPORT,
            title=f"bench {args.format}",
            runner=run_export,
            parameters={"path": f"/petitions/export/{args.format}/", "query": args.query, "fmt": args.format},
        )
    seconds = time.perf_counter() - started
    peak_py = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
    job.refresh_from_db()
    path = result_file(job)
    rows = job.rows_done
    print(f"format          {args.format}")
    print(f"status          {job.status} {job.error}")
    print(f"rows            {rows}")
    print(f"seconds         {seconds:.1f}{'  (with tracemalloc)' if args.tracemalloc else ''}")
    print(f"rows/second     {rows / seconds:,.0f}")
    print(f"file            {path.stat().st_size / 2**20:.1f} MB" if path else "file            none")
    print(f"peak RSS        {before:.0f} MB before, {rss_mb():.0f} MB after")
    if peak_py is not None:
        print(f"peak Python     {peak_py:.1f} MB allocated at once (tracemalloc)")
    if path and not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
