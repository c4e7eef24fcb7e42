"""Benchmark: a whole-register export as a background job — time, rows, file size, peak memory, progress.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_1m_copy \\
        .venv/bin/python tools/export_bench.py --user gen_city_manager --format xlsx [--query received_from=2025-01-01]

    # the same through HTTP: gunicorn, signed in with the second factor, the job page's JSON polled
    ... tools/export_bench.py --user gen_city_manager --format xlsx --http

Starts the petitions export job for `--user` with the optional filter `--query`
(a list's query string: `received_from=…` makes any size), as the app starts
it: in-process, the job runs in the embedded worker thread (JOBS_EMBEDDED
"thread") while the main thread polls the job's row once a second, as the
progress bar does; with `--http`, gunicorn is started (2 workers, DEBUG off,
tools/bench.py), the user signs in through the pages (second factor
included), asks for /petitions/export/<format>/, follows the redirect to the
job and polls /jobs/<id>/status/ once a second. Prints the rows, the seconds,
rows per second, the file size, the peak resident memory of the process that
ran the job (sampled each second with psutil, and its `ru_maxrss` in-process)
and the progress samples. The job writes a Job row, its history and an access
log entry: run it against a copy of a shared database, not the original.
Run one format per invocation, so that each peak is its own.
"""

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
sys.path.insert(0, str(BASE / "tools"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import translation  # noqa: E402

from jobs.exports import run_export  # noqa: E402
from jobs.models import Job  # noqa: E402
from jobs.services import result_file, start_job  # noqa: E402

MB = 2**20


class PeakRSS:
    """The highest resident memory of some processes, sampled every `every` seconds in a thread."""

    def __init__(self, processes, every=0.5):
        self.processes, self.every, self.peak = processes, every, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for process in self.processes():
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[process.pid] = max(self.peak.get(process.pid, 0), rss)
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def bench_user(username):
    """The user, with her role's group and (a manager) the demo authenticator: databases generated before
    generate_data gave them lack them."""
    from directory.demo import demo_authenticator
    from directory.models import staff_of
    from directory.services import assign_staff

    user = get_user_model().objects.get(username=username)
    staff = staff_of(user)
    if staff and not user.groups.filter(name=staff.role).exists():
        assign_staff(user=user, org_unit=staff.org_unit, role=staff.role, title=staff.title, phone=staff.phone)
        print(f"note            {username} was given the {staff.role} group her role carries")
    demo_authenticator(user)  # signing in over HTTP passes the second factor with the published demo key
    return user


def in_process(args):
    """Start the job as the export view does and let the embedded worker thread run it."""
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_EMBEDDED = "thread"
    user = bench_user(args.user)
    me = psutil.Process()
    samples = []
    with PeakRSS(lambda: [me]) as peak:
        started = time.perf_counter()
        with translation.override(settings.LANGUAGE_CODE):
            job = start_job(
                by=user,
                kind=Job.Kind.EXPORT,
                title=f"bench {args.format}",
                runner=run_export,
                parameters={"path": f"/petitions/export/{args.format}/", "query": args.query, "fmt": args.format},
            )
        while True:  # as the progress bar polls
            time.sleep(1)
            job.refresh_from_db()
            samples.append((time.perf_counter() - started, job.rows_done, job.rows_total, job.percent))
            if job.is_finished:
                break
        seconds = time.perf_counter() - started
    path = result_file(job)
    report(args, job, seconds, path, samples, [("this process (psutil)", peak.peak.get(me.pid, 0))])
    print(f"ru_maxrss       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (this process)")
    if path and not args.keep:
        path.unlink()


def over_http(args):
    """The same export asked for through the pages, by a signed-in user, on gunicorn."""
    from bench import sign_in as bench_sign_in
    from bench import start_server, wait_for

    from reporting.synthetic import PASSWORD

    database_url = os.environ["DATABASE_URL"]
    bench_user(args.user)
    server, _env = start_server(args.port, database_url)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(f"{base}/accounts/login/", server)
        session = bench_sign_in(base, args.user, args.password or PASSWORD)
        run = export_over_http(session, base, args.format, args.query, server.pids)
        job, path = run["job"], result_file(run["job"])
        workers = [(f"server process {pid}", rss) for pid, rss in sorted(run["peaks"].items())]
        report(args, job, run["seconds"], path, run["samples"], workers)
        print(f"downloaded      {run['bytes'] / MB:.1f} MB (HTTP {run['status']})")
        if path and not args.keep:
            path.unlink()
    finally:
        server.terminate()
        server.wait(timeout=30)


def export_over_http(session, base, fmt, query, server_pids):
    """Ask `session`'s user's server for the register as `fmt` (filtered by `query`), poll the job's
    progress once a second as the page does, and download the file.

    Returns the job, the seconds from asking to the finished file, the progress samples, the resident
    memory of each of the server's processes before and at its peak (sampled twice a second), the seconds to the
    download's first byte and the bytes downloaded. (tools/bench.py --exports runs it too.)
    """
    roots = [psutil.Process(pid) for pid in server_pids]

    def processes():  # the job runs in a gunicorn worker's thread, or on the Celery worker's child
        return [child for root in roots for child in root.children(recursive=True)]

    samples = []
    before = {process.pid: process.memory_info().rss for process in processes()}
    with PeakRSS(processes) as peak:
        started = time.perf_counter()
        answer = session.get(f"{base}/petitions/export/{fmt}/?{query}", allow_redirects=False, timeout=600)
        if answer.status_code != 302 or "/jobs/" not in answer.headers.get("Location", ""):
            raise SystemExit(f"the export did not start a job: HTTP {answer.status_code}")
        job_id = int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
        if session.get(f"{base}/jobs/{job_id}/", timeout=60).status_code != 200:
            raise SystemExit("the job page did not open")
        while True:
            time.sleep(1)
            state = session.get(f"{base}/jobs/{job_id}/status/", timeout=60).json()
            samples.append((time.perf_counter() - started, state["rows_done"], state["rows_total"], state["percent"]))
            if state["finished"]:
                break
        seconds = time.perf_counter() - started
        asked = time.perf_counter()
        download = session.get(f"{base}/jobs/{job_id}/download/", stream=True, timeout=600)
        first_byte, fetched = None, 0
        for chunk in download.iter_content(1 << 20):
            first_byte = first_byte if first_byte is not None else time.perf_counter() - asked
            fetched += len(chunk)
    return {
        "job": Job.objects.get(pk=job_id),
        "seconds": seconds,
        "samples": samples,
        "peaks": dict(peak.peak),
        "before": before,
        "first_byte": first_byte or 0.0,
        "bytes": fetched,
        "status": download.status_code,
    }


def report(args, job, seconds, path, samples, peaks):
    rows = job.rows_done
    print(f"format          {args.format}{'  over HTTP' if args.http else ''}")
    print(f"query           {args.query or '(none: the whole register)'}")
    print(f"status          {job.status} {job.error}")
    print(f"rows            {rows}")
    print(f"seconds         {seconds:.1f} (start to finished, polled each second)")
    if job.started_at and job.finished_at:
        print(f"job ran         {(job.finished_at - job.started_at).total_seconds():.1f} s (started_at → finished_at)")
    print(f"rows/second     {rows / seconds:,.0f}")
    print(f"file            {path.stat().st_size / MB:.1f} MB" if path else "file            none")
    for label, rss in peaks:
        print(f"peak RSS        {rss / MB:.0f} MB  {label}")
    step = max(1, len(samples) // args.samples)
    shown = samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else [])
    print("progress        " + ", ".join(f"{t:.0f}s {percent}%" for t, _done, _total, percent in shown))
    moving = sorted({done for _t, done, _total, _p in samples})
    print(f"distinct counts {len(moving)} of {len(samples)} polls")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", default="", help="with --http; the synthetic users' password by default")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--query", default="", help="the list's filter, e.g. received_from=2025-01-01")
    parser.add_argument("--http", action="store_true", help="through gunicorn and the job page's JSON")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--samples", type=int, default=12, help="progress samples to print")
    parser.add_argument("--keep", action="store_true", help="keep the file (the job and its history stay anyway)")
    args = parser.parse_args()
    (over_http if args.http else in_process)(args)


if __name__ == "__main__":
    main()
