"""Measure the app as production runs it, against the data `manage.py generate_data` made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_1m .venv/bin/python tools/bench.py [--requests 15]

Starts gunicorn (2 workers, DEBUG off) on a loopback port, signs in as the
synthetic city's manager, a township clerk and a superuser, and prints one
table: p50/p95 of each page over HTTP, and the queries each page runs
(counted once in-process with Django's test client against the same
database). Then the work summary computed in-process (uncached, and from the
cache) beside the same SQL statements it sends, run directly through a cursor
(what the figures cost the database, without the ORM and Python around them), and full petition lifecycles per second through the API
(register → accept → reply → conclude) with 2 clients. Bounded: about
`--requests` requests per page and `--lifecycle-seconds` of lifecycles.
With `--exports`, the city manager then exports the whole register as CSV and as
XLSX through the pages (a job each: seconds to the finished file, first byte of
the download, the job process's memory before and at its peak).
With `--locust-seconds N`, last, tools/locustfile.py's mixed clerk / handler /
manager load runs headless against the same server for N seconds and its
per-request table (requests/s, p50/p95, failures) is printed too.

With REDIS_URL set (server and this process share the cache, and a Celery
worker beside gunicorn takes background work, its broker on the same Redis, as
in production), the dashboard's rows are measured three ways: the first request
after a write, the time until the page counts the write (for slow figures a
background task computes them meanwhile, `reporting.figure_cache.kept`), and
the cached requests that follow; the work summary computed and cached.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def start_server(port: int, database_url: str):
    import socket

    from django.conf import settings

    with socket.socket() as probe:  # another server there would answer the bench (and lock its users out)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: stop what listens there or pass --port")

    static_root = "/tmp/bench_static"
    env = {
        **os.environ,
        "DEBUG": "false",
        # The keys of the process that generated the data (directory.encryption derives
        # the field keys from SECRET_KEY when FIELD_ENCRYPTION_KEYS is unset).
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "AUDIT_HMAC_KEY": os.environ.get("AUDIT_HMAC_KEY", "bench-audit-key-0123456789abcdef"),
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    if os.environ.get("REDIS_URL"):  # as production runs: background work on a Celery worker, Redis its broker
        env["CELERY_BROKER_URL"] = os.environ["REDIS_URL"]
    python = str(BASE / ".venv/bin/python")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE, env=env, check=True)
    gunicorn = [str(BASE / ".venv/bin/gunicorn"), "rights_office.wsgi", "--bind", f"127.0.0.1:{port}"]
    server = Server(subprocess.Popen([*gunicorn, "--workers", "2", "--timeout", "120"], cwd=BASE, env=env))
    if "CELERY_BROKER_URL" in env:
        celery = [str(BASE / ".venv/bin/celery"), "-A", "rights_office", "worker", "--concurrency", "1"]
        server.add(subprocess.Popen([*celery, "--loglevel", "WARNING"], cwd=BASE, env=env))
    return server, env


class Server:
    """gunicorn, and the Celery worker beside it when there is a broker: stopped together."""

    def __init__(self, gunicorn: subprocess.Popen):
        self.processes = [gunicorn]

    def add(self, process: subprocess.Popen):
        self.processes.append(process)

    @property
    def pid(self) -> int:
        return self.processes[0].pid

    @property
    def pids(self) -> list[int]:
        """The processes whose trees run requests and jobs (gunicorn's workers, the Celery worker's child)."""
        return [process.pid for process in self.processes]

    def poll(self):
        return next((code for code in (p.poll() for p in self.processes) if code is not None), None)

    def terminate(self):
        for process in self.processes:
            process.terminate()

    def wait(self, timeout=None):
        for process in self.processes:
            process.wait(timeout=timeout)


def wait_for(url, server):
    import requests

    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped")
        try:
            requests.get(url, timeout=30)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def sign_in(base_url, username, password):
    """A requests session signed in through the pages, second factor included (the published demo key)."""
    import requests
    from demo_otp_code import code

    session = requests.Session()
    login = f"{base_url}/accounts/login/"
    session.get(login, timeout=30)
    answer = session.post(
        login,
        data={"username": username, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": login},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"signing in as {username} failed: {answer.status_code}")
    verify = f"{base_url}/directory/two-factor/verify/"
    if session.get(verify, timeout=30, allow_redirects=False).status_code == 200:  # she has a second factor
        for _attempt in range(2):  # a code is taken once: after a refusal, wait for the next one
            answer = session.post(
                verify,
                data={"code": code(), "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                headers={"Referer": verify},
                timeout=30,
                allow_redirects=False,
            )
            if answer.status_code == 302:
                break
            time.sleep(31 - time.time() % 30)
        else:
            raise SystemExit(f"the second factor of {username} was refused")
    return session


def timed(session, url, n, headers=None, first=None):
    """`n` timed requests after one that warms the caches (its time is appended to `first`, if given)."""
    times = []
    started = time.perf_counter()
    session.get(url, timeout=120, headers=headers)  # warm the caches once
    if first is not None:
        first.append((time.perf_counter() - started) * 1000)
    for _ in range(n):
        started = time.perf_counter()
        answer = session.get(url, timeout=120, headers=headers, allow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{url}: HTTP {answer.status_code}")
    return times


def count_queries(user, url, headers=None):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from directory import twofactor

    client = Client(**(headers or {}))
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # as the verify page leaves the session once the code is right
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[twofactor.STATE] = twofactor.OK
        session.save()
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--lifecycle-seconds", type=float, default=20)
    parser.add_argument(
        "--locust-seconds",
        type=int,
        default=0,
        help="then run tools/locustfile.py's mixed load this long against the same server (0: skip)",
    )
    parser.add_argument("--locust-users", type=int, default=6)
    parser.add_argument(
        "--exports",
        action="store_true",
        help="then export the city's whole register as CSV and as XLSX through the pages (a job each)",
    )
    parser.add_argument("--only", choices=["lifecycles", "pages"], help="measure only this part")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("set DATABASE_URL to the database generate_data filled")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.demo import demo_authenticator
    from directory.models import OrgUnit, Person
    from directory.periods import Period
    from directory.tokens import issue_token
    from petitions.models import Petition
    from reporting import figure_cache
    from reporting.summary import build_summary, compute_summary
    from reporting.synthetic import CITY_CODE, PASSWORD

    User = get_user_model()
    city = OrgUnit.objects.get(code=CITY_CODE)
    township = OrgUnit.objects.get(code="459901101000")
    admin, created = User.objects.get_or_create(username="gen_admin", defaults={"is_superuser": True, "is_staff": True})
    if created:
        admin.set_password(PASSWORD)
        admin.save()
        from django.utils import timezone

        from directory.models import PasswordHistory

        PasswordHistory.objects.create(user=admin, password=admin.password, set_at=timezone.now())
    users = {
        name: User.objects.get(username=name) for name in ("gen_city_manager", "gen_d1t1_clerk", "gen_d1t1_handler")
    }
    users["gen_admin"] = admin
    for user in users.values():  # databases generated before managers had the demo authenticator
        demo_authenticator(user)
    year = Petition.objects.filter(org_unit__path__startswith=city.path).latest("received_on").received_on.year
    some = Petition.objects.filter(org_unit=township).order_by("-pk").first()
    person = Person.objects.filter(org_unit__path__startswith=township.path).order_by("pk").first()
    name_fragment = person.full_name[:2]
    # The lifecycles register petitions of the township's people in turn, as an office does:
    # one woman registered thousands of times would make her repeat check (find_earlier_petition)
    # read thousands of rows, and more with every run on the same database.
    petitioners = list(
        Person.objects.filter(org_unit__path__startswith=township.path)
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    # What a clerk types to find a woman by phone: the whole number, or its last four digits.
    from petitions.models import PetitionParty

    party = (
        PetitionParty.objects.filter(petition__org_unit=township, role=PetitionParty.Role.PETITIONER)
        .exclude(person__phone_hash="")
        .select_related("person")
        .order_by("-petition_id")
        .first()
    )
    phone = "".join(c for c in party.person.phone if c.isdigit())
    tokens = {
        name: issue_token(user=users[name], by=admin, name="bench")[1]
        for name in ("gen_city_manager", "gen_d1t1_handler")
    }

    server, _env = start_server(args.port, database_url)
    base_url = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(f"{base_url}/accounts/login/", server)
        sessions = {name: sign_in(base_url, name, PASSWORD) for name in users}
        pages = [
            ("petition list, city manager", "gen_city_manager", "/petitions/"),
            ("petition list, township clerk", "gen_d1t1_clerk", "/petitions/"),
            (
                "petition list, filtered",
                "gen_city_manager",
                f"/petitions/?status=in_progress&received_from={year}-01-01&received_to={year}-12-31",
            ),
            ("petition list, search by name", "gen_city_manager", f"/petitions/?q={name_fragment}"),
            ("petition list, search by reference", "gen_city_manager", f"/petitions/?q={some.reference}"),
            ("petition list, search by a whole phone number", "gen_city_manager", f"/petitions/?q={phone}"),
            ("petition list, search by a phone's last 4 digits", "gen_city_manager", f"/petitions/?q={phone[-4:]}"),
            ("petition list, page 2000", "gen_city_manager", "/petitions/?page=2000"),
            ("petition detail", "gen_d1t1_clerk", f"/petitions/{some.pk}/"),
            ("API list", "gen_city_manager", "/api/v1/petitions/"),
            ("API detail", "gen_city_manager", f"/api/v1/petitions/{some.pk}/"),
            ("dashboard, city, year", "gen_city_manager", f"/reports/dashboard/?unit=459900&kind=year&year={year}"),
            (
                "dashboard, township, year",
                "gen_city_manager",
                f"/reports/dashboard/?unit=459901101&kind=year&year={year}",
            ),
            ("admin changelist of petitions", "gen_admin", "/admin/petitions/petition/"),
        ]
        if args.only == "lifecycles":
            pages = []
        rows = []
        for label, who, url in pages:
            headers = {"Accept": "application/json"} if url.startswith("/api/") else None
            cached = label.startswith("dashboard") and figure_cache.enabled()
            if cached:
                rows.extend(dashboard_after_writes(sessions[who], base_url + url, label))
            times = timed(sessions[who], base_url + url, args.requests, headers)
            queries = count_queries(users[who], url)
            if cached:
                label = f"{label}, cached"
            rows.append((label, statistics.median(times), percentile(times, 0.95), queries))
            print(f"  {label}: {rows[-1][1]:.0f} ms", flush=True)

        period = Period.year(year)
        summary_times, cached_times, raw_times = [], [], []
        with CaptureQueriesContext(connection) as statements:  # the SQL the summary runs, as sent
            if not args.only:
                compute_summary(city, period, today=date.today())
        for _ in range(0 if args.only else 3):
            started = time.perf_counter()
            compute_summary(city, period, today=date.today())
            summary_times.append((time.perf_counter() - started) * 1000)
            build_summary(city, period, today=date.today())  # fills the cache (when there is one)
            started = time.perf_counter()
            build_summary(city, period, today=date.today())
            cached_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for statement in statements.captured_queries:
                    cursor.execute(statement["sql"])
                    if cursor.description is not None:
                        cursor.fetchall()
            raw_times.append((time.perf_counter() - started) * 1000)

        rate, errors, cpu = 0.0, 0, None
        if args.only != "pages":
            rate, errors, cpu = lifecycles(
                base_url, tokens["gen_d1t1_handler"], township, petitioners, args.lifecycle_seconds
            )
        load = mixed_load(base_url, args.locust_users, args.locust_seconds) if args.locust_seconds else []
        exports = whole_register_exports(sessions["gen_city_manager"], base_url, server.pids) if args.exports else []
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    if args.only == "lifecycles":
        print(
            f"| lifecycles/s through the API, 2 clients ({Petition.objects.count():,} petitions) | {rate:.1f} "
            f"| errors: {errors} | {cpu_note(cpu)} |"
        )
        return
    print(f"| page ({Petition.objects.count():,} petitions) | p50 ms | p95 ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, p50, p95, queries in rows:
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {queries} |")
    if args.only == "pages":
        return
    summary, raw = statistics.median(summary_times), statistics.median(raw_times)
    print(f"| work summary, city, year (in-process, computed) | {summary:.0f} | {max(summary_times):.0f} | |")
    label = "cached" if figure_cache.enabled() else "no cache: SUMMARY_CACHE_SECONDS=0"
    cached = statistics.median(cached_times)
    print(f"| work summary, city, year (in-process, {label}) | {cached:.0f} | {max(cached_times):.0f} | |")
    print(
        f"| the same SQL statements run directly (a cursor, no ORM) | {raw:.0f} | {max(raw_times):.0f} | {len(statements)} |"
    )
    print(f"| summary ÷ raw SQL | {summary / raw:.1f}× computed, {cached / raw:.2f}× cached | | |")
    print(f"| lifecycles/s through the API, 2 clients | {rate:.1f} | errors: {errors} | {cpu_note(cpu)} |")
    if exports:
        print()
        print("Whole-register exports (the city manager, a job each, through the pages):")
        print()
        print(
            "| format | rows | finished file s | rows/s | download first byte ms | file MB "
            "| the job's process: RSS before → peak MB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for fmt, run in exports:
            rows, seconds, before, peaks = run["job"].rows_done, run["seconds"], run["before"], run["peaks"]
            grew = max(peaks, key=lambda pid: peaks[pid] - before.get(pid, 0))  # the worker that ran the job
            print(
                f"| {fmt} | {rows:,} | {seconds:.0f} | {rows / seconds:,.0f} | {run['first_byte'] * 1000:.0f} "
                f"| {run['bytes'] / 2**20:.1f} | {before.get(grew, 0) / 2**20:.0f} → {peaks[grew] / 2**20:.0f} |"
            )
    if load:
        print()
        print(f"Mixed load (locust, {args.locust_users} users, {args.locust_seconds} s):")
        print()
        print("| request | requests | failures | requests/s | p50 ms | p95 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for row in load:
            print(
                f"| {' '.join(filter(None, (row['Type'], row['Name'])))} | {row['Request Count']} | {row['Failure Count']} "
                f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
            )


def dashboard_after_writes(session, url, label, writes=3):
    """The dashboard's first request after a write, and how long until it shows the figures that count it.

    Fast figures are computed afresh by that request. Slow ones (a city's year at scale) are shown as
    they were, with a notice, while a background task computes them (`reporting.figure_cache.kept`):
    the page is then asked again every 200 ms until the notice is gone.
    """
    from reporting import figure_cache

    session.get(url, timeout=120)  # something kept, as on any working day
    firsts, waits, stale = [], [], 0
    for _ in range(writes):
        figure_cache.bump()  # as any write does
        started = time.perf_counter()
        answer = session.get(url, timeout=120)
        firsts.append((time.perf_counter() - started) * 1000)
        if 'id="stale-figures"' in answer.text:
            stale += 1
            while 'id="stale-figures"' in answer.text:
                time.sleep(0.2)
                answer = session.get(url, timeout=120)
        waits.append((time.perf_counter() - started) * 1000)
    shown = f"the figures of before it, marked: {stale} of {writes}" if stale else "computed afresh"
    return [
        (f"{label}, first request after a write ({shown})", statistics.median(firsts), max(firsts), ""),
        (f"{label}, after a write until the page counts it", statistics.median(waits), max(waits), ""),
    ]


def whole_register_exports(session, base_url, server_pids):
    """tools/export_bench.py's run over HTTP for CSV, then XLSX; the files are deleted after."""
    sys.path.insert(0, str(BASE / "tools"))
    from export_bench import export_over_http

    from jobs.services import result_file

    runs = []
    for fmt in ("csv", "xlsx"):
        run = export_over_http(session, base_url, fmt, "", server_pids)
        if run["job"].status != "done":
            raise SystemExit(f"the {fmt} export failed: {run['job'].error}")
        path = result_file(run["job"])
        if path:
            path.unlink()
        runs.append((fmt, run))
        print(f"  export {fmt}: {run['seconds']:.0f} s", flush=True)
    return runs


def mixed_load(base_url, users, seconds):
    """tools/locustfile.py headless against `base_url`: its per-request rows and the aggregate, as locust counts them."""
    import csv
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                str(BASE / ".venv/bin/locust"),
                "-f",
                str(BASE / "tools/locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(max(1, users // 3)),
                "-t",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                base_url,
                "--csv",
                f"{work}/load",
            ],
            cwd=BASE / "tools",
            check=False,  # locust exits 1 when any request failed: the table says which
            stdout=subprocess.DEVNULL,
        )
        with open(f"{work}/load_stats.csv", encoding="utf-8") as stats:
            return list(csv.DictReader(stats))


