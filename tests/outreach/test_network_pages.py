from datetime import date

import pytest
from django.urls import reverse

from directory.models import OrgUnit, ServicePoint
from tests.factories import OrgUnitFactory, ServicePointFactory


@pytest.fixture
def village_c(township_b):
    return OrgUnitFactory(name="灵潭村", level=OrgUnit.Level.VILLAGE, parent=township_b)


def test_network_page_shows_each_village_and_the_coverage_on_a_past_date(
    client_for, city_manager, city, village_a, village_b, village_c
):
    ServicePointFactory(org_unit=village_a, name="八一社区家庭暴力投诉点", opened_on=date(2024, 3, 8))
    ServicePointFactory(org_unit=village_b, name="珠玑村家庭暴力投诉点", opened_on=date(2025, 6, 1))
    client = client_for(city_manager)
    before = client.get(reverse("outreach:network_unit", args=[city.pk]), {"on": "2025-05-31"})
    after = client.get(reverse("outreach:network_unit", args=[city.pk]), {"on": "2025-06-01"})
    assert before.context["coverage"].total.numerator == 1
    assert after.context["coverage"].total.numerator == 2
    body = after.content.decode()
    assert "八一社区家庭暴力投诉点" in body and "灵潭村" in body
    assert "66.7%" in body


def test_network_page_defaults_to_the_users_unit(client_for, clerk_a, township_a, village_a):
    response = client_for(clerk_a).get(reverse("outreach:network"))
    assert response.context["unit"] == township_a


def test_another_townships_network_page_is_404(client_for, clerk_a, township_b):
    assert client_for(clerk_a).get(reverse("outreach:network_unit", args=[township_b.pk])).status_code == 404


@pytest.mark.parametrize("villages", [3, 30])
def test_network_page_runs_a_constant_number_of_queries(
    client_for, django_assert_num_queries, city_manager, city, township_b, villages
):
    for i in range(villages):
        village = OrgUnitFactory(name=f"村{i}", level=OrgUnit.Level.VILLAGE, parent=township_b)
        ServicePointFactory(org_unit=village)
        ServicePointFactory(org_unit=village, kind=ServicePoint.Kind.WORKSTATION)
    client = client_for(city_manager)
    # session, user with her staff profile, unit, the units with paths, open points (coverage), points listed, open-form unit choices
    with django_assert_num_queries(7):
        response = client.get(reverse("outreach:network_unit", args=[city.pk]))
    assert response.context["coverage"].total.denominator == villages


def test_manager_records_a_point_opening_with_its_date(client_for, manager_a, village_a):
    response = client_for(manager_a).post(
        reverse("outreach:point_open"),
        {"org_unit": village_a.pk, "kind": "dv_complaint", "name": "八一社区投诉点", "opened_on": "2025-03-08"},
    )
    assert response.status_code == 302
    point = ServicePoint.objects.get()
    assert (point.org_unit, point.opened_on, point.closed_on) == (village_a, date(2025, 3, 8), None)
    assert point.history.get().history_user == manager_a


def test_opening_needs_post_a_manager_and_a_unit_of_ones_own(client_for, manager_a, clerk_a, village_a, village_b):
    url = reverse("outreach:point_open")
    data = {"org_unit": village_a.pk, "kind": "dv_complaint", "name": "x", "opened_on": "2025-03-08"}
    assert client_for(manager_a).get(url).status_code == 405
    assert client_for(clerk_a).post(url, data).status_code == 403
    response = client_for(manager_a).post(url, {**data, "org_unit": village_b.pk})
    assert response.status_code == 200 and not ServicePoint.objects.exists()
    assert response.context["open_form"].errors["org_unit"]


def test_a_refused_opening_is_shown_again_with_its_error_and_what_was_typed(client_for, manager_a, village_a):
    data = {"org_unit": village_a.pk, "kind": "dv_complaint", "name": "八一社区投诉点", "opened_on": "2025-13-45"}
    response = client_for(manager_a).post(reverse("outreach:point_open"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not ServicePoint.objects.exists()
    assert 'value="八一社区投诉点"' in page and 'value="2025-13-45"' in page
    assert 'name="opened_on"' in page and 'aria-invalid="true"' in page


def test_manager_records_a_point_closing_and_coverage_drops_from_that_day(client_for, manager_a, township_a, village_a):
    point = ServicePointFactory(org_unit=village_a, opened_on=date(2024, 1, 1))
    client = client_for(manager_a)
    response = client.post(
        reverse("outreach:point_close", args=[point.pk]), {"closed_on": "2025-07-01", "reason": "村委搬迁"}
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.closed_on == date(2025, 7, 1)
    assert point.history.first().history_user == manager_a
    page = client.get(reverse("outreach:network_unit", args=[township_a.pk]), {"on": "2025-07-01"})
    assert page.context["coverage"].total.numerator == 0


def test_closing_before_opening_or_twice_is_refused(client_for, manager_a, village_a):
    point = ServicePointFactory(org_unit=village_a, opened_on=date(2024, 1, 1))
    client = client_for(manager_a)
    url = reverse("outreach:point_close", args=[point.pk])
    client.post(url, {"closed_on": "2023-12-31"})
    point.refresh_from_db()
    assert point.closed_on is None
    client.post(url, {"closed_on": "2025-01-01"})
    response = client.post(url, {"closed_on": "2025-02-01"}, follow=True)
    point.refresh_from_db()
    assert point.closed_on == date(2025, 1, 1)
    assert [str(m) for m in response.context["messages"]][-1] == "该点已撤销。"


def test_closing_needs_post_a_manager_and_the_same_unit(client_for, manager_a, manager_b, clerk_a, village_a):
    point = ServicePointFactory(org_unit=village_a)
    url = reverse("outreach:point_close", args=[point.pk])
    assert client_for(manager_a).get(url).status_code == 405
    assert client_for(clerk_a).post(url, {"closed_on": "2025-01-01"}).status_code == 403
    assert client_for(manager_b).post(url, {"closed_on": "2025-01-01"}).status_code == 404
    point.refresh_from_db()
    assert point.closed_on is None


def test_the_parent_unit_is_linked_only_when_the_user_may_open_it(
    client_for, clerk_a, city_manager, township_a, district
):
    parent_link = reverse("outreach:network_unit", args=[district.pk])
    assert parent_link not in client_for(clerk_a).get(reverse("outreach:network")).content.decode()
    page = client_for(city_manager).get(reverse("outreach:network_unit", args=[township_a.pk]))
    assert parent_link in page.content.decode()
