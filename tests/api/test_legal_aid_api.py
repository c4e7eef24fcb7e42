from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from directory.models import AccessLog
from directory.voiding import void_record
from legal_aid.models import Assessor, AssessorHearing, FollowUpVisit, LegalAidCase, PoliceWarning, ProtectionOrder
from petitions.models import Action
from tests.factories import AgencyFactory, PersonFactory, VolunteerFactory
from tests.legal_aid.factories import make_assessor, make_case, make_hearing, make_order
from tests.petitions.factories import make_petition

CASES = "/api/v1/legal-aid-cases/"
ORDERS = "/api/v1/protection-orders/"
WARNINGS = "/api/v1/police-warnings/"
ASSESSORS = "/api/v1/assessors/"
HEARINGS = "/api/v1/assessor-hearings/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def case_payload(unit, person, **overrides):
    data = {
        "org_unit": unit.pk,
        "client": person.pk,
        "aid_form": "litigation",
        "cause": "domestic_violence",
        "provider": "federation",
        "eligibility": "exempt_dv",
        "court": "南雄市人民法院",
        "applied_on": "2025-03-03",
        "facts": "丈夫长期殴打",
    }
    data.update(overrides)
    return data


def masked(id_number):
    return id_number[:6] + "********" + id_number[-4:]


# --- legal-aid cases --------------------------------------------------------------------


def test_case_list_shows_only_the_users_units_active_cases_with_masked_id_numbers(
    api, handler_a, handler_b, village_a, village_b
):
    mine = make_case(unit=village_a, by=handler_a)
    voided = make_case(unit=village_a, by=handler_a)
    void_record(record=voided, by=handler_a, reason="重复")
    make_case(unit=village_b, by=handler_b)
    body = as_user(api, handler_a).get(CASES).json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == mine.pk and row["reference"] == mine.reference
    assert row["client_id_number"] == masked(mine.client.id_number)
    assert row["status"] == "applied" and row["decision_due_on"] == "2025-03-10"


def test_case_list_takes_the_list_pages_filters(api, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, full_name="黄美玲")
    wanted = make_case(unit=village_a, by=handler_a, client=person, cause="custody")
    make_case(unit=village_a, by=handler_a, cause="divorce")
    client = as_user(api, handler_a)
    assert [r["id"] for r in client.get(CASES, {"cause": "custody"}).json()["results"]] == [wanted.pk]
    assert [r["id"] for r in client.get(CASES, {"q": "黄美"}).json()["results"]] == [wanted.pk]
    assert client.get(CASES, {"status": "closed"}).json()["count"] == 0
    assert client.get(CASES, {"due": "overdue"}).json()["count"] == 2  # applied in March 2025, never decided
    assert client.get(CASES, {"status": "nonsense"}).status_code == 400


