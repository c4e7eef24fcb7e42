"""Every number on the dashboard opens a list whose own summary line repeats it, for the same period.

The records are chosen so that the naive counts differ from the dashboard's: a petition concluded
only after the period's end, a woman aided twice, a mother visited twice, a student who is not
poor, an order filed last year and granted this year.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from hardship.models import Programme
from hardship.services import (
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    enrol_student,
    record_assistance,
)
from legal_aid.services import decide_case, decide_protection_order
from outreach.models import Trainee
from petitions import services as petition_services
from tests.factories import PersonFactory
from tests.legal_aid.factories import make_assessor, make_case, make_hearing, make_order
from tests.outreach.factories import EventFactory, TrainingFactory
from tests.petitions.factories import make_petition

PERIOD = {"kind": "ytd", "year": 2025, "month": 9}


def aided_case(unit, by, applied_on, **fields):
    case = make_case(unit=unit, by=by, applied_on=applied_on, **fields)
    return decide_case(case=case, by=by, on=applied_on + timedelta(days=2), accept=True)


def conclude(petition, by, on):
    petition_services.conclude_petition(petition=petition, by=by, on=on, outcome="supported", settled_level="township")


@pytest.fixture
def records(district, township_a, township_b, village_a, handler_a, handler_b, make_programme, make_household):
    done = make_petition(unit=village_a, by=handler_a, received_on=date(2025, 3, 3), accepted_on=date(2025, 3, 4))
    petition_services.reply_to_petitioner(petition=done, by=handler_a, on=date(2025, 3, 9), method="post", text="答复")
    conclude(done, handler_a, date(2025, 3, 20))
    late = make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, 3), accepted_on=date(2025, 9, 4))
    conclude(late, handler_a, date(2025, 10, 5))  # after the period's end
    make_petition(unit=township_b, by=handler_b, received_on=date(2025, 5, 5), channel="letter")  # overdue at end
    make_petition(unit=district, by=handler_a, received_on=date(2025, 6, 6), headcount=3)
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 6, 6))  # last year
    twice = PersonFactory(org_unit=village_a, gender="F")
    aided_case(village_a, handler_a, date(2025, 3, 10), client=twice, provider="federation")
    aided_case(township_a, handler_a, date(2025, 7, 1), client=twice)
    aided_case(township_b, handler_b, date(2025, 5, 20))
    aided_case(township_b, handler_b, date(2025, 5, 21), client=PersonFactory(org_unit=township_b, gender="M"))
    make_case(unit=township_b, by=handler_b, applied_on=date(2025, 6, 1))  # not decided: not aided
    make_order(unit=township_b, by=handler_b, filed=datetime(2025, 3, 3, 9, 0))
    old = make_order(unit=township_a, by=handler_a, filed=datetime(2024, 12, 20, 9, 0))
    decide_protection_order(
        order=old, by=handler_a, on=date(2025, 1, 6), granted=True, ban_violence=True, expires_on=date(2025, 7, 5)
    )
    assessor = make_assessor(unit=township_a, by=handler_a)
    for day in (date(2025, 2, 1), date(2025, 8, 1), date(2024, 8, 1)):
        make_hearing(assessor=assessor, by=handler_a, heard_on=day)
    spring_a = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=township_a, name="A春节慰问")
    spring_b = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=township_b, name="B春节慰问")
    mothers = [make_household(name=f"母亲{i}", is_single_parent=True, is_extremely_poor=True) for i in range(2)]
    for mother, day in (
        (mothers[0], date(2025, 1, 25)),
        (mothers[0], date(2025, 2, 3)),
        (mothers[1], date(2025, 1, 25)),
    ):
        record_assistance(
            by=handler_a, programme=spring_a, household=mother, given_on=day, cash=Decimal(500), confirm_repeat=True
        )
    family_b = make_household(name="乙户", by=handler_b, unit=township_b)
    record_assistance(by=handler_b, programme=spring_b, household=family_b, given_on=date(2025, 1, 26), cash=300)
    homes = make_programme(Programme.Kind.HOUSING, unit=township_a, name="A安居房", budget="90000.00")
    home = create_housing_unit(
        by=handler_a, programme=homes, household=make_household(name="安居户"), address="八一社区",
        planned_on=date(2025, 2, 1), planned_cost=Decimal(30000),
    )  # fmt: skip
    advance_housing_unit(unit=home, by=handler_a, to="building", on=date(2025, 3, 1))
    advance_housing_unit(unit=home, by=handler_a, to="completed", on=date(2025, 8, 1))
    klass = create_training_class(
        by=handler_b,
        programme=make_programme(Programme.Kind.WOMEN_CLASS, unit=township_b, name="B成才班"),
        name="一期",
        starts_on=date(2025, 3, 1),
        capacity=10,
    )
    for poor in (True, True, True, False):
        student = PersonFactory(org_unit=township_b, gender="F", is_poor=poor)
        enrol_student(by=handler_b, training_class=klass, student=student, enrolled_on=date(2025, 3, 1))
    EventFactory(org_unit=township_a, held_on=date(2025, 3, 8), leaflets=200, audience=150)
    EventFactory(org_unit=village_a, held_on=date(2025, 6, 26), leaflets=100, audience=80)
    EventFactory(org_unit=township_b, held_on=date(2025, 3, 8), leaflets=50, audience=40)
    session = TrainingFactory(org_unit=township_b, trainees=4)
    Trainee.objects.create(session=session, full_name="学员甲")
    return district


def normal(text) -> str:
    return re.sub(r"[\s()]", "", str(text))


def figure(page: str, key: str) -> str:
    """The number a list's summary line marks `data-figure="key"`, as the user reads it."""
    match = re.search(rf'data-figure="{re.escape(key)}">([^<]*)<', page)
    assert match, f'the list shows no "{key}"'
    return normal(match.group(1))


