"""The work summary against a hand-built set of petitions, with literal numbers."""

from datetime import date

import pytest

from directory.periods import Period
from petitions.models import Petition
from reporting.narrative import write
from reporting.summary import build_summary
from tests.petitions.factories import make_petition

YTD = Period.year_to(2025, 9)
TODAY = date(2025, 10, 8)


def settle(petition, *, concluded_on=None, replied_on=None):
    """Arrange a petition's outcome directly (the workflow itself is tested in tests/petitions)."""
    Petition.objects.filter(pk=petition.pk).update(
        status=Petition.Status.CONCLUDED if concluded_on else petition.status,
        concluded_on=concluded_on,
        replied_on=replied_on,
    )


@pytest.fixture
def petitions(handler_a, handler_b, township_a, township_b, village_a):
    a1 = make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    a2 = make_petition(unit=village_a, by=handler_a, received_on=date(2025, 4, 10))
    a3 = make_petition(unit=township_a, by=handler_a, received_on=date(2025, 8, 20))
    b1 = make_petition(unit=township_b, by=handler_b, received_on=date(2025, 5, 5))
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 2, 2))
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 6, 6))
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 10, 2))  # after the period
    settle(a1, concluded_on=date(2025, 3, 20), replied_on=date(2025, 3, 20))
    settle(a2, concluded_on=date(2025, 9, 30), replied_on=date(2025, 5, 1))
    settle(a3, concluded_on=date(2025, 10, 5), replied_on=date(2025, 9, 1))  # concluded after the period end
    settle(b1, replied_on=date(2025, 5, 20))
    return a1, a2, a3, b1


def test_district_rolls_up_both_townships_and_the_village(petitions, district):
    p = build_summary(district, YTD, today=TODAY).current.petitions
    assert (p.received, p.concluded, p.replied) == (4, 2, 4)
    assert str(p.resolution_rate) == "50.0%" and (p.resolution_rate.numerator, p.resolution_rate.denominator) == (2, 4)


def test_sub_unit_breakdown_puts_the_village_under_its_township(petitions, district, township_a, township_b):
    rows = {row.unit: row.now.petitions for row in build_summary(district, YTD, today=TODAY).sub_units}
    assert (rows[township_a].received, rows[township_a].concluded) == (3, 2)
    assert (rows[township_b].received, rows[township_b].concluded) == (1, 0)


def test_a_township_sees_only_its_subtree(petitions, township_a):
    p = build_summary(township_a, YTD, today=TODAY).current.petitions
    assert (p.received, p.concluded) == (3, 2)


def test_year_on_year_change_is_written_out(petitions, township_a):
    summary = build_summary(township_a, YTD, today=TODAY)
    assert summary.last_year.petitions.received == 2
    text = write(summary, "zh-hans").text()
    assert "共接到来信来访3件（3人次），同比增长50.0%" in text
    assert "办结2件，办结率达66.7%，比去年同期提高66.7个百分点" in text


def test_months_count_what_was_received_each_month(petitions, township_a):
    months = build_summary(township_a, YTD, today=TODAY).by_month
    assert [(m.month, m.received, m.concluded) for m in months if m.received] == [(3, 1, 1), (4, 1, 1), (8, 1, 0)]


def test_sections_with_nothing_to_report_are_left_out(petitions, township_a):
    text = write(build_summary(township_a, YTD, today=TODAY), "zh-hans").text()
    assert (
        "陪审" not in text
        and "安居房" not in text
        and "0宗" not in text
        and "配合有关部门" not in text
        and "投诉点" not in text
    )
    assert "存在问题" in text and "下一步打算" in text  # the free-text sections are always there


def test_english_narrative_has_the_same_figures(petitions, township_a):
    text = write(build_summary(township_a, YTD, today=TODAY), "en").text()
    assert "received 3 letters and visits" in text and "a resolution rate of 66.7%" in text


@pytest.mark.parametrize("extra", [0, 12])
def test_summary_runs_a_fixed_number_of_queries(petitions, township_a, handler_a, django_assert_num_queries, extra):
    for _ in range(extra):
        make_petition(unit=township_a, by=handler_a, received_on=date(2025, 6, 1))
    with django_assert_num_queries(86):
        build_summary(township_a, YTD, today=TODAY)


@pytest.mark.parametrize(
    "period, title",
    [
        (YTD, "雄州街道妇女联合会维权工作汇报"),
        (Period.year(2025), "雄州街道妇女联合会2025年维权工作总结"),
        (Period.quarter(2025, 3), "雄州街道妇女联合会2025年第三季度维权工作情况"),
        (Period.month(2025, 6), "雄州街道妇女联合会2025年6月份维权工作情况"),
    ],
)
def test_the_title_says_what_kind_of_report_it_is(township_a, period, title):
    assert write(build_summary(township_a, period, today=TODAY), "zh-hans").title == title
