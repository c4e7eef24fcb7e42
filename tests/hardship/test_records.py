"""Household edits and members, class edits, exports and the home panel."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hardship.models import Household, HouseholdMember, TrainingClass
from hardship.services import create_training_class, enrol_student, record_assistance
from tests.factories import PersonFactory, UserFactory


def household_data(household, **overrides):
    data = {
        "org_unit": household.org_unit_id,
        "size": "4",
        "is_single_parent": "on",
        "income_notes": "务农，年收入约八千元",
        "notes": "",
        "seen_version": household.version,
    }
    data.update(overrides)
    return data


def test_clerk_edits_a_household_and_history_shows_what_changed(client_for, clerk_a, make_household):
    household = make_household(size=2)
    client = client_for(clerk_a)
    assert client.post(f"/hardship/households/{household.pk}/edit/", household_data(household)).status_code == 302
    household.refresh_from_db()
    assert (household.size, household.is_single_parent, household.version) == (4, True, 2)
    page = client.get(f"/hardship/households/{household.pk}/").content.decode()
    assert "2 → 4" in page and household.history.first().history_user == clerk_a


def test_stale_household_edit_is_refused(client_for, clerk_a, make_household):
    household = make_household(size=2)
    Household.objects.filter(pk=household.pk).update(version=3)
    response = client_for(clerk_a).post(f"/hardship/households/{household.pk}/edit/", household_data(household))
    assert response.status_code == 200 and "有其他人保存了这条记录" in response.content.decode()
    household.refresh_from_db()
    assert household.size == 2


def test_a_member_is_added_by_id_number_once(client_for, clerk_a, make_household, village_a):
    household = make_household()
    daughter = PersonFactory(org_unit=village_a, full_name="钟小红")
    client = client_for(clerk_a)
    url = f"/hardship/households/{household.pk}/members/"
    assert client.get(url).status_code == 405
    client.post(url, {"id_number": daughter.id_number, "relation": "女儿"})
    again = client.post(url, {"id_number": daughter.id_number, "relation": "女儿"}, follow=True)
    assert "已是该家庭成员" in again.content.decode()
    member = HouseholdMember.objects.get()
    assert (member.person, member.relation) == (daughter, "女儿")
    assert member.history.get().history_user == clerk_a
    assert "钟小红 (女儿)" in client.get(f"/hardship/households/{household.pk}/").content.decode()


def test_a_member_from_another_township_cannot_be_added(client_for, clerk_a, make_household, village_b):
    household = make_household()
    stranger = PersonFactory(org_unit=village_b)
    client_for(clerk_a).post(
        f"/hardship/households/{household.pk}/members/", {"id_number": stranger.id_number, "relation": "女儿"}
    )
    assert not HouseholdMember.objects.exists()


def test_staff_without_a_role_cannot_record_a_visit(client, spring, make_household):
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/hardship/programmes/{spring.pk}/assistance/new/", {"household": make_household().pk})
    assert response.status_code == 403


def test_class_capacity_cannot_drop_below_the_places_taken(client_for, handler_a, women_class, village_a):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=5
    )
    for _ in range(3):
        enrol_student(
            by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a), enrolled_on=date(2025, 3, 1)
        )
    data = {"name": "一期", "starts_on": "2025-03-01", "capacity": "2", "cost": "0", "seen_version": klass.version}
    response = client_for(handler_a).post(f"/hardship/classes/{klass.pk}/edit/", data)
    assert response.status_code == 200 and "已有 3 名学员占用名额" in response.content.decode()
    klass.refresh_from_db()
    assert klass.capacity == 5
    client_for(handler_a).post(f"/hardship/classes/{klass.pk}/edit/", {**data, "capacity": "30"})
    assert TrainingClass.objects.get().capacity == 30


def test_household_xlsx_export_masks_id_numbers_for_a_manager(client_for, manager_a, make_household):
    household = make_household()
    response = client_for(manager_a).get("/hardship/households/", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:2] == ("户主", "身份证号") and len(rows) == 2
    assert rows[1][1] != household.head.id_number and rows[1][1].endswith(household.head.id_number[-4:])


def test_enrolment_export_gives_handlers_whole_id_numbers(client_for, handler_a, women_class, village_a):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=5
    )
    student = PersonFactory(org_unit=village_a)
    enrol_student(by=handler_a, training_class=klass, student=student, enrolled_on=date(2025, 3, 1))
    body = b"".join(client_for(handler_a).get("/hardship/enrolments/", {"format": "csv"}).streaming_content)
    assert student.id_number in body.decode("utf-8")


@pytest.mark.parametrize("n", [1, 4])
def test_training_programme_page_runs_a_fixed_number_of_queries(
    client_for, handler_a, women_class, django_assert_num_queries, n
):
    for i in range(n):
        create_training_class(
            by=handler_a, programme=women_class, name=f"{i}期", starts_on=date(2025, 3, 1), capacity=5
        )
    client = client_for(handler_a)
    with django_assert_num_queries(8):
        assert client.get(f"/hardship/programmes/{women_class.pk}/").status_code == 200


def test_home_page_shows_the_latest_programmes_with_their_remaining_money(
    client_for, clerk_a, clerk_b, spring, make_household, handler_a
):
    record_assistance(
        by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, 2), cash=Decimal("600")
    )
    page = client_for(clerk_a).get("/").content.decode()
    assert "2025年春节慰问单亲特困母亲" in page and "9,400.00" in page
    assert "2025年春节慰问单亲特困母亲" not in client_for(clerk_b).get("/").content.decode()
