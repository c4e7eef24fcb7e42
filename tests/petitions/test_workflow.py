from datetime import date

import pytest

from directory.roles import Role
from petitions import services
from petitions.models import Action, Petition, Referral
from petitions.services import InvalidTransition, NotAllowed
from tests.factories import AgencyFactory, UserFactory
from tests.petitions.factories import make_petition

S = Petition.Status


@pytest.fixture
def accepted(township_a, handler_a):
    return make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3), accepted_on=date(2025, 3, 3))


@pytest.fixture
def police(city):
    return AgencyFactory(org_unit=city, name="南雄市公安局")


def kinds(petition):
    return list(petition.actions.order_by("on", "at", "pk").values_list("kind", flat=True))


def test_a_petition_goes_from_intake_through_referral_and_reply_to_a_conclusion(accepted, handler_a, police):
    assert accepted.status == S.ACCEPTED and accepted.conclusion_due_on == date(2025, 5, 6)
    referral = services.refer_to_agency(
        petition=accepted,
        by=handler_a,
        on=date(2025, 3, 5),
        agency=police,
        asked="请出警核实",
        reply_due_on=date(2025, 3, 20),
    )
    services.record_agency_reply(referral=referral, by=handler_a, on=date(2025, 3, 12), text="已告诫", adequate=True)
    services.record_step(petition=accepted, by=handler_a, on=date(2025, 3, 14), kind="mediate", text="调解")
    services.reply_to_petitioner(petition=accepted, by=handler_a, on=date(2025, 3, 15), method="post", text="书面答复")
    services.conclude_petition(
        petition=accepted, by=handler_a, on=date(2025, 3, 20), outcome="mediated", settled_level="township"
    )
    services.record_satisfaction(petition=accepted, by=handler_a, on=date(2025, 3, 21), satisfaction="satisfied")

    accepted.refresh_from_db()
    assert accepted.status == S.CONCLUDED and accepted.due_on is None
    assert (accepted.replied_on, accepted.concluded_on, accepted.satisfaction) == (
        date(2025, 3, 15),
        date(2025, 3, 20),
        "satisfied",
    )
    assert kinds(accepted) == ["register", "accept", "refer", "agency_reply", "mediate", "reply", "conclude", "rate"]
    refer = accepted.actions.get(kind="refer")
    assert (refer.agency, refer.text, refer.by) == (police, "请出警核实", handler_a)
    referral.refresh_from_db()
    assert referral.adequate is True and referral.replied_on == date(2025, 3, 12)


def test_a_consultation_answered_on_the_spot_is_concluded_straight_from_registered(township_a, clerk_a, handler_a):
    petition = make_petition(unit=township_a, by=clerk_a)
    services.conclude_petition(
        petition=petition, by=handler_a, on=date(2025, 3, 3), outcome="explained", settled_level="township"
    )
    petition.refresh_from_db()
    assert petition.status == S.CONCLUDED and kinds(petition) == ["register", "conclude"]


def test_not_accepting_records_where_to_apply_and_counts_as_a_written_notice(township_a, handler_a):
    petition = make_petition(unit=township_a, by=handler_a)
    services.not_accept_petition(
        petition=petition, by=handler_a, on=date(2025, 3, 4), reason="属劳动仲裁范围,请向人社局申请"
    )
    petition.refresh_from_db()
    assert petition.status == S.NOT_ACCEPTED and petition.replied_on == date(2025, 3, 4)
    assert petition.actions.get(kind="not_accept").text == "属劳动仲裁范围,请向人社局申请"


def test_forwarding_records_the_receiving_unit(township_a, township_b, handler_a):
    petition = make_petition(unit=township_a, by=handler_a)
    services.forward_petition(petition=petition, by=handler_a, on=date(2025, 3, 4), to_unit=township_b)
    petition.refresh_from_db()
    assert petition.status == S.FORWARDED and petition.forwarded_to == township_b