def lifecycles(base_url, token, township, petitioners, seconds):
    """Register → accept → reply → conclude through the API, by 2 clients at once, for `seconds`.

    Each petition is of the next of `petitioners` (person ids), round and round."""
    import itertools

    import requests

    from petitions.models import Category

    category = Category.objects.filter(parent__isnull=True).order_by("pk").first()
    done, errors = [0], [0]
    stop = time.monotonic() + seconds
    turns = itertools.cycle(petitioners)  # next() on it is atomic under the GIL

    def client():
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        while time.monotonic() < stop:
            answer = session.post(
                f"{base_url}/api/v1/petitions/",
                json={
                    "org_unit": township.pk,
                    "channel": "visit",
                    "received_on": date.today().isoformat(),
                    "nature": "claim",
                    "category": category.pk,
                    "facts": "基准测试：家庭纠纷",
                    "parties": [{"person": next(turns), "role": "petitioner"}],
                },
                timeout=60,
            )
            if answer.status_code != 201:
                errors[0] += 1
                print("register:", answer.status_code, answer.text[:300])
                continue
            pk = answer.json()["id"]
            ok = True
            for move, body in (
                ("accept", {}),
                ("reply", {"text": "已答复", "reply_method": "in_person"}),
                ("conclude", {"outcome": "explained", "settled_level": "township"}),
            ):
                answer = session.post(f"{base_url}/api/v1/petitions/{pk}/{move}/", json=body, timeout=60)
                if answer.status_code not in (200, 201):
                    errors[0] += 1
                    ok = False
                    print(move, answer.status_code, answer.text[:300])
                    break
            done[0] += ok

    started, busy = time.monotonic(), busy_cpu_seconds()
    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = (busy_cpu_seconds() - busy) * 1000 / max(done[0], 1) if busy is not None else None
    return done[0] / (time.monotonic() - started), errors[0], cpu


def cpu_note(cpu):
    return f"CPU {cpu:.0f} ms per lifecycle (whole machine)" if cpu is not None else ""


def busy_cpu_seconds():
    """The machine's CPU time spent busy so far (all processes: the app, PostgreSQL, Redis, the clients).

    Per lifecycle it is the cost that decides the rate once the cores are saturated, and it
    varies less from one run to the next than the rate does. None where /proc is not there."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
