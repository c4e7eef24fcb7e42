from datetime import date
from decimal import Decimal

import pytest

from directory.models import AccessLog
from legal_aid.models import LegalAidCase
from tests.factories import PersonFactory, VolunteerFactory

from .factories import make_case


def case_form(unit, client, **overrides):
    data = {
        "org_unit": unit.pk,
        "client": client.pk,
        "aid_form": "litigation",
        "cause": "domestic_violence",
        "provider": "federation",
        "eligibility": "exempt_dv",
        "hardship_proof": "",
        "court": "南雄市人民法院",
        "applied_on": "2025-03-03",
        "hearing_dates": "",
        "facts": "丈夫长期殴打",
    }
    data.update(overrides)
    return data


def test_clerk_registers_an_application_and_the_decision_is_due_in_seven_days(client_for, clerk_a, village_a):
    client = PersonFactory(org_unit=village_a, full_name="黄美玲")
    response = client_for(clerk_a).post("/legal-aid/cases/new/", case_form(village_a, client))
    case = LegalAidCase.objects.get()
    assert response.status_code == 302 and response.url == f"/legal-aid/cases/{case.pk}/"
    assert case.reference == "FY2025-0001"
    assert case.status == "applied" and case.decision_due_on == date(2025, 3, 10)
    assert case.history.get().history_user == clerk_a


def test_domestic_violence_victim_is_accepted_without_financial_proof(client_for, handler_a, village_a):
    client = PersonFactory(org_unit=village_a)
    client_for(handler_a).post("/legal-aid/cases/new/", case_form(village_a, client, eligibility="exempt_abuse"))
    assert LegalAidCase.objects.get().hardship_proof == ""


