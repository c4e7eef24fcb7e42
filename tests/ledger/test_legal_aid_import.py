"""Importing a legal-aid ledger: each row a case through legal_aid's services."""

from datetime import date
from decimal import Decimal

from ledger.services import preview_file, run_import, undo_batch
from legal_aid.models import LegalAidCase
from tests.factories import valid_id_number

from .files import csv_bytes, xlsx_bytes

HEADER = [
    "序号",
    "受理日期",
    "受援人",
    "身份证号码",
    "援助形式",
    "案由",
    "援助依据",
    "免费代理",
    "决定日期",
    "承办律师",
    "结案日期",
    "结案结果",
    "挽回经济损失",
]


def _rows():
    return [
        [
            1,
            "2025年2月3日",
            "黄玉兰",
            valid_id_number(date(1985, 2, 3)),
            "诉讼代理",
            "离婚",
            "家庭暴力",
            "是",
            "2025-2-5",
            "陈律师",
            "2025-6-30",
            "胜诉",
            "12,000",
        ],
        [2, "2025/04/10", "刘桂芳", "", "法律咨询", "继承", "经济困难", "否", "", "", "", "", ""],
    ]


def _preview(user, unit, data, name="法律援助台账.csv"):
    return preview_file(by=user, unit=unit, kind="legal_aid", data=data, file_name=name)


def test_a_legal_aid_ledger_opens_decides_assigns_and_closes_each_case_as_its_row_says(handler_a, township_a):
    batch = _preview(handler_a, township_a, xlsx_bytes(_rows()[:1], header=HEADER), name="法律援助台账.xlsx")
    assert batch.counts["new"] == 1

    run_import(batch, by=handler_a)

    case = LegalAidCase.objects.get()
    assert (case.org_unit, case.client.full_name, case.aid_form, case.cause) == (
        township_a,
        "黄玉兰",
        "litigation",
        "divorce",
    )
    assert case.provider == LegalAidCase.Provider.FEDERATION
    assert (case.status, case.outcome, case.money_recovered) == ("closed", "won", Decimal("12000.00"))
    assert case.decision_due_on is not None
    assert case.lawyer_name == "陈律师"


def test_financial_hardship_without_the_proof_seen_is_an_error_of_its_row(handler_a, township_a):
    batch = _preview(handler_a, township_a, csv_bytes(_rows(), header=HEADER))

    assert batch.counts == {"new": 1, "duplicate": 0, "error": 1, "people_found": 0}
    assert batch.rows[1]["errors"][0]["column"] == "困难证明"


def test_a_reimported_legal_aid_ledger_doubles_nothing_and_undo_voids_the_cases(handler_a, manager_a, township_a):
    data = csv_bytes(_rows()[:1], header=HEADER)
    batch = run_import(_preview(handler_a, township_a, data), by=handler_a)

    assert _preview(handler_a, township_a, data).counts["duplicate"] == 1
    undo_batch(batch=batch, by=manager_a, reason="测试")
    assert LegalAidCase.objects.active().count() == 0
