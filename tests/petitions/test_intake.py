import re
from datetime import date

import pytest
from django.utils.timezone import localdate

from directory.models import Person
from petitions.models import Petition
from tests.factories import PersonFactory, valid_id_number
from tests.petitions.factories import make_petition, subcategory


def intake_data(unit, **overrides):
    data = {
        "new_full_name": "邓春梅",
        "new_gender": "F",
        "new_id_number": valid_id_number(date(1979, 4, 2)),
        "new_phone": "13712345678",
        "new_address": "八一社区3号",
        "role": "petitioner",
        "org_unit": unit.pk,
        "channel": "visit",
        "received_on": localdate().isoformat(),
        "received_time": "09:30",
        "headcount": "1",
        "nature": "claim",
        "subcategory": subcategory("家庭暴力").pk,
        "facts": "丈夫酒后殴打,手臂淤青,邻居作证。",
        "request": "要求制止家暴。",
        "risk_level": "medium",
        "risk_reason": "",
    }
    data.update(overrides)
    return data


def test_clerk_logs_a_visit_with_a_new_petitioner_and_gets_the_acknowledgement(client_for, clerk_a, township_a):
    response = client_for(clerk_a).post("/petitions/new/", intake_data(township_a))

    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == f"/petitions/{petition.pk}/receipt/"
    year = localdate().year
    assert petition.reference == f"440282001-{year}-0001"
    assert petition.status == Petition.Status.REGISTERED
    assert petition.category.name == "婚姻家庭" and petition.subcategory.name == "家庭暴力"
    assert petition.first_contact == clerk_a
    person = petition.petitioners.get()
    assert (person.full_name, person.phone, person.org_unit) == ("邓春梅", "13712345678", township_a)
    assert petition.history.get().history_user == clerk_a
    receipt = client_for(clerk_a).get(response.url).content.decode()
    assert petition.reference in receipt and "雄州街道" in receipt
    assert petition.decision_due_on.strftime("%Y-%m-%d") in receipt and "15" in receipt