def test_financial_hardship_without_proof_re_renders_with_the_input_kept(client_for, clerk_a, village_a):
    client = PersonFactory(org_unit=village_a)
    response = client_for(clerk_a).post(
        "/legal-aid/cases/new/", case_form(village_a, client, eligibility="hardship", facts="要求抚养费")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "经济困难证明" in page and "要求抚养费" in page
    assert not LegalAidCase.objects.exists()


def test_hearing_dates_in_a_wrong_format_are_refused(client_for, clerk_a, village_a):
    client = PersonFactory(org_unit=village_a)
    response = client_for(clerk_a).post("/legal-aid/cases/new/", case_form(village_a, client, hearing_dates="3月5日"))
    assert response.status_code == 200 and not LegalAidCase.objects.exists()


def test_client_from_another_township_cannot_be_chosen(client_for, clerk_a, village_a, village_b):
    other = PersonFactory(org_unit=village_b)
    response = client_for(clerk_a).post("/legal-aid/cases/new/", case_form(village_a, other))
    assert response.status_code == 200 and not LegalAidCase.objects.exists()


def test_handler_from_other_township_gets_404(client_for, handler_a, handler_b, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = client_for(handler_b)
    assert client.get(f"/legal-aid/cases/{case.pk}/").status_code == 404
    assert (
        client.post(f"/legal-aid/cases/{case.pk}/decide/", {"decision": "accept", "on": "2025-03-05"}).status_code
        == 404
    )


def test_case_page_masks_the_id_number_for_managers_and_logs_the_view(client_for, manager_a, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, id_number="440282198805170028", birth_date=None)
    case = make_case(unit=village_a, by=handler_a, client=person)
    page = client_for(manager_a).get(f"/legal-aid/cases/{case.pk}/").content.decode()
    assert "440282********0028" in page and "440282198805170028" not in page
    assert AccessLog.objects.filter(action="view", object_id=str(case.pk)).count() == 1


def test_handler_sees_the_whole_id_number(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, id_number="440282198805170028", birth_date=None)
    case = make_case(unit=village_a, by=handler_a, client=person)
    assert "440282198805170028" in client_for(handler_a).get(f"/legal-aid/cases/{case.pk}/").content.decode()


def test_handler_accepts_and_the_lawyer_is_due_three_days_later(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = client_for(handler_a).post(
        f"/legal-aid/cases/{case.pk}/decide/", {"decision": "accept", "on": "2025-03-05", "seen_version": 1}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted" and case.decided_on == date(2025, 3, 5)
    assert case.assignment_due_on == date(2025, 3, 8)
    assert case.history.count() == 2 and case.history.first().status == "accepted"


def test_refusal_needs_reasons(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    response = client.post(f"/legal-aid/cases/{case.pk}/decide/", {"decision": "refuse", "on": "2025-03-05"})
    assert response.status_code == 200 and "拒绝法律援助的理由" in response.content.decode()
    client.post(
        f"/legal-aid/cases/{case.pk}/decide/", {"decision": "refuse", "on": "2025-03-05", "reasons": "不属于援助范围"}
    )
    case.refresh_from_db()
    assert case.status == "refused" and case.refusal_reason == "不属于援助范围"


def test_decision_is_post_only(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    assert client_for(handler_a).get(f"/legal-aid/cases/{case.pk}/decide/").status_code == 405


def test_clerk_may_not_decide(client_for, clerk_a, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = client_for(clerk_a).post(
        f"/legal-aid/cases/{case.pk}/decide/", {"decision": "accept", "on": "2025-03-05"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "applied"


def test_stale_decision_is_refused_and_the_form_kept(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = client_for(handler_a).post(
        f"/legal-aid/cases/{case.pk}/decide/",
        {"decision": "refuse", "on": "2025-03-05", "reasons": "理由X", "seen_version": 0},
    )
    assert response.status_code == 200 and "理由X" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "applied"


def _accepted(unit, by):
    from legal_aid.services import decide_case

    case = make_case(unit=unit, by=by)
    return decide_case(case=case, by=by, on=date(2025, 3, 5), accept=True)


def test_assigning_a_volunteer_lawyer_puts_the_case_in_progress(client_for, handler_a, township_a, village_a):
    case = _accepted(village_a, handler_a)
    lawyer = VolunteerFactory(org_unit=township_a, full_name="何丽萍")
    response = client_for(handler_a).post(
        f"/legal-aid/cases/{case.pk}/assign/", {"lawyer": lawyer.pk, "on": "2025-03-07"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_progress" and case.lawyer == lawyer and case.lawyer_assigned_on == date(2025, 3, 7)


def test_closing_records_the_outcome_and_money_recovered(client_for, handler_a, village_a):
    from legal_aid.services import assign_lawyer

    case = assign_lawyer(case=_accepted(village_a, handler_a), by=handler_a, on=date(2025, 3, 6), lawyer_name="周律师")
    client_for(handler_a).post(
        f"/legal-aid/cases/{case.pk}/close/", {"outcome": "won", "on": "2025-06-30", "money_recovered": "12000.50"}
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "won" and case.money_recovered == Decimal("12000.50")


def test_a_refused_case_cannot_be_closed(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = client_for(handler_a).post(
        f"/legal-aid/cases/{case.pk}/close/",
        {"outcome": "won", "on": "2025-06-30", "money_recovered": "0"},
        follow=True,
    )
    assert "不能进行这一步" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "applied"


def test_client_withdraws(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client_for(handler_a).post(f"/legal-aid/cases/{case.pk}/withdraw/", {"on": "2025-03-04", "reason": "已和解"})
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.history.first().history_change_reason == "已和解"


def test_voided_case_leaves_the_list(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    client.post(f"/legal-aid/cases/{case.pk}/void/", {"reason": "重复录入"})
    case.refresh_from_db()
    assert case.is_voided and case.void_reason == "重复录入"
    assert case.reference not in client.get("/legal-aid/").content.decode()


def test_edit_with_a_stale_version_is_refused(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    data = {
        "org_unit": village_a.pk,
        "client": case.client_id,
        "aid_form": "documents",
        "cause": "divorce",
        "provider": "centre",
        "eligibility": "exempt_dv",
        "applied_on": "2025-03-03",
        "court": "新法院",
        "seen_version": 1,
    }
    client = client_for(handler_a)
    assert client.post(f"/legal-aid/cases/{case.pk}/edit/", data).status_code == 302
    response = client.post(f"/legal-aid/cases/{case.pk}/edit/", {**data, "court": "另一个"})
    assert response.status_code == 200 and "另一个" in response.content.decode()
    case.refresh_from_db()
    assert case.court == "新法院" and case.aid_form == "documents" and case.version == 2


@pytest.mark.parametrize("n", [2, 30])
def test_case_list_runs_a_fixed_number_of_queries(client_for, handler_a, village_a, django_assert_num_queries, n):
    for _ in range(n):
        make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    # session, user with her staff profile and unit, permissions (export button), count, page rows, the unit filter's choices
    with django_assert_num_queries(6):
        response = client.get("/legal-aid/?status=applied")
    assert response.status_code == 200


def test_overdue_filter_lists_cases_past_their_decision_date(client_for, handler_a, village_a):
    late = make_case(unit=village_a, by=handler_a, applied_on=date(2020, 1, 1))
    fresh = make_case(unit=village_a, by=handler_a, applied_on=date.today())
    page = client_for(handler_a).get("/legal-aid/?due=overdue").content.decode()
    assert late.reference in page and fresh.reference not in page


def test_case_history_shows_the_status_change_and_who_made_it(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    client.post(f"/legal-aid/cases/{case.pk}/decide/", {"decision": "accept", "on": "2025-03-05"})
    history = client.get(f"/legal-aid/cases/{case.pk}/").content.decode().split("修改记录")[1]
    assert "<b>状态</b>: 已申请 → 已受理" in history and handler_a.first_name in history
