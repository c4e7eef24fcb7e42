"""`manage.py generate_data`: synthetic data that every validator and constraint accepts, and the figures count."""

from datetime import date

import pytest
from django.core.management import call_command

from directory.models import OrgUnit, Person
from directory.periods import Period
from hardship.models import Assistance, Household
from legal_aid.models import LegalAidCase
from outreach.models import Event
from petitions.figures import petition_figures
from petitions.models import Action, Petition, PetitionParty, Referral
from reporting.synthetic import CITY_CODE


@pytest.fixture
def generated(db):
    call_command("generate_data", "--petitions", "300", "--years", "2023-2024", "--seed", "7", stdout=None)
    return OrgUnit.objects.get(code=CITY_CODE)


def test_the_asked_number_of_petitions_is_generated_with_timelines_and_history(generated):
    petitions = Petition.objects.within(generated)
    assert petitions.count() == 300
    assert PetitionParty.objects.filter(petition__in=petitions).count() == 300
    assert 4 * 300 <= Action.objects.filter(petition__in=petitions).count() <= 8 * 300
    assert Petition.history.filter(history_type="+").count() == 300
    assert Person.history.count() == Person.objects.within(generated).count() >= 250
    assert Referral.objects.count() > 0
    assert Household.objects.count() == 3 and Assistance.objects.count() == 3
    assert Event.objects.count() == 1
    assert LegalAidCase.objects.count() <= 30


def test_a_sample_of_every_kind_of_row_passes_full_clean(generated):
    for model in (Petition, Person, PetitionParty, Action, Referral, LegalAidCase, Household, Assistance, Event):
        for row in model.objects.order_by("pk")[:60]:
            row.full_clean()


def test_dates_follow_the_workflow(generated):
    for p in Petition.objects.all():
        assert date(2023, 1, 1) <= p.received_on <= date(2024, 12, 31)
        assert p.reference.endswith(f"-{p.received_on.year}-{p.serial:04d}")
        if p.accepted_on:
            assert p.received_on <= p.accepted_on <= p.conclusion_due_on
        if p.concluded_on:
            assert p.status == Petition.Status.CONCLUDED and p.concluded_on >= p.received_on
            assert p.replied_on is not None and p.due_on is None
        if p.status in Petition.OPEN_STATUSES:
            assert p.due_on is not None and p.concluded_on is None
        kinds = list(p.actions.values_list("kind", flat=True))
        assert kinds[0] == Action.Kind.REGISTER
        assert (Action.Kind.CONCLUDE in kinds) == (p.status == Petition.Status.CONCLUDED)


def test_the_figures_of_the_generated_city_match_plain_counts(generated):
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    figures = petition_figures(Petition.objects.within(generated), period)
    received = Petition.objects.filter(received_on__year=2024)
    assert figures.received == received.count() > 100
    assert figures.concluded == received.filter(concluded_on__lte=period.end).count() > 0
    assert 0 < figures.resolution_rate.percent <= 100


def test_running_it_again_adds_to_the_same_city(generated):
    call_command("generate_data", "--petitions", "20", "--years", "2023-2024", "--seed", "8", stdout=None)
    assert OrgUnit.objects.filter(code=CITY_CODE).count() == 1
    assert Petition.objects.count() == 320
    assert Person.objects.exclude(id_number="").values("id_number").distinct().count() == Person.objects.count()


def test_generated_managers_sign_in_with_the_published_demo_key_and_clerks_need_none(generated, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from directory.demo import DEMO_OTP_KEY_HEX
    from reporting.synthetic import PASSWORD
    from tests.otp import code_for

    device = TOTPDevice.objects.get(user__username="gen_city_manager", confirmed=True)
    assert device.key == DEMO_OTP_KEY_HEX
    signed_in = client.post("/accounts/login/", {"username": "gen_city_manager", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/petitions/").status_code == 302  # held on the second-factor page
    verified = client.post("/directory/two-factor/verify/", {"code": code_for(device)})
    assert verified.status_code == 302
    assert client.get("/petitions/").status_code == 200

    clerk = client.__class__()
    clerk.post("/accounts/login/", {"username": "gen_d1t1_clerk", "password": PASSWORD})
    assert clerk.get("/petitions/").status_code == 200


def test_generated_staff_hold_their_roles_permissions_and_a_manager_may_export_the_register(generated, client):
    from django.contrib.auth import get_user_model

    from directory.privacy import can_export_identifiable

    User = get_user_model()
    manager = User.objects.get(username="gen_city_manager")
    assert list(manager.groups.values_list("name", flat=True)) == ["manager"]
    assert can_export_identifiable(manager)
    assert not can_export_identifiable(User.objects.get(username="gen_d1t1_clerk"))
