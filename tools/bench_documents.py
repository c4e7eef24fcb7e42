"""Benchmark: how long one official document takes to generate, as DOCX and as PDF.

    .venv/bin/python tools/bench_documents.py

Renders the shipped acceptance notice (text only), the legal-aid application
summary (a two-column form) and a sign-in sheet of 40 rows, and prints the
median of a few runs and the file sizes. No database is needed: the texts are
filled with made-up values, as the issuing service fills them from a record.
The first PDF of a process also registers the fonts; it is reported apart.
"""

import importlib
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

from documents.document import OfficialDocument, Sheet, paragraphs_of  # noqa: E402
from documents.placeholders import fill  # noqa: E402
from documents.render import render_docx, render_pdf  # noqa: E402

RUNS = 7
SHIPPED = importlib.import_module("documents.migrations.0002_default_templates").DEFAULTS
VALUES = {
    "信访人": "陈秀英",
    "信访编号": "440282001-2025-0012",
    "来信来访日期": "二〇二五年三月三日",
    "信访形式": "来访",
    "信访事项": "丈夫长期酗酒后殴打她，邻居可以作证。" * 3,
    "受理日期": "二〇二五年三月三日",
    "办结期限": "二〇二五年五月六日",
    "承办人": "李敏",
    "申请人": "李秀兰",
    "申请日期": "二〇二五年三月三日",
    "决定期限": "二〇二五年三月十日",
    "案由": "家庭暴力",
    "援助形式": "诉讼代理",
    "案件编号": "LA-2025-0003",
    "活动名称": "三八维权周法律宣传进社区",
    "活动日期": "二〇二五年三月八日",
    "活动地点": "八一社区文化室",
    "主办单位": "雄州街道",
}


def document(kind, sheet=None):
    title, word, body = SHIPPED[kind]
    return OfficialDocument(
        issuer="雄州街道妇联",
        title=title,
        number=f"雄妇〔2025〕{word}字第12号" if word else "",
        paragraphs=paragraphs_of(fill(body, VALUES)),
        dated=date(2025, 3, 8),
        sheet=sheet,
    )


def measure(label, render, doc):
    times, size = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        size = len(render(doc))
        times.append(time.perf_counter() - started)
    print(
        f"{label:<44} median {statistics.median(times) * 1000:7.1f} ms   max {max(times) * 1000:7.1f} ms   {size / 1024:6.1f} KB"
    )


def main():
    started = time.perf_counter()
    render_pdf(document("petition_acceptance"))
    print(f"{'first PDF of the process (registers fonts)':<44} {(time.perf_counter() - started) * 1000:7.1f} ms")
    form = Sheet(columns=["项目", "内容"], rows=[[f"项目{i}", "内容" * 10] for i in range(14)], widths=[1, 3])
    sign_in = Sheet(
        columns=["序号", "姓名", "单位/村（社区）", "联系电话", "签名"],
        rows=[[str(i), "", "", "", ""] for i in range(1, 41)],
        widths=[1, 2, 4, 3, 2],
        row_height_mm=9,
    )
    for label, doc in (
        ("acceptance notice", document("petition_acceptance")),
        ("legal-aid application summary", document("legal_aid_application", form)),
        ("sign-in sheet, 40 rows", document("outreach_sign_in", sign_in)),
    ):
        measure(f"{label}: DOCX", render_docx, doc)
        measure(f"{label}: PDF", render_pdf, doc)


if __name__ == "__main__":
    main()
