"""One job through a real Redis broker and a real Celery worker (skipped when Redis is not there)."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/2"


def _redis_up() -> bool:
    try:
        import redis

        redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not _redis_up(), reason=f"no Redis at {BROKER}"),
]

START_JOB = textwrap.dedent(
    """
    from django.contrib.auth import get_user_model
    from jobs.services import start_job
    from tests.jobs import runners
    user = get_user_model().objects.create_superuser("worker_test", password="x")
    job = start_job(by=user, kind="export", title="Lines", runner=runners.count_lines, parameters={"n": 7})
    print(job.pk)
    """
)


def test_a_real_worker_takes_the_job_from_redis_and_writes_the_file(tmp_path):
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # no message left over from an earlier run
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "rights_office.settings",
    }
    env.pop("REPORTING_DATABASE_URL", None)  # a replica of the suite's PostgreSQL, not of this file
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=240)
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "rights_office", "worker", "-P", "solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        out = subprocess.run(
            [python, "manage.py", "shell", "-c", START_JOB],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        job_id = int(out.stdout.strip().splitlines()[-1])
        deadline = time.monotonic() + 90
        row = None
        while time.monotonic() < deadline:
            with sqlite3.connect(tmp_path / "db.sqlite3") as db:
                row = db.execute(
                    "select status, rows_done, result_path from jobs_job where id = ?", [job_id]
                ).fetchone()
            if row[0] in ("done", "failed"):
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert row is not None and row[:2] == ("done", 7), worker.stderr.read().decode()[-2000:]
    assert (tmp_path / "media" / row[2]).read_text().splitlines()[-1] == "line 6"