@pytest.mark.parametrize(
    ("field", "value"),
    [("channel", ""), ("received_on", ""), ("nature", ""), ("facts", ""), ("subcategory", ""), ("new_full_name", "")],
)
def test_a_missing_required_field_re_renders_with_everything_typed_kept(client_for, clerk_a, township_a, field, value):
    response = client_for(clerk_a).post("/petitions/new/", intake_data(township_a, **{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="field-error"' in page
    assert "13712345678" in page and "八一社区3号" in page
    assert not Petition.objects.exists() and not Person.objects.exists()


def test_an_invalid_id_number_is_refused(client_for, clerk_a, township_a):
    response = client_for(clerk_a).post("/petitions/new/", intake_data(township_a, new_id_number="440282197904020021"))
    assert "校验位" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_future_date_is_refused(client_for, clerk_a, township_a):
    response = client_for(clerk_a).post("/petitions/new/", intake_data(township_a, received_on="2999-01-01"))
    assert response.status_code == 200 and not Petition.objects.exists()


def test_a_new_petitioner_whose_phone_exists_is_shown_with_the_score_before_saving(client_for, clerk_a, township_a):
    PersonFactory(org_unit=township_a, full_name="黄丽娟", phone="13712345678")
    client = client_for(clerk_a)

    first = client.post("/petitions/new/", intake_data(township_a))

    page = first.content.decode()
    assert "黄丽娟" in page and ">60<" in page
    assert not Petition.objects.exists()
    client.post("/petitions/new/", intake_data(township_a, confirm_new="on"))
    assert Petition.objects.count() == 1 and Person.objects.count() == 2


def test_a_new_petitioner_whose_id_number_exists_must_be_chosen_instead(client_for, clerk_a, township_a):
    existing = PersonFactory(org_unit=township_a, full_name="黄丽娟")
    response = client_for(clerk_a).post(
        "/petitions/new/", intake_data(township_a, new_id_number=existing.id_number, confirm_new="on")
    )
    assert response.status_code == 200 and "黄丽娟" in response.content.decode()
    assert not Petition.objects.exists()


def test_the_same_person_on_the_same_matter_within_a_year_is_linked_as_a_repeat(client_for, clerk_a, township_a):
    person = PersonFactory(org_unit=township_a)
    earlier = make_petition(unit=township_a, by=clerk_a, person=person, received_on=localdate().replace(day=1))
    client = client_for(clerk_a)

    response = client.post("/petitions/new/", intake_data(township_a, person=person.pk, new_full_name=""), follow=True)

    petition = Petition.objects.exclude(pk=earlier.pk).get()
    assert petition.repeat_of == earlier
    assert earlier.reference in response.content.decode()
    assert petition.petitioners.get() == person


def test_a_person_of_another_township_cannot_be_chosen(client_for, clerk_a, township_a, township_b):
    stranger = PersonFactory(org_unit=township_b)
    response = client_for(clerk_a).post("/petitions/new/", intake_data(township_a, person=stranger.pk))
    assert response.status_code == 200 and not Petition.objects.exists()


def test_the_lookup_finds_petitioners_by_phone_in_the_users_subtree_only(client_for, clerk_a, township_a, township_b):
    # The same last four digits, which is how clerks search: only her own unit's person comes back.
    PersonFactory(org_unit=township_a, full_name="陈秀英", phone="13800001111")
    PersonFactory(org_unit=township_b, full_name="李玉兰", phone="13900001111")
    results = client_for(clerk_a).get("/petitions/people/?q=1111").json()["results"]
    assert [r["name"] for r in results] == ["陈秀英"]


def test_an_administrator_role_cannot_log_petitions(client_for, township_a):
    from directory.roles import Role
    from tests.factories import UserFactory

    admin = UserFactory(staff=(township_a, Role.ADMIN))
    assert client_for(admin).get("/petitions/new/").status_code == 403


def _errors(page: str) -> list[str]:
    return re.findall(r'<p class="field-error">([^<]*)</p>', page)


def test_a_headcount_of_zero_is_refused_in_words_not_with_the_constraints_name(client_for, clerk_a, township_a):
    page = client_for(clerk_a).post("/petitions/new/", intake_data(township_a, headcount="0")).content.decode()
    assert _errors(page) == ["人次至少为1。"]
    assert "petition_headcount_at_least_one" not in page and not Petition.objects.exists()


def test_a_too_long_name_shows_only_that_it_is_too_long(client_for, clerk_a, township_a):
    page = (
        client_for(clerk_a).post("/petitions/new/", intake_data(township_a, new_full_name="名" * 51)).content.decode()
    )
    [error] = _errors(page)
    assert "50" in error and not Petition.objects.exists()


def test_the_category_comes_before_the_sub_category(client_for, clerk_a, township_a):
    page = client_for(clerk_a).get("/petitions/new/").content.decode()
    assert page.index('name="category"') < page.index('name="subcategory"')


def test_the_handler_choice_offers_handlers_and_managers_of_the_subtree_by_unit_with_their_unit(
    client_for, clerk_a, handler_a, manager_a, handler_b, district, township_a
):
    from directory.roles import Role
    from tests.factories import UserFactory

    UserFactory(username="district_handler", first_name="区里的", staff=(district, Role.HANDLER))
    UserFactory(username="gone", first_name="已停用", is_active=False, staff=(township_a, Role.HANDLER))
    page = client_for(UserFactory(username="district_clerk", staff=(district, Role.CLERK))).get("/petitions/new/")
    select = page.content.decode().split('name="handler"')[1].split("</select>")[0]
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)
    assert labels == [
        "区里的 · 城区",
        *sorted([f"{manager_a.first_name} · 雄州街道", f"{handler_a.first_name} · 雄州街道"]),
        f"{handler_b.first_name} · 珠玑镇",
    ]
    assert clerk_a.first_name not in select  # a clerk does not handle petitions


def test_a_petition_keeps_its_handler_on_edit_when_she_no_longer_could_be_chosen(
    client_for, clerk_a, handler_a, township_a
):
    petition = make_petition(unit=township_a, by=clerk_a, handler=clerk_a)
    page = client_for(handler_a).get(f"/petitions/{petition.pk}/edit/").content.decode()
    select = page.split('name="handler"')[1].split("</select>")[0]
    assert f'value="{clerk_a.pk}" selected' in select
