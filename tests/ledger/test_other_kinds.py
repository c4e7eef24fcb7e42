"""Protection orders and assessor hearings; and every kind's own template imports as downloaded."""

from datetime import date

import pytest

from hardship.models import Assistance, Enrolment, Household, Programme
from hardship.services import create_programme, create_training_class
from ledger.blanks import template_csv, template_xlsx
from ledger.kinds import KINDS
from ledger.services import preview_file, run_import, undo_batch
from legal_aid.models import AssessorHearing, ProtectionOrder
from legal_aid.services import appoint_assessor
from outreach.models import Event

from .files import csv_bytes


@pytest.fixture
def assessor(manager_a, township_a):
    return appoint_assessor(
        by=manager_a, org_unit=township_a, full_name="张丽华", court="南雄市人民法院", appointed_on=date(2023, 1, 1)
    )


@pytest.fixture
def spring_visits(manager_a, township_a):
    return create_programme(
        by=manager_a, name="2025年春节慰问", kind=Programme.Kind.SPRING_FESTIVAL, year=2025, org_unit=township_a
    )


@pytest.fixture
def talent_class(manager_a, township_a):
    programme = create_programme(
        by=manager_a, name="2025年女子成才班", kind=Programme.Kind.WOMEN_CLASS, year=2025, org_unit=township_a
    )
    return create_training_class(
        by=manager_a, programme=programme, name="2025年女子成才班（家政）", starts_on=date(2025, 3, 1), capacity=2
    )


def _preview(user, unit, kind, data, name="台账.csv"):
    return preview_file(by=user, unit=unit, kind=kind, data=data, file_name=name)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_kinds_template_with_its_example_row_imports(
    kind, fmt, handler_a, township_a, assessor, spring_visits, talent_class
):
    data = (template_xlsx if fmt == "xlsx" else template_csv)(KINDS[kind])

    batch = _preview(handler_a, township_a, kind, data, name=f"模板.{fmt}")

    assert [row["errors"] for row in batch.rows] == [[]]
    batch = run_import(batch, by=handler_a)
    assert batch.counts["imported"] == 1


def test_a_granted_order_is_recorded_with_its_measures_and_expiry(handler_a, township_a):
    header = ["申请日期", "受害人", "被申请人", "申请人", "法院", "裁定结果", "裁定日期", "保护措施", "失效日期"]
    row = [
        "2025-5-6",
        "王玉兰",
        "李某",
        "妇联代为申请",
        "南雄市人民法院",
        "准予",
        "2025-5-8",
        "禁止家暴、禁止骚扰、责令迁出",
        "2025-11-7",
    ]
    run_import(_preview(handler_a, township_a, "protection_orders", csv_bytes([row], header=header)), by=handler_a)

    order = ProtectionOrder.objects.get()
    assert (order.decision, order.applicant, order.victim.full_name) == ("granted", "federation", "王玉兰")
    assert (order.ban_violence, order.ban_contact, order.move_out) == (True, True, True)
    assert order.expires_on == date(2025, 11, 7)
    assert order.reminder_on is not None


def test_a_granted_order_without_its_expiry_is_an_error(handler_a, township_a):
    header = ["申请日期", "受害人", "法院", "裁定结果", "裁定日期", "保护措施"]
    row = ["2025-5-6", "王玉兰", "南雄市人民法院", "准予", "2025-5-8", "禁止家暴"]
    batch = _preview(handler_a, township_a, "protection_orders", csv_bytes([row], header=header))

    assert [e["column"] for e in batch.rows[0]["errors"]] == ["失效日期"]