def test_handler_reads_a_whole_id_number_and_the_read_is_logged(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    body = as_user(api, handler_a).get(f"{CASES}{case.pk}/").json()
    assert body["client_id_number"] == case.client.id_number
    assert AccessLog.objects.filter(user=handler_a, action="view", object_id=str(case.pk)).count() == 1


def test_manager_reads_a_case_with_the_id_number_masked(api, handler_a, manager_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    body = as_user(api, manager_a).get(f"{CASES}{case.pk}/").json()
    assert body["client_id_number"] == masked(case.client.id_number)


def test_another_townships_case_is_404_for_reading_and_for_every_step(api, handler_a, handler_b, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_b)
    assert client.get(f"{CASES}{case.pk}/").status_code == 404
    assert client.post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-05"}, format="json").status_code == 404
    assert client.patch(f"{CASES}{case.pk}/", {"court": "别处"}, format="json").status_code == 404
    assert client.post(f"{CASES}{case.pk}/void/", {"reason": "错"}, format="json").status_code == 404
    case.refresh_from_db()
    assert case.status == "applied" and case.version == 1 and not case.is_voided


def test_clerk_registers_a_case_through_the_service_and_history_records_her(api, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a)
    response = as_user(api, clerk_a).post(CASES, case_payload(village_a, person), format="json")
    assert response.status_code == 201, response.json()
    case = LegalAidCase.objects.get()
    assert response.json()["reference"] == "FY2025-0001" == case.reference
    assert case.decision_due_on == date(2025, 3, 10) and case.created_by == clerk_a
    assert case.history.get().history_user == clerk_a


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"eligibility": "hardship", "hardship_proof": ""}, "hardship_proof", "经济困难证明"),
        ({"aid_form": "bribery"}, "aid_form", "不是合法选项"),
        ({"applied_on": "2025-02-30"}, "applied_on", "日期格式错误"),
        ({"hearing_dates": "3月5日"}, "hearing_dates", "YYYY-MM-DD"),
        ({"court_case_number": "号" * 61}, "court_case_number", "超过 60 个字符"),
        ({"client": "abc"}, "client", "类型错误"),
        ({"client": 999999}, "client", "对象不存在"),
        ({"facts": ["a", "b"]}, "facts", "字符串"),
    ],
)
def test_bad_case_input_is_400_with_field_errors_in_chinese(api, clerk_a, village_a, overrides, field, message):
    person = PersonFactory(org_unit=village_a)
    response = as_user(api, clerk_a).post(
        CASES, case_payload(village_a, person, **overrides), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not LegalAidCase.objects.exists()


def test_a_client_or_unit_of_another_township_is_400_not_a_leak(api, clerk_a, village_a, village_b):
    theirs = PersonFactory(org_unit=village_b)
    client = as_user(api, clerk_a)
    response = client.post(CASES, case_payload(village_a, theirs), format="json")
    assert response.status_code == 400 and "client" in response.json()
    mine = PersonFactory(org_unit=village_a)
    response = client.post(CASES, case_payload(village_b, mine), format="json")
    assert response.status_code == 400 and "org_unit" in response.json()
    assert not LegalAidCase.objects.exists()


def test_malformed_json_is_400_and_a_list_body_is_400(api, clerk_a, handler_a, village_a):
    client = as_user(api, clerk_a)
    assert client.post(CASES, "{not json", content_type="application/json").status_code == 400
    assert client.post(CASES, [1, 2], format="json").status_code == 400
    case = make_case(unit=village_a, by=handler_a)
    assert as_user(api, handler_a).post(f"{CASES}{case.pk}/accept/", [1], format="json").status_code == 400


def test_a_case_from_a_petition_logs_the_referral_on_the_petitions_timeline(api, handler_a, village_a):
    person = PersonFactory(org_unit=village_a)
    petition = make_petition(unit=village_a, by=handler_a, person=person, accepted_on=date(2025, 3, 4))
    payload = case_payload(village_a, person, applied_on="2025-03-06", source_petition=petition.pk)
    response = as_user(api, handler_a).post(CASES, payload, format="json")
    assert response.status_code == 201, response.json()
    case = LegalAidCase.objects.get()
    assert case.source_petition == petition and response.json()["source_petition"] == petition.pk
    action = petition.actions.get(kind=Action.Kind.REFER_LEGAL_AID)
    assert (action.on, action.by) == (date(2025, 3, 6), handler_a) and case.reference in action.text
    petition.refresh_from_db()
    assert petition.status == "in_progress"


def test_a_petition_not_yet_accepted_is_409_and_nothing_is_saved(api, handler_a, village_a):
    person = PersonFactory(org_unit=village_a)
    petition = make_petition(unit=village_a, by=handler_a, person=person)
    response = as_user(api, handler_a).post(
        CASES,
        case_payload(village_a, person, source_petition=petition.pk),
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 409 and "须先受理" in response.json()["detail"]
    assert not LegalAidCase.objects.exists()
    assert not petition.actions.filter(kind=Action.Kind.REFER_LEGAL_AID).exists()


def test_a_petition_of_another_township_is_400(api, handler_a, handler_b, village_b, village_a):
    petition = make_petition(unit=village_b, by=handler_b, accepted_on=date(2025, 3, 4))
    person = PersonFactory(org_unit=village_a)
    response = as_user(api, handler_a).post(
        CASES, case_payload(village_a, person, source_petition=petition.pk), format="json"
    )
    assert response.status_code == 400 and "source_petition" in response.json()
    assert not petition.actions.filter(kind=Action.Kind.REFER_LEGAL_AID).exists()


def test_user_without_a_role_cannot_register_a_case(api, django_user_model, village_a):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    person = PersonFactory(org_unit=village_a)
    assert as_user(api, nobody).post(CASES, case_payload(village_a, person), format="json").status_code == 403


def test_a_clerk_may_not_decide_a_case(api, clerk_a, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = as_user(api, clerk_a).post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-05"}, format="json")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "applied"


def test_steps_are_post_only(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    assert client.get(f"{CASES}{case.pk}/accept/").status_code == 405
    assert client.delete(f"{CASES}{case.pk}/").status_code == 405


def test_the_whole_life_of_a_case_over_the_api(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    lawyer = VolunteerFactory(org_unit=village_a)
    client = as_user(api, handler_a)
    body = client.post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-05", "version": 1}, format="json").json()
    assert (body["status"], body["assignment_due_on"], body["version"]) == ("accepted", "2025-03-08", 2)
    body = client.post(
        f"{CASES}{case.pk}/assign-lawyer/", {"on": "2025-03-06", "lawyer": lawyer.pk}, format="json"
    ).json()
    assert (body["status"], body["lawyer"], body["lawyer_assigned_on"]) == ("in_progress", lawyer.pk, "2025-03-06")
    response = client.post(
        f"{CASES}{case.pk}/close/",
        {"on": "2025-06-30", "outcome": "won", "money_recovered": "12000.50"},
        format="json",
        HTTP_IF_MATCH='"3"',
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.status, case.outcome, case.money_recovered) == ("closed", "won", Decimal("12000.50"))
    assert [h.status for h in case.history.order_by("history_id")] == ["applied", "accepted", "in_progress", "closed"]
    assert case.history.latest().history_user == handler_a


def test_refusing_needs_reasons_and_records_them(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    response = client.post(f"{CASES}{case.pk}/refuse/", {"on": "2025-03-05"}, format="json")
    assert response.status_code == 400 and "reasons" in response.json()
    response = client.post(f"{CASES}{case.pk}/refuse/", {"on": "2025-03-05", "reasons": "不符合条件"}, format="json")
    assert response.json()["status"] == "refused"
    case.refresh_from_db()
    assert case.refusal_reason == "不符合条件"


def test_an_illegal_step_is_409_with_the_reason_and_changes_nothing(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = as_user(api, handler_a).post(
        f"{CASES}{case.pk}/close/",
        {"on": "2025-03-05", "outcome": "won"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "案件状态为“已申请”,不能进行这一步。"
    case.refresh_from_db()
    assert case.status == "applied" and case.version == 1


def test_a_decision_before_the_application_is_400_on_the_day(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = as_user(api, handler_a).post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-01"}, format="json")
    assert response.status_code == 400 and "on" in response.json()


def test_a_stale_step_is_412_and_changes_nothing(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    LegalAidCase.objects.filter(pk=case.pk).update(version=2)
    response = as_user(api, handler_a).post(
        f"{CASES}{case.pk}/accept/", {"on": "2025-03-05"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    case.refresh_from_db()
    assert case.status == "applied"


def test_a_stale_edit_is_412_and_a_current_one_saves_with_history(api, clerk_a, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a, court="旧法院")
    client = as_user(api, clerk_a)
    stale = client.patch(f"{CASES}{case.pk}/", {"court": "新法院", "version": 0}, format="json")
    assert stale.status_code == 412
    response = client.patch(f"{CASES}{case.pk}/", {"court": "新法院", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    case.refresh_from_db()
    assert case.court == "新法院" and case.history.latest().history_user == clerk_a


def test_a_case_is_voided_with_a_reason_and_then_no_step_is_possible(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    assert client.post(f"{CASES}{case.pk}/void/", {}, format="json").status_code == 400
    response = client.post(f"{CASES}{case.pk}/void/", {"reason": "重复登记"}, format="json")
    assert response.status_code == 200 and response.json()["is_voided"] is True
    case.refresh_from_db()
    assert case.void_reason == "重复登记" and case.voided_by == handler_a
    assert case.history.latest().history_user == handler_a
    assert client.post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-05"}, format="json").status_code == 409
    assert client.post(f"{CASES}{case.pk}/void/", {"reason": "again"}, format="json").status_code == 409
    assert client.get(CASES).json()["count"] == 0


@pytest.mark.parametrize("n", [2, 30])
def test_case_list_runs_a_fixed_number_of_queries(api, handler_a, village_a, django_assert_num_queries, n):
    for _ in range(n):
        make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    with django_assert_num_queries(2):  # count, page
        assert client.get(CASES).status_code == 200


# --- protection orders ------------------------------------------------------------------


def order_payload(unit, victim, **overrides):
    data = {
        "org_unit": unit.pk,
        "victim": victim.pk,
        "applicant": "federation",
        "court": "南雄市人民法院",
        "filed_at": "2025-03-03T09:00:00+08:00",
        "urgent": True,
    }
    data.update(overrides)
    return data


def test_order_list_is_scoped_and_masked(api, handler_a, handler_b, village_a, village_b):
    mine = make_order(unit=village_a, by=handler_a)
    make_order(unit=village_b, by=handler_b)
    [row] = as_user(api, handler_a).get(ORDERS).json()["results"]
    assert row["id"] == mine.pk and row["victim_id_number"] == masked(mine.victim.id_number)


def test_clerk_records_an_urgent_application_due_in_24_hours(api, clerk_a, village_a):
    victim = PersonFactory(org_unit=village_a)
    response = as_user(api, clerk_a).post(ORDERS, order_payload(village_a, victim), format="json")
    assert response.status_code == 201, response.json()
    order = ProtectionOrder.objects.get()
    assert response.json()["decision_due_at"] == "2025-03-04T09:00:00+08:00"
    assert order.history.get().history_user == clerk_a


def test_bad_order_input_is_400_in_chinese(api, clerk_a, village_a, village_b):
    victim = PersonFactory(org_unit=village_a)
    theirs = PersonFactory(org_unit=village_b)
    client = as_user(api, clerk_a)
    response = client.post(
        ORDERS, order_payload(village_a, victim, applicant="nobody"), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400 and "不是合法选项" in str(response.json()["applicant"])
    response = client.post(ORDERS, order_payload(village_a, theirs), format="json")
    assert response.status_code == 400 and "victim" in response.json()
    assert not ProtectionOrder.objects.exists()


def test_order_decision_grant_then_extend(api, handler_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    response = client.post(
        f"{ORDERS}{order.pk}/decide/",
        {"decision": "granted", "on": "2025-03-04", "ban_violence": True, "expires_on": "2025-09-03"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["decision"], response.json()["reminder_on"]) == ("granted", "2025-08-20")
    response = client.post(f"{ORDERS}{order.pk}/extend/", {"new_expiry": "2025-12-31", "version": 2}, format="json")
    assert response.status_code == 200 and response.json()["extensions"] == 1
    order.refresh_from_db()
    assert order.expires_on == date(2025, 12, 31) and order.history.latest().history_user == handler_a


def test_a_grant_over_six_months_is_400_and_a_second_decision_409(api, handler_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    too_long = {"decision": "granted", "on": "2025-03-04", "ban_contact": True, "expires_on": "2025-12-31"}
    response = client.post(f"{ORDERS}{order.pk}/decide/", too_long, format="json")
    assert response.status_code == 400 and "expires_on" in response.json()
    client.post(f"{ORDERS}{order.pk}/decide/", {"decision": "refused", "on": "2025-03-04"}, format="json")
    again = client.post(f"{ORDERS}{order.pk}/decide/", {"decision": "refused", "on": "2025-03-05"}, format="json")
    assert again.status_code == 409
    assert client.post(f"{ORDERS}{order.pk}/extend/", {"new_expiry": "2025-12-31"}, format="json").status_code == 409


def test_order_steps_refuse_clerks_stale_versions_and_other_townships(api, clerk_a, handler_a, handler_b, village_a):
    order = make_order(unit=village_a, by=handler_a)
    refused = {"decision": "refused", "on": "2025-03-04"}
    assert as_user(api, clerk_a).post(f"{ORDERS}{order.pk}/decide/", refused, format="json").status_code == 403
    assert as_user(api, handler_b).post(f"{ORDERS}{order.pk}/decide/", refused, format="json").status_code == 404
    stale = as_user(api, handler_a).post(f"{ORDERS}{order.pk}/decide/", {**refused, "version": 7}, format="json")
    assert stale.status_code == 412
    order.refresh_from_db()
    assert order.decision == "pending"


@pytest.mark.parametrize("n", [2, 30])
def test_order_list_runs_a_fixed_number_of_queries(api, handler_a, village_a, django_assert_num_queries, n):
    for _ in range(n):
        make_order(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    with django_assert_num_queries(2):  # count, page
        assert client.get(ORDERS).status_code == 200


# --- police warnings --------------------------------------------------------------------


def test_police_warning_recorded_with_visits_and_listed_only_in_its_township(
    api, clerk_a, clerk_b, handler_a, village_a
):
    victim = PersonFactory(org_unit=village_a)
    station = AgencyFactory(org_unit=village_a)
    client = as_user(api, clerk_a)
    payload = {"org_unit": village_a.pk, "victim": victim.pk, "police_station": station.pk, "issued_on": "2025-03-03"}
    response = client.post(WARNINGS, payload, format="json")
    assert response.status_code == 201, response.json()
    warning = PoliceWarning.objects.get()
    assert warning.history.get().history_user == clerk_a
    visit = client.post(
        f"{WARNINGS}{warning.pk}/visits/", {"visited_on": "2025-03-10", "by": "village", "notes": "平安"}, format="json"
    )
    assert visit.status_code == 201 and FollowUpVisit.objects.get().recorded_by == clerk_a
    [row] = client.get(WARNINGS).json()["results"]
    assert row["visits"][0]["by"] == "village" and row["victim_id_number"] == masked(victim.id_number)
    assert as_user(APIClient(), clerk_b).get(WARNINGS).json()["count"] == 0
    assert as_user(APIClient(), clerk_b).get(f"{WARNINGS}{warning.pk}/").status_code == 404


def test_a_visit_before_the_warning_is_400_and_a_foreign_station_is_400(api, clerk_a, village_a, village_b):
    victim = PersonFactory(org_unit=village_a)
    client = as_user(api, clerk_a)
    foreign = AgencyFactory(org_unit=village_b)
    payload = {"org_unit": village_a.pk, "victim": victim.pk, "issued_on": "2025-03-03"}
    response = client.post(WARNINGS, {**payload, "police_station": foreign.pk}, format="json")
    assert response.status_code == 400 and "police_station" in response.json()
    warning_id = client.post(WARNINGS, payload, format="json").json()["id"]
    response = client.post(
        f"{WARNINGS}{warning_id}/visits/", {"visited_on": "2025-03-01", "by": "police"}, format="json"
    )
    assert response.status_code == 400 and "visited_on" in response.json()


def test_a_clerk_may_not_void_a_warning_a_handler_may(api, clerk_a, handler_a, village_a):
    victim = PersonFactory(org_unit=village_a)
    payload = {"org_unit": village_a.pk, "victim": victim.pk, "issued_on": "2025-03-03"}
    warning_id = as_user(api, clerk_a).post(WARNINGS, payload, format="json").json()["id"]
    assert api.post(f"{WARNINGS}{warning_id}/void/", {"reason": "错"}, format="json").status_code == 403
    response = as_user(APIClient(), handler_a).post(f"{WARNINGS}{warning_id}/void/", {"reason": "错"}, format="json")
    assert response.status_code == 200 and PoliceWarning.objects.get().is_voided


@pytest.mark.parametrize("n", [2, 30])
def test_warning_list_runs_a_fixed_number_of_queries(api, clerk_a, village_a, django_assert_num_queries, n):
    from legal_aid.services import record_follow_up_visit, record_police_warning

    for _ in range(n):
        w = record_police_warning(
            by=clerk_a, org_unit=village_a, victim=PersonFactory(org_unit=village_a), issued_on=date(2025, 3, 3)
        )
        record_follow_up_visit(warning=w, by=clerk_a, visited_on=date(2025, 3, 9), visitor="federation")
    client = as_user(api, clerk_a)
    with django_assert_num_queries(3):  # count, page, visits
        assert client.get(WARNINGS).status_code == 200


# --- assessors and hearings -------------------------------------------------------------


def test_handler_appoints_an_assessor_for_five_years(api, handler_a, village_a):
    response = as_user(api, handler_a).post(
        ASSESSORS,
        {"org_unit": village_a.pk, "full_name": "曾丽华", "court": "南雄市人民法院", "appointed_on": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["term_ends_on"] == "2029-04-30" and response.json()["hearings_total"] == 0
    assert Assessor.objects.get().history.get().history_user == handler_a


def test_a_clerk_may_not_appoint_an_assessor(api, clerk_a, village_a):
    payload = {"org_unit": village_a.pk, "full_name": "曾丽华", "court": "法院", "appointed_on": "2024-05-01"}
    assert as_user(api, clerk_a).post(ASSESSORS, payload, format="json").status_code == 403


def test_an_assessor_needs_a_name_and_a_term_after_the_appointment(api, handler_a, village_a):
    client = as_user(api, handler_a)
    base = {"org_unit": village_a.pk, "court": "法院", "appointed_on": "2024-05-01"}
    response = client.post(ASSESSORS, base, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and "full_name" in response.json()
    response = client.post(
        ASSESSORS,
        {**base, "full_name": "曾丽华", "term_ends_on": "2024-04-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and "任期" in str(response.json()["term_ends_on"])
    assert not Assessor.objects.exists()


def test_assessor_update_is_versioned_and_scoped(api, handler_a, handler_b, village_a):
    assessor = make_assessor(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    assert (
        client.patch(f"{ASSESSORS}{assessor.pk}/", {"court": "韶关中院", "version": 9}, format="json").status_code
        == 412
    )
    response = client.patch(f"{ASSESSORS}{assessor.pk}/", {"court": "韶关中院"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["version"] == 2
    assessor.refresh_from_db()
    assert assessor.court == "韶关中院" and assessor.history.latest().history_user == handler_a
    assert (
        as_user(APIClient(), handler_b).patch(f"{ASSESSORS}{assessor.pk}/", {"court": "x"}, format="json").status_code
        == 404
    )


def test_assessor_list_counts_hearings_and_is_scoped(api, handler_a, handler_b, village_a, village_b):
    assessor = make_assessor(unit=village_a, by=handler_a)
    make_hearing(assessor=assessor, by=handler_a)
    make_assessor(unit=village_b, by=handler_b, full_name="别人")
    [row] = as_user(api, handler_a).get(ASSESSORS).json()["results"]
    assert (row["id"], row["hearings_total"]) == (assessor.pk, 1)


@pytest.mark.parametrize("n", [2, 30])
def test_assessor_list_runs_a_fixed_number_of_queries(api, handler_a, village_a, django_assert_num_queries, n):
    for i in range(n):
        make_assessor(unit=village_a, by=handler_a, full_name=f"陪审员{i}")
    client = as_user(api, handler_a)
    with django_assert_num_queries(2):  # count, page
        assert client.get(ASSESSORS).status_code == 200


def hearing_payload(assessor, **overrides):
    data = {
        "assessor": assessor.pk,
        "court_case_number": "(2025)粤0282民初88号",
        "case_type": "civil",
        "cause": "离婚纠纷",
        "heard_on": "2025-04-01",
        "women_involved": True,
    }
    data.update(overrides)
    return data


def test_clerk_records_a_hearing_in_the_assessors_court(api, clerk_a, handler_a, village_a):
    assessor = make_assessor(unit=village_a, by=handler_a)
    response = as_user(api, clerk_a).post(HEARINGS, hearing_payload(assessor), format="json")
    assert response.status_code == 201, response.json()
    hearing = AssessorHearing.objects.get()
    assert hearing.court == "南雄市人民法院" and hearing.recorded_by == clerk_a
    assert hearing.history.get().history_user == clerk_a


def test_bad_hearings_are_400(api, clerk_a, handler_a, handler_b, village_a, village_b):
    assessor = make_assessor(unit=village_a, by=handler_a)
    theirs = make_assessor(unit=village_b, by=handler_b)
    client = as_user(api, clerk_a)
    response = client.post(
        HEARINGS, hearing_payload(assessor, panel_size=2), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400 and "3" in str(response.json()["panel_size"])
    assert client.post(HEARINGS, hearing_payload(theirs), format="json").status_code == 400
    assert client.post(HEARINGS, hearing_payload(assessor), format="json").status_code == 201
    assert client.post(HEARINGS, hearing_payload(assessor), format="json").status_code == 400  # same case, same day
    assert AssessorHearing.objects.count() == 1


def test_hearings_are_scoped_filtered_and_voided_by_handlers_only(api, clerk_a, handler_a, handler_b, village_a):
    assessor = make_assessor(unit=village_a, by=handler_a)
    civil = make_hearing(assessor=assessor, by=handler_a)
    make_hearing(assessor=assessor, by=handler_a, case_type="criminal")
    client = as_user(api, handler_a)
    assert [r["id"] for r in client.get(HEARINGS, {"case_type": "civil"}).json()["results"]] == [civil.pk]
    assert as_user(APIClient(), handler_b).get(f"{HEARINGS}{civil.pk}/").status_code == 404
    assert (
        as_user(APIClient(), clerk_a).post(f"{HEARINGS}{civil.pk}/void/", {"reason": "错"}, format="json").status_code
        == 403
    )
    response = client.post(f"{HEARINGS}{civil.pk}/void/", {"reason": "录错了"}, format="json")
    assert response.status_code == 200
    civil.refresh_from_db()
    assert civil.is_voided and civil.history.latest().history_user == handler_a
    assert client.get(HEARINGS).json()["count"] == 1


@pytest.mark.parametrize("n", [2, 30])
def test_hearing_list_runs_a_fixed_number_of_queries(api, handler_a, village_a, django_assert_num_queries, n):
    assessor = make_assessor(unit=village_a, by=handler_a)
    for _ in range(n):
        make_hearing(assessor=assessor, by=handler_a)
    client = as_user(api, handler_a)
    with django_assert_num_queries(2):  # count, page
        assert client.get(HEARINGS).status_code == 200


def test_withdrawing_needs_a_reason_and_ends_the_case(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    assert client.post(f"{CASES}{case.pk}/withdraw/", {"on": "2025-03-04"}, format="json").status_code == 400
    response = client.post(f"{CASES}{case.pk}/withdraw/", {"on": "2025-03-04", "reason": "已和解"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    case.refresh_from_db()
    assert (case.outcome, case.closed_on) == ("withdrawn", date(2025, 3, 4))
    assert case.history.latest().history_change_reason == "已和解"


def test_a_lawyer_of_another_township_is_400(api, handler_a, village_a, village_b):
    case = make_case(unit=village_a, by=handler_a)
    client = as_user(api, handler_a)
    client.post(f"{CASES}{case.pk}/accept/", {"on": "2025-03-05"}, format="json")
    theirs = VolunteerFactory(org_unit=village_b)
    response = client.post(f"{CASES}{case.pk}/assign-lawyer/", {"lawyer": theirs.pk}, format="json")
    assert response.status_code == 400 and "lawyer" in response.json()
    response = client.post(f"{CASES}{case.pk}/assign-lawyer/", {"on": "2025-03-06"}, format="json")
    assert response.status_code == 400 and "lawyer" in response.json()  # neither a volunteer nor a name
    case.refresh_from_db()
    assert case.status == "accepted"


@pytest.mark.parametrize(
    "overrides",
    [{"client": 10**30}, {"org_unit": -1}, {"applied_on": "0000-01-01"}, {"facts": "a\x00b"}, {"version": "x"}],
)
def test_absurd_values_are_400_never_a_server_error(api, clerk_a, village_a, overrides):
    person = PersonFactory(org_unit=village_a)
    response = as_user(api, clerk_a).post(CASES, case_payload(village_a, person, **overrides), format="json")
    assert response.status_code == 400


def test_an_if_match_that_is_not_a_number_is_400(api, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    response = as_user(api, handler_a).post(f"{CASES}{case.pk}/accept/", {}, format="json", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 400 and "version" in response.json()