@pytest.mark.parametrize(
    "move",
    [
        lambda p, u: services.accept_petition(petition=p, by=u, on=date(2025, 4, 1)),
        lambda p, u: services.start_handling(petition=p, by=u, on=date(2025, 4, 1)),
        lambda p, u: services.request_extension(petition=p, by=u, on=date(2025, 4, 1), days=10, reason="x"),
        lambda p, u: services.refer_to_legal_aid(petition=p, by=u, on=date(2025, 4, 1)),
    ],
)
def test_moves_that_are_illegal_on_a_concluded_petition_are_refused(accepted, handler_a, move):
    services.conclude_petition(
        petition=accepted, by=handler_a, on=date(2025, 3, 20), outcome="supported", settled_level="township"
    )
    with pytest.raises(InvalidTransition):
        move(accepted, handler_a)
    assert kinds(accepted) == ["register", "accept", "conclude"]


def test_a_registered_petition_cannot_be_replied_or_rated(township_a, handler_a):
    petition = make_petition(unit=township_a, by=handler_a)
    with pytest.raises(InvalidTransition):
        services.record_satisfaction(petition=petition, by=handler_a, on=date(2025, 3, 4), satisfaction="satisfied")
    with pytest.raises(InvalidTransition):
        services.reply_to_petitioner(petition=petition, by=handler_a, on=date(2025, 3, 4), method="post", text="x")


def test_an_extension_needs_a_manager_of_the_unit_and_moves_the_deadline(accepted, handler_a, manager_a, manager_b):
    services.request_extension(petition=accepted, by=handler_a, on=date(2025, 4, 20), days=30, reason="待法院调查")
    with pytest.raises(NotAllowed):
        services.decide_extension(petition=accepted, by=handler_a, on=date(2025, 4, 21), approve=True)
    with pytest.raises(NotAllowed):
        services.decide_extension(petition=accepted, by=manager_b, on=date(2025, 4, 21), approve=True)

    services.decide_extension(petition=accepted, by=manager_a, on=date(2025, 4, 21), approve=True, note="同意")

    accepted.refresh_from_db()
    assert accepted.conclusion_due_on == date(2025, 6, 5) and accepted.due_on == date(2025, 6, 5)
    assert kinds(accepted)[-2:] == ["request_extension", "approve_extension"]
    with pytest.raises(InvalidTransition):  # only one extension
        services.request_extension(petition=accepted, by=handler_a, on=date(2025, 5, 1), days=5, reason="再延")


def test_an_extension_longer_than_30_days_is_refused(accepted, handler_a):
    with pytest.raises(ValueError):
        services.request_extension(petition=accepted, by=handler_a, on=date(2025, 4, 20), days=31, reason="x")


def test_a_manager_cannot_approve_their_own_extension(accepted, manager_a):
    services.request_extension(petition=accepted, by=manager_a, on=date(2025, 4, 20), days=10, reason="x")
    with pytest.raises(NotAllowed):
        services.decide_extension(petition=accepted, by=manager_a, on=date(2025, 4, 21), approve=True)


def test_the_conclusion_of_a_major_petition_awaits_a_managers_approval(township_a, handler_a, manager_a):
    petition = make_petition(unit=township_a, by=handler_a, is_major=True, accepted_on=date(2025, 3, 3))
    services.conclude_petition(
        petition=petition, by=handler_a, on=date(2025, 3, 20), outcome="supported", settled_level="city"
    )
    petition.refresh_from_db()
    assert petition.status == S.AWAITING_APPROVAL and petition.concluded_on is None
    with pytest.raises(NotAllowed):
        services.decide_conclusion(petition=petition, by=handler_a, on=date(2025, 3, 21), approve=True)

    services.decide_conclusion(petition=petition, by=manager_a, on=date(2025, 3, 22), approve=True)

    petition.refresh_from_db()
    assert petition.status == S.CONCLUDED and petition.concluded_on == date(2025, 3, 22)
    assert kinds(petition)[-2:] == ["submit_conclusion", "approve_conclusion"]


def test_a_high_risk_conclusion_sent_back_returns_to_handling(township_a, handler_a, manager_a):
    petition = make_petition(
        unit=township_a, by=handler_a, risk_level="high", risk_reason="扬言报复", accepted_on=date(2025, 3, 3)
    )
    services.conclude_petition(
        petition=petition, by=handler_a, on=date(2025, 3, 20), outcome="supported", settled_level="city"
    )
    services.decide_conclusion(petition=petition, by=manager_a, on=date(2025, 3, 21), approve=False, note="证据不足")
    petition.refresh_from_db()
    assert petition.status == S.IN_PROGRESS and petition.outcome == ""