def test_hearings_name_an_assessor_of_the_importers_units_and_are_not_doubled(
    handler_a, manager_a, handler_b, township_a, assessor
):
    header = ["陪审员", "开庭日期", "案号", "案件类型", "案由", "涉及妇女权益"]
    data = csv_bytes([["张丽华", "2025-3-8", "(2025)粤0282民初1号", "民事", "离婚纠纷", "是"]], header=header)

    assert _preview(handler_b, township_a, "assessor_hearings", data).rows[0]["errors"][0]["column"] == "陪审员"
    batch = run_import(_preview(handler_a, township_a, "assessor_hearings", data), by=handler_a)
    hearing = AssessorHearing.objects.get()
    assert (hearing.assessor, hearing.court, hearing.women_involved) == (assessor, "南雄市人民法院", True)
    assert _preview(handler_a, township_a, "assessor_hearings", data).counts["duplicate"] == 1
    undo_batch(batch=batch, by=manager_a, reason="测试")
    assert AssessorHearing.objects.active().count() == 0


def test_a_condolence_ledger_registers_the_household_once_and_records_each_visit(
    handler_a, manager_a, township_a, spring_visits
):
    header = ["帮扶项目", "慰问日期", "户主", "联系电话", "家庭人口", "单亲", "慰问金", "慰问物品", "物品价值"]
    rows = [
        ["2025年春节慰问", "2025-1-20", "刘桂芳", "13912345678", 3, "是", "500", "大米", "200"],
        ["2025年春节慰问", "2025-1-27", "刘桂芳", "13912345678", 3, "是", "300", "", ""],
        ["不存在的项目", "2025-1-27", "黄玉兰", "", 1, "", "", "", ""],
    ]
    batch = _preview(handler_a, township_a, "assistance", csv_bytes(rows, header=header))
    assert batch.rows[2]["errors"][0]["column"] == "帮扶项目"

    batch = run_import(_preview(handler_a, township_a, "assistance", csv_bytes(rows[:2], header=header)), by=handler_a)

    household = Household.objects.get()
    assert (household.head.full_name, household.size, household.is_single_parent) == ("刘桂芳", 3, True)
    assert sorted(str(a.cash) for a in Assistance.objects.all()) == ["300.00", "500.00"]
    undo_batch(batch=batch, by=manager_a, reason="测试")
    assert Assistance.objects.active().count() == 0


def test_an_outreach_ledger_records_each_event_with_its_laws_and_audience(handler_a, township_a):
    header = ["活动日期", "活动名称", "活动形式", "宣传法律", "受众人数", "发放资料"]
    rows = [
        ["2025.3.8", "三八维权周宣传", "广场宣传", "《反家庭暴力法》、妇女权益保障法", "300人", 500],
        ["2025.6.26", "禁毒日宣传", "宣传", "不存在的法", "", ""],
    ]
    batch = _preview(handler_a, township_a, "outreach_events", csv_bytes(rows, header=header))
    assert batch.rows[1]["errors"][0]["column"] == "宣传法律"

    run_import(_preview(handler_a, township_a, "outreach_events", csv_bytes(rows[:1], header=header)), by=handler_a)

    event = Event.objects.get()
    assert (event.held_on, event.kind, event.audience, event.leaflets) == (date(2025, 3, 8), "public_place", 300, 500)
    assert sorted(law.name for law in event.laws.all()) == ["反家庭暴力法", "妇女权益保障法"]


def test_a_class_ledger_enrols_graduates_and_records_the_job_of_each_student(handler_a, township_a, talent_class):
    header = ["培训班", "报名日期", "学员", "联系电话", "结业日期", "就业单位", "就业日期"]
    rows = [
        ["2025年女子成才班（家政）", "2025-3-1", "黄玉兰", "13912340001", "2025-5-30", "南雄家政公司", "2025-6-10"],
        ["2025年女子成才班（家政）", "2025-3-1", "刘桂芳", "13912340002", "", "南雄家政公司", ""],
    ]
    batch = _preview(handler_a, township_a, "enrolments", csv_bytes(rows, header=header))
    assert [e["column"] for e in batch.rows[1]["errors"]] == ["就业单位"]

    run_import(_preview(handler_a, township_a, "enrolments", csv_bytes(rows[:1], header=header)), by=handler_a)

    enrolment = Enrolment.objects.get()
    assert (enrolment.student.full_name, enrolment.status) == ("黄玉兰", Enrolment.Status.GRADUATED)
    assert (enrolment.employer, enrolment.employed_on) == ("南雄家政公司", date(2025, 6, 10))
