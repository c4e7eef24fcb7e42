from datetime import date

import pytest
from rest_framework.test import APIClient

from directory.periods import Period
from reporting.summary import build_summary, jsonable
from tests.petitions.factories import make_petition


@pytest.fixture
def api(manager_a):
    client = APIClient()
    client.force_authenticate(manager_a)
    return client


def test_summary_returns_the_reporting_modules_figures_and_narrative(api, handler_a, township_a):
    for day in (date(2025, 2, 3), date(2025, 6, 9)):
        make_petition(unit=township_a, by=handler_a, received_on=day)
    body = api.get(
        "/api/v1/reports/summary/", {"org_unit": township_a.pk, "start": "2025-01-01", "end": "2025-09-30"}
    ).json()
    expected = build_summary(township_a, Period.year_to(2025, 9), today=date.today()).headline()
    assert body["headline"] == jsonable(expected)
    assert body["headline"]["petitions_received"] == 2
    assert body["headline"]["resolution_rate"] == {"numerator": 0, "denominator": 2, "percent": 0.0}
    assert body["kind"] == "ytd"
    assert any("共接到来信来访2件" in p["text"] for p in body["narrative"]["paragraphs"])
    english = api.get(
        "/api/v1/reports/summary/",
        {"org_unit": township_a.pk, "start": "2025-01-01", "end": "2025-09-30", "lang": "en"},
    ).json()
    assert any("received 2 letters and visits" in p["text"] for p in english["narrative"]["paragraphs"])


def test_summary_sets_each_figure_beside_last_year_and_breaks_it_down_by_sub_unit(
    api, handler_a, township_a, village_a
):
    make_petition(unit=village_a, by=handler_a, received_on=date(2025, 3, 3))
    make_petition(unit=village_a, by=handler_a, received_on=date(2025, 4, 4))
    make_petition(unit=village_a, by=handler_a, received_on=date(2024, 4, 4))
    body = api.get(
        "/api/v1/reports/summary/", {"org_unit": township_a.pk, "start": "2025-01-01", "end": "2025-09-30"}
    ).json()
    assert body["year_on_year"]["petitions_received"] == {"now": 2, "last_year": 1, "change": 100.0, "unit": "percent"}
    assert body["year_on_year"]["resolution_rate"]["unit"] == "points"
    [village] = [row for row in body["sub_units"] if not row["own"]]
    assert village["unit"]["name"] == village_a.name
    assert (village["now"]["petitions"]["received"], village["last_year"]["petitions"]["received"]) == (2, 1)
    assert village["now"]["legal_aid"]["aided"] == 0


def test_another_units_summary_is_refused(api, township_b):
    response = api.get(
        "/api/v1/reports/summary/", {"org_unit": township_b.pk, "start": "2025-01-01", "end": "2025-09-30"}
    )
    assert response.status_code == 400 and "org_unit" in response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2025-01-01", "end": "2025-09-30"},
        {"org_unit": "x", "start": "2025-01-01", "end": "2025-09-30"},
        {"org_unit": 1, "start": "2025-02-30", "end": "2025-09-30"},
        {"org_unit": 1, "start": "2025-09-30", "end": "2025-01-01"},
    ],
)
def test_bad_parameters_are_400(api, township_a, params):
    assert api.get("/api/v1/reports/summary/", params).status_code == 400


def test_anonymous_summary_is_401(db):
    assert APIClient().get("/api/v1/reports/summary/").status_code == 401


def test_last_years_sub_unit_rows_carry_no_overdue_now_count(api, handler_a, township_a, village_a):
    # Both petitions are open and long past their deadline today; only this year's row may say so.
    make_petition(unit=village_a, by=handler_a, received_on=date(2025, 3, 3))
    make_petition(unit=village_a, by=handler_a, received_on=date(2024, 3, 3))
    body = api.get(
        "/api/v1/reports/summary/", {"org_unit": township_a.pk, "start": "2025-01-01", "end": "2025-09-30"}
    ).json()
    [village] = [row for row in body["sub_units"] if not row["own"]]
    assert village["now"]["petitions"] == {
        "received": 1,
        "concluded": 0,
        "replied": 0,
        "overdue_at_end": 1,
        "open_overdue": 2,
    }
    assert village["last_year"]["petitions"] == {"received": 1, "concluded": 0, "replied": 0, "overdue_at_end": 1}


def test_the_schema_says_which_sub_unit_figures_count_overdue_now(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["components"]["schemas"]
    assert "open_overdue" in schema["SubUnitPetitionsNow"]["properties"]
    assert "open_overdue" not in schema["SubUnitPetitions"]["properties"]
    row = schema["SummarySubUnit"]["properties"]
    assert row["last_year"]["$ref"].endswith("/SubUnitFiguresLastYear")


def test_summary_names_categories_in_the_language_asked_for(api, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 2, 3))
    query = {"org_unit": township_a.pk, "start": "2025-01-01", "end": "2025-09-30"}
    chinese = api.get("/api/v1/reports/summary/", query).json()
    assert chinese["figures"]["petitions"]["by_category"] == {"婚姻家庭": 1}
    english = api.get("/api/v1/reports/summary/", {**query, "lang": "en"}).json()
    assert english["figures"]["petitions"]["by_subcategory"] == {"Domestic violence": 1}
    by_category = next(t for t in english["tables"] if t["key"] == "by_category")
    assert by_category["rows"][0][0] == "Marriage and family"