def test_two_handlers_concluding_at_once_one_wins_and_one_conclusion_exists(accepted, handler_a, township_a):
    other = UserFactory(username="handler_a2", staff=(township_a, Role.HANDLER))
    first_copy = Petition.objects.get(pk=accepted.pk)
    second_copy = Petition.objects.get(pk=accepted.pk)
    services.conclude_petition(
        petition=first_copy, by=handler_a, on=date(2025, 3, 20), outcome="supported", settled_level="township"
    )
    with pytest.raises(InvalidTransition):
        services.conclude_petition(
            petition=second_copy, by=other, on=date(2025, 3, 20), outcome="explained", settled_level="village"
        )
    assert accepted.actions.filter(kind="conclude").count() == 1
    accepted.refresh_from_db()
    assert accepted.concluded_by == handler_a and accepted.outcome == "supported"


def test_review_and_re_review_within_their_windows_then_barred(accepted, handler_a):
    services.reply_to_petitioner(petition=accepted, by=handler_a, on=date(2025, 3, 10), method="post", text="答复")
    services.conclude_petition(
        petition=accepted, by=handler_a, on=date(2025, 3, 10), outcome="not_supported", settled_level="township"
    )
    services.request_review(petition=accepted, by=handler_a, on=date(2025, 4, 3))
    accepted.refresh_from_db()
    assert accepted.status == S.REVIEW and accepted.due_on == date(2025, 5, 6)  # 3 May falls in the Labour Day holiday
    services.decide_review(petition=accepted, by=handler_a, on=date(2025, 4, 20), text="维持原意见")
    services.request_review(petition=accepted, by=handler_a, on=date(2025, 5, 5))
    accepted.refresh_from_db()
    assert accepted.status == S.RE_REVIEW
    services.decide_review(petition=accepted, by=handler_a, on=date(2025, 5, 20), text="复核维持")
    accepted.refresh_from_db()
    assert accepted.status == S.CONCLUDED and services.review_window_ends(accepted) is None
    with pytest.raises(InvalidTransition):
        services.request_review(petition=accepted, by=handler_a, on=date(2025, 5, 25))


def test_a_review_asked_after_30_days_is_refused(accepted, handler_a):
    services.reply_to_petitioner(petition=accepted, by=handler_a, on=date(2025, 3, 10), method="post", text="答复")
    services.conclude_petition(
        petition=accepted, by=handler_a, on=date(2025, 3, 10), outcome="not_supported", settled_level="township"
    )
    with pytest.raises(InvalidTransition):
        services.request_review(petition=accepted, by=handler_a, on=date(2025, 4, 14))


def test_an_unanswered_referral_past_its_date_is_overdue_and_gets_a_recorded_reminder(accepted, handler_a, police):
    referral = services.refer_to_agency(
        petition=accepted,
        by=handler_a,
        on=date(2025, 3, 5),
        agency=police,
        asked="核实",
        reply_due_on=date(2025, 3, 20),
    )
    assert list(Referral.objects.overdue(date(2025, 3, 21))) == [referral]
    services.remind_agency(referral=referral, by=handler_a, on=date(2025, 3, 21), note="电话督促")
    referral.refresh_from_db()
    assert referral.reminders == 1 and referral.last_reminded_on == date(2025, 3, 21)
    assert accepted.actions.filter(kind=Action.Kind.REMIND, agency=police).count() == 1


def test_the_admin_cannot_change_petitions(admin_client, accepted):
    assert admin_client.get(f"/admin/petitions/petition/{accepted.pk}/change/").status_code == 200
    response = admin_client.post(f"/admin/petitions/petition/{accepted.pk}/change/", {"status": "concluded"})
    assert response.status_code == 403
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED


def test_a_major_petition_is_reported_upward_on_its_timeline(township_a, handler_a):
    petition = make_petition(unit=township_a, by=handler_a, is_major=True)
    services.escalate_petition(petition=petition, by=handler_a, on=date(2025, 3, 3), text="已报市妇联")
    assert kinds(petition) == ["register", "escalate"]
    assert petition.actions.get(kind="escalate").text == "已报市妇联"
