"""Measure the app as production runs it, against the data `manage.py generate_data` made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_1m .venv/bin/python tools/bench.py [--requests 15]

Starts gunicorn (2 workers, DEBUG off) on a loopback port, signs in as the
synthetic city's manager, a township clerk and a superuser, and prints one
table: p50/p95 of each page over HTTP, and the queries each page runs
(counted once in-process with Django's test client against the same
database). Then the work summary built in-process beside the raw SQL of its
headline figures, and full petition lifecycles per second through the API
(register → accept → reply → conclude) with 2 clients. Bounded: about
`--requests` requests per page and `--lifecycle-seconds` of lifecycles.

With REDIS_URL set (server and this process share the cache), the dashboard's
rows are measured twice: the first request after a write (the figures computed)
and the cached requests that follow; the work summary likewise.
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
    from django.conf import settings

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
    python = str(BASE / ".venv/bin/python")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE, env=env, check=True)
    server = subprocess.Popen(
        [
            str(BASE / ".venv/bin/gunicorn"),
            "rights_office.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
        ],
        cwd=BASE,
        env=env,
    )
    return server, env


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
    parser.add_argument("--only", choices=["lifecycles"], help="measure only this part")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("set DATABASE_URL to the database generate_data filled")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

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
            first = []
            if cached:  # as after any write: the first request computes the figures, the rest read the cache
                figure_cache.bump()
            times = timed(sessions[who], base_url + url, args.requests, headers, first)
            queries = count_queries(users[who], url)
            if cached:
                figure_cache.bump()
                cold_queries = count_queries(users[who], url)
                rows.append((f"{label}, first request after a write (uncached)", first[0], first[0], cold_queries))
                label = f"{label}, cached"
            rows.append((label, statistics.median(times), percentile(times, 0.95), queries))
            print(f"  {label}: {rows[-1][1]:.0f} ms", flush=True)

        period = Period.year(year)
        summary_times, cached_times, raw_times = [], [], []
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
                cursor.execute(RAW_HEADLINE, [period.end, period.end, city.path + "%", period.start, period.end])
                cursor.fetchall()
            raw_times.append((time.perf_counter() - started) * 1000)

        rate, errors = lifecycles(base_url, tokens["gen_d1t1_handler"], township, person, args.lifecycle_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    if args.only == "lifecycles":
        print(
            f"| lifecycles/s through the API, 2 clients ({Petition.objects.count():,} petitions) | {rate:.1f} | errors: {errors} |"
        )
        return
    print(f"| page ({Petition.objects.count():,} petitions) | p50 ms | p95 ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, p50, p95, queries in rows:
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {queries} |")
    summary, raw = statistics.median(summary_times), statistics.median(raw_times)
    print(f"| work summary, city, year (in-process, computed) | {summary:.0f} | {max(summary_times):.0f} | |")
    label = "cached" if figure_cache.enabled() else "no cache: SUMMARY_CACHE_SECONDS=0"
    cached = statistics.median(cached_times)
    print(f"| work summary, city, year (in-process, {label}) | {cached:.0f} | {max(cached_times):.0f} | |")
    print(f"| raw SQL of its headline figures | {raw:.0f} | {max(raw_times):.0f} | 1 |")
    print(f"| summary ÷ raw SQL | {summary / raw:.1f}× computed, {cached / raw:.2f}× cached | | |")
    print(f"| lifecycles/s through the API, 2 clients | {rate:.1f} | errors: {errors} | |")


RAW_HEADLINE = """
SELECT count(*), sum(p.headcount), count(*) FILTER (WHERE p.concluded_on <= %s),
       count(*) FILTER (WHERE p.replied_on <= %s)
FROM petitions_petition p JOIN directory_orgunit u ON u.id = p.org_unit_id
WHERE u.path LIKE %s AND p.received_on BETWEEN %s AND %s AND p.voided_at IS NULL
"""


def lifecycles(base_url, token, township, person, seconds):
    """Register → accept → reply → conclude through the API, by 2 clients at once, for `seconds`."""
    import requests

    from petitions.models import Category

    category = Category.objects.filter(parent__isnull=True).order_by("pk").first()
    done, errors = [0], [0]
    stop = time.monotonic() + seconds

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
                    "parties": [{"person": person.pk, "role": "petitioner"}],
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

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), errors[0]


if __name__ == "__main__":
    main()