def tile_numbers(page: str, key: str) -> tuple[str, str]:
    """The big number of a dashboard tile, and the first number of its sub-line, as shown."""
    tile = page.split(f'id="kpi-{key}"')[1].split("</a>")[0]
    value = re.search(r'<div class="value">([^<]*)</div>', tile).group(1)
    sub = re.search(r'<div class="sub">([^<·]*)', tile)
    number = re.search(r"\d+(?:\s*/\s*\d+)?", sub.group(1)) if sub else None
    return normal(value), normal(number.group(0)) if number else ""


@pytest.fixture
def dashboard(client_for, city_manager, records):
    client = client_for(city_manager)
    response = client.get("/reports/dashboard/", {"unit": records.pk, **PERIOD})
    return client, response


def test_every_tile_opens_a_list_that_repeats_its_numbers(dashboard):
    client, response = dashboard
    page = response.content.decode()
    for tile in response.context["tiles"]:
        value, sub = tile_numbers(page, tile.key)
        listed = client.get(tile.href)
        assert listed.status_code == 200, tile.href
        shown = listed.content.decode()
        if tile.key == "coverage":
            line = re.search(r'class="coverage-total">(.*?)</p>', shown, re.S).group(1)
            numbers = re.findall(r"\d+(?:\.\d+)?%?", re.sub(r"\d{4}-\d\d-\d\d", "", line))
            assert sorted(numbers) == sorted([*sub.split("/"), value]), tile.href  # word order differs by language
            continue
        assert figure(shown, tile.figure) == value, (tile.key, tile.href)
        if tile.sub_figure:
            assert figure(shown, tile.sub_figure) == sub, (tile.key, tile.href)


def test_the_tiles_count_what_the_brief_says_they_count(dashboard):
    _client, response = dashboard
    page = response.content.decode()
    assert tile_numbers(page, "resolution") == ("25.0%", "1/4")
    assert tile_numbers(page, "overdue")[0] == "2"  # the letter of May and the district's June visit
    assert tile_numbers(page, "legal-aid") == ("2", "4")  # one woman aided twice, and a man
    assert tile_numbers(page, "orders") == ("1", "1")  # filed this year; granted this year, filed last year
    assert tile_numbers(page, "mothers") == ("2", "3")  # a mother visited twice
    assert tile_numbers(page, "students")[0] == "3"


def test_every_chart_bar_opens_a_list_that_repeats_it(dashboard):
    client, response = dashboard
    for chart in response.context["charts"].values():
        bars = re.findall(r'<a href="([^"]+)">(.*?)</a>', str(chart), re.S)
        assert bars
        for href, shape in bars:
            value = next(t for t in re.findall(r"<text[^>]*>([^<]*)</text>", shape) if t.isdigit())
            shown = client.get(href.replace("&amp;", "&")).content.decode()
            assert figure(shown, "received") == value, href


def test_every_number_of_the_sub_unit_table_opens_a_list_that_repeats_it(dashboard):
    client, response = dashboard
    table = response.content.decode().split('id="sub-units"')[1].split("</table>")[0]
    figures = {
        "/petitions/": "received",
        "/legal-aid/?": "cases",
        "/legal-aid/hearings/": "hearings",
        "/hardship/assistance/": "households",
        "/hardship/housing/": "units",
        "/hardship/enrolments/": "students",
        "/outreach/?": "events",
    }
    cells = re.findall(r'<a href="(/(?:petitions|legal-aid|hardship|outreach/\?)[^"]*)">(\d+)</a>', table)
    assert len(cells) == 18
    for href, value in cells:
        key = next(k for prefix, k in figures.items() if href.startswith(prefix))
        shown = client.get(href.replace("&amp;", "&")).content.decode()
        assert figure(shown, key) == value, href


# Queries of each list a tile opens, for the period: the same at two data sizes.
# The petition lists count their rows once (for the pages and the rates line): 11, not 12.
LIST_QUERIES = {
    "received": 9,
    "concluded": 9,
    "resolution": 9,
    "reply": 9,
    "on-time": 9,
    "overdue": 9,
    "legal-aid": 9,
    "free": 9,
    "orders": 10,
    "hearings": 8,
    "mothers": 8,
    "homes": 9,
    "students": 8,
    "events": 19,  # with the export permissions behind the export buttons
    "training": 11,  # likewise
    "coverage": 7,
}


@pytest.mark.parametrize("more", [False, True])
def test_every_list_a_tile_opens_runs_a_fixed_number_of_queries(dashboard, handler_a, township_a, more):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, response = dashboard
    if more:
        for i in range(3):
            make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 1 + i))
            EventFactory(org_unit=township_a, held_on=date(2025, 4, 1 + i), leaflets=10)
    counts = {}
    for tile in response.context["tiles"]:
        with CaptureQueriesContext(connection) as queries:
            client.get(tile.href)
        counts[tile.key] = len(queries)
    assert counts == LIST_QUERIES
