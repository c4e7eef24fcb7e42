import re
from datetime import date, timedelta

import pytest
from django.utils.timezone import localdate

from petitions.models import Petition
from tests.factories import AgencyFactory
from tests.petitions.factories import make_petition


@pytest.fixture
def registered(township_a, clerk_a):
    return make_petition(unit=township_a, by=clerk_a, received_on=localdate() - timedelta(days=3))


def test_a_handler_accepts_through_the_page(client_for, handler_a, registered):
    today = localdate().isoformat()
    response = client_for(handler_a).post(f"/petitions/{registered.pk}/move/accept/", {"accept-on": today})
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == Petition.Status.ACCEPTED and registered.handler == handler_a
    assert registered.history.first().history_user == handler_a
    assert registered.actions.filter(kind="accept", by=handler_a).count() == 1


def test_a_move_by_get_is_refused(client_for, handler_a, registered):
    assert client_for(handler_a).get(f"/petitions/{registered.pk}/move/accept/").status_code == 405


def test_a_move_on_another_townships_petition_is_404(client_for, handler_b, registered):
    response = client_for(handler_b).post(f"/petitions/{registered.pk}/move/accept/", {"accept-on": "2025-03-04"})
    assert response.status_code == 404
    registered.refresh_from_db()
    assert registered.status == Petition.Status.REGISTERED


def test_a_clerk_may_not_accept(client_for, clerk_a, registered):
    response = client_for(clerk_a).post(f"/petitions/{registered.pk}/move/accept/", {"accept-on": "2025-03-04"})
    assert response.status_code == 403


def test_an_illegal_move_is_refused_with_a_message(client_for, handler_a, registered):
    client = client_for(handler_a)
    response = client.post(
        f"/petitions/{registered.pk}/move/rate/",
        {"rate-on": localdate().isoformat(), "rate-satisfaction": "satisfied"},
        follow=True,
    )
    assert "msg-error" in response.content.decode()
    registered.refresh_from_db()
    assert registered.satisfaction == ""


def test_bad_input_re_renders_the_page_with_the_form_and_what_was_typed(client_for, handler_a, township_a, handler_b):
    petition = make_petition(unit=township_a, by=handler_a, accepted_on=localdate() - timedelta(days=2))
    agency = AgencyFactory(org_unit=township_a, name="雄州派出所")
    response = client_for(handler_a).post(
        f"/petitions/{petition.pk}/move/refer/",
        {
            "refer-on": localdate().isoformat(),
            "refer-agency": agency.pk,
            "refer-asked": "请核实家暴情况",
            "refer-reply_due_on": "2000-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请核实家暴情况" in page and "field-error" in page
    assert not petition.referrals.exists()


def test_only_a_manager_decides_an_extension(client_for, handler_a, manager_a, township_a):
    petition = make_petition(unit=township_a, by=handler_a, accepted_on=localdate() - timedelta(days=40))
    client = client_for(handler_a)
    client.post(
        f"/petitions/{petition.pk}/move/extension/",
        {"extension-on": localdate().isoformat(), "extension-days": "30", "extension-reason": "案情复杂"},
    )
    data = {"decide_extension-on": localdate().isoformat(), "decide_extension-approve": "yes"}
    assert client.post(f"/petitions/{petition.pk}/move/decide_extension/", data).status_code == 403
    before = Petition.objects.get(pk=petition.pk).conclusion_due_on
    manager = client_for(manager_a)
    assert petition.reference in manager.get("/petitions/approvals/").content.decode()
    assert manager.post(f"/petitions/{petition.pk}/move/decide_extension/", data).status_code == 302
    petition.refresh_from_db()
    assert petition.extension_approved_on == localdate() and petition.conclusion_due_on > before


def test_overdue_and_my_deadlines_lists(client_for, handler_a, township_a, township_b, handler_b):
    late = make_petition(
        unit=township_a,
        by=handler_a,
        received_on=localdate() - timedelta(days=80),
        accepted_on=localdate() - timedelta(days=75),
    )
    soon = make_petition(unit=township_a, by=handler_a, received_on=localdate() - timedelta(days=10))
    elsewhere = make_petition(
        unit=township_b,
        by=handler_b,
        received_on=localdate() - timedelta(days=80),
        accepted_on=localdate() - timedelta(days=75),
    )
    client = client_for(handler_a)
    overdue = client.get("/petitions/overdue/").content.decode()
    assert late.reference in overdue and soon.reference not in overdue and elsewhere.reference not in overdue
    mine = client.get("/petitions/mine/").content.decode()
    assert late.reference in mine
    due_soon = client.get("/petitions/?clock=due_soon").content.decode()
    assert soon.reference in due_soon and late.reference not in due_soon


def test_the_home_page_shows_what_is_due_and_overdue(client_for, handler_a, township_a):
    late = make_petition(
        unit=township_a,
        by=handler_a,
        received_on=localdate() - timedelta(days=80),
        accepted_on=localdate() - timedelta(days=75),
    )
    page = client_for(handler_a).get("/").content.decode()
    assert late.reference in page


def test_the_list_shows_the_resolution_and_reply_rate_of_what_it_is_filtered_to(client_for, handler_a, township_a):
    from petitions import services

    done = make_petition(unit=township_a, by=handler_a, accepted_on=date(2025, 3, 4))
    services.reply_to_petitioner(petition=done, by=handler_a, on=date(2025, 3, 5), method="post", text="答复")
    services.conclude_petition(
        petition=done, by=handler_a, on=date(2025, 3, 6), outcome="supported", settled_level="township"
    )
    make_petition(unit=township_a, by=handler_a)
    make_petition(unit=township_a, by=handler_a)
    page = client_for(handler_a).get("/petitions/").content.decode()
    assert "33.3%" in page and "(1/3)" in page


def test_bad_input_opens_the_page_at_the_first_error_and_says_errors_are_below(client_for, handler_a, township_a):
    petition = make_petition(unit=township_a, by=handler_a, accepted_on=localdate() - timedelta(days=2))
    response = client_for(handler_a).post(
        f"/petitions/{petition.pk}/move/extension/",
        {"extension-on": localdate().isoformat(), "extension-days": "40", "extension-reason": "等待鉴定"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“申请延期”未能记录：请更正下方表单中的错误。" in page
    days = re.search(r'<input[^>]*name="extension-days"[^>]*>', page).group()
    assert "autofocus" in days and 'value="40"' in days
    assert page.count("autofocus") == 1
    assert Petition.objects.get(pk=petition.pk).extension_requested_on is None
