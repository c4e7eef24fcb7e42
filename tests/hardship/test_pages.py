"""Every page and form, as users in township A and B see them."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import AccessLog, Person
from hardship.models import Assistance, Enrolment, Household, HousingUnit, Programme, Receipt
from hardship.services import create_housing_unit, create_training_class, enrol_student, record_assistance
from tests.factories import PersonFactory, valid_id_number

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def programme_data(unit, **overrides):
    data = {
        "name": "2025年春节慰问",
        "kind": "spring_festival",
        "year": "2025",
        "org_unit": unit.pk,
        "budget": "8000.00",
        "starts_on": "2025-01-10",
        "ends_on": "2025-02-10",
        "description": "",
        "fund_higher_federation": "5000",
        "fund_city_finance": "3000",
    }
    data.update(overrides)
    return data


def test_handler_opens_a_programme_with_funding_sources(client_for, handler_a, township_a):
    response = client_for(handler_a).post("/hardship/programmes/new/", programme_data(township_a))
    programme = Programme.objects.get()
    assert response.status_code == 302 and response.url == f"/hardship/programmes/{programme.pk}/"
    assert programme.budget == Decimal("8000.00") and programme.created_by == handler_a
    assert programme.history.get().history_user == handler_a
    page = client_for(handler_a).get(response.url).content.decode()
    assert "上级妇联 5,000.00" in page and 'data-money="remaining">8,000.00' in page


def test_a_budget_that_differs_from_its_funding_is_refused_with_the_input_kept(client_for, handler_a, township_a):
    response = client_for(handler_a).post("/hardship/programmes/new/", programme_data(township_a, budget="9000"))
    page = response.content.decode()
    assert response.status_code == 200 and "8000" in page and "2025年春节慰问" in page
    assert not Programme.objects.exists()


def test_clerk_cannot_open_a_programme(client_for, clerk_a, township_a):
    response = client_for(clerk_a).post("/hardship/programmes/new/", programme_data(township_a))
    assert response.status_code == 403 and not Programme.objects.exists()


def test_programme_of_another_township_is_404(client_for, handler_b, spring):
    client = client_for(handler_b)
    assert client.get(f"/hardship/programmes/{spring.pk}/").status_code == 404
    assert client.post(f"/hardship/programmes/{spring.pk}/edit/", programme_data(spring.org_unit)).status_code == 404
    assert client.get(f"/hardship/programmes/{spring.pk}/assistance/new/").status_code == 404


def test_stale_programme_edit_is_refused_and_the_input_kept(client_for, handler_a, spring):
    Programme.objects.filter(pk=spring.pk).update(version=5)
    data = programme_data(spring.org_unit, name="改了的名字", seen_version=1)
    response = client_for(handler_a).post(f"/hardship/programmes/{spring.pk}/edit/", data)
    assert response.status_code == 200 and "有其他人保存了这条记录" in response.content.decode()
    assert "改了的名字" in response.content.decode()
    spring.refresh_from_db()
    assert spring.name == "2025年春节慰问单亲特困母亲"


def visit_data(household, **overrides):
    data = {
        "household": household.pk,
        "kind": "visit",
        "given_on": "2025-01-24",
        "cash": "500.00",
        "goods": "大米一袋、食用油一桶",
        "goods_value": "150.00",
        "visited_by": "黄美玲、陈秀英",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_clerk_records_a_visit_with_a_scanned_receipt(client_for, clerk_a, spring, make_household):
    household = make_household()
    receipt = SimpleUploadedFile("回执.pdf", PDF, content_type="application/pdf")
    response = client_for(clerk_a).post(
        f"/hardship/programmes/{spring.pk}/assistance/new/", {**visit_data(household), "receipt": receipt}
    )
    assert response.status_code == 302
    visit = Assistance.objects.get()
    assert (visit.cash, visit.goods_value, visit.created_by) == (Decimal("500.00"), Decimal("150.00"), clerk_a)
    assert visit.history.get().history_user == clerk_a
    assert Receipt.objects.get().assistance == visit
    page = client_for(clerk_a).get(f"/hardship/programmes/{spring.pk}/").content.decode()
    assert 'data-money="spent">650.00' in page


def test_a_second_visit_shows_the_first_and_needs_a_tick(client_for, clerk_a, spring, make_household):
    household = make_household()
    client = client_for(clerk_a)
    client.post(f"/hardship/programmes/{spring.pk}/assistance/new/", visit_data(household))
    again = client.post(f"/hardship/programmes/{spring.pk}/assistance/new/", visit_data(household, cash="300"))
    page = again.content.decode()
    assert again.status_code == 200 and "已在本项目中帮扶过" in page and "2025-01-24" in page
    assert 'value="300' in page and Assistance.objects.count() == 1
    client.post(
        f"/hardship/programmes/{spring.pk}/assistance/new/", visit_data(household, cash="300", confirm_repeat="on")
    )
    assert Assistance.objects.count() == 2


def test_a_receipt_that_is_not_a_document_is_refused(client_for, clerk_a, spring, make_household):
    response = client_for(clerk_a).post(
        f"/hardship/programmes/{spring.pk}/assistance/new/",
        {**visit_data(make_household()), "receipt": SimpleUploadedFile("x.pdf", b"#!/bin/sh\n")},
    )
    assert response.status_code == 200 and not Assistance.objects.exists()


def test_receipt_is_downloaded_with_a_log_and_hidden_from_another_township(
    client_for, clerk_a, clerk_b, handler_a, spring, make_household
):
    visit = record_assistance(
        by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, 2), cash=Decimal(100)
    )
    client = client_for(clerk_a)
    assert client.get(f"/hardship/assistance/{visit.pk}/receipts/").status_code == 405
    client.post(f"/hardship/assistance/{visit.pk}/receipts/", {"file": SimpleUploadedFile("r.pdf", PDF)})
    receipt = Receipt.objects.get()
    download = client.get(f"/hardship/receipts/{receipt.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(action="download").count() == 1
    other = client_for(clerk_b)
    assert other.get(f"/hardship/receipts/{receipt.pk}/").status_code == 404
    assert other.get(f"/hardship/assistance/{visit.pk}/").status_code == 404


def test_new_household_head_is_checked_for_duplicates_with_scores(client_for, clerk_a, village_a):
    PersonFactory(org_unit=village_a, full_name="别人", phone="13712345678")
    data = {
        "head-full_name": "邓春梅",
        "head-gender": "F",
        "head-id_number": valid_id_number(date(1979, 4, 2)),
        "head-phone": "13712345678",
        "org_unit": village_a.pk,
        "size": "3",
        "is_single_parent": "on",
        "is_extremely_poor": "on",
    }
    client = client_for(clerk_a)
    first = client.post("/hardship/households/new/", data)
    page = first.content.decode()
    assert first.status_code == 200 and "可能重复" in page and "别人" in page and "<b>60</b>" in page
    assert not Household.objects.exists()
    second = client.post("/hardship/households/new/", {**data, "confirm_new": "on"})
    household = Household.objects.get()
    assert second.url == f"/hardship/households/{household.pk}/"
    assert household.head.full_name == "邓春梅" and household.head.org_unit == village_a
    assert household.is_single_parent and household.size == 3
    assert household.history.get().history_user == clerk_a


def test_an_existing_person_is_chosen_as_head_and_cannot_head_two_households(client_for, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a)
    data = {"org_unit": village_a.pk, "size": "2", "use_person": person.pk, "head-full_name": ""}
    client = client_for(clerk_a)
    response = client.post("/hardship/households/new/", data)
    household = Household.objects.get(head=person)
    assert response.url == f"/hardship/households/{household.pk}/"
    again = client.post("/hardship/households/new/", data)
    assert again.url == f"/hardship/households/{household.pk}/" and Household.objects.count() == 1
    assert Person.objects.count() == 1


def test_household_registered_from_a_programme_goes_on_to_the_visit_form(client_for, clerk_a, village_a, spring):
    person = PersonFactory(org_unit=village_a)
    data = {"org_unit": village_a.pk, "size": "2", "use_person": person.pk, "programme": spring.pk}
    response = client_for(clerk_a).post("/hardship/households/new/", data)
    household = Household.objects.get()
    assert response.url == f"/hardship/programmes/{spring.pk}/assistance/new/?household={household.pk}"


def test_household_page_masks_identifiers_for_a_manager_and_logs_the_view(client_for, manager_a, make_household):
    household = make_household()
    page = client_for(manager_a).get(f"/hardship/households/{household.pk}/").content.decode()
    assert household.head.id_number not in page and household.head.id_number[-4:] in page
    assert AccessLog.objects.get(action="view").object_id == str(household.pk)


def test_household_of_another_township_is_404(client_for, clerk_b, make_household):
    household = make_household()
    assert client_for(clerk_b).get(f"/hardship/households/{household.pk}/").status_code == 404
    assert client_for(clerk_b).post(f"/hardship/households/{household.pk}/edit/", {}).status_code == 404


def test_housing_unit_moves_through_its_steps_and_refuses_a_skip(client_for, handler_a, housing, make_household):
    client = client_for(handler_a)
    response = client.post(
        f"/hardship/programmes/{housing.pk}/housing/new/",
        {
            "household": make_household().pk,
            "address": "八一社区新村8号",
            "planned_on": "2025-03-01",
            "planned_cost": "30000",
            "fund_higher_federation": "20000",
            "fund_donations": "10000",
        },
    )
    unit = HousingUnit.objects.get()
    assert response.url == f"/hardship/housing/{unit.pk}/"
    skip = client.post(f"/hardship/housing/{unit.pk}/advance/", {"to": "completed", "on": "2025-09-01"})
    assert skip.status_code == 302
    unit.refresh_from_db()
    assert unit.status == "planned"
    client.post(f"/hardship/housing/{unit.pk}/advance/", {"to": "building", "on": "2025-04-01"})
    client.post(
        f"/hardship/housing/{unit.pk}/advance/", {"to": "completed", "on": "2025-09-01", "actual_cost": "31000"}
    )
    unit.refresh_from_db()
    assert (unit.status, unit.completed_on, unit.actual_cost) == ("completed", date(2025, 9, 1), Decimal("31000.00"))
    assert unit.history.first().history_user == handler_a
    assert client.get(f"/hardship/housing/{unit.pk}/advance/").status_code == 405


def test_clerk_cannot_move_a_housing_unit_and_another_township_gets_404(
    client_for, clerk_a, handler_a, handler_b, housing, make_household
):
    unit = create_housing_unit(
        by=handler_a,
        programme=housing,
        household=make_household(),
        address="x",
        planned_on=date(2025, 3, 1),
        planned_cost=Decimal(1),
    )
    step = {"to": "building", "on": "2025-04-01"}
    assert client_for(clerk_a).post(f"/hardship/housing/{unit.pk}/advance/", step).status_code == 403
    assert client_for(handler_b).post(f"/hardship/housing/{unit.pk}/advance/", step).status_code == 404
    unit.refresh_from_db()
    assert unit.status == "planned"


def test_a_full_class_says_so_and_a_graduate_is_followed_to_work(
    client_for, handler_a, women_class, make_household, village_a
):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=1
    )
    household = make_household(is_low_income=True)
    other = PersonFactory(org_unit=village_a)
    client = client_for(handler_a)
    client.post(
        f"/hardship/classes/{klass.pk}/enrol/",
        {"student_id_number": household.head.id_number, "enrolled_on": "2025-03-01"},
    )
    full = client.post(
        f"/hardship/classes/{klass.pk}/enrol/",
        {"student_id_number": other.id_number, "enrolled_on": "2025-03-01"},
        follow=True,
    )
    assert "班级已满" in full.content.decode()
    enrolment = Enrolment.objects.get()
    assert enrolment.household == household
    for step, data in [
        ("graduate", {"on": "2025-07-01"}),
        ("employ", {"on": "2025-08-01", "employer": "南雄市电子厂"}),
        ("lifted", {"on": "2025-12-01"}),
    ]:
        assert client.post(f"/hardship/enrolments/{enrolment.pk}/{step}/", data).status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.employer, enrolment.lifted_out_on) == (
        "graduated",
        "南雄市电子厂",
        date(2025, 12, 1),
    )
    assert enrolment.history.first().history_user == handler_a


def test_enrolment_steps_are_post_only_role_gated_and_scoped(
    client_for, clerk_a, handler_a, handler_b, women_class, village_a
):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=5
    )
    enrolment = enrol_student(
        by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a), enrolled_on=date(2025, 3, 1)
    )
    url = f"/hardship/enrolments/{enrolment.pk}/graduate/"
    assert client_for(handler_a).get(url).status_code == 405
    assert client_for(clerk_a).post(url, {"on": "2025-07-01"}).status_code == 403
    assert client_for(handler_b).post(url, {"on": "2025-07-01"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_voiding_needs_a_reason_and_removes_the_money_from_spent(client_for, handler_a, spring, make_household):
    visit = record_assistance(
        by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, 2), cash=Decimal(400)
    )
    client = client_for(handler_a)
    assert client.get(f"/hardship/assistance/{visit.pk}/void/").status_code == 405
    client.post(f"/hardship/assistance/{visit.pk}/void/", {"reason": ""})
    visit.refresh_from_db()
    assert not visit.is_voided
    client.post(f"/hardship/assistance/{visit.pk}/void/", {"reason": "录入重复"})
    visit.refresh_from_db()
    assert visit.is_voided and visit.history.first().history_user == handler_a
    assert Programme.objects.with_money().get(pk=spring.pk).spent == 0


def test_voiding_is_for_handlers_and_scoped(client_for, clerk_a, handler_b, spring):
    assert client_for(clerk_a).post(f"/hardship/programme/{spring.pk}/void/", {"reason": "x"}).status_code == 403
    assert client_for(handler_b).post(f"/hardship/programme/{spring.pk}/void/", {"reason": "x"}).status_code == 404
    spring.refresh_from_db()
    assert not spring.is_voided


def test_assistance_export_is_logged_and_refused_to_clerks(client_for, clerk_a, handler_a, spring, make_household):
    record_assistance(
        by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, 2), cash=Decimal(100)
    )
    assert client_for(clerk_a).get("/hardship/assistance/", {"format": "csv"}).status_code == 403
    response = client_for(handler_a).get("/hardship/assistance/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert len(rows) == 2 and rows[1][0] == "2025-01-02" and rows[1][6] == "100.00"
    assert AccessLog.objects.get(action="export").detail["rows"] == 1


def test_household_list_filters_and_hides_another_township(client_for, clerk_a, make_household, village_b, handler_b):
    make_household(name="单亲甲", is_single_parent=True)
    make_household(name="低保乙", is_low_income=True)
    make_household(name="别镇丙", unit=village_b, by=handler_b)
    page = client_for(clerk_a).get("/hardship/households/", {"is_single_parent": "true"}).content.decode()
    assert "单亲甲" in page and "低保乙" not in page and "别镇丙" not in page


LISTS = [
    ("/hardship/", 4),  # session, user with her staff profile, count, rows with money
    ("/hardship/households/", 4),  # session, user with her staff profile, count, rows
    ("/hardship/assistance/", 5),  # … and the unit filter's choices
    ("/hardship/housing/", 5),
    ("/hardship/enrolments/", 5),
]


@pytest.mark.parametrize("n", [2, 7])
@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_lists_run_a_fixed_number_of_queries(
    client_for, handler_a, django_assert_num_queries, make_household, spring, housing, women_class, url, queries, n
):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=50
    )
    for i in range(n):
        household = make_household(name=f"户{i}")
        record_assistance(
            by=handler_a, programme=spring, household=household, given_on=date(2025, 1, 2), cash=Decimal(1)
        )
        create_housing_unit(
            by=handler_a,
            programme=housing,
            household=household,
            address=f"{i}号",
            planned_on=date(2025, 3, 1),
            planned_cost=Decimal(1),
        )
        enrol_student(
            by=handler_a,
            training_class=klass,
            student=household.head,
            household=household,
            enrolled_on=date(2025, 3, 1),
        )
    client = client_for(handler_a)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_programme_page_runs_a_fixed_number_of_queries(
    client_for, handler_a, django_assert_num_queries, make_household, spring, n
):
    for i in range(n):
        record_assistance(
            by=handler_a,
            programme=spring,
            household=make_household(name=f"户{i}"),
            given_on=date(2025, 1, 2),
            cash=Decimal(1),
        )
    client = client_for(handler_a)
    with django_assert_num_queries(7):
        assert client.get(f"/hardship/programmes/{spring.pk}/").status_code == 200


def test_an_id_number_registered_in_another_township_is_refused_with_the_input_kept(
    client_for, clerk_a, village_a, village_b
):
    elsewhere = PersonFactory(org_unit=village_b)
    data = {
        "head-full_name": "邓春梅",
        "head-gender": "F",
        "head-id_number": elsewhere.id_number,
        "org_unit": village_a.pk,
        "size": "3",
        "income_notes": "打零工",
    }
    response = client_for(clerk_a).post("/hardship/households/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "邓春梅" in page and "打零工" in page
    assert "该身份证号已在其他单位登记" in page and not Household.objects.exists()
