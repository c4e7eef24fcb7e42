from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext

from directory.models import Person
from tests.factories import PersonFactory, valid_id_number


def form_data(unit, **overrides):
    data = {
        "full_name": "邓春梅",
        "gender": "F",
        "birth_date": "",
        "id_number": valid_id_number(date(1979, 4, 2)),
        "phone": "13712345678",
        "address": "八一社区3号",
        "org_unit": unit.pk,
        "ethnicity": "汉族",
        "education": "junior",
        "marital_status": "married",
        "hukou": "urban",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_clerk_registers_a_person_and_birth_date_is_read_from_the_id_number(client_for, clerk_a, village_a):
    response = client_for(clerk_a).post("/directory/people/new/", form_data(village_a))
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == f"/directory/people/{person.pk}/"
    assert person.birth_date == date(1979, 4, 2)
    assert person.created_by == clerk_a
    assert person.history.get().history_user == clerk_a


def test_missing_name_re_renders_with_everything_typed_kept(client_for, clerk_a, village_a):
    response = client_for(clerk_a).post("/directory/people/new/", form_data(village_a, full_name=""))
    page = response.content.decode()
    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert gettext("This field is required.") in page
    assert "必填" in page
    assert "八一社区3号" in page and "13712345678" in page
    assert not Person.objects.exists()


def test_invalid_id_number_is_refused_with_its_reason(client_for, clerk_a, village_a):
    response = client_for(clerk_a).post("/directory/people/new/", form_data(village_a, id_number="440282197904020021"))
    assert "校验位" in response.content.decode()
    assert not Person.objects.exists()


def test_possible_duplicate_is_shown_before_saving_and_saved_after_confirming(client_for, clerk_a, village_a):
    PersonFactory(org_unit=village_a, full_name="别人", phone="13712345678")
    client = client_for(clerk_a)
    first = client.post("/directory/people/new/", form_data(village_a))
    page = first.content.decode()
    assert "可能重复" in page and "别人" in page and ">60<" in page
    assert Person.objects.count() == 1
    client.post("/directory/people/new/", form_data(village_a, confirm_new="on"))
    assert Person.objects.count() == 2


def test_same_id_number_cannot_be_registered_twice(client_for, clerk_a, village_a):
    existing = PersonFactory(org_unit=village_a)
    response = client_for(clerk_a).post(
        "/directory/people/new/", form_data(village_a, id_number=existing.id_number, confirm_new="on")
    )
    assert response.status_code == 200
    assert Person.objects.count() == 1


def test_person_cannot_be_registered_in_another_township(client_for, clerk_a, village_b):
    response = client_for(clerk_a).post("/directory/people/new/", form_data(village_b))
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_edit_writes_history_with_who_and_what(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, address="旧地址")
    client = client_for(handler_a)
    data = form_data(
        village_a,
        full_name=person.full_name,
        id_number=person.id_number,
        phone=person.phone,
        address="新地址",
        seen_version=person.version,
    )
    assert client.post(f"/directory/people/{person.pk}/edit/", data).status_code == 302
    person.refresh_from_db()
    assert person.address == "新地址" and person.version == 2
    latest = person.history.first()
    assert latest.history_user == handler_a
    page = client.get(f"/directory/people/{person.pk}/").content.decode()
    assert "旧地址 → 新地址" in page


def test_stale_edit_is_refused_and_the_input_is_kept(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, address="旧地址")
    client = client_for(handler_a)
    seen = person.version
    Person.objects.filter(pk=person.pk).update(version=seen + 1, address="别人改的")
    data = form_data(
        village_a,
        full_name=person.full_name,
        id_number=person.id_number,
        phone=person.phone,
        address="我的修改",
        seen_version=seen,
    )
    response = client.post(f"/directory/people/{person.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "有其他人保存了这条记录" in page and "我的修改" in page
    person.refresh_from_db()
    assert person.address == "别人改的"


def test_search_finds_by_name_pinyin_initials_whole_phone_phone_tail_and_whole_id(client_for, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a, full_name="黄美玲", phone="13698765432")
    PersonFactory(org_unit=village_a, full_name="李玉兰", phone="13900001111")
    client = client_for(clerk_a)
    for q in ["美玲", "huangmeiling", "HMl", "13698765432", "136 9876 5432", "5432", person.id_number.lower()]:
        page = client.get("/directory/people/", {"q": q}).content.decode()
        assert "黄美玲" in page and "李玉兰" not in page, q


def test_a_number_is_looked_for_without_the_pinyin_columns_and_latin_letters_with_them(village_a):
    # Pinyin and initials hold Latin letters only: a phone or ID fragment of digits (and dashes)
    # is looked for in names and the numbers' hashes, with no OR on the pinyin columns.
    person = PersonFactory(org_unit=village_a, full_name="黄美玲", phone="13698765432")
    PersonFactory(org_unit=village_a, full_name="李玉兰", phone="13900001111")
    def where(text):
        return str(Person.objects.search(text).query).split(" WHERE ")[1].split(" ORDER BY ")[0]

    for text in ["13698765432", "136-9876-5432", "5432", person.id_number]:
        assert list(Person.objects.search(text)) == [person], text
    for text in ["13698765432", "136-9876-5432", "5432"]:
        assert "name_pinyin" not in where(text) and "name_initials" not in where(text), text
    for text in ["huangmeiling", "Huang", "hml"]:
        assert list(Person.objects.search(text)) == [person], text
        assert "name_pinyin" in where(text), text


def test_search_by_a_fragment_from_the_middle_of_a_number_finds_no_one(client_for, clerk_a, village_a):
    # Encrypted numbers are found whole, or by the phone's last four digits (docs/ENCRYPTION.md).
    person = PersonFactory(org_unit=village_a, full_name="黄美玲", phone="13698765432")
    client = client_for(clerk_a)
    for q in ["98765", person.id_number[6:14]]:
        page = client.get("/directory/people/", {"q": q}).content.decode()
        assert "黄美玲" not in page, q


@pytest.mark.parametrize("n", [3, 40])
def test_people_list_runs_a_fixed_number_of_queries(client_for, clerk_a, village_a, django_assert_num_queries, n):
    PersonFactory.create_batch(n, org_unit=village_a)
    client = client_for(clerk_a)
    # session, user with her staff profile and unit, count, page rows, units for the filter
    with django_assert_num_queries(5):
        assert client.get("/directory/people/").status_code == 200


def test_clerk_cannot_be_registered_without_a_role(client, django_user_model, village_a):
    user = django_user_model.objects.create_user("norole", password="x")
    client.force_login(user)
    assert client.get("/directory/people/new/").status_code == 403


def test_history_lists_fields_set_by_services_not_forms(village_a, handler_a, clerk_a):
    from directory.history import history_rows

    person = PersonFactory(org_unit=village_a, created_by=clerk_a)
    person.created_by = handler_a  # not editable in any form
    person.save()
    [change] = history_rows(person.history.all())[0].changes
    assert (change.old, change.new) == (clerk_a.get_full_name(), handler_a.get_full_name())


def test_id_number_registered_in_another_unit_is_refused_without_revealing_her(
    client_for, clerk_a, village_a, village_b
):
    theirs = PersonFactory(org_unit=village_b, full_name="外单位的人")
    response = client_for(clerk_a).post(
        "/directory/people/new/", form_data(village_a, id_number=theirs.id_number, confirm_new="on")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "已经登记" in page and "外单位的人" not in page
    assert Person.objects.count() == 1
