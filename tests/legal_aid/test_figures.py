import io
from decimal import Decimal

from django.core.management import call_command

from directory.demo import CITY_CODE
from directory.figures import Rate
from directory.models import OrgUnit
from directory.periods import Period
from directory.voiding import void_record
from legal_aid.figures import case_figures, jury_figures, legal_aid_figures, protection_order_figures
from legal_aid.models import Assessor, LegalAidCase, ProtectionOrder

YEAR = 2025


def _seed(db):
    call_command("seed_demo", year=YEAR, force=True, stdout=io.StringIO())
    return OrgUnit.objects.get(code=CITY_CODE)


def test_demo_city_reproduces_the_source_report_to_september(db, django_assert_num_queries):
    city = _seed(db)
    with django_assert_num_queries(7):
        figures = legal_aid_figures(city, Period.year_to(YEAR, 9))
    cases, orders, warnings, jury = figures.cases, figures.protection_orders, figures.police_warnings, figures.jury
    # "为贫困妇女免费代理办案2宗(打官司),为9位贫困妇女提供法律援助"
    assert (cases.free_representation, cases.free_litigation, cases.women_aided) == (2, 2, 9)
    assert (cases.applied, cases.aided, cases.refused, cases.clients_aided) == (11, 10, 1, 9)
    assert cases.closed == 7 and cases.money_recovered == Decimal("70100.00")
    assert cases.decisions_on_time == Rate(10, 11) and str(cases.decisions_on_time) == "90.9%"
    assert cases.lawyers_on_time == Rate(10, 10)
    assert cases.by_form == {"litigation": 4, "consultation": 2, "documents": 2, "labour": 1, "non_litigation": 1}
    assert cases.by_outcome == {"won": 4, "other": 1, "mediated": 1, "partly_won": 1}
    assert cases.by_cause["domestic_violence"] == 2
    assert (orders.applied, orders.federation_applied, orders.granted, orders.in_force, orders.expiring_soon) == (
        3,
        2,
        2,
        1,
        1,
    )
    assert (warnings.issued, warnings.federation_helped, warnings.followed_up) == (3, 2, 3)
    # "参与各类案件陪审8宗"
    assert (jury.hearings, jury.women_involved, jury.children_involved, jury.women_or_children) == (8, 7, 4, 8)
    assert jury.by_case_type == {"civil": 5, "criminal": 2, "administrative": 1}
    assert (jury.active_assessors, jury.assessors_sitting, jury.assessors_at_limit) == (3, 3, 0)


def test_whole_year_counts_the_autumn_records_seeding_twice_changes_nothing_and_voided_count_nowhere(db, township_b):
    city = _seed(db)
    call_command("seed_demo", year=YEAR, force=True, stdout=io.StringIO())
    year = Period.year(YEAR)
    cases = case_figures(LegalAidCase.objects.within(city), year)
    assert (cases.women_aided, cases.free_representation, cases.applied) == (11, 3, 13)
    assert jury_figures(Assessor.objects.within(city), year).hearings == 10
    assert protection_order_figures(ProtectionOrder.objects.within(city), year).applied == 4
    case = LegalAidCase.objects.filter(provider="federation", applied_on__month=1).get()
    void_record(record=case, by=case.created_by, reason="录入错误")
    assert case_figures(LegalAidCase.objects.within(city), Period.year_to(YEAR, 9)).free_representation == 1
    other = legal_aid_figures(township_b, year)
    assert other.cases.applied == 0 and other.jury.hearings == 0 and other.cases.money_recovered == Decimal(0)
