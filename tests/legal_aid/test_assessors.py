from datetime import date, timedelta

import pytest

from legal_aid.models import Assessor, AssessorHearing

from .factories import make_assessor, make_hearing


def test_manager_adds_an_assessor_with_a_five_year_term(client_for, manager_a, township_a):
    response = client_for(manager_a).post(
        "/legal-aid/assessors/new/",
        {"org_unit": township_a.pk, "full_name": "邓春梅", "court": "南雄市人民法院", "appointed_on": "2023-05-01"},
    )
    assessor = Assessor.objects.get()
    assert response.status_code == 302 and assessor.term_ends_on == date(2028, 4, 30)


def test_register_warns_when_a_term_has_ended(client_for, handler_a, township_a):
    make_assessor(unit=township_a, by=handler_a, full_name="期满人", appointed_on=date(2015, 1, 1))
    make_assessor(unit=township_a, by=handler_a, full_name="在任人", appointed_on=date.today() - timedelta(days=30))
    page = client_for(handler_a).get("/legal-aid/assessors/").content.decode()
    rows = {name: page.split(name)[1].split("</tr>")[0] for name in ("期满人", "在任人")}
    assert "任期已于" in rows["期满人"] and "任期已于" not in rows["在任人"]


def test_register_warns_at_30_hearings_this_year(client_for, handler_a, township_a):
    busy = make_assessor(
        unit=township_a, by=handler_a, full_name="忙碌人", appointed_on=date.today() - timedelta(days=400)
    )
    today = date.today()
    for i in range(30):
        make_hearing(assessor=busy, by=handler_a, heard_on=today.replace(month=1, day=1) + timedelta(days=i % 28))
    row = client_for(handler_a).get("/legal-aid/assessors/").content.decode().split("忙碌人")[1].split("</tr>")[0]
    assert '<td class="num">30</td>' in row and "达到每年30件" in row


def test_hearing_recorded_on_the_assessor_page(client_for, clerk_a, township_a, handler_a):
    assessor = make_assessor(unit=township_a, by=handler_a)
    response = client_for(clerk_a).post(
        f"/legal-aid/assessors/{assessor.pk}/hearings/",
        {
            "court_case_number": "(2025)粤0282民初88号",
            "case_type": "civil",
            "cause": "抚养纠纷",
            "heard_on": "2025-05-06",
            "children_involved": "on",
            "panel_size": "3",
        },
    )
    hearing = AssessorHearing.objects.get()
    assert response.status_code == 302 and hearing.court == "南雄市人民法院" and hearing.recorded_by == clerk_a
    assert hearing.history.get().history_user == clerk_a


def test_a_panel_smaller_than_three_is_refused(client_for, clerk_a, township_a, handler_a):
    assessor = make_assessor(unit=township_a, by=handler_a)
    response = client_for(clerk_a).post(
        f"/legal-aid/assessors/{assessor.pk}/hearings/",
        {"court_case_number": "X1", "case_type": "civil", "cause": "离婚", "heard_on": "2025-05-06", "panel_size": "1"},
    )
    assert response.status_code == 200 and not AssessorHearing.objects.exists()


def test_hearing_actions_are_post_only_and_scoped(client_for, clerk_a, clerk_b, handler_a, township_a):
    assessor = make_assessor(unit=township_a, by=handler_a)
    url = f"/legal-aid/assessors/{assessor.pk}/hearings/"
    assert client_for(clerk_a).get(url).status_code == 405
    assert client_for(clerk_b).post(url, {}).status_code == 404
    assert client_for(clerk_b).get("/legal-aid/hearings/").content.decode().count("<tr>") == 2  # head + empty row


def test_clerk_may_not_add_assessors(client_for, clerk_a):
    assert client_for(clerk_a).get("/legal-aid/assessors/new/").status_code == 403


@pytest.mark.parametrize("n", [2, 30])
def test_hearing_list_runs_a_fixed_number_of_queries(client_for, handler_a, township_a, django_assert_num_queries, n):
    assessor = make_assessor(unit=township_a, by=handler_a)
    for i in range(n):
        make_hearing(assessor=assessor, by=handler_a, heard_on=date(2025, 1, 1) + timedelta(days=i))
    client = client_for(handler_a)
    with django_assert_num_queries(6):  # … and the unit filter's choices
        assert client.get("/legal-aid/hearings/?case_type=civil").status_code == 200
