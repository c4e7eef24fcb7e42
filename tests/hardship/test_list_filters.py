"""The hardship lists filtered by unit (the programme's unit and everything under it, as the
figures count) and by dates, as the managers' dashboard links to them."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from directory.periods import Period
from hardship.figures import assistance_figures
from hardship.models import Assistance, Programme, single_poor_mother_q
from hardship.services import (
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    enrol_student,
    record_assistance,
)

PLACES = ("township", "village", "other")


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _shown(page, heads):
    return {place for place, head in heads.items() if head in page}


@pytest.fixture
def units(township_a, village_a, township_b):
    return {"township": township_a, "village": village_a, "other": township_b}


@pytest.fixture
def programmes(make_programme, units):
    """One programme of each kind in each place (the programme's unit is what a record counts under)."""

    def make(kind):
        return {place: make_programme(kind, unit=unit, name=f"{place}-{kind}") for place, unit in units.items()}

    return make


@pytest.fixture
def heads():
    return {"township": "镇甲户主", "village": "村甲户主", "other": "镇乙户主"}


def _give(programme, household, by, on=date(2025, 1, 25)):
    return record_assistance(by=by, programme=programme, household=household, given_on=on, cash=Decimal(100))


# Assistance -------------------------------------------------------------------


@pytest.fixture
def assistance_in_three_places(programmes, make_household, units, heads, handler_a):
    spring = programmes(Programme.Kind.SPRING_FESTIVAL)
    for place in PLACES:
        _give(spring[place], make_household(unit=units[place], name=heads[place]), handler_a)


def test_assistance_by_township_shows_its_villages_and_not_the_other_township(
    client_for, city_manager, township_a, heads, assistance_in_three_places
):
    page = _page(client_for(city_manager), "/hardship/assistance/", unit=township_a.pk)
    assert _shown(page, heads) == {"township", "village"}


def test_assistance_accepts_a_village_as_the_unit(
    client_for, city_manager, village_a, heads, assistance_in_three_places
):
    page = _page(client_for(city_manager), "/hardship/assistance/", unit=village_a.pk)
    assert _shown(page, heads) == {"village"}


def test_assistance_counts_under_the_programmes_unit_not_the_households(
    client_for, city_manager, spring, township_a, village_a, make_household, handler_a
):
    # A township programme visiting a village household is the township's work, as in the figures.
    _give(spring, make_household(unit=village_a, name="村里户主"), handler_a)
    client = client_for(city_manager)
    assert "村里户主" in _page(client, "/hardship/assistance/", unit=township_a.pk)
    assert "村里户主" not in _page(client, "/hardship/assistance/", unit=village_a.pk)


def test_assistance_by_dates(client_for, handler_a, spring, make_household):
    for on, name in [(date(2025, 1, 31), "一月户"), (date(2025, 2, 1), "二月初户"), (date(2025, 3, 1), "三月户")]:
        _give(spring, make_household(name=name), handler_a, on=on)
    page = _page(client_for(handler_a), "/hardship/assistance/", given_from="2025-02-01", given_to="2025-02-28")
    assert "二月初户" in page and "一月户" not in page and "三月户" not in page


@pytest.fixture
def mother_and_others(spring, make_household, handler_a):
    _give(spring, make_household(name="邓母亲", is_single_parent=True, is_extremely_poor=True), handler_a)
    _give(
        spring,
        make_household(name="邓父亲", gender="M", is_single_parent=True, is_extremely_poor=True),
        handler_a,
    )
    _give(spring, make_household(name="邓特困", is_extremely_poor=True), handler_a)


def test_single_poor_mother_filter_lists_only_her_household(client_for, handler_a, mother_and_others):
    client = client_for(handler_a)
    page = _page(client, "/hardship/assistance/", single_poor_mother="true")
    assert "邓母亲" in page and "邓父亲" not in page and "邓特困" not in page
    page = _page(client, "/hardship/assistance/", single_poor_mother="false")
    assert "邓母亲" not in page and "邓父亲" in page and "邓特困" in page


def test_single_poor_mothers_listed_are_the_ones_the_figures_count(mother_and_others):
    figures = assistance_figures(Assistance.objects.all(), Period.year(2025))
    assert Assistance.objects.filter(single_poor_mother_q()).count() == figures.single_poor_mothers_visited == 1


def test_assistance_export_follows_the_unit_filter(client_for, handler_a, village_a, heads, assistance_in_three_places):
    response = client_for(handler_a).get("/hardship/assistance/", {"unit": village_a.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert [row[3] for row in rows[1:]] == [heads["village"]]


# Housing ----------------------------------------------------------------------


def _home(programme, household, by, completed_on=None):
    unit = create_housing_unit(
        by=by,
        programme=programme,
        household=household,
        address=f"{household.head.full_name}的新房",
        planned_on=date(2025, 1, 10),
        planned_cost=Decimal("30000"),
    )
    if completed_on:
        advance_housing_unit(unit=unit, by=by, to="building", on=date(2025, 2, 1))
        advance_housing_unit(unit=unit, by=by, to="completed", on=completed_on, actual_cost=Decimal("31000"))
    return unit


def test_housing_by_unit_and_by_village(
    client_for, city_manager, township_a, village_a, programmes, make_household, units, heads, handler_a
):
    housing = programmes(Programme.Kind.HOUSING)
    for place in PLACES:
        _home(housing[place], make_household(unit=units[place], name=heads[place]), handler_a)
    client = client_for(city_manager)
    assert _shown(_page(client, "/hardship/housing/", unit=township_a.pk), heads) == {"township", "village"}
    assert _shown(_page(client, "/hardship/housing/", unit=village_a.pk), heads) == {"village"}


def test_housing_by_completion_dates(client_for, handler_a, housing, make_household):
    _home(housing, make_household(name="五月底完工"), handler_a, completed_on=date(2025, 5, 31))
    _home(housing, make_household(name="六月完工"), handler_a, completed_on=date(2025, 6, 1))
    _home(housing, make_household(name="七月完工"), handler_a, completed_on=date(2025, 7, 1))
    _home(housing, make_household(name="未完工"), handler_a)
    page = _page(client_for(handler_a), "/hardship/housing/", completed_from="2025-06-01", completed_to="2025-06-30")
    assert "六月完工" in page
    assert "五月底完工" not in page and "七月完工" not in page and "未完工" not in page


# Enrolments -------------------------------------------------------------------


def _enrol(klass, household, by, on=date(2025, 3, 1)):
    return enrol_student(by=by, training_class=klass, student=household.head, household=household, enrolled_on=on)


def _class(programme, by):
    return create_training_class(by=by, programme=programme, name="一期", starts_on=date(2025, 3, 1), capacity=50)


def test_enrolments_by_unit_and_by_village(
    client_for, city_manager, township_a, village_a, programmes, make_household, units, heads, handler_a
):
    classes = programmes(Programme.Kind.WOMEN_CLASS)
    for place in PLACES:
        _enrol(_class(classes[place], handler_a), make_household(unit=units[place], name=heads[place]), handler_a)
    client = client_for(city_manager)
    assert _shown(_page(client, "/hardship/enrolments/", unit=township_a.pk), heads) == {"township", "village"}
    assert _shown(_page(client, "/hardship/enrolments/", unit=village_a.pk), heads) == {"village"}


def test_enrolments_by_enrolment_dates(client_for, handler_a, women_class, make_household):
    klass = _class(women_class, handler_a)
    for on, name in [(date(2025, 2, 28), "二月学员"), (date(2025, 3, 1), "三月学员"), (date(2025, 4, 1), "四月学员")]:
        _enrol(klass, make_household(name=name), handler_a, on=on)
    page = _page(client_for(handler_a), "/hardship/enrolments/", enrolled_from="2025-03-01", enrolled_to="2025-03-31")
    assert "三月学员" in page and "二月学员" not in page and "四月学员" not in page


# Query counts -----------------------------------------------------------------

FILTERED = [
    ("/hardship/assistance/", {"given_from": "2025-01-01", "single_poor_mother": "false"}),
    ("/hardship/housing/", {"completed_from": "2025-01-01"}),
    ("/hardship/enrolments/", {"enrolled_from": "2025-01-01"}),
]


@pytest.mark.parametrize("n", [2, 7])
@pytest.mark.parametrize(("url", "params"), FILTERED)
def test_lists_filtered_by_unit_run_a_fixed_number_of_queries(
    client_for,
    handler_a,
    township_a,
    django_assert_num_queries,
    make_household,
    spring,
    housing,
    women_class,
    url,
    params,
    n,
):
    klass = _class(women_class, handler_a)
    for i in range(n):
        household = make_household(name=f"户{i}")
        _give(spring, household, handler_a)
        _home(housing, household, handler_a, completed_on=date(2025, 6, 1))
        _enrol(klass, household, handler_a)
    client = client_for(handler_a)
    # session, user with her staff profile, the chosen unit, count, rows, the unit filter's choices
    with django_assert_num_queries(6):
        response = client.get(url, {"unit": township_a.pk, **params})
    assert response.status_code == 200 and len(response.context["page"]) == n
