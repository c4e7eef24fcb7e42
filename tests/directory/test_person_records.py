"""A person's page lists her records kept by the other apps, within the reader's units."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from directory.models import Person
from directory.person_records import SHOWN
from directory.voiding import void_record
from hardship.models import Programme
from hardship.services import add_household_member, create_training_class, enrol_student
from petitions.services import void_petition
from tests.factories import PersonFactory
from tests.legal_aid.factories import make_case, make_order
from tests.petitions.factories import make_petition


@pytest.fixture
def her(village_a):
    return PersonFactory(org_unit=village_a, full_name="邓春梅")


def _page(client, person) -> str:
    response = client.get(f"/directory/people/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_her_petitions_are_listed_with_her_role_and_their_status(client_for, handler_a, township_a, her):
    petition = make_petition(unit=township_a, by=handler_a, person=her, received_on=date(2025, 4, 2))
    page = _page(client_for(handler_a), her)
    assert f'href="/petitions/{petition.pk}/">{petition.reference}</a>' in page
    assert "2025-04-02" in page and "信访人" in page and "登记" in page and "婚姻家庭 · 家庭暴力" in page


def test_a_petition_of_a_unit_the_reader_cannot_see_is_not_listed(
    client_for, clerk_a, handler_a, handler_b, township_a, township_b, her
):
    mine = make_petition(unit=township_a, by=handler_a, person=her)
    theirs = make_petition(unit=township_b, by=handler_b, person=her)
    page = _page(client_for(clerk_a), her)
    assert mine.reference in page
    assert theirs.reference not in page


def test_a_voided_petition_is_not_listed(client_for, handler_a, township_a, her):
    petition = make_petition(unit=township_a, by=handler_a, person=her)
    void_petition(petition=petition, by=handler_a, reason="重复登记")
    page = _page(client_for(handler_a), her)
    assert petition.reference not in page
    assert "您所辖单位中没有她的信访记录。" in page


def test_her_legal_aid_case_and_protection_order_are_listed_and_a_voided_one_is_not(
    client_for, handler_a, township_a, her
):
    case = make_case(unit=township_a, by=handler_a, client=her)
    order = make_order(unit=township_a, by=handler_a, victim=her, ban_violence=True, court="南雄市人民法院")
    dropped = make_case(unit=township_a, by=handler_a, client=her)
    void_record(record=dropped, by=handler_a, reason="录入错误")
    page = _page(client_for(handler_a), her)
    assert case.reference in page and "法律援助案件" in page
    assert f'href="/legal-aid/orders/{order.pk}/"' in page and "人身安全保护令" in page and "禁止实施家庭暴力" in page
    assert dropped.reference not in page


def test_her_household_and_her_training_class_are_listed(
    client_for, handler_a, make_household, make_programme, her
):
    household = make_household(name="王春梅")
    add_household_member(household=household, by=handler_a, person=her, relation="女儿")
    klass = create_training_class(
        by=handler_a,
        programme=make_programme(Programme.Kind.WOMEN_CLASS, name="2025年女子成才班"),
        name="第一期",
        starts_on=date(2025, 3, 1),
        capacity=10,
    )
    enrol_student(by=handler_a, training_class=klass, student=her, enrolled_on=date(2025, 3, 1))
    page = _page(client_for(handler_a), her)
    assert f'href="/hardship/households/{household.pk}/">王春梅家</a>' in page and "家庭成员" in page
    assert "第一期" in page and "在读" in page


def test_only_the_latest_records_are_listed_with_a_note_saying_so(client_for, handler_a, township_a, her):
    for day in range(1, SHOWN + 2):
        make_petition(unit=township_a, by=handler_a, person=her, received_on=date(2025, 1, day))
    page = _page(client_for(handler_a), her)
    assert "2025-01-21" in page and "2025-01-01" not in page
    assert f"每类只列出最近的 {SHOWN} 条。" in page


def test_in_english_the_panels_speak_english(client_for, handler_a, township_a, her):
    make_petition(unit=township_a, by=handler_a, person=her)
    client = client_for(handler_a)
    client.cookies["django_language"] = "en"
    page = _page(client, her)
    assert "Petitioner" in page and "Legal aid and protection" in page
    assert "No household or training class in your units." in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_page_runs_a_fixed_number_of_queries(
    client_for, handler_a, township_a, make_household, her, django_assert_num_queries, n
):
    for _ in range(n):
        make_petition(unit=township_a, by=handler_a, person=her)
        make_case(unit=township_a, by=handler_a, client=her)
        make_order(unit=township_a, by=handler_a, victim=her)
    client = client_for(handler_a)
    ContentType.objects.get_for_model(Person)  # cached per process, as in a running server
    # the session and its user; the person; the access-log row (chain head locked, the row, the
    # head moved on); may she see identifiers; the person's history; her petitions; her cases,
    # orders and warnings; the households she is a member of, her households; her classes
    with django_assert_num_queries(15):
        _page(client, her)


def test_a_petition_with_several_parties_is_listed_once_with_her_own_role(client_for, handler_a, township_a, her):
    from petitions.models import PetitionParty

    petition = make_petition(unit=township_a, by=handler_a)  # someone else brought it
    PetitionParty.objects.create(petition=petition, person=her, role=PetitionParty.Role.VICTIM)
    page = _page(client_for(handler_a), her)
    assert page.count(f">{petition.reference}</a>") == 1
    row = page.split(f">{petition.reference}</a>")[0].rsplit("<tr>", 1)[1]
    assert "受害人" in row and "信访人" not in row


def test_a_protection_order_filed_early_in_the_morning_is_dated_in_china(client_for, handler_a, township_a, her):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    make_order(unit=township_a, by=handler_a, victim=her, filed=datetime(2025, 3, 3, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    page = _page(client_for(handler_a), her)
    assert "2025-03-03" in page and "2025-03-02" not in page
