"""Benchmark: how long the work summary, the report and the dashboard take on the demo data.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python tools/bench_reporting.py [--seed]

Prints, for the demo city and one township, the queries and the median of a
few runs for: build_summary, the narrative with its tables, the DOCX/PDF/XLSX
files, and the dashboard page as a manager gets it. Numbers, not assertions:
the targets ("well under a second") are read off this output.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from directory.models import OrgUnit  # noqa: E402
from directory.periods import Period  # noqa: E402
from reporting.narrative import document_for  # noqa: E402
from reporting.render import render_docx, render_pdf, render_xlsx  # noqa: E402
from reporting.summary import build_summary  # noqa: E402

RUNS = 5


def measure(label, fn):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not CaptureQueriesContext: a request resets the connection's query log when it starts.
    with connection.execute_wrapper(count):
        fn()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<48} {len(queries):>4} queries  {statistics.median(times) * 1000:>8.1f} ms (median of {RUNS})")


def main():
    if "--seed" in sys.argv:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--year", "2025", verbosity=0)
    period, today = Period.year_to(2025, 9), date(2025, 10, 8)
    city = OrgUnit.objects.get(code="440282000000")
    township = OrgUnit.objects.filter(parent=city).order_by("path").first()
    for unit in (city, township):
        measure(f"build_summary({unit.name})", lambda u=unit: build_summary(u, period, today=today))
        measure(
            f"narrative + tables zh-hans ({unit.name})", lambda u=unit: document_for(u, period, "zh-hans", today=today)
        )
    _summary, document = document_for(city, period, "zh-hans", today=today)
    measure("DOCX of the city's report", lambda: render_docx(document))
    measure("PDF of the city's report", lambda: render_pdf(document))
    measure("XLSX of the city's report", lambda: render_xlsx(document))
    client = Client()
    client.force_login(get_user_model().objects.get(username="nx_manager"))
    url = f"/reports/dashboard/?unit={city.pk}&kind=ytd&year=2025&month=9"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    measure("dashboard page, 南雄市 (HTTP GET)", lambda: client.get(url))


if __name__ == "__main__":
    main()
