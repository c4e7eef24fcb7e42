"""Benchmark: preview and import of a large petitions ledger (default 50,000 rows).

    DATABASE_URL=sqlite:////tmp/bench_ledger.sqlite3 .venv/bin/python tools/bench_ledger.py [--rows 50000] [--format csv|xlsx] [--preview-only] [--debug]

Migrates the database, makes a township and a clerk, generates a GBK CSV (or
an XLSX) ledger, and prints for each step the wall time, the peak Python memory
(resident set size of the process so far) and the queries: reading and checking every row (`preview_file`),
and importing them all in one transaction (`run_import`). Numbers, not assertions.
"""

import argparse
import csv
import io
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# As in production: with DEBUG on, Django keeps the text of every query (the batch's
# rows included) in memory, which is not what an office's server does.
settings.DEBUG = "--debug" in sys.argv

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from directory.models import OrgUnit, Role  # noqa: E402
from directory.services import assign_staff  # noqa: E402
from ledger.models import ImportBatch  # noqa: E402
from ledger.services import preview_file, run_import  # noqa: E402

HEADER = [
    "序号",
    "登记日期",
    "来访人",
    "身份证号码",
    "联系电话",
    "信访形式",
    "问题类别",
    "反映问题",
    "诉求",
    "办结日期",
]
CATEGORIES = ["婚姻家庭/家庭暴力", "婚姻家庭/离婚", "财产权益/继承", "劳动和社会保障权益/劳动权益", "其他/咨询"]


def rows(n: int):
    start = date(2025, 1, 2)
    for i in range(n):
        body = f"440282{date(1960, 1, 1) + timedelta(days=i % 15000):%Y%m%d}{i % 1000:03d}"
        received = start + timedelta(days=i % 330)
        yield [
            i + 1,
            received.isoformat(),
            "陈李黄张刘王"[i % 6] + "秀英玉兰桂芳"[i % 3 * 2 : i % 3 * 2 + 2],
            body + ric.calc_check_digit(body + "0"),
            f"13{i % 7 + 3}{i:08d}",
            ["来访", "来信", "电话", "12338"][i % 4],
            CATEGORIES[i % len(CATEGORIES)],
            f"第{i}件：丈夫酗酒后殴打她，邻居可以作证。",
            "要求制止家暴",
            (received + timedelta(days=20)).isoformat() if i % 3 else "",
        ]


def make_file(n: int, fmt: str) -> bytes:
    if fmt == "xlsx":
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["2025年信访工作台账"])
        sheet.append(HEADER)
        for row in rows(n):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(n))
    return out.getvalue().encode("gbk")


def reporter(label, started):
    def progress(done, total):
        if done % 5000 == 0:
            print(f"  {label}: {done} rows after {time.perf_counter() - started:.0f} s", flush=True)

    return progress


def step(label, fn):
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        result = fn(started)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<34} {elapsed:>8.1f} s   peak RSS {peak:>7.1f} MiB (before: {before:.1f})   {queries[0]:>8} queries",
        flush=True,
    )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--debug", action="store_true", help="keep DEBUG on (each query's text kept in memory)")
    parser.add_argument("--preview-only", action="store_true", help="check the rows, import nothing")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    city, _ = OrgUnit.objects.get_or_create(code="440282000000", defaults={"name": "南雄市", "level": 1})
    unit, _ = OrgUnit.objects.get_or_create(
        code="440282001000", defaults={"name": "雄州街道", "level": 3, "parent": city}
    )
    user, _ = get_user_model().objects.get_or_create(username="bench_clerk")
    assign_staff(user=user, org_unit=unit, role=Role.CLERK)
    data = make_file(args.rows, args.format)
    print(f"{args.rows} rows, {args.format}, {len(data) / 2**20:.1f} MiB, database {connection.vendor}")
    batch = step(
        "preview (read + check every row)",
        lambda started: preview_file(
            by=user,
            unit=unit,
            kind="petitions",
            data=data,
            file_name=f"bench.{args.format}",
            progress=reporter("preview", started),
        ),
    )
    print(f"  counts {batch.counts}")
    if args.preview_only:
        return
    batch = step(
        "import (one transaction)", lambda started: run_import(batch, by=user, progress=reporter("import", started))
    )
    print(f"  counts {batch.counts}; batches in the database: {ImportBatch.objects.count()}")


if __name__ == "__main__":
    main()
