from datetime import date

from legal_aid.models import LegalAidCase
from petitions.models import Action
from tests.factories import PersonFactory
from tests.petitions.factories import make_petition


def _form(petition, client, **overrides):
    data = {
        "org_unit": petition.org_unit_id,
        "client": client.pk,
        "aid_form": "litigation",
        "cause": "domestic_violence",
        "provider": "federation",
        "eligibility": "exempt_dv",
        "applied_on": "2025-03-06",
        "facts": "同信访件",
    }
    data.update(overrides)
    return data


def test_referral_form_is_pre_filled_from_the_petition(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, full_name="黄美玲")
    petition = make_petition(unit=village_a, by=handler_a, person=person, accepted_on=date(2025, 3, 4))
    page = client_for(handler_a).get(f"/legal-aid/cases/new/?petition={petition.pk}").content.decode()
    assert petition.reference in page
    assert f'<option value="{person.pk}" selected>' in page
    assert '<option value="domestic_violence" selected>' in page
    assert "丈夫长期酗酒后殴打她" in page


def test_saving_a_referral_creates_the_case_and_the_petition_timeline_entry(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a)
    petition = make_petition(unit=village_a, by=handler_a, person=person, accepted_on=date(2025, 3, 4))
    response = client_for(handler_a).post(f"/legal-aid/cases/new/?petition={petition.pk}", _form(petition, person))
    case = LegalAidCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.source_petition == petition and case.client == person
    action = petition.actions.get(kind=Action.Kind.REFER_LEGAL_AID)
    assert (action.on, action.by) == (date(2025, 3, 6), handler_a) and case.reference in action.text
    petition.refresh_from_db()
    assert petition.status == "in_progress"
    page = client_for(handler_a).get(case.get_absolute_url()).content.decode()
    assert petition.reference in page


def test_a_petition_not_yet_accepted_cannot_be_referred_and_nothing_is_saved(client_for, handler_a, village_a):
    person = PersonFactory(org_unit=village_a)
    petition = make_petition(unit=village_a, by=handler_a, person=person)
    response = client_for(handler_a).post(
        f"/legal-aid/cases/new/?petition={petition.pk}", _form(petition, person, facts="保留的输入")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "保留的输入" in page and "须先受理" in page
    assert not LegalAidCase.objects.exists()
    assert not petition.actions.filter(kind=Action.Kind.REFER_LEGAL_AID).exists()


def test_petition_of_another_township_is_404(client_for, handler_a, handler_b, village_a):
    petition = make_petition(unit=village_a, by=handler_a, accepted_on=date(2025, 3, 4))
    client = client_for(handler_b)
    assert client.get(f"/legal-aid/cases/new/?petition={petition.pk}").status_code == 404
    assert client.get("/legal-aid/cases/new/?petition=abc").status_code == 404


def test_protection_order_from_a_referred_case_carries_the_petition(handler_a, village_a):
    from legal_aid.services import create_case

    from .factories import make_order

    person = PersonFactory(org_unit=village_a)
    petition = make_petition(unit=village_a, by=handler_a, person=person, accepted_on=date(2025, 3, 4))
    case = create_case(
        by=handler_a,
        source_petition=petition,
        org_unit=village_a,
        client=person,
        aid_form="litigation",
        cause="domestic_violence",
        provider="centre",
        eligibility="exempt_dv",
        applied_on=date(2025, 3, 6),
    )
    order = make_order(unit=village_a, by=handler_a, victim=person, legal_aid_case=case)
    assert order.source_petition == petition
