import pytest

from tests.factories import PersonFactory, ServicePointFactory


def test_unit_browser_counts_people_and_open_points_over_each_subtree(
    client_for, city_manager, township_a, village_a, village_b
):
    PersonFactory.create_batch(3, org_unit=village_a)
    PersonFactory(org_unit=village_b)
    ServicePointFactory(org_unit=village_a)
    ServicePointFactory(org_unit=village_b, closed_on="2024-06-30")
    client = client_for(city_manager)
    response = client.get("/directory/units/")
    tree = {row["unit"].name: row for row in _flatten(response.context["tree"])}
    assert (tree["南雄市"]["people"], tree["南雄市"]["points"]) == (4, 1)
    assert (tree["雄州街道"]["people"], tree["雄州街道"]["points"]) == (3, 1)
    assert (tree["珠玑镇"]["people"], tree["珠玑镇"]["points"]) == (1, 0)


def _flatten(nodes):
    for node in nodes:
        yield node
        yield from _flatten(node["children"])


@pytest.mark.parametrize("n", [1, 30])
def test_unit_browser_runs_a_fixed_number_of_queries(client_for, city_manager, village_a, django_assert_num_queries, n):
    PersonFactory.create_batch(n, org_unit=village_a)
    client = client_for(city_manager)
    with django_assert_num_queries(5):
        client.get("/directory/units/")


def test_a_service_point_has_a_name_and_a_woman_a_full_name_in_chinese(client_for, city_manager, village_a):
    ServicePointFactory(org_unit=village_a, name="珠玑镇家暴投诉站")
    PersonFactory(org_unit=village_a)
    client = client_for(city_manager)
    points = client.get("/directory/service-points/").content.decode()
    people = client.get("/directory/people/").content.decode()
    assert "<th>名称</th>" in points and "姓名" not in points
    assert "<th>姓名</th>" in people
