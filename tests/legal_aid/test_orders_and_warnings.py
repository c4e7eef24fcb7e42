from datetime import date

import pytest
from django.core.exceptions import ValidationError

from legal_aid.models import FollowUpVisit, PoliceWarning, ProtectionOrder
from legal_aid.services import decide_protection_order, extend_protection_order
from tests.factories import PersonFactory

from .factories import make_case, make_order


def grant(order, by, on=date(2025, 3, 5), expires_on=date(2025, 9, 4)):
    return decide_protection_order(
        order=order, by=by, on=on, granted=True, ban_violence=True, effective_from=on, expires_on=expires_on
    )


def test_application_is_due_72_hours_after_filing_or_24_when_urgent(handler_a, village_a):
    normal = make_order(unit=village_a, by=handler_a)
    urgent = make_order(unit=village_a, by=handler_a, urgent=True)
    assert (normal.decision_due_at - normal.filed_at).total_seconds() == 72 * 3600
    assert (urgent.decision_due_at - urgent.filed_at).total_seconds() == 24 * 3600


def test_handler_records_an_application_from_the_case_page(client_for, handler_a, village_a):
    case = make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    form = client.get(f"/legal-aid/orders/new/?case={case.pk}").content.decode()
    assert f'value="{case.client_id}" selected' in form
    response = client.post(
        "/legal-aid/orders/new/",
        {
            "org_unit": village_a.pk,
            "victim": case.client_id,
            "applicant": "federation",
            "court": "南雄市人民法院",
            "filed_at": "2025-03-03T09:30",
            "legal_aid_case": case.pk,
        },
    )
    order = ProtectionOrder.objects.get()
    assert response.status_code == 302 and order.legal_aid_case == case and order.decision == "pending"


def test_granting_records_measures_term_and_the_follow_up_date(client_for, handler_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    response = client_for(handler_a).post(
        f"/legal-aid/orders/{order.pk}/decide/",
        {
            "decision": "granted",
            "on": "2025-03-05",
            "ban_violence": "on",
            "ban_contact": "on",
            "effective_from": "2025-03-05",
            "expires_on": "2025-09-04",
            "seen_version": 1,
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.decision == "granted" and order.measures() == ["禁止实施家庭暴力", "禁止骚扰、跟踪、接触"]
    assert order.reminder_on == date(2025, 8, 21)
    assert order.history.first().history_user == handler_a


def test_an_order_longer_than_six_months_is_refused_with_the_input_kept(client_for, handler_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    response = client_for(handler_a).post(
        f"/legal-aid/orders/{order.pk}/decide/",
        {
            "decision": "granted",
            "on": "2025-03-05",
            "ban_violence": "on",
            "expires_on": "2025-09-05",
            "other_measures": "X措施",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "最长六个月" in page and "X措施" in page
    order.refresh_from_db()
    assert order.decision == "pending"


def test_granting_without_any_measure_is_refused(handler_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    with pytest.raises(ValidationError):
        decide_protection_order(
            order=order, by=handler_a, on=date(2025, 3, 5), granted=True, expires_on=date(2025, 6, 1)
        )


def test_expiry_reminder_appears_two_weeks_before_expiry(client_for, handler_a, village_a):
    today = date.today()
    soon = grant(
        make_order(unit=village_a, by=handler_a, victim=PersonFactory(org_unit=village_a, full_name="李快到")),
        handler_a,
        on=today.replace(day=1) if today.day > 1 else today,
        expires_on=today + __import__("datetime").timedelta(days=10),
    )
    later = grant(
        make_order(unit=village_a, by=handler_a, victim=PersonFactory(org_unit=village_a, full_name="王还早")),
        handler_a,
        on=today,
        expires_on=today + __import__("datetime").timedelta(days=60),
    )
    assert list(ProtectionOrder.objects.reminders_due_on(today)) == [soon]
    client = client_for(handler_a)
    page = client.get("/legal-aid/orders/").content.decode()
    reminders = page.split("到期前回访")[1].split("</section>")[0]
    assert "李快到" in reminders and "王还早" not in reminders
    assert "请回访" in client.get(f"/legal-aid/orders/{soon.pk}/").content.decode()
    assert "请回访" not in client.get(f"/legal-aid/orders/{later.pk}/").content.decode()


def test_extension_moves_expiry_and_reminder_and_counts(client_for, handler_a, village_a):
    order = grant(make_order(unit=village_a, by=handler_a), handler_a)
    client_for(handler_a).post(
        f"/legal-aid/orders/{order.pk}/extend/", {"new_expiry": "2026-01-31", "note": "法院裁定延长"}
    )
    order.refresh_from_db()
    assert order.expires_on == date(2026, 1, 31) and order.reminder_on == date(2026, 1, 17) and order.extensions == 1
    with pytest.raises(ValidationError):
        extend_protection_order(order=order, by=handler_a, new_expiry=date(2026, 8, 1))


def test_order_actions_are_post_only_scoped_and_for_caseworkers(client_for, handler_a, handler_b, clerk_a, village_a):
    order = make_order(unit=village_a, by=handler_a)
    url = f"/legal-aid/orders/{order.pk}/decide/"
    assert client_for(handler_a).get(url).status_code == 405
    assert client_for(handler_b).get(f"/legal-aid/orders/{order.pk}/").status_code == 404
    assert client_for(handler_b).post(url, {"decision": "refused", "on": "2025-03-04"}).status_code == 404
    assert client_for(clerk_a).post(url, {"decision": "refused", "on": "2025-03-04"}).status_code == 403
    order.refresh_from_db()
    assert order.decision == "pending"


def test_police_warning_with_follow_up_visits(client_for, clerk_a, village_a):
    victim = PersonFactory(org_unit=village_a)
    client = client_for(clerk_a)
    response = client.post(
        "/legal-aid/warnings/new/",
        {"org_unit": village_a.pk, "victim": victim.pk, "abuser_name": "张某", "issued_on": "2025-04-02"},
    )
    warning = PoliceWarning.objects.get()
    assert response.status_code == 302 and warning.history.get().history_user == clerk_a
    early = client.post(f"/legal-aid/warnings/{warning.pk}/visits/", {"visited_on": "2025-04-01", "by": "village"})
    assert early.status_code == 200 and not FollowUpVisit.objects.exists()
    client.post(
        f"/legal-aid/warnings/{warning.pk}/visits/", {"visited_on": "2025-04-09", "by": "village", "notes": "情况稳定"}
    )
    page = client.get("/legal-aid/warnings/").content.decode()
    assert "张某" in page and '<td class="num">1</td>' in page


def test_police_warning_of_another_township_is_404(client_for, clerk_a, clerk_b, village_a):
    from legal_aid.services import record_police_warning

    warning = record_police_warning(
        by=clerk_a, org_unit=village_a, victim=PersonFactory(org_unit=village_a), issued_on=date(2025, 4, 2)
    )
    assert client_for(clerk_b).get(f"/legal-aid/warnings/{warning.pk}/").status_code == 404
    assert (
        client_for(clerk_b)
        .post(f"/legal-aid/warnings/{warning.pk}/visits/", {"visited_on": "2025-04-09", "by": "village"})
        .status_code
        == 404
    )
